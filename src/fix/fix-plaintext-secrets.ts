import type { Pair, Scalar } from 'yaml';
import type { Job, Step, WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import { workflowSecrets, type WorkflowSecret } from '../artifacts/workflow/workflow-secrets.js';
import type { FixChange, FixPass, PassContext, PassResult, SecretToCreate } from './fix-types.js';
import type { TextEdit } from './text-edits.js';
import { entryAt, mapAt, pairOf, secretReference, shellOf, workflowEntries, type PlacedEntry } from './workflow-model.js';
import { parentIndex, type YamlText } from './yaml-text.js';

// Fix (1): every credential written in plain text becomes a reference to a repository secret. Values of
// env, with, secrets and container credentials are replaced by `${{ secrets.NAME }}`; a credential inside a
// run script moves to the step's env as a secret reference and the script reads "$NAME" instead.

/** Names for credentials found by their format alone, in a script, with no variable name beside them. */
const DETECTOR_NAMES: Record<string, string> = {
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
  'aws-session-token': 'AWS_SESSION_TOKEN',
  'private-key': 'PRIVATE_KEY',
  'github-token': 'GH_TOKEN',
  'huggingface-token': 'HF_TOKEN',
  'openai-api-key': 'OPENAI_API_KEY',
  'anthropic-api-key': 'ANTHROPIC_API_KEY',
  'databricks-token': 'DATABRICKS_TOKEN',
  'wandb-api-key': 'WANDB_API_KEY',
  'slack-token': 'SLACK_TOKEN',
  'kaggle-api-key': 'KAGGLE_KEY',
  'gcp-api-key': 'GOOGLE_API_KEY',
  'uri-password': 'URI_PASSWORD',
};

interface RunLiteral {
  job: Job;
  step: Step;
  start: number;
  end: number;
  name: string;
  value: string;
}

export const fixPlaintextSecrets: FixPass = (workflow, yaml, context) => {
  const result: PassResult = { edits: [], changes: [], notes: [], secrets: [] };
  const entries = workflowEntries(workflow);
  const parents = parentIndex(workflow.document);
  const byEntry = new Map<Pair, PlacedEntry>();
  const literals: RunLiteral[] = [];
  const seen = new Set<string>();

  const take = (secret: Pick<WorkflowSecret, 'rawStart' | 'rawEnd' | 'value' | 'place' | 'name' | 'job' | 'step' | 'entry'>, detector?: string) => {
    const key = `${secret.rawStart}:${secret.rawEnd}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (secret.place === 'run' && secret.job && secret.step) {
      const name = secret.name ?? assignedName(yaml.text, secret.rawStart) ?? DETECTOR_NAMES[detector ?? ''] ?? detector ?? 'SECRET';
      literals.push({ job: secret.job, step: secret.step, start: secret.rawStart, end: secret.rawEnd, name, value: secret.value });
      return;
    }
    const placed = secret.entry ? entries.find((candidate) => candidate.entry === secret.entry) : entryAt(entries, secret.rawStart);
    if (placed) byEntry.set(placed.entry.pair, placed);
    // Anything else ('other': a job name, a condition) is left for a person; the final check names it.
  };

  for (const secret of workflowSecrets(workflow)) {
    take(secret, secret.match?.detector.id);
    const partner = secret.match?.partner;
    if (partner) {
      // The access key ID written beside a secret key belongs to the same credential.
      const placed = entryAt(entries, partner.rawStart);
      const place = placed ? placed.place : secret.place;
      take({ rawStart: partner.rawStart, rawEnd: partner.rawEnd, value: partner.secret, place, name: placed?.entry.name, job: placed?.job ?? secret.job, step: placed?.step ?? secret.step, entry: placed?.entry }, partner.detector.id);
    }
  }

  const secrets = new Map<string, SecretToCreate>();
  const need = (name: string, path: string) => {
    const known = secrets.get(name);
    if (known) known.from.push(path);
    else secrets.set(name, { name, from: [path] });
  };

  for (const { entry } of byEntry.values()) {
    const value = entry.value!;
    if (value.value.includes('${{')) {
      result.notes.push(`${entry.path} mixes an expression with a credential; move the credential to a secret by hand`);
      continue;
    }
    const name = context.secretNames.claim(entry.name, value.value);
    const flow = parents.get(entry.pair)?.flow === true;
    result.edits.push(yaml.setScalar(value.node, `\${{ secrets.${name} }}`, flow));
    need(name, entry.path);
    result.changes.push({
      kind: 'plaintext-secret',
      description: `${entry.name} is read from the repository secret ${name} instead of a value written in the workflow.`,
      addresses: [entry.path],
      shows: [regionOf(entry.path)],
      secrets: [name],
    });
  }

  result.edits.push(...fixRunLiterals(workflow, yaml, context, literals, need, result));
  result.secrets = [...secrets.values()];
  return result;
};

function fixRunLiterals(workflow: WorkflowArtifact, yaml: YamlText, context: PassContext, literals: RunLiteral[], need: (name: string, path: string) => void, result: PassResult): TextEdit[] {
  const edits: TextEdit[] = [];
  const bySteps = new Map<Step, RunLiteral[]>();
  for (const literal of literals) bySteps.set(literal.step, [...(bySteps.get(literal.step) ?? []), literal]);

  for (const [step, found] of bySteps) {
    const job = found[0]!.job;
    const shell = shellOf(workflow, job, step);
    const run = step.run!;
    const envMap = mapAt(step.map, 'env');
    const envNames = new Map(step.env.map((entry) => [entry.name, entry.value?.value]));
    const added: Array<[string, string]> = [];
    const used: string[] = [];
    const stepEdits: TextEdit[] = [];
    let skipped = false;
    for (const literal of found) {
      const name = context.secretNames.claim(literal.name, literal.value, (candidate) => envNames.has(candidate) && secretReference(envNames.get(candidate) ?? '') !== candidate);
      const reference = shellReference(shell, yaml, run.node, literal.start, literal.end, name);
      if (reference === undefined) {
        result.notes.push(`${run.path}: a credential in a ${shell} script was left in place; move it to a secret by hand`);
        skipped = true;
        continue;
      }
      stepEdits.push({ start: literal.start, end: literal.end, text: reference });
      need(name, run.path);
      if (!used.includes(name)) used.push(name);
      if (!envNames.has(name) && !added.some(([added]) => added === name)) added.push([name, `\${{ secrets.${name} }}`]);
    }
    if (stepEdits.length === 0) continue;
    edits.push(...stepEdits);
    if (added.length > 0) {
      const envPair = pairOf(step.map, 'env');
      if (envMap && envMap.items.length > 0) edits.push(yaml.appendEntries(envMap, added));
      else if (envPair) edits.push(yaml.replacePair(step.map, envPair, 'env', added));
      else {
        const runPair = pairOf(step.map, 'run')!;
        edits.push(yaml.insertEntriesBefore(step.map, runPair, [['env', added]]));
      }
    }
    result.changes.push({
      kind: 'plaintext-secret',
      description: `The script reads ${used.map((name) => `$${name}`).join(', ')} from the step's env, set from repository secrets, instead of credentials written in it${skipped ? ' (some were left for a person)' : ''}.`,
      addresses: [run.path, step.path],
      shows: [step.path],
      secrets: used,
    } satisfies FixChange);
  }
  return edits;
}

