import type { RuleMeta } from '../core/rule.js';

/**
 * A live check: the same metadata as a file rule (id, title, category, severity, confidence, frameworks,
 * control, docs), but what it looks at is a running service reached over HTTP, not an artifact.
 */
export type ProbeCheck = RuleMeta;

export function defineProbeCheck(check: ProbeCheck): ProbeCheck {
  return check;
}
