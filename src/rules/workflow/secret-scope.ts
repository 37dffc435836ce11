import { expressionsIn, type ExpressionFragment } from '../../artifacts/workflow/expressions.js';
import type { Entry, Job, Step, ValueRef, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import { isSecretName } from '../../secrets/secret-names.js';

// Where GitHub Secrets flow inside a workflow: which `${{ }}` fragments read them, which environment
// variables hold them at each step, and who receives them (jobs, steps, actions, runners, triggers).
// Shared by workflow/secret-in-logs, workflow/secret-overexposure and workflow/long-lived-cloud-keys.

/** A `${{ }}` fragment that reads one or more secrets. */
export interface SecretRef {
  fragment: ExpressionFragment;
  /** Secret names read (upper-cased, as GitHub stores them); GITHUB_TOKEN for github.token; `inputs.x` for a composite action's credential inputs. */
  names: string[];
  /** `toJSON(secrets)`: every secret the job can see, at once. */
  allSecrets: boolean;
  /** `secrets[expr]`: a secret chosen at run time. */
  dynamic: boolean;
}

/** An environment variable whose value comes from secrets. */
export interface SecretEnvVar {
  name: string;
  entry: Entry;
  level: 'workflow' | 'job' | 'step';
  refs: SecretRef[];
  /** The secret names it holds, for messages: HF_TOKEN, or "every secret" for toJSON(secrets). */
  secrets: string[];
}

/**
 * The secrets a fragment reads. Composite actions cannot read `secrets`; they receive secrets as inputs,
 * so with `secretInputs` an input with a credential name (`inputs.registry-token`) counts as one.
 */
export function secretRefOf(fragment: ExpressionFragment, secretInputs = false): SecretRef | undefined {
  const names: string[] = [];
  let whole = false;
  let dynamic = false;
  for (const context of fragment.contexts) {
    const lower = context.toLowerCase();
    if (lower === 'secrets') whole = true;
    else if (lower === 'secrets.*') dynamic = true;
    else if (lower.startsWith('secrets.')) names.push(context.slice('secrets.'.length).toUpperCase());
    else if (lower === 'github.token') names.push('GITHUB_TOKEN');
    else if (secretInputs && lower.startsWith('inputs.') && isSecretName(context.slice('inputs.'.length))) names.push(context);
  }
  // `${{ secrets }}` alone renders as an object placeholder; only toJSON turns the context into text.
  const allSecrets = whole && fragment.functions.includes('tojson');
  if (names.length === 0 && !allSecrets && !dynamic) return undefined;
  return { fragment, names: [...new Set(names)], allSecrets, dynamic };
}

/** The secret-reading fragments of a value, in order. */
export function secretRefsIn(value: ValueRef | undefined, secretInputs = false): SecretRef[] {
  if (!value || !value.value.includes('${{')) return [];
  return expressionsIn(value.text).flatMap((fragment) => secretRefOf(fragment, secretInputs) ?? []);
}

/** Whether `inputs.*` with credential names count as secrets: in composite actions. */
export function inputsAreSecrets(workflow: WorkflowArtifact): boolean {
  return workflow.flavor === 'composite-action';
}

/** What a set of references holds, for a message: `secrets.HF_TOKEN`, `toJSON(secrets)`. */
export function describeRefs(refs: readonly SecretRef[]): string {
  const parts = refs.flatMap((ref) => [
    ...(ref.allSecrets ? ['toJSON(secrets)'] : []),
    ...(ref.dynamic ? ['secrets[…]'] : []),
    ...ref.names.map((name) => (name === 'GITHUB_TOKEN' && ref.fragment.contexts.some((context) => context.toLowerCase() === 'github.token') ? 'github.token' : name.startsWith('inputs.') ? name : `secrets.${name}`)),
  ]);
  return [...new Set(parts)].map((part) => `\`${part}\``).join(', ');
}

export function secretNamesOf(refs: readonly SecretRef[]): string[] {
  return [...new Set(refs.flatMap((ref) => [...(ref.allSecrets ? ['every secret (toJSON(secrets))'] : []), ...(ref.dynamic ? ['a secret chosen at run time'] : []), ...ref.names]))];
}

function envVars(entries: readonly Entry[], level: SecretEnvVar['level'], secretInputs = false): SecretEnvVar[] {
  return entries.flatMap((entry) => {
    const refs = secretRefsIn(entry.value, secretInputs);
    return refs.length ? [{ name: entry.name, entry, level, refs, secrets: secretNamesOf(refs) }] : [];
  });
}

/** Secret-holding environment variables at workflow level. */
export function workflowSecretEnv(workflow: WorkflowArtifact): SecretEnvVar[] {
  return envVars(workflow.env, 'workflow');
}

/**
 * The environment variables that hold a secret when `step` runs (workflow, then job, then step env; a
 * lower level that redefines a name without a secret removes it). Without a step: what every step gets.
 */
export function secretEnvAt(workflow: WorkflowArtifact, job: Job, step?: Step): Map<string, SecretEnvVar> {
  const scope = new Map<string, SecretEnvVar>();
  const apply = (entries: readonly Entry[], level: SecretEnvVar['level']) => {
    const holding = new Map(envVars(entries, level, inputsAreSecrets(workflow)).map((env) => [env.name, env]));
    for (const entry of entries) {
      const env = holding.get(entry.name);
      if (env) scope.set(entry.name, env);
      else scope.delete(entry.name);
    }
  };
  apply(workflow.env, 'workflow');
  apply(job.env, 'job');
  if (step) apply(step.env, 'step');
  return scope;
}

/** Environment variables that carry static cloud keys: workflow/long-lived-cloud-keys reports them, and the fix is OIDC. */
export const CLOUD_KEY_ENV = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CREDENTIALS',
  'GOOGLE_CLOUD_KEYFILE_JSON',
  'AZURE_CLIENT_SECRET',
  'ARM_CLIENT_SECRET',
]);

