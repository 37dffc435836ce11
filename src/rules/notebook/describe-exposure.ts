import type { Exposure } from '../../artifacts/notebook/notebook-exposures.js';
import type { ArtifactLocation, Severity } from '../../core/finding.js';
import { credentialSubject, secretIdentity } from '../../core/fingerprint.js';
import type { ReportInput } from '../../core/rule.js';
import type { Platform } from '../../inventory/platform.js';
import { looksLikeDocumentedExample } from '../../secrets/placeholders.js';
import { redact, redactBlock } from '../../secrets/redact.js';

const READERS =
  'Anyone who can read this notebook (clones and forks of the repository, its Git history even after a later clean-up, shared JupyterHub volumes, CI caches and backups)';

/** Turns one credential exposure into a finding report: what, where, what it opens, how to close it. */
export function describeExposure(exposure: Exposure, platform: Platform, control: string): ReportInput {
  const { match } = exposure;
  const pair = match?.partner;
  const label = exposureLabel(exposure);
  // "A credential is assigned to the environment variable HF_TOKEN", not "a credential named HF_TOKEN is…".
  const subject = exposure.context === 'env-assignment' && !match ? 'a credential' : article(label);
  const where = placeText(exposure);
  const severity: Severity = pair ? 'critical' : match ? match.detector.severity : 'high';
  const notes: string[] = [];
  const values = [match?.secret, pair?.secret, exposure.value].filter((value): value is string => value !== undefined);
  if (values.some(looksLikeDocumentedExample)) {
    notes.push(
      "The value matches the example keys in AWS's documentation (it contains EXAMPLE), so it may be a placeholder; treat it as live until the key's owner confirms, and use obviously fake values in examples.",
    );
  }

  let reach = match ? match.detector.reach : exposure.environmentDump ? 'every credential the kernel environment held when the run started (cloud keys, tokens, database URIs)' : `whatever the credential stored as ${exposure.name} unlocks`;
  if (match?.detail) reach = `the ${match.detail}`;
  const keyId = pair?.secret ?? (match?.detector.id === 'aws-access-key-id' ? match.secret : undefined);
  const inventoryReach = keyId ? platform.describeAwsKeyReach(keyId) : undefined;
  const blastRadius = `${READERS} gets ${reach}.${inventoryReach ? ` ${inventoryReach}` : ''}`;

  const revoke = match ? match.detector.revoke : 'rotate the credential';
  return {
    start: exposure.rawStart,
    end: exposure.rawEnd,
    location: location(exposure),
    title: undefined,
    severity,
    message: `${capitalize(subject)} ${verb(exposure)} ${where}${exposure.via && exposure.context !== 'plain' ? ` through ${exposure.via}` : ''}; it is saved in the .ipynb file and travels with every copy of it.`,
    evidence: evidence(exposure),
    blastRadius,
    identity: identity(exposure),
    recommendation: `${control} Revoke the exposed value first: ${revoke}.`,
    notes,
    related: pair ? [{ start: pair.rawStart, location: location(exposure), message: 'the matching access key ID' }] : undefined,
    subjects: { credential: subjectValue(exposure) === undefined ? undefined : credentialSubject(subjectValue(exposure)!), identity: keyId ? platform.identityForAccessKey(keyId)?.id : undefined },
  };
}

/** What was exposed, as it reads inside a sentence ("AWS access key pair", "credential named HF_TOKEN"). */
export function exposureLabel(exposure: Exposure): string {
  if (exposure.match?.partner) return 'AWS access key pair';
  if (exposure.match) return exposure.match.detector.label;
  if (exposure.label) return exposure.label;
  return exposure.environmentDump ? 'process environment' : `credential named ${exposure.name}`;
}

function verb(exposure: Exposure): string {
  switch (exposure.context) {
    case 'env-assignment':
      return `is assigned to the environment variable ${exposure.name} in`;
    case 'tracking-call':
      return exposure.environmentDump ? 'is sent to experiment tracking from' : 'is sent to experiment tracking from';
    default:
      return exposure.part === 'output' ? 'is printed in' : 'is written in';
  }
}

function placeText(exposure: Exposure): string {
  const cell = exposure.cell ? `cell ${exposure.cell.number}` : 'the notebook';
  switch (exposure.part) {
    case 'output': {
      const output = exposure.output!;
      const kind = output.type === 'stream' ? `${output.name ?? 'stream'} stream` : output.type.replace('_', ' ');
      return `${cell}, output ${output.index} (${kind})`;
    }
    case 'metadata':
      return `${exposure.cell ? `${cell} metadata` : 'the notebook metadata'}${exposure.pointer.includes('widget-state') ? ' (saved widget state)' : ''}`;
    case 'attachment':
      return `an attachment of ${cell}`;
    default:
      return `the source of ${cell}${exposure.cell ? ` (${exposure.cell.type})` : ''}`;
  }
}

function location(exposure: Exposure): ArtifactLocation {
  const location: ArtifactLocation = {};
  if (exposure.cell) location.cell = exposure.cell.number;
  if (exposure.output) location.output = exposure.output.index;
  location.part = exposure.part;
  location.jsonPointer = exposure.pointer;
  return location;
}

function evidence(exposure: Exposure): string {
  const { match } = exposure;
  if (match?.partner) return `${redact(match.partner.secret)} / ${redact(match.secret)}`;
  if (match?.display) return match.display;
  if (match) return match.detector.block ? redactBlock(match.secret) : redact(match.secret);
  if (exposure.environmentDump) return `${exposure.via}(os.environ)`;
  if (exposure.value !== undefined) return `${exposure.name} = ${redact(exposure.value)}`;
  return `${exposure.via}("${exposure.name}", …)`;
}

/** The value that identifies the credential across files: the secret itself (hashed by the caller). */
function subjectValue(exposure: Exposure): string | undefined {
  return exposure.match?.secret ?? exposure.value;
}

function identity(exposure: Exposure): string {
  const { match } = exposure;
  if (match) return secretIdentity(match.detector.id, match.secret);
  if (exposure.environmentDump) return `environment-dump:${exposure.via}`;
  return secretIdentity(`named:${exposure.name}`, exposure.value ?? exposure.via ?? '');
}

function article(label: string): string {
  return /^(?:AWS|a |an |the )/i.test(label) ? (/^AWS/.test(label) ? `an ${label}` : label) : /^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
