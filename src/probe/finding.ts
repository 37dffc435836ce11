import type { Finding, Severity } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { ProbeCheck } from './check.js';

export interface ProbeFindingInput {
  /** The full URL that answered. */
  url: string;
  /** What was sent, e.g. "GET /api/kernels". */
  request: string;
  message: string;
  /** Status codes and what answered; never a token or a body secret. */
  evidence: string;
  blastRadius: string;
  /** Position-free identity of what was found, for the fingerprint. */
  identity: string;
  severity?: Severity;
  recommendation?: string;
  notes?: string[];
}

/** A live finding: `file` is the probed target URL, at line 1 column 1, located by the request that showed it. */
export function probeFinding(check: ProbeCheck, target: string, input: ProbeFindingInput): Finding {
  return {
    ruleId: check.id,
    category: check.category,
    severity: input.severity ?? check.severity,
    confidence: check.confidence,
    title: check.title,
    message: input.message,
    file: target,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    location: { url: input.url, request: input.request },
    evidence: input.evidence,
    blastRadius: input.blastRadius,
    recommendation: input.recommendation ?? check.control,
    frameworks: check.frameworks,
    fingerprint: fingerprint(check.id, target, input.identity, 0),
    ...(input.notes?.length ? { notes: input.notes } : {}),
  };
}
