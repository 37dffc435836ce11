import { canPerform } from '../evaluate.js';
import { policyFromValue, type PolicyDocument } from '../policy.js';
import type { Probe, Profile } from './profiles.js';

// The proof a rewrite works and is tight: each required request allowed on its intended resource, each
// risky request denied (a conditional answer is not a denial), judged by the evaluator on the text that
// will be written, parsed back. The original's answer is kept to show what the rewrite took away.

export type Decision = 'allowed' | 'conditional' | 'denied';

export interface Check extends Probe {
  kind: 'required' | 'risky';
  expected: 'allowed' | 'denied';
  actual: Decision;
  /** What the original policy answered. */
  before?: Decision;
  ok: boolean;
  why: string;
}

export interface Verification {
  ok: boolean;
  checks: Check[];
}

/** Parses policy JSON text to the model the evaluator reads. */
export function documentFromText(text: string): PolicyDocument {
  const document = policyFromValue(JSON.parse(text) as unknown, { start: 0, end: text.length, pointer: '' });
  if (!document) throw new Error('the rewritten policy is not a JSON object');
  return document;
}

export function verifyPolicy(text: string, profile: Profile, original?: PolicyDocument): Verification {
  const rewritten = [documentFromText(text)];
  const checks: Check[] = [];
  const check = (kind: Check['kind'], probe: Probe, why: string): void => {
    const expected = kind === 'required' ? 'allowed' : 'denied';
    const actual = canPerform(rewritten, probe.action, probe.resource, probe.context);
    const before = original ? canPerform([original], probe.action, probe.resource, probe.context) : undefined;
    checks.push({ ...probe, kind, expected, actual, before, ok: actual === expected, why });
  };
  for (const statement of profile.statements) for (const probe of statement.probes) check('required', probe, statement.why);
  for (const risky of profile.risky) check('risky', risky, risky.why);
  return { ok: checks.every((entry) => entry.ok), checks };
}

/** One line per check: "allowed  s3:GetObject on arn:... (required)". */
export function describeCheck(check: Check): string {
  const context = check.context ? ` with ${Object.entries(check.context).map(([key, value]) => `${key}=${value}`).join(', ')}` : '';
  const was = check.before && check.before !== check.actual ? `, was ${check.before}` : '';
  const verdict = check.ok ? 'ok' : `FAILED: expected ${check.expected}`;
  return `${check.actual.padEnd(11)} ${check.action} on ${check.resource}${context} (${check.kind}${was}; ${verdict})`;
}
