import { Lexer, Parser, type Expr } from '@actions/expressions';
import { isMap, isScalar, isSeq } from 'yaml';
import type { InventoryIdentity } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { redact } from '../../secrets/redact.js';
import { expressionsIn } from './expressions.js';
import { actionWrites, envMap, reusableWorkflowWrites, runWrites, type ModelWrite, type WriteContext } from './model-writes.js';
import { workflowSecrets, type WorkflowSecret } from './workflow-secrets.js';
import type { Entry, Job, Permissions, Step, Trigger, ValueRef, WorkflowArtifact } from './workflow.js';

export type { ModelWrite, WriteEffect, WriteKind } from './model-writes.js';

// One profile per job, computed once per workflow and platform and shared by the workflow rules: who can
// start the job, where it runs, which secrets and cloud identities it holds, what its GITHUB_TOKEN may
// write, and which models it writes, promotes or deploys. `blastRadiusSentence` turns it into the
// sentence findings carry as their blast radius.

export interface JobTrigger {
  event: string;
  /** As a reader would say it: "push to main", "manual dispatch", "pull_request_target (any pull request, forks included)". */
  description: string;
  /** People without write access to the repository can start it (fork pull requests, comments, issues…). */
  untrusted: boolean;
  /** …and it then runs with the repository's secrets and a token that may write. */
  privileged: boolean;
  keyStart: number;
}

export interface JobRunner {
  kind: 'github-hosted' | 'self-hosted' | 'custom' | 'dynamic' | 'reusable-workflow' | 'caller';
  gpu: boolean;
  labels: string[];
  /** "a self-hosted GPU runner", "a GitHub-hosted runner". */
  description: string;
}

export interface JobSecret {
  /** The secret's name (secrets.NAME), or for a plaintext value the name it is stored under. */
  name: string;
  source: 'reference' | 'plaintext';
  /** The service it opens: AWS, MLflow, Hugging Face…, when the name or format tells. */
  service?: string;
  path: string;
  start: number;
  level: 'workflow' | 'job' | 'step';
  step?: Step;
}

export interface IdentityOwner {
  name: string;
  kind: InventoryIdentity['kind'];
  /** Policy names (the last part of each ARN) or policy files, per the inventory. */
  policies: string[];
  /** How the inventory ties it to this job: the access key ID it lists, the role ARN, or the CI component that holds this file. */
  via: 'access-key' | 'role' | 'component';
}

export interface CloudIdentity {
  provider: 'aws' | 'gcp' | 'azure';
  /** static-key: a long-lived key or service principal secret; oidc: short-lived credentials from GitHub's OIDC token. */
  kind: 'static-key' | 'oidc';
  source: 'plaintext' | 'secret' | 'oidc';
  /** The role ARN, service account or client ID it runs as, when the workflow names it literally. */
  principal?: string;
  owner?: IdentityOwner;
  path: string;
  /** Paths of every value it is made of (key ID and secret key, credentials JSON…), so secrets are not counted twice. */
  from: string[];
  start: number;
  level: 'workflow' | 'job' | 'step';
  step?: Step;
}

export interface TokenAccess {
  /** Where the permissions come from; `default` means none are declared, so the repository's default applies. */
  source: 'job' | 'workflow' | 'default' | 'caller';
  shorthand?: 'read-all' | 'write-all' | 'none';
  /** GITHUB_TOKEN scopes with write access (id-token excluded). For `default`, what a permissive default grants. */
  writes: string[];
  /** The job can request an OIDC token (id-token: write). */
  idToken: boolean;
  path?: string;
  start?: number;
}

export interface JobProfile {
  workflow: WorkflowArtifact;
  job: Job;
  /** The workflow's triggers that can start this job, after its `if:` and the jobs it needs. */
  triggers: JobTrigger[];
  untrusted: boolean;
  runner: JobRunner;
  secrets: JobSecret[];
  /** Every secret reaches the job: `secrets: inherit` or `toJSON(secrets)`. */
  allSecrets?: 'inherit' | 'tojson';
  identities: CloudIdentity[];
  token: TokenAccess;
  /** Everything it writes that the model write recognisers know, in file order. */
  writes: ModelWrite[];
  /** The writes that publish, promote or deploy a model (new registry versions without a stage are left out). */
  deployments: ModelWrite[];
  /** The jobs it needs, directly or through other jobs. */
  upstream: Job[];
}

