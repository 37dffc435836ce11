import type { IamArtifact } from '../../artifacts/iam/iam-artifact.js';
import type { FixSuggestion } from '../../core/finding.js';
import type { Platform } from '../../inventory/platform.js';
import type { PolicyDocument } from '../policy.js';
import { resolveParameters, type ArtifactStore, type LeastPrivilegeFlags } from './parameters.js';
import { buildProfile, PURPOSE_NAMES, ProfileError, type Profile } from './profiles.js';
import { rewritePolicy, type Rewrite } from './rewrite.js';
import { verifyPolicy, type Verification } from './verify.js';

// One entry point for the CLI and the report: parameters -> profile -> rewrite -> verification. A rewrite
// the evaluator does not prove is an error, never a result.

export interface LeastPrivilegeResult extends Rewrite {
  profile: Profile;
  /** Where each parameter came from, defaults named as such. */
  sources: string[];
  verification: Verification;
  /** "least-privilege policy for the inference service inference-api". */
  title: string;
}

export type LeastPrivilegeOutcome = { ok: true; result: LeastPrivilegeResult } | { ok: false; message: string; verification?: Verification };

export function leastPrivilege(file: string, original: PolicyDocument, flags: LeastPrivilegeFlags = {}, platform?: Platform, store?: ArtifactStore): LeastPrivilegeOutcome {
  let profile: Profile;
  let sources: string[];
  try {
    const resolved = resolveParameters(file, flags, platform, store);
    sources = resolved.sources;
    profile = buildProfile(resolved.parameters);
  } catch (error) {
    if (error instanceof ProfileError) return { ok: false, message: error.message };
    throw error;
  }
  const rewrite = rewritePolicy(original, profile);
  const verification = verifyPolicy(rewrite.text, profile, original);
  if (!verification.ok) {
    const failed = verification.checks.filter((check) => !check.ok).map((check) => `${check.action} on ${check.resource} is ${check.actual}, expected ${check.expected}`);
    return { ok: false, message: `the rewritten policy failed verification: ${failed.join('; ')}`, verification };
  }
  const { parameters } = profile;
  return { ok: true, result: { ...rewrite, profile, sources, verification, title: `least-privilege policy for the ${PURPOSE_NAMES[parameters.purpose]} ${parameters.service}` } };
}

/** The standalone identity policy of an artifact, or undefined (inventories, trust and resource policies). */
export function standaloneIdentityPolicy(artifact: IamArtifact): PolicyDocument | undefined {
  if (artifact.format !== 'policy' || artifact.policies.length !== 1) return undefined;
  const [policy] = artifact.policies;
  return policy!.kind === 'identity' ? policy!.document : undefined;
}

/** The verified least-privilege policy as a finding's fix, when the platform says what the policy is for. */
export function leastPrivilegeFixFor(artifact: IamArtifact, platform: Platform, store?: ArtifactStore): FixSuggestion | undefined {
  const document = standaloneIdentityPolicy(artifact);
  if (!document) return undefined;
  const outcome = leastPrivilege(artifact.file, document, {}, platform, store);
  if (!outcome.ok) return undefined;
  const { result } = outcome;
  const checks = result.verification.checks;
  const required = checks.filter((check) => check.kind === 'required').length;
  const removed = result.explanations.filter((entry) => entry.outcome === 'removed').length;
  const narrowed = result.explanations.filter((entry) => entry.outcome === 'narrowed').length;
  return {
    description:
      `Replace the policy with the ${result.title}: ${narrowed} narrowed, ${removed} removed; verified by evaluation (${required} required request${required === 1 ? '' : 's'} allowed, ${checks.length - required} risky requests denied). ` +
      `\`mlops-audit fix ${artifact.file}\` writes it and explains each change.`,
    snippet: result.text,
    language: 'json',
  };
}
