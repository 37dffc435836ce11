import { parseArtifact } from '../artifacts/parse.js';
import type { WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import { workflowSecrets } from '../artifacts/workflow/workflow-secrets.js';
import type { ScanError } from '../core/finding.js';
import { fixAwsOidc } from './fix-aws-oidc.js';
import { fixCheckoutCredentials } from './fix-checkout.js';
import { fixWorkflowPermissions } from './fix-permissions.js';
import { fixPlaintextSecrets } from './fix-plaintext-secrets.js';
import { SecretNames, type FixChange, type FixKind, type FixPass, type PassContext, type SecretToCreate, type WorkflowFixOptions } from './fix-types.js';
import { applyEdits, OverlappingEditsError } from './text-edits.js';
import { workflowEntries } from './workflow-model.js';
import { YamlText } from './yaml-text.js';

// Fixes for a GitHub Actions workflow, run one after the other: each pass reads the text the previous one
// left (parsed again), proposes edits of that text, and the result must parse as the same workflow.

export type { FixChange, FixKind, SecretToCreate, WorkflowFixOptions } from './fix-types.js';
export { SecretNames } from './fix-types.js';

/**
 * Plaintext secrets first (so the AWS pass sees references, not values), then checkout and workflow
 * permissions, and OIDC last: it is the only pass that inserts steps, so earlier paths are still valid for it.
 */
export const FIX_PASSES: ReadonlyArray<{ kind: FixKind; pass: FixPass }> = [
  { kind: 'plaintext-secret', pass: fixPlaintextSecrets },
  { kind: 'checkout-credentials', pass: fixCheckoutCredentials },
  { kind: 'workflow-permissions', pass: fixWorkflowPermissions },
  { kind: 'aws-oidc', pass: fixAwsOidc },
];

export type WorkflowFixOutcome =
  | {
      status: 'fixed' | 'unchanged';
      original: string;
      text: string;
      changes: FixChange[];
      /** Repository secrets the fixed file reads that held a plaintext value before. */
      secrets: SecretToCreate[];
      /** Things a person has to do or check; never a secret value. */
      notes: string[];
    }
  | { status: 'not-a-workflow' }
  | { status: 'unparsable'; error: ScanError }
  | { status: 'refused'; message: string };

/** Parses `text` and fixes it when it is a GitHub Actions workflow (top-level `on:` and `jobs:`). */
export function fixWorkflowText(file: string, text: string, options: WorkflowFixOptions = {}): WorkflowFixOutcome {
  const parsed = parseArtifact(file, text, 'yaml');
  if (!parsed.ok) return { status: 'unparsable', error: parsed.error };
  if (parsed.artifact.kind !== 'workflow') return { status: 'not-a-workflow' };
  return fixWorkflow(parsed.artifact, options);
}

/** Runs the fixes over a parsed workflow; `passes` is for tests that need a fix of their own. */
export function fixWorkflow(original: WorkflowArtifact, options: WorkflowFixOptions = {}, all: typeof FIX_PASSES = FIX_PASSES): WorkflowFixOutcome {
  if (original.flavor !== 'workflow') return { status: 'not-a-workflow' };
  const context: PassContext = { options, originalText: original.text, accessKeyIds: accessKeyIdsOf(original), secretNames: options.secretNames ?? new SecretNames() };
  const passes = all.filter(({ kind }) => !options.fixes || options.fixes.includes(kind));
  let workflow = original;
  let text = original.text;
  const recorded: Array<{ pass: number; change: FixChange }> = [];
  const insertions: Array<{ pass: number; job: string; index: number }> = [];
  const notes: string[] = [];
  const secrets = new Map<string, SecretToCreate>();

  for (const [number, { kind, pass }] of passes.entries()) {
    if (text !== workflow.text) {
      const reparsed = reparse(original.file, text);
      if (typeof reparsed === 'string') return { status: 'refused', message: `not fixed: the fixes before ${kind} left YAML that does not parse (${reparsed})` };
      workflow = reparsed;
    }
    const result = pass(workflow, new YamlText(text, workflow.document), context);
    try {
      text = applyEdits(text, result.edits);
    } catch (error) {
      if (error instanceof OverlappingEditsError || error instanceof RangeError) return { status: 'refused', message: `not fixed: the ${kind} fix made conflicting edits (${error.message})` };
      throw error;
    }
    for (const change of result.changes) recorded.push({ pass: number, change });
    for (const inserted of result.insertedSteps ?? []) insertions.push({ pass: number, ...inserted });
    for (const note of result.notes) if (!notes.includes(note)) notes.push(note);
    for (const secret of result.secrets ?? []) {
      const known = secrets.get(secret.name);
      if (known) known.from.push(...secret.from.filter((path) => !known.from.includes(path)));
      else secrets.set(secret.name, { name: secret.name, from: [...secret.from] });
    }
  }

  // What a pass could not move (a credential in a job name, a script in an unknown shell) is still in the file.
  const left = new Set<string>();
  for (const { value, path, start } of passes.some(({ kind }) => kind === 'plaintext-secret') ? credentialValues(original) : []) {
    if (text.includes(value)) left.add(path || `line ${original.lines.position(start).line}`);
  }
  for (const where of left) notes.push(`${where} still holds a credential that could not be moved automatically; move it to a secret by hand`);

  if (text === original.text) return { status: 'unchanged', original: original.text, text, changes: [], secrets: [], notes };
  const fixed = reparse(original.file, text);
  if (typeof fixed === 'string') return { status: 'refused', message: `not fixed: the fixed file would not parse (${fixed})` };
  const jobs = (workflow: WorkflowArtifact) => workflow.jobs.map((job) => job.id).join('\u0000');
  if (jobs(fixed) !== jobs(original)) return { status: 'refused', message: 'not fixed: the fixed file would not have the same jobs' };

  // A secret created by one pass and removed by a later one (static AWS keys) is not needed after all.
  const referenced = (name: string) => new RegExp(`\\$\\{\\{\\s*secrets\\.${name}\\s*\\}\\}`).test(text);
  const needed = [...secrets.values()].filter((secret) => referenced(secret.name));
  const changes = recorded
    .filter(({ change }) => !change.secrets || change.secrets.some(referenced))
    .map(({ pass, change }) => ({ ...change, shows: change.shows.map((path) => shiftPath(path, insertions.filter((inserted) => inserted.pass > pass))) }));

  return { status: 'fixed', original: original.text, text, changes, secrets: needed, notes };
}

function reparse(file: string, text: string): WorkflowArtifact | string {
  const parsed = parseArtifact(file, text, 'yaml');
  if (!parsed.ok) return parsed.error.message;
  if (parsed.artifact.kind !== 'workflow' || parsed.artifact.flavor !== 'workflow') return 'it is no longer a workflow';
  return parsed.artifact;
}

/** `jobs.train.steps[3]…` after steps were inserted before it. */
function shiftPath(path: string, insertions: ReadonlyArray<{ job: string; index: number }>): string {
  const match = /^jobs\.([^.]+)\.steps\[(\d+)\]/.exec(path);
  if (!match) return path;
  let index = Number(match[2]);
  for (const inserted of insertions) if (inserted.job === match[1] && index >= inserted.index) index += 1;
  return `jobs.${match[1]}.steps[${index}]${path.slice(match[0].length)}`;
}

/** Plaintext AWS access key IDs by job ('' for the workflow's env), for the inventory's owner of each. */
function accessKeyIdsOf(workflow: WorkflowArtifact): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  const add = (job: string, id: string) => {
    const list = ids.get(job) ?? [];
    if (!list.includes(id)) list.push(id);
    ids.set(job, list);
  };
  for (const secret of workflowSecrets(workflow)) {
    for (const match of [secret.match, secret.match?.partner]) {
      if (match?.detector.id === 'aws-access-key-id') add(secret.job?.id ?? '', match.secret);
    }
  }
  for (const { entry, job } of workflowEntries(workflow)) {
    const value = entry.value?.value.trim();
    if (value && /^(?:AWS_ACCESS_KEY_ID|aws-access-key-id)$/.test(entry.name) && !value.includes('${{')) add(job?.id ?? '', value);
  }
  return ids;
}

function credentialValues(workflow: WorkflowArtifact): Array<{ value: string; path: string; start: number }> {
  return workflowSecrets(workflow).flatMap((secret) => {
    const found = [{ value: secret.value, path: secret.path, start: secret.rawStart }];
    const partner = secret.match?.partner;
    if (partner) found.push({ value: partner.secret, path: secret.path, start: partner.rawStart });
    return found;
  });
}