const EMPTY_PLATFORM = Platform.empty();
const cache = new WeakMap<WorkflowArtifact, WeakMap<Platform, Map<Job, JobProfile>>>();

/** Profiles of every job of the workflow, in file order (computed once per workflow and platform). */
export function jobProfiles(workflow: WorkflowArtifact, platform: Platform = EMPTY_PLATFORM): JobProfile[] {
  let byPlatform = cache.get(workflow);
  if (!byPlatform) cache.set(workflow, (byPlatform = new WeakMap()));
  let profiles = byPlatform.get(platform);
  if (!profiles) {
    profiles = new Map();
    const reach = triggersReaching(workflow);
    for (const job of workflow.jobs) profiles.set(job, buildProfile(workflow, job, platform, reach.get(job) ?? []));
    byPlatform.set(platform, profiles);
  }
  return [...profiles.values()];
}

export function jobProfile(workflow: WorkflowArtifact, job: Job, platform: Platform = EMPTY_PLATFORM): JobProfile {
  jobProfiles(workflow, platform);
  return cache.get(workflow)!.get(platform)!.get(job)!;
}

function buildProfile(workflow: WorkflowArtifact, job: Job, platform: Platform, triggers: JobTrigger[]): JobProfile {
  const { secrets, allSecrets } = secretsOf(workflow, job);
  const masks = plaintextValues(workflow);
  const mlflow = /MLFLOW/i.test([...workflow.env, ...job.env].map((entry) => entry.name).join(' ')) || job.steps.some((step) => /mlflow/i.test(`${step.run?.value ?? ''} ${step.uses?.value ?? ''} ${step.env.map((entry) => entry.name).join(' ')}`));
  const writes: ModelWrite[] = [...reusableWorkflowWrites(job)];
  for (const step of job.steps) {
    const context: WriteContext = {
      env: envMap(workflow.env, job.env, step.env),
      mlflow,
      holdsModels: (bucket) => platform.storage().some((store) => store.name === bucket && (store.holds ?? []).some((held) => /model/i.test(held))),
    };
    writes.push(...actionWrites(job, step), ...runWrites(job, step, context));
  }
  const scrubbed = writes.map((write) => ({ ...write, command: scrub(write.command, masks), phrase: scrub(write.phrase, masks), target: write.target === undefined ? undefined : scrub(write.target, masks) }));
  return {
    workflow,
    job,
    triggers,
    untrusted: triggers.some((trigger) => trigger.untrusted),
    runner: runnerOf(workflow, job),
    secrets,
    allSecrets,
    identities: identitiesOf(workflow, job, platform),
    token: tokenOf(workflow, job),
    writes: scrubbed,
    deployments: scrubbed.filter((write) => write.model && write.effect !== 'register'),
    upstream: upstreamJobs(workflow, job),
  };
}

// ─── Triggers ─────────────────────────────────────────────────────────────────────────────────────

const UNTRUSTED = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment', 'workflow_run', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'fork', 'watch']);
/** Fork pull requests on these get a read-only token and no secrets; the others run with both. */
const UNPRIVILEGED = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

export function describeTrigger(trigger: Trigger): JobTrigger {
  const event = trigger.event;
  const untrusted = UNTRUSTED.has(event);
  return { event, description: triggerText(trigger), untrusted, privileged: untrusted && !UNPRIVILEGED.has(event), keyStart: trigger.keyStart };
}

