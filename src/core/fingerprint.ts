import { createHash } from 'node:crypto';

/**
 * A finding's fingerprint depends on the rule, the file's path in its repository and what was found
 * (for a secret: a hash of the value), never on line numbers, so it survives edits elsewhere in the file.
 * Repeats of the same thing in one file are told apart by their order.
 */
export function fingerprint(ruleId: string, repoPath: string, identity: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\u0000${repoPath}\u0000${identity}\u0000${occurrence}`).digest('hex').slice(0, 32);
}

/** A one-way stand-in for a secret value inside fingerprints; the value itself is never stored. */
export function secretIdentity(kind: string, value: string): string {
  return `${kind}:${createHash('sha256').update(value).digest('hex')}`;
}

/** A short one-way hash of a secret for correlating the same secret across files (`sha256:` + 16 hex); not reversible. */
export function credentialSubject(value: string): string {
  return `sha256:${createHash('sha256').update(value.trim()).digest('hex').slice(0, 16)}`;
}
