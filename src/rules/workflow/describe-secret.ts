import type { WorkflowSecret } from '../../artifacts/workflow/workflow-secrets.js';
import type { WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import type { Severity } from '../../core/finding.js';
import { credentialSubject, secretIdentity } from '../../core/fingerprint.js';
import type { ReportInput } from '../../core/rule.js';
import type { Platform } from '../../inventory/platform.js';
import { looksLikeDocumentedExample } from '../../secrets/placeholders.js';
import { redact } from '../../secrets/redact.js';

const READERS = 'Anyone who can read the repository (every clone and fork, and the Git history even after the value is removed)';

/** What a plaintext credential in a workflow is, where it sits, who receives it and what it opens. */
export function describeWorkflowSecret(secret: WorkflowSecret, workflow: WorkflowArtifact, platform: Platform): Omit<ReportInput, 'recommendation'> & { label: string } {
  const { match } = secret;
  const pair = match?.partner;
  const label = pair ? 'AWS access key pair' : match ? match.detector.label : `credential in ${secret.name}`;
  const severity: Severity = pair ? 'critical' : match ? match.detector.severity : 'high';
  const where = secret.path ? `\`${secret.path}\`` : 'the workflow';
  const notes: string[] = [];
  if ([secret.value, pair?.secret].some((value) => value && looksLikeDocumentedExample(value))) {
    notes.push("The value matches the example keys in AWS's documentation (it contains EXAMPLE), so it may be a placeholder; treat it as live until its owner confirms.");
  }
  const keyId = pair?.secret ?? (match?.detector.id === 'aws-access-key-id' ? match.secret : undefined);
  const inventoryReach = keyId ? platform.describeAwsKeyReach(keyId) : undefined;
  const reach = match?.detail ? `the ${match.detail}` : match ? match.detector.reach : `whatever ${secret.name} unlocks`;
  return {
    label,
    start: secret.rawStart,
    end: secret.rawEnd,
    location: { yamlPath: secret.path || undefined },
    severity,
    message:
      `The ${label} in ${where} is written in plain text in the workflow file. It is committed with every copy of the repository, ` +
      'GitHub does not mask it in logs because it is not a registered secret, it reaches forks, and rotating it means editing and re-committing the workflow.',
    evidence: evidence(secret),
    blastRadius: `${READERS} gets ${reach}.${inventoryReach ? ` ${inventoryReach}` : ''} In CI it reaches ${receivers(secret, workflow)}.`,
    identity: secretIdentity(match?.detector.id ?? `named:${secret.name}`, secret.value),
    notes,
    related: pair ? [{ start: pair.rawStart, location: { yamlPath: secret.path.replace(/[^.]+$/, 'AWS_ACCESS_KEY_ID') }, message: 'the matching access key ID' }] : undefined,
    subjects: { credential: credentialSubject(match?.secret ?? secret.value), identity: keyId ? platform.identityForAccessKey(keyId)?.id : undefined },
  };
}

/** Which jobs and steps get the value, and how they are started. */
export function receivers(secret: WorkflowSecret, workflow: WorkflowArtifact): string {
  const triggers = workflow.triggers.map((trigger) => trigger.event);
  const started = triggers.length ? ` (started by ${triggers.join(', ')})` : '';
  const runner = (labels: string[]) => (labels.some((label) => /self-hosted|gpu/i.test(label)) ? ' on a self-hosted runner' : '');
  if (secret.level === 'workflow') {
    const jobs = workflow.jobs.map((job) => `${job.id}${runner(job.runsOn)}`);
    return `every step of every job${jobs.length ? ` (${jobs.join(', ')})` : ''}, third-party actions included${started}`;
  }
  const job = secret.job;
  if (!job) return `the workflow${started}`;
  if (secret.level === 'step' && secret.step) return `step ${secret.step.index + 1}${secret.step.name ? ` "${secret.step.name}"` : ''} of job ${job.id}${runner(job.runsOn)}${started}`;
  return `every step of job ${job.id}${runner(job.runsOn)}${started}`;
}

function evidence(secret: WorkflowSecret): string {
  const { match } = secret;
  if (match?.partner) return `${redact(match.partner.secret)} / ${redact(match.secret)}`;
  if (match?.display) return match.display;
  if (match) return `${secret.name ? `${secret.name}: ` : ''}${redact(match.secret)}`;
  return `${secret.name}: ${redact(secret.value)}`;
}

/** The secret's env or input name as a GitHub Secret name. */
export function secretNameFor(secret: WorkflowSecret): string {
  return (secret.name ?? secret.match?.detector.id ?? 'SECRET').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
