import { visit, type Scalar } from 'yaml';
import { detectSecrets, type SecretMatch } from '../../secrets/detect.js';
import { isPlaceholder } from '../../secrets/placeholders.js';
import { isCredentialLiteral } from '../../secrets/credential-literal.js';
import { isSecretName } from '../../secrets/secret-names.js';
import { MappedText } from '../../text/mapped-text.js';
import { scalarText } from '../yaml/scalar-text.js';
import type { Entry, Job, Step, ValueRef, WorkflowArtifact } from './workflow.js';

export { isCredentialLiteral };

// Every credential written in plain text in a workflow, found once per file and shared by the workflow
// rules and the code-frame masking: env at workflow, job and step level, `with:` inputs, `run:` scripts,
// container and service credentials, and any other value.

export type SecretPlace = 'env' | 'with' | 'run' | 'credentials' | 'secrets' | 'other';

export interface WorkflowSecret {
  /** Recognised by its format (AWS key, Hugging Face token, URI password…). */
  match?: SecretMatch;
  /** The name it is stored under (env variable, input), when there is one. */
  name?: string;
  /** The raw value. It never leaves the analyzer. */
  value: string;
  rawStart: number;
  rawEnd: number;
  path: string;
  place: SecretPlace;
  level: 'workflow' | 'job' | 'step';
  entry?: Entry;
  job?: Job;
  step?: Step;
}

const cache = new WeakMap<WorkflowArtifact, WorkflowSecret[]>();

export function workflowSecrets(workflow: WorkflowArtifact): WorkflowSecret[] {
  let found = cache.get(workflow);
  if (!found) {
    found = findSecrets(workflow);
    cache.set(workflow, found);
  }
  return found;
}

export function workflowSensitiveRanges(workflow: WorkflowArtifact): Array<{ start: number; end: number }> {
  return workflowSecrets(workflow).flatMap((secret) => {
    const ranges = [{ start: secret.rawStart, end: secret.rawEnd }];
    const partner = secret.match?.partner;
    if (partner) ranges.push({ start: partner.rawStart, end: partner.rawEnd });
    return ranges;
  });
}

function findSecrets(workflow: WorkflowArtifact): WorkflowSecret[] {
  const found: WorkflowSecret[] = [];
  const seen = new Set<Scalar>();
  const fromEntries = (entries: Entry[], place: SecretPlace, level: WorkflowSecret['level'], job?: Job, step?: Step) => {
    const block: WorkflowSecret[] = [];
    for (const entry of entries) {
      if (!entry.value) continue;
      seen.add(entry.value.node);
      block.push(...fromValue(entry.value, place, level, { entry, name: entry.name, job, step }));
    }
    pairAcrossEntries(block);
    found.push(...block.filter((secret) => !secret.match?.paired));
  };

  fromEntries(workflow.env, 'env', 'workflow');
  for (const job of workflow.jobs) {
    fromEntries(job.env, 'env', 'job', job);
    fromEntries(job.with, 'with', 'job', job);
    if (Array.isArray(job.secrets)) fromEntries(job.secrets, 'secrets', 'job', job);
    for (const container of [job.container, ...job.services]) {
      if (!container) continue;
      fromEntries(container.credentials, 'credentials', 'job', job);
      fromEntries(container.env, 'env', 'job', job);
    }
    for (const step of job.steps) {
      fromEntries(step.env, 'env', 'step', job, step);
      fromEntries(step.with, 'with', 'step', job, step);
      if (step.run) {
        seen.add(step.run.node);
        found.push(...fromValue(step.run, 'run', 'step', { job, step }), ...shellAssignments(step.run, job, step));
      }
    }
  }
  // Anything else (a job name, an if: condition, an input default): recognised formats only.
  visit(workflow.document, {
    Scalar(_key, node) {
      if (seen.has(node) || typeof node.value !== 'string' || node.value.length < 8) return;
      const text = scalarText(workflow.text, node);
      for (const match of visible(detectSecrets(text))) {
        found.push({ match, value: match.secret, rawStart: match.rawStart, rawEnd: match.rawEnd, path: '', place: 'other', level: 'workflow' });
      }
    },
  });
  return dedupe(found);
}

interface Context {
  entry?: Entry;
  name?: string;
  job?: Job;
  step?: Step;
}

function fromValue(ref: ValueRef, place: SecretPlace, level: WorkflowSecret['level'], context: Context): WorkflowSecret[] {
  const text = withoutExpressions(ref.text);
  const matches = detectSecrets(text, undefined, context.name);
  const out: WorkflowSecret[] = matches.map((match) => ({ match, value: match.secret, rawStart: match.rawStart, rawEnd: match.rawEnd, path: ref.path, place, level, ...context }));
  if (matches.length === 0 && context.name && isSecretName(context.name) && isCredentialLiteral(ref.value)) {
    out.push({ value: ref.value, rawStart: ref.start, rawEnd: ref.start + ref.value.length, path: ref.path, place, level, ...context });
  }
  return out;
}

/** `export DB_PASSWORD=…` and `HF_TOKEN=… python train.py` in run scripts, for values of no known format. */
function shellAssignments(run: ValueRef, job: Job, step: Step): WorkflowSecret[] {
  const out: WorkflowSecret[] = [];
  for (const match of run.text.text.matchAll(/(?:^|[\s;&|])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)([^\s"'$`;|&]+)\2/g)) {
    const [whole, name, quote, value] = match as unknown as [string, string, string, string];
    if (!isSecretName(name) || !isCredentialLiteral(value)) continue;
    if (detectSecrets(run.text).some((found) => found.secret.includes(value) || value.includes(found.secret))) continue;
    const at = match.index + whole.length - quote.length - value.length;
    const range = run.text.rawRange(at, at + value.length);
    out.push({ name, value, rawStart: range.start, rawEnd: range.end, path: run.path, place: 'run', level: 'step', job, step });
  }
  return out;
}

/** `${{ secrets.X }}` is a reference, not a value: blank it (same length) so nothing inside it matches. */
function withoutExpressions(text: MappedText): MappedText {
  if (!text.text.includes('${{')) return text;
  const blanked = text.text.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => ' '.repeat(expression.length));
  return new MappedText(blanked, text.pieces);
}


/** AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY side by side in one env block are one key pair. */
function pairAcrossEntries(block: WorkflowSecret[]): void {
  const ids = block.filter((secret) => secret.match?.detector.id === 'aws-access-key-id' && !secret.match.paired);
  for (const secret of block) {
    if (secret.match?.detector.id !== 'aws-secret-access-key' || secret.match.partner) continue;
    const id = ids.find((candidate) => !candidate.match!.paired);
    if (!id) continue;
    id.match!.paired = true;
    secret.match.partner = id.match;
  }
}

function visible(matches: SecretMatch[]): SecretMatch[] {
  return matches.filter((match) => !match.paired);
}

function dedupe(secrets: WorkflowSecret[]): WorkflowSecret[] {
  const seen = new Set<string>();
  return secrets.filter((secret) => {
    const key = `${secret.rawStart}:${secret.rawEnd}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