// Who receives a secret, for blast-radius sentences.

export function triggerList(workflow: WorkflowArtifact): string {
  const events = workflow.triggers.map((trigger) => trigger.event);
  if (workflow.flavor === 'composite-action') return 'whatever triggers the workflows that call this composite action';
  return events.length ? events.join(', ') : 'no trigger';
}

/** "The workflow runs on push, pull_request_target, and people outside the repository can start pull_request_target." */
export function runsSentence(workflow: WorkflowArtifact): string {
  if (workflow.flavor === 'composite-action') return 'It runs inside every workflow that uses this action, with that workflow\'s triggers.';
  const outsiders = outsiderTriggers(workflow);
  return `The workflow runs on ${triggerList(workflow)}${outsiders.length ? `, and people outside the repository can start ${listOf(outsiders)}` : ''}.`;
}

/** Triggers that run with the repository's secrets on events outsiders can cause. */
export function outsiderTriggers(workflow: WorkflowArtifact): string[] {
  return workflow.triggers.map((trigger) => trigger.event).filter((event) => ['pull_request_target', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'pull_request_review_comment'].includes(event));
}

export function isSelfHosted(job: Job): boolean {
  return job.runsOn.some((label) => /self-hosted/i.test(label)) || job.runsOn.some((label) => label.startsWith('group:'));
}

export function runnerOf(job: Job): string {
  if (job.uses) return 'the runners of the called workflow';
  if (job.id === 'composite' && job.runsOn.length === 0) return "the calling job's runner";
  const labels = job.runsOn.join(', ') || 'no labels';
  if (isSelfHosted(job)) return `a self-hosted runner labelled ${labels}`;
  if (job.runsOn.some((label) => label.includes('${{'))) return `a runner chosen at run time (${labels})`;
  return `a GitHub-hosted runner (${labels})`;
}

export function jobLabel(job: Job): string {
  return job.id === 'composite' && job.path === 'runs' ? 'the composite action' : `job \`${job.id}\``;
}

/** `step 3 "Train"`, or `step 2 (actions/checkout@v4)` for an unnamed action step. */
export function stepLabel(step: Step): string {
  const number = `step ${step.index + 1}`;
  if (step.name) return `${number} "${step.name}"`;
  if (step.uses) return `${number} (${step.uses.value})`;
  if (step.id) return `${number} (id ${step.id})`;
  return number;
}

/** The action a step runs, without its ref: `actions/upload-artifact`. */
export function actionOf(step: Step): string | undefined {
  const uses = step.uses?.value.trim();
  if (!uses) return undefined;
  return uses.replace(/@.*$/, '').toLowerCase();
}

/** Actions from outside GitHub's own organisations and outside the repository. */
export function isThirdPartyAction(step: Step): boolean {
  const action = actionOf(step);
  if (!action || action.startsWith('./')) return false;
  if (action.startsWith('docker://')) return true;
  return !/^(actions|github)\//.test(action);
}

/** The third-party actions among steps, by name, for "…including acme/deploy-action". */
export function thirdPartyActions(steps: readonly Step[]): string[] {
  return [...new Set(steps.filter(isThirdPartyAction).map((step) => step.uses!.value.trim()))];
}

/** A short list for sentences: "a, b and c", at most `max` items and a count of the rest. */
export function listOf(items: readonly string[], max = 4): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Who can read a run's logs, artifacts and summary. */
export const RUN_READERS = 'everyone who can read the repository (for a public repository, anyone)';
