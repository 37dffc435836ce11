import { parseArtifact } from '../artifacts/parse.js';
import { artifactStoreFromMlflowConfig, type ArtifactStore, type LeastPrivilegeFlags } from '../iam/least-privilege/parameters.js';
import { leastPrivilege, standaloneIdentityPolicy, type LeastPrivilegeResult } from '../iam/least-privilege/least-privilege.js';
import { describeCheck } from '../iam/least-privilege/verify.js';
import type { Platform } from '../inventory/platform.js';

// `mlops-audit fix` on an IAM policy JSON file: the verified least-privilege rewrite, or why the file is
// left alone. Only standalone identity policies are rewritten; trust, resource and inventory files are not.

export type IamFixOutcome =
  | { status: 'fixed'; text: string; result: LeastPrivilegeResult }
  | { status: 'unchanged'; result: LeastPrivilegeResult }
  | { status: 'left-alone'; note: string; quiet: boolean }
  | { status: 'refused'; message: string; lines: string[] }
  | { status: 'unparsable'; message: string };

export { MLFLOW_CONFIG_FILE_NAMES } from '../mlflow/settings.js';

export function fixIamPolicyText(file: string, text: string, flags: LeastPrivilegeFlags, platform?: Platform, store?: ArtifactStore): IamFixOutcome {
  const parsed = parseArtifact(file, text, 'json');
  if (!parsed.ok) return { status: 'unparsable', message: parsed.error.message };
  const artifact = parsed.artifact;
  if (artifact.kind !== 'iam') return { status: 'left-alone', note: 'not an IAM policy; nothing to fix', quiet: true };
  const document = standaloneIdentityPolicy(artifact);
  if (!document) {
    const what = artifact.format !== 'policy' ? `an IAM ${artifact.format.replace(/-/g, ' ')} file` : `a ${artifact.policies[0]!.kind} policy`;
    return { status: 'left-alone', note: `${what}, not a standalone identity policy; left alone (least-privilege rewrites apply to identity policies)`, quiet: artifact.format !== 'policy' };
  }
  const outcome = leastPrivilege(file, document, flags, platform, store);
  if (!outcome.ok) return { status: 'refused', message: outcome.message, lines: outcome.verification?.checks.map(describeCheck) ?? [] };
  const { result } = outcome;
  if (sameJson(text, result.text)) return { status: 'unchanged', result };
  return { status: 'fixed', text: result.text, result };
}

/** What goes to stderr for a rewritten policy: parameters, the explanations, then every verification check. */
export function describeIamFix(file: string, result: LeastPrivilegeResult): string {
  const checks = result.verification.checks;
  const required = checks.filter((check) => check.kind === 'required').length;
  return [
    `${file}: ${result.title}`,
    ...result.sources.map((source) => `  using ${source}`),
    ...result.explanations.map((entry) => `  ${entry.text}`),
    `  verified by the evaluator: ${required} required request${required === 1 ? '' : 's'} allowed, ${checks.length - required} risky request${checks.length - required === 1 ? '' : 's'} denied`,
    ...checks.map((check) => `    ${describeCheck(check)}`),
  ].join('\n') + '\n';
}

export function artifactStoreFromText(text: string): ArtifactStore | undefined {
  try {
    return artifactStoreFromMlflowConfig(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