function triggerText(trigger: Trigger): string {
  const config = isMap(trigger.config) ? trigger.config : undefined;
  const list = (key: string) => listOf(config?.get(key, true));
  const branches = list('branches');
  const ignored = list('branches-ignore');
  const tags = list('tags');
  switch (trigger.event) {
    case 'push': {
      const parts = [branches.length ? `to ${orList(branches)}` : '', tags.length ? `of tags ${orList(tags)}` : ''].filter(Boolean);
      if (parts.length) return `push ${parts.join(' or ')}`;
      return ignored.length ? `push to branches other than ${orList(ignored)}` : 'every push';
    }
    case 'pull_request':
      return `pull requests${branches.length ? ` into ${orList(branches)}` : ''} (forks included)`;
    case 'pull_request_target':
      return `pull_request_target (any pull request${branches.length ? ` into ${orList(branches)}` : ''}, forks included)`;
    case 'pull_request_review':
      return 'pull request reviews (forks included)';
    case 'pull_request_review_comment':
      return 'pull request review comments (forks included)';
    case 'schedule':
      return 'schedule';
    case 'workflow_dispatch':
      return 'manual dispatch';
    case 'workflow_call':
      return 'calls from other workflows';
    case 'workflow_run': {
      const workflows = list('workflows');
      return `workflow_run after ${workflows.length ? orList(workflows) : 'another workflow'} (which a fork pull request may have started)`;
    }
    case 'repository_dispatch':
      return 'repository dispatch';
    case 'release':
      return 'releases';
    case 'issue_comment':
      return 'issue and pull request comments (anyone can comment)';
    case 'issues':
      return 'issue events (anyone can open an issue)';
    case 'discussion':
      return 'discussions (anyone can post)';
    case 'discussion_comment':
      return 'discussion comments (anyone can post)';
    case 'merge_group':
      return 'the merge queue';
    case 'create':
      return 'branch or tag creation';
    case 'delete':
      return 'branch or tag deletion';
    case 'fork':
      return 'forks of the repository (anyone)';
    case 'watch':
      return 'stars (anyone)';
    case 'deployment':
      return 'deployments';
    default:
      return trigger.event;
  }
}

function listOf(node: unknown): string[] {
  if (isScalar(node) && node.value !== null && node.value !== undefined) return [String(node.value)];
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) && item.value !== null ? [String(item.value)] : []));
  return [];
}

/** Which triggers reach each job: those its `if:` does not rule out, and that reach every job it needs. */
function triggersReaching(workflow: WorkflowArtifact): Map<Job, JobTrigger[]> {
  const all = workflow.triggers.map(describeTrigger);
  const byId = new Map(workflow.jobs.map((job) => [job.id, job]));
  const result = new Map<Job, JobTrigger[]>();
  const visiting = new Set<Job>();
  const reach = (job: Job): JobTrigger[] => {
    const known = result.get(job);
    if (known) return known;
    if (visiting.has(job)) return all;
    visiting.add(job);
    const condition = job.if ? parseCondition(job.if.value) : undefined;
    // always(), failure() and cancelled() run the job whatever happened to the jobs it needs.
    const ignoresNeeds = condition?.statusOverride ?? false;
    const upstream = ignoresNeeds ? [] : job.needs.flatMap((id) => (byId.has(id) ? [new Set(reach(byId.get(id)!).map((trigger) => trigger.event))] : []));
    const reaching = all.filter((trigger) => (!condition || evaluate(condition.expr, trigger.event) !== false) && upstream.every((events) => events.has(trigger.event)));
    visiting.delete(job);
    result.set(job, reaching);
    return reaching;
  };
  for (const job of workflow.jobs) reach(job);
  return result;
}

const STATUS_FUNCTIONS = ['success', 'always', 'failure', 'cancelled'].map((name) => ({ name, minArgs: 0, maxArgs: 0 }));

interface Condition {
  expr?: Expr;
  statusOverride: boolean;
}