/** `NAME=` (or `export NAME="`) just before the literal on its line. */
function assignedName(text: string, offset: number): string | undefined {
  const before = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  return /([A-Za-z_][A-Za-z0-9_]*)=["']?$/.exec(before)?.[1];
}

/**
 * How the script refers to the variable, given the shell and the quotes open at the literal; written as it
 * must appear inside the YAML scalar (escaped for double-quoted scalars). Undefined when there is no safe way.
 */
function shellReference(shell: string, yaml: YamlText, node: Scalar, start: number, end: number, name: string): string | undefined {
  const scalarStart = node.range?.[0] ?? 0;
  const quotedScalar = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const lineStart = Math.max(yaml.lineStart(start), scalarStart + (quotedScalar ? 1 : 0));
  let prefix = yaml.text.slice(lineStart, start);
  if (node.type === 'QUOTE_DOUBLE') prefix = prefix.replace(/\\(["\\])/g, '$1');
  if (node.type === 'QUOTE_SINGLE') prefix = prefix.replace(/''/g, "'");
  const state = quoteState(prefix);
  const next = yaml.text[end] ?? '';
  let reference: string;
  if (shell === 'bash' || shell === 'sh' || shell === 'zsh' || shell === 'dash' || shell === 'ksh') {
    const braced = /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
    reference = state === 'double' ? braced : state === 'single' ? `'"${braced}"'` : `"${braced}"`;
  } else if (shell === 'pwsh' || shell === 'powershell') {
    if (state === 'single') return undefined;
    const variable = /[A-Za-z0-9_:]/.test(next) ? `\${env:${name}}` : `$env:${name}`;
    reference = state === 'double' ? variable : `"${variable}"`;
  } else if (shell === 'cmd') {
    reference = `%${name}%`;
  } else {
    return undefined;
  }
  if (node.type === 'QUOTE_DOUBLE') return reference.replace(/["\\]/g, (char) => `\\${char}`);
  if (node.type === 'QUOTE_SINGLE') return reference.replace(/'/g, "''");
  return reference;
}

function quoteState(prefix: string): 'none' | 'single' | 'double' {
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < prefix.length; i++) {
    const char = prefix[i];
    if (state === 'single') {
      if (char === "'") state = 'none';
    } else if (char === '\\') {
      i += 1;
    } else if (state === 'double') {
      if (char === '"') state = 'none';
    } else if (char === "'") {
      state = 'single';
    } else if (char === '"') {
      state = 'double';
    }
  }
  return state;
}

/** The block a reader should see for a change at `path`: the step it is in, the container, or the mapping. */
export function regionOf(path: string): string {
  const step = /^jobs\.[^.]+\.steps\[\d+\]/.exec(path);
  if (step) return step[0];
  const container = /^jobs\.[^.]+\.(?:container|services\.[^.]+)(?=\.)/.exec(path);
  if (container) return container[0];
  const dot = path.lastIndexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}