function parseCondition(text: string): Condition {
  const expression = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  const statusOverride = /\b(?:always|failure|cancelled)\s*\(/.test(expression);
  try {
    const tokens = new Lexer(expression).lex().tokens;
    return { expr: new Parser(tokens, ['github', 'env', 'vars', 'inputs', 'needs', 'matrix', 'strategy', 'secrets', 'job', 'runner'], STATUS_FUNCTIONS).parse(), statusOverride };
  } catch {
    return { statusOverride };
  }
}

type Known = { value: string | number | boolean | null | string[] } | undefined;

/** Three-valued evaluation of a job condition with only github.event_name known: false means it never runs for that event. */
function evaluate(expr: Expr | undefined, event: string): boolean | undefined {
  if (!expr) return undefined;
  const node = expr as unknown as Record<string, unknown> & { operator?: { lexeme: string }; args?: Expr[]; expr?: Expr; group?: Expr; left?: Expr; right?: Expr; functionName?: { lexeme: string } };
  if (node.group) return evaluate(node.group, event);
  if (node.operator?.lexeme === '!' && node.expr) {
    const inner = evaluate(node.expr, event);
    return inner === undefined ? undefined : !inner;
  }
  if (node.operator && node.args && (node.operator.lexeme === '&&' || node.operator.lexeme === '||')) {
    const values = node.args.map((arg) => evaluate(arg, event));
    if (node.operator.lexeme === '&&') return values.includes(false) ? false : values.every((value) => value === true) ? true : undefined;
    return values.includes(true) ? true : values.every((value) => value === false) ? false : undefined;
  }
  if (node.operator && node.left && node.right && (node.operator.lexeme === '==' || node.operator.lexeme === '!=')) {
    const left = valueOf(node.left, event);
    const right = valueOf(node.right, event);
    if (!left || !right || Array.isArray(left.value) || Array.isArray(right.value)) return undefined;
    const equal = String(left.value).toLowerCase() === String(right.value).toLowerCase();
    return node.operator.lexeme === '==' ? equal : !equal;
  }
  if (node.functionName) {
    const name = node.functionName.lexeme.toLowerCase();
    if (name === 'always') return true;
    if (name === 'contains' || name === 'startswith' || name === 'endswith') {
      const [haystack, needle] = (node.args ?? []).map((arg) => valueOf(arg, event));
      if (!haystack || !needle || Array.isArray(needle.value)) return undefined;
      const wanted = String(needle.value).toLowerCase();
      if (Array.isArray(haystack.value)) return name === 'contains' ? haystack.value.some((item) => item.toLowerCase() === wanted) : undefined;
      const text = String(haystack.value).toLowerCase();
      return name === 'contains' ? text.includes(wanted) : name === 'startswith' ? text.startsWith(wanted) : text.endsWith(wanted);
    }
    return undefined;
  }
  const known = valueOf(expr, event);
  if (!known) return undefined;
  const value = known.value;
  return Array.isArray(value) ? true : value !== null && value !== false && value !== 0 && value !== '';
}

function valueOf(expr: Expr, event: string): Known {
  const node = expr as unknown as { literal?: { value?: unknown; kind?: number }; expr?: Expr; index?: Expr; name?: { lexeme: string }; functionName?: { lexeme: string }; args?: Expr[]; group?: Expr };
  if (node.group) return valueOf(node.group, event);
  if (node.literal) return { value: node.literal.kind === 6 ? null : (node.literal.value as string | number | boolean) };
  if (node.functionName?.lexeme.toLowerCase() === 'fromjson') {
    const argument = node.args?.[0] ? valueOf(node.args[0], event) : undefined;
    if (!argument || typeof argument.value !== 'string') return undefined;
    try {
      const parsed: unknown = JSON.parse(argument.value);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return { value: parsed };
      if (typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean' || parsed === null) return { value: parsed };
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (node.expr && node.index) {
    const base = node.expr as unknown as { name?: { lexeme: string } };
    const index = node.index as unknown as { literal?: { value?: unknown } };
    if (base.name?.lexeme.toLowerCase() === 'github' && String(index.literal?.value ?? '').toLowerCase() === 'event_name') return { value: event };
  }
  return undefined;
}

// ─── Runner ───────────────────────────────────────────────────────────────────────────────────────

const HOSTED = /^(?:ubuntu|windows|macos)-(?:latest|\d[\w.-]*)(?:-arm|-xl|-large|-xlarge)?$/i;
const GPU = /gpu|cuda|nvidia|a100|h100|h200|a10g|l40|v100|\bt4\b|\bl4\b/i;

function runnerOf(workflow: WorkflowArtifact, job: Job): JobRunner {
  if (workflow.flavor === 'composite-action') return { kind: 'caller', gpu: false, labels: [], description: "the runner of whichever job uses this action" };
  if (job.uses) return { kind: 'reusable-workflow', gpu: false, labels: [], description: `the runners of ${job.uses.value.split('@')[0]}` };
  const labels = job.runsOn;
  const gpu = labels.some((label) => GPU.test(label));
  if (labels.some((label) => label.includes('${{'))) return { kind: 'dynamic', gpu, labels, description: `a runner chosen at run time (${labels.join(', ')})` };
  if (labels.some((label) => label.toLowerCase() === 'self-hosted')) return { kind: 'self-hosted', gpu, labels, description: gpu ? 'a self-hosted GPU runner' : 'a self-hosted runner' };
  if (labels.length > 0 && labels.every((label) => HOSTED.test(label))) return { kind: 'github-hosted', gpu: false, labels, description: 'a GitHub-hosted runner' };
  if (labels.length === 0) return { kind: 'custom', gpu, labels, description: 'an unspecified runner' };
  return { kind: 'custom', gpu, labels, description: `${gpu ? 'a GPU runner' : 'a runner'} labelled ${labels.join(', ')} (self-hosted or a larger runner)` };
}

// ─── Secrets ──────────────────────────────────────────────────────────────────────────────────────

interface Place {
  ref: ValueRef;
  level: JobSecret['level'];
  step?: Step;
}

/** Every value of the job (and the workflow env it inherits) that can carry a secret. */
function placesOf(workflow: WorkflowArtifact, job: Job): Place[] {
  const values = (entries: Entry[]) => entries.flatMap((entry) => (entry.value ? [entry.value] : []));
  const places: Place[] = values(workflow.env).map((ref) => ({ ref, level: 'workflow' as const }));
  const jobRefs = [...values(job.env), ...values(job.with), ...(Array.isArray(job.secrets) ? values(job.secrets) : [])];
  for (const container of [job.container, ...job.services]) if (container) jobRefs.push(...values(container.credentials), ...values(container.env));
  places.push(...jobRefs.map((ref) => ({ ref, level: 'job' as const })));
  for (const step of job.steps) {
    const refs = [...values(step.env), ...values(step.with), ...(step.run ? [step.run] : [])];
    places.push(...refs.map((ref) => ({ ref, level: 'step' as const, step })));
  }
  return places;
}

function secretsOf(workflow: WorkflowArtifact, job: Job): { secrets: JobSecret[]; allSecrets?: 'inherit' | 'tojson' } {
  const secrets: JobSecret[] = [];
  const seen = new Set<string>();
  let allSecrets: 'inherit' | 'tojson' | undefined = job.secrets === 'inherit' ? 'inherit' : undefined;
  for (const place of placesOf(workflow, job)) {
    for (const fragment of expressionsIn(place.ref.text)) {
      for (const context of fragment.contexts) {
        if (context === 'secrets' || context === 'secrets.*') {
          allSecrets ??= 'tojson';
          continue;
        }
        if (!context.startsWith('secrets.')) continue;
        const name = context.slice('secrets.'.length);
        const key = `${name}\u0000${place.ref.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        secrets.push({ name, source: 'reference', service: serviceOf(name), path: place.ref.path, start: fragment.rawStart, level: place.level, step: place.step });
      }
    }
  }
  for (const secret of plaintextIn(workflow, job)) {
    const name = secret.name ?? secret.match?.detector.label ?? 'credential';
    secrets.push({ name, source: 'plaintext', service: serviceOf(name, secret.match?.detector.provider), path: secret.path, start: secret.rawStart, level: secret.level, step: secret.step });
  }
  return { secrets, allSecrets };
}

/** Plaintext credentials the job can read: the workflow env, and anything written inside the job. */
function plaintextIn(workflow: WorkflowArtifact, job: Job): WorkflowSecret[] {
  const [from, to] = job.map.range ?? [0, 0];
  return workflowSecrets(workflow).filter((secret) => (secret.level === 'workflow' && secret.place !== 'other') || secret.job === job || (secret.place === 'other' && secret.rawStart >= from && secret.rawStart < to));
}

function serviceOf(name: string, provider?: string): string | undefined {
  const upper = name.toUpperCase();
  if (upper === 'GITHUB_TOKEN') return 'GITHUB_TOKEN';
  if (provider === 'AWS' || /^AWS_/.test(upper)) return 'AWS';
  if (/MLFLOW/.test(upper)) return 'MLflow';
  if (provider === 'Hugging Face' || /^(?:HF_|HUGGING)/.test(upper)) return 'Hugging Face';
  if (provider === 'Weights & Biases' || /WANDB/.test(upper)) return 'Weights & Biases';
  if (provider === 'Databricks' || /DATABRICKS/.test(upper)) return 'Databricks';
  if (provider === 'OpenAI' || /OPENAI/.test(upper)) return 'OpenAI';
  if (provider === 'Anthropic' || /ANTHROPIC/.test(upper)) return 'Anthropic';
  if (provider === 'Kaggle' || /KAGGLE/.test(upper)) return 'Kaggle';
  if (provider === 'Slack' || /SLACK/.test(upper)) return 'Slack';
  if (/DOCKER|REGISTRY|GHCR|QUAY/.test(upper)) return 'container registry';
  if (provider === 'Google Cloud' || /^(?:GCP|GOOGLE|GCLOUD|GKE)_/.test(upper)) return 'Google Cloud';
  if (/^(?:AZURE|ARM)_/.test(upper)) return 'Azure';
  if (provider === 'GitHub' || /^(?:GH|GITHUB)_|_PAT$/.test(upper)) return 'GitHub';
  return undefined;
}

// ─── Cloud identities ─────────────────────────────────────────────────────────────────────────────

const AWS_KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$/;

function identitiesOf(workflow: WorkflowArtifact, job: Job, platform: Platform): CloudIdentity[] {
  const identities: CloudIdentity[] = [];
  const component = componentIdentity(workflow, platform);
  const staticAws = (entries: Entry[], idName: string, secretName: string, level: CloudIdentity['level'], step?: Step, principal?: string) => {
    const id = entries.find((entry) => entry.name === idName && entry.value);
    const secret = entries.find((entry) => entry.name === secretName && entry.value);
    const first = id ?? secret;
    if (!first) return;
    const fromSecrets = [id, secret].some((entry) => entry?.value?.value.includes('${{'));
    const keyId = id?.value?.value.trim();
    const listed = keyId && AWS_KEY_ID.test(keyId) ? platform.identityForAccessKey(keyId) : undefined;
    const owner = listed ? ownerOf(listed, 'access-key') : component?.kind === 'aws-iam-user' ? ownerOf(component, 'component') : undefined;
    const from = [id, secret].flatMap((entry) => (entry ? [entry.path] : []));
    identities.push({ provider: 'aws', kind: 'static-key', source: fromSecrets ? 'secret' : 'plaintext', principal, owner, path: first.path, from, start: first.keyStart, level, step });
  };
  staticAws(workflow.env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'workflow');
  staticAws(job.env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'job');
  for (const step of job.steps) {
    staticAws(step.env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'step', step);
    const action = step.uses?.value.split('@')[0]!.toLowerCase() ?? '';
    const input = (name: string) => step.with.find((entry) => entry.name === name);
    const literal = (name: string) => {
      const value = input(name)?.value?.value;
      return value && !value.includes('${{') ? value : undefined;
    };
    if (action === 'aws-actions/configure-aws-credentials') {
      const role = input('role-to-assume');
      if (input('aws-access-key-id')) {
        staticAws(step.with, 'aws-access-key-id', 'aws-secret-access-key', 'step', step, literal('role-to-assume'));
      } else if (role) {
        const arn = literal('role-to-assume');
        const known = arn ? platform.inventory?.identities.find((identity) => identity.arn === arn || (identity.kind === 'aws-iam-role' && arn.endsWith(`:role/${identity.name ?? identity.id}`))) : undefined;
        identities.push({ provider: 'aws', kind: 'oidc', source: 'oidc', principal: arn, owner: known ? ownerOf(known, 'role') : undefined, path: role.path, from: [role.path], start: role.keyStart, level: 'step', step });
      }
    } else if (action === 'google-github-actions/auth') {
      const provider = input('workload_identity_provider');
      const key = input('credentials_json');
      if (key) identities.push({ provider: 'gcp', kind: 'static-key', source: key.value?.value.includes('${{') ? 'secret' : 'plaintext', principal: literal('service_account'), path: key.path, from: [key.path], start: key.keyStart, level: 'step', step });
      else if (provider) identities.push({ provider: 'gcp', kind: 'oidc', source: 'oidc', principal: literal('service_account'), path: provider.path, from: [provider.path], start: provider.keyStart, level: 'step', step });
    } else if (action === 'azure/login') {
      const creds = input('creds');
      const client = input('client-id');
      if (creds) identities.push({ provider: 'azure', kind: 'static-key', source: creds.value?.value.includes('${{') ? 'secret' : 'plaintext', path: creds.path, from: [creds.path], start: creds.keyStart, level: 'step', step });
      else if (client) identities.push({ provider: 'azure', kind: 'oidc', source: 'oidc', principal: literal('client-id'), path: client.path, from: [client.path], start: client.keyStart, level: 'step', step });
    }
  }
  return identities;
}

/** The identity the inventory gives the CI component whose files include this workflow. */
function componentIdentity(workflow: WorkflowArtifact, platform: Platform): InventoryIdentity | undefined {
  const inventory = platform.inventory;
  if (!inventory) return undefined;
  const base = workflow.file.split('/').pop();
  const component = inventory.components.find((candidate) => candidate.kind === 'ci-pipeline' && candidate.identity && (candidate.files ?? []).some((file) => file === workflow.file || file.split('/').pop() === base));
  return component ? inventory.identities.find((identity) => identity.id === component.identity) : undefined;
}

function ownerOf(identity: InventoryIdentity, via: IdentityOwner['via']): IdentityOwner {
  const policies = [...(identity.attachedPolicies ?? []).map((policy) => policy.split('/').pop()!), ...(identity.policyFiles ?? [])];
  return { name: identity.name ?? identity.id, kind: identity.kind, policies, via };
}

// ─── GITHUB_TOKEN ─────────────────────────────────────────────────────────────────────────────────

const SCOPES = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];
/** What the permissive repository default grants when a workflow declares no permissions. */
const PERMISSIVE_DEFAULT = ['actions', 'checks', 'contents', 'deployments', 'discussions', 'issues', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];

function tokenOf(workflow: WorkflowArtifact, job: Job): TokenAccess {
  if (workflow.flavor === 'composite-action') return { source: 'caller', writes: [], idToken: false };
  const declared: Permissions | undefined = job.permissions ?? workflow.permissions;
  if (!declared) return { source: 'default', writes: PERMISSIVE_DEFAULT, idToken: false };
  const source = job.permissions ? 'job' : 'workflow';
  const base = { source, shorthand: declared.shorthand, path: declared.path, start: declared.start } as const;
  if (declared.shorthand === 'write-all') return { ...base, writes: SCOPES, idToken: true };
  if (declared.shorthand) return { ...base, writes: [], idToken: false };
  const writes = [...declared.scopes].filter(([scope, { level }]) => level === 'write' && scope !== 'id-token').map(([scope]) => scope);
  return { ...base, writes, idToken: declared.scopes.get('id-token')?.level === 'write' };
}

// ─── Needs ────────────────────────────────────────────────────────────────────────────────────────

/** The jobs `job` needs, directly or through other jobs, nearest first. */
export function upstreamJobs(workflow: WorkflowArtifact, job: Job): Job[] {
  const byId = new Map(workflow.jobs.map((candidate) => [candidate.id, candidate]));
  const found: Job[] = [];
  const queue = [...job.needs];
  while (queue.length > 0) {
    const next = byId.get(queue.shift()!);
    if (!next || next === job || found.includes(next)) continue;
    found.push(next);
    queue.push(...next.needs);
  }
  return found;
}

// ─── The sentence ─────────────────────────────────────────────────────────────────────────────────

const SERVICE_PHRASES: Record<string, string> = {
  MLflow: 'MLflow credentials',
  'Hugging Face': 'a Hugging Face token',
  'Weights & Biases': 'a Weights & Biases API key',
  Databricks: 'a Databricks token',
  OpenAI: 'an OpenAI API key',
  Anthropic: 'an Anthropic API key',
  Kaggle: 'Kaggle credentials',
  Slack: 'a Slack token',
  'container registry': 'container registry credentials',
  'Google Cloud': 'Google Cloud credentials',
  Azure: 'Azure credentials',
  GitHub: 'a GitHub token',
};

const WRITE_ORDER: Record<ModelWrite['kind'], number> = {
  'object-storage': 0,
  'huggingface-hub': 0,
  'container-registry': 0,
  'model-registry': 1,
  sagemaker: 2,
  'vertex-ai': 2,
  'azure-ml': 2,
  databricks: 2,
  'model-serving': 2,
  kubernetes: 2,
  'cloud-run': 2,
  'deploy-action': 2,
};

/**
 * One sentence on what the job can reach: "Runs on push to main, schedule and manual dispatch on a
 * self-hosted GPU runner; holds AWS keys of ci-training (AmazonS3FullAccess, AmazonSageMakerFullAccess per
 * the inventory) and MLflow credentials; writes the Production model to s3://acme-mlflow-artifacts and
 * promotes churn-model in MLflow."
 */
export function blastRadiusSentence(profile: JobProfile): string {
  const parts = [runsPhrase(profile)];
  const holdings = holdingsOf(profile);
  if (holdings.length) parts.push(`holds ${andList(holdings)}`);
  const writes = [...profile.writes]
    .filter((write) => write.model || write.effect !== 'register')
    .sort((a, b) => WRITE_ORDER[a.kind] - WRITE_ORDER[b.kind] || a.start - b.start)
    .map((write) => write.phrase);
  if (writes.length) parts.push(andList([...new Set(writes)]));
  return `${parts.join('; ')}.`;
}

function runsPhrase(profile: JobProfile): string {
  if (profile.workflow.flavor === 'composite-action') return 'Runs inside whichever job uses this composite action';
  const on = profile.triggers.length ? andList([...new Set(profile.triggers.map((trigger) => trigger.description))]) : 'no trigger (its if: condition rules them all out)';
  return `Runs on ${on} on ${profile.runner.description}`;
}

function holdingsOf(profile: JobProfile): string[] {
  const holdings: string[] = [];
  for (const identity of profile.identities) {
    const phrase = identityPhrase(identity);
    if (!holdings.includes(phrase)) holdings.push(phrase);
  }
  const awsCovered = profile.identities.some((identity) => identity.provider === 'aws' && identity.kind === 'static-key');
  if (profile.allSecrets) holdings.push(`every repository secret (${profile.allSecrets === 'inherit' ? 'secrets: inherit' : 'toJSON(secrets)'})`);
  const others: string[] = [];
  const identityValues = new Set(profile.identities.flatMap((identity) => identity.from));
  for (const secret of profile.secrets) {
    if (secret.service === 'GITHUB_TOKEN' || identityValues.has(secret.path)) continue;
    if (secret.service === 'AWS' && (awsCovered || /^AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)$/i.test(secret.name))) {
      if (!awsCovered && !holdings.includes('AWS keys')) holdings.push('AWS keys');
      continue;
    }
    const phrase = secret.service ? SERVICE_PHRASES[secret.service] ?? `${secret.service} credentials` : undefined;
    if (phrase) {
      if (!holdings.includes(phrase)) holdings.push(phrase);
    } else if (!others.includes(secret.name)) others.push(secret.name);
  }
  if (others.length && !profile.allSecrets) holdings.push(`${others.length === 1 ? 'secret' : 'secrets'} ${andList(others)}`);
  const token = profile.token;
  if (token.source !== 'default' && token.source !== 'caller' && token.writes.length) {
    holdings.push(token.shorthand === 'write-all' ? 'a GITHUB_TOKEN with write-all' : `a GITHUB_TOKEN that can write ${andList(token.writes)}`);
  }
  return holdings;
}

function identityPhrase(identity: CloudIdentity): string {
  const owner = identity.owner;
  const policies = owner?.policies.length ? ` (${owner.policies.join(', ')} per the inventory)` : owner ? ' (per the inventory)' : '';
  if (identity.provider === 'aws') {
    if (identity.kind === 'static-key') {
      const role = identity.principal ? `, used to assume ${roleName(identity.principal)}` : '';
      return owner ? `AWS keys of ${owner.name}${policies}${role}` : `static AWS keys${role}`;
    }
    const role = owner ? `${owner.name}${policies}` : identity.principal ? roleName(identity.principal) : 'a role named in a secret';
    return `OIDC credentials for AWS role ${role}`;
  }
  if (identity.provider === 'gcp') {
    return identity.kind === 'static-key' ? `a Google Cloud service account key${identity.principal ? ` for ${identity.principal}` : ''}` : `OIDC credentials for Google Cloud${identity.principal ? ` as ${identity.principal}` : ''}`;
  }
  return identity.kind === 'static-key' ? 'an Azure service principal secret' : `OIDC credentials for Azure${identity.principal ? ` (client ${identity.principal})` : ''}`;
}

function roleName(arn: string): string {
  return /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] ?? arn;
}

// ─── Helpers ──────────────────────────────────────────────────────────────────────────────────────

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function plaintextValues(workflow: WorkflowArtifact): string[] {
  return workflowSecrets(workflow).flatMap((secret) => [secret.value, secret.match?.partner?.secret ?? '']).filter((value) => value.length >= 6);
}

/** Plaintext credentials that env expansion may have copied into a command or target are masked; so are URI passwords. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(:\/\/[^\s:@/]+):([^\s@/]+)@/g, '$1:••••@');
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(redact(secret));
  return out;
}
