import { isScalar, visit, type Node as YamlNode } from 'yaml';
import { workflowSecrets } from '../../artifacts/workflow/workflow-secrets.js';
import type { Entry, Job, Permissions, Step, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';

// What the workflow rules say about a job when they describe a finding's reach: the runner it runs on,
// the secrets it holds, the scopes of its GITHUB_TOKEN, and what an action reference pins.

/** `uses:` split into what it names and the version it asks for. */
export type ActionRef =
  | { kind: 'local'; raw: string; path: string }
  | { kind: 'docker'; raw: string; image: string; digest?: string; tag?: string }
  | { kind: 'repo'; raw: string; owner: string; repo: string; path: string; name: string; ref?: string };

// Every rule that looks at a step asks what its `uses:` names; each reference is split once.
const usesCache = new Map<string, ActionRef>();

export function parseUses(raw: string): ActionRef {
  let ref = usesCache.get(raw);
  if (!ref) {
    if (usesCache.size > 4096) usesCache.clear();
    usesCache.set(raw, (ref = splitUses(raw)));
  }
  return ref;
}

function splitUses(raw: string): ActionRef {
  const value = raw.trim();
  if (value.startsWith('./') || value.startsWith('../') || value === '.') return { kind: 'local', raw: value, path: value };
  if (value.toLowerCase().startsWith('docker://')) {
    const image = value.slice('docker://'.length);
    const { digest, tag } = imageParts(image);
    return { kind: 'docker', raw: value, image, digest, tag };
  }
  const at = value.lastIndexOf('@');
  const name = at === -1 ? value : value.slice(0, at);
  const ref = at === -1 ? undefined : value.slice(at + 1);
  const [owner = '', repo = '', ...rest] = name.split('/');
  return { kind: 'repo', raw: value, owner, repo, path: rest.join('/'), name, ref };
}

/** Digest and tag of an image reference: registry:5000/org/image:tag@sha256:… */
export function imageParts(image: string): { name: string; digest?: string; tag?: string } {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  return { name: colon > slash ? withoutDigest.slice(0, colon) : withoutDigest, digest, tag };
}

export const FULL_SHA = /^[0-9a-f]{40}$/i;

/** The step's action as `owner/repo` in lower case (or the local path / docker image), if it uses one. */
export function actionName(step: Step): string | undefined {
  if (!step.uses) return undefined;
  const ref = parseUses(step.uses.value);
  return ref.kind === 'repo' ? `${ref.owner}/${ref.repo}`.toLowerCase() : ref.kind === 'local' ? ref.path : `docker://${ref.image}`;
}

export function usesAction(step: Step, ...names: string[]): boolean {
  const name = actionName(step);
  return name !== undefined && names.includes(name);
}

export function withInput(step: Step, name: string): Entry | undefined {
  return step.with.find((entry) => entry.name.toLowerCase() === name.toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------
// Runners

// GitHub-hosted images: ubuntu-latest, ubuntu-24.04(-arm), windows-2022, windows-11-arm, macos-15(-large|-xlarge)…
const HOSTED_IMAGE = /^(?:ubuntu|windows|macos)-(?:latest|\d+(?:\.\d+)?)(?:-(?:arm|arm64|large|xlarge))?$/i;

export interface RunnerFacts {
  /** A self-hosted, GPU or custom-labelled runner: not a fresh GitHub-hosted VM. */
  selfHosted: boolean;
  gpu: boolean;
  /** The labels as written, for messages: `[self-hosted, linux, gpu]`. */
  label: string;
  /** Where the job's code runs, as a phrase for blast radius sentences. */
  description: string;
}

export function runnerOf(job: Job, workflow: WorkflowArtifact): RunnerFacts {
  if (workflow.flavor === 'composite-action') return { selfHosted: false, gpu: false, label: "the caller's runner", description: "the calling job's runner" };
  const labels = job.runsOn;
  const label = labels.length === 0 ? (job.uses ? 'the called workflow' : 'no runs-on') : labels.length === 1 ? labels[0]! : `[${labels.join(', ')}]`;
  const concrete = labels.filter((name) => !name.includes('${{'));
  const gpu = concrete.some((name) => /gpu|cuda|a100|h100|l4\b|t4\b/i.test(name));
  const selfHosted = concrete.some((name) => !HOSTED_IMAGE.test(name));
  if (job.uses) return { selfHosted: false, gpu: false, label, description: 'the runners of the called workflow' };
  if (selfHosted) {
    const what = gpu ? 'self-hosted GPU runner' : concrete.some((name) => name.toLowerCase() === 'self-hosted') ? 'self-hosted runner' : 'custom-labelled (self-hosted or larger) runner';
    return {
      selfHosted,
      gpu,
      label,
      description: `the ${what} ${label}, which outlives the job: code run there can stay on the machine, read other jobs' workspaces, caches and cloud credentials, and reach its network`,
    };
  }
  if (concrete.length === 0 && labels.length > 0) return { selfHosted: false, gpu: false, label, description: `the runner chosen by the expression ${label}` };
  return { selfHosted: false, gpu: false, label, description: `the GitHub-hosted runner ${label} (discarded after the job)` };
}

// ---------------------------------------------------------------------------------------------------------
// Secrets a job holds

const SECRET_REFERENCE = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;

export interface JobSecrets {
  /** `secrets.NAME` references in the job and in workflow-level env, GITHUB_TOKEN excluded. */
  referenced: string[];
  /** Credentials written in plain text where the job receives them (workflow or job level, or its steps). */
  plaintext: string[];
  /** The job passes `secrets: inherit` to a reusable workflow. */
  inherit: boolean;
}

// Several rules describe the same job for each of their findings; the job's secrets are read once.
const secretsCache = new WeakMap<Job, JobSecrets>();

export function secretsOf(job: Job, workflow: WorkflowArtifact): JobSecrets {
  let secrets = secretsCache.get(job);
  if (!secrets) secretsCache.set(job, (secrets = readSecrets(job, workflow)));
  return secrets;
}

function readSecrets(job: Job, workflow: WorkflowArtifact): JobSecrets {
  const referenced = new Set<string>();
  const scan = (node: unknown) => {
    if (!node) return;
    visit(node as YamlNode, {
      Scalar(_, scalar) {
        const value = scalar.value;
        if (typeof value !== 'string' || !value.includes('secrets')) return;
        for (const match of value.matchAll(SECRET_REFERENCE)) {
          const name = match[1] ?? match[2]!;
          if (name.toUpperCase() !== 'GITHUB_TOKEN') referenced.add(name);
        }
      },
    });
  };
  if (workflow.flavor === 'workflow') scan(workflow.root.get('env', true));
  scan(job.map);
  const plaintext = new Set<string>();
  for (const secret of workflowSecrets(workflow)) {
    if (secret.level === 'workflow' || secret.job === job) plaintext.add(secret.name ?? secret.match?.detector.label ?? 'a credential');
  }
  return { referenced: [...referenced], plaintext: [...plaintext], inherit: job.secrets === 'inherit' };
}

export function holdsSecrets(secrets: JobSecrets): boolean {
  return secrets.referenced.length > 0 || secrets.plaintext.length > 0 || secrets.inherit;
}

/** "the secrets HF_TOKEN and WANDB_API_KEY and the plaintext AWS_SECRET_ACCESS_KEY", or undefined. */
export function describeSecrets(secrets: JobSecrets): string | undefined {
  const parts: string[] = [];
  if (secrets.referenced.length) parts.push(`the secret${secrets.referenced.length > 1 ? 's' : ''} ${list(secrets.referenced)}`);
  if (secrets.plaintext.length) parts.push(`the plaintext credential${secrets.plaintext.length > 1 ? 's' : ''} ${list(secrets.plaintext)}`);
  if (secrets.inherit) parts.push('every repository and organization secret (secrets: inherit)');
  return parts.length ? parts.join(', ') : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// GITHUB_TOKEN scopes

const WRITE_EFFECTS: Record<string, string> = {
  contents: 'push commits and tags and publish releases',
  packages: 'publish or overwrite packages and container images',
  actions: 'cancel and re-run workflows and delete caches and artifacts',
  'pull-requests': 'open, edit and approve pull requests',
  issues: 'edit issues and comments',
  checks: 'forge check runs',
  statuses: 'forge commit statuses that required checks rely on',
  deployments: 'create deployments',
  'id-token': 'mint OIDC tokens for every cloud role that trusts this repository',
  attestations: 'create build attestations',
  'security-events': 'dismiss code scanning alerts',
  pages: 'publish GitHub Pages',
  discussions: 'edit discussions',
  'repository-projects': 'edit projects',
};

export function effectivePermissions(job: Job, workflow: WorkflowArtifact): Permissions | undefined {
  return job.permissions ?? workflow.permissions;
}

/** What the job's GITHUB_TOKEN may do, as a phrase. */
export function describeToken(job: Job, workflow: WorkflowArtifact): string {
  if (workflow.flavor === 'composite-action') return "the calling job's GITHUB_TOKEN";
  const permissions = effectivePermissions(job, workflow);
  if (!permissions) {
    return "a GITHUB_TOKEN with the repository's default permissions (read and write on contents, packages, pull requests, issues and more where the permissive default is still set)";
  }
  if (permissions.shorthand === 'write-all') return `a GITHUB_TOKEN with write-all, which can ${Object.values(WRITE_EFFECTS).slice(0, 3).join(', ')} and mint OIDC tokens`;
  if (permissions.shorthand === 'read-all') return 'a read-only GITHUB_TOKEN (read-all)';
  if (permissions.shorthand === 'none') return 'a GITHUB_TOKEN without scopes';
  const write = [...permissions.scopes].filter(([, scope]) => scope.level === 'write').map(([name]) => name);
  if (write.length === 0) return `a read-only GITHUB_TOKEN (${[...permissions.scopes.keys()].map((name) => `${name}: read`).join(', ') || 'no scopes'})`;
  return `a GITHUB_TOKEN that can ${write.map((name) => WRITE_EFFECTS[name] ?? `write ${name}`).join(', ')} (${write.map((name) => `${name}: write`).join(', ')})`;
}

export function writeEffect(scope: string): string {
  return WRITE_EFFECTS[scope] ?? `write ${scope}`;
}

/** One sentence: where the job runs, what it holds. */
export function describeJobReach(job: Job, workflow: WorkflowArtifact): string {
  const runner = runnerOf(job, workflow);
  const secrets = describeSecrets(secretsOf(job, workflow));
  const who = workflow.flavor === 'composite-action' ? 'the calling job' : `job ${job.id}`;
  return `${capitalize(who)} runs on ${runner.description}. It holds ${secrets ? `${secrets} and ` : ''}${describeToken(job, workflow)}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Steps that execute code from the workspace

interface CodeRunner {
  /** Tried on one command line of a run script (comments removed); the `cmd` group is the command. */
  pattern: RegExp;
  why: string;
}

// Where a command starts: the line start, after ; & | ( or a prefix such as sudo, time or VAR=value.
const AT_COMMAND = String.raw`(?:^|[;&|(]\s*|\b(?:sudo|time|exec|env)\s+)(?:[A-Za-z_]\w*=\S*\s+)*`;
const atCommand = (body: string) => new RegExp(`${AT_COMMAND}(?<cmd>${body})`, 'd');
const anywhere = (body: string) => new RegExp(String.raw`\b(?<cmd>${body})`, 'd');
const REST = String.raw`[^;&|]*`;

const CODE_RUNNERS: CodeRunner[] = [
  {
    pattern: anywhere(String.raw`(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b[^;&|]*?(?:\s(?:-e|--editable|-r|--requirement)\s*\S+|\s\.(?:\[[^\]]*\])?(?=\s|$)|\s\.\/\S*)${REST}`),
    why: 'runs the build hooks of the checked-out project (setup.py, pyproject build backend) or installs whatever its requirements file lists',
  },
  { pattern: anywhere(String.raw`(?:poetry\s+install|uv\s+sync|pipenv\s+install|(?:conda|mamba)\s+env\s+(?:create|update)\b)${REST}`), why: 'installs the checked-out project and the dependencies it lists' },
  { pattern: anywhere(String.raw`(?:jupyter\s+nbconvert\b[^;&|]*--execute|papermill\b)${REST}`), why: 'executes the checked-out notebooks' },
  { pattern: anywhere(String.raw`dvc\s+(?:repro|exp\s+run)\b${REST}`), why: 'runs the pipeline stages defined in the checked-out dvc.yaml' },
  { pattern: anywhere(String.raw`(?:python3?\s+-m\s+)?(?:pytest|py\.test|tox|nox)\b${REST}`), why: 'runs the checked-out tests and their conftest.py' },
  {
    pattern: anywhere(String.raw`(?:python3?(?:\.\d+)?|uv\s+run|poetry\s+run\s+python3?|accelerate\s+launch|torchrun|deepspeed)\s+(?:-[uBOE]+\s+)*(?:-m\s+(?!(?:pip|venv|ensurepip|json\.tool|site)\b)[\w.]+|[\w./-]+\.py)\b${REST}`),
    why: 'runs checked-out Python code',
  },
  { pattern: atCommand(String.raw`g?make(?=\s|$)${REST}`), why: 'runs the checked-out Makefile' },
  { pattern: anywhere(String.raw`(?:npm\s+(?:install|i|ci|run|test|start)|yarn(?:\s+(?:install|run|test|build))?|pnpm\s+(?:install|i|run|test))(?=\s|$)${REST}`), why: 'runs the install and build scripts of the checked-out package.json' },
  { pattern: anywhere(String.raw`(?:cargo\s+(?:build|test|run)|go\s+(?:run|test|generate|build)|mvn|gradle)\b${REST}`), why: 'builds and runs checked-out code' },
  { pattern: atCommand(String.raw`\.\/gradlew\b${REST}`), why: 'runs the checked-out Gradle wrapper' },
  { pattern: anywhere(String.raw`docker\s+(?:build|buildx\s+build|compose\s+(?:up|build|run))\b${REST}`), why: "runs the RUN instructions of the checked-out Dockerfile" },
  { pattern: anywhere(String.raw`(?:bash|sh|zsh|source)\s+[\w./-]+\.sh\b${REST}`), why: 'runs a checked-out shell script' },
  { pattern: atCommand(String.raw`(?:\.\s+)?\.{1,2}\/[\w./-]+${REST}`), why: 'runs a checked-out script' },
];

export interface CodeExecution {
  step: Step;
  /** File offsets of the command. */
  start: number;
  end: number;
  /** The command as written, and why it runs workspace code. */
  command: string;
  what: string;
}

/** The first command in a step that runs code from the workspace: a local action or a known command in `run:`. */
export function codeExecution(step: Step): CodeExecution | undefined {
  if (step.uses && parseUses(step.uses.value).kind === 'local') {
    return { step, start: step.uses.start, end: step.uses.end, command: step.uses.value, what: `the local action \`${step.uses.value}\`, whose action.yml and code come from the checkout` };
  }
  if (!step.run) return undefined;
  const script = step.run.text.text;
  let lineStart = 0;
  for (const line of script.split('\n')) {
    const code = stripComment(line);
    for (const runner of CODE_RUNNERS) {
      const match = runner.pattern.exec(code);
      const indices = match?.indices?.groups?.cmd;
      if (!match || !indices) continue;
      const command = code.slice(indices[0], indices[1]).trimEnd();
      const range = step.run.text.rawRange(lineStart + indices[0], lineStart + indices[0] + command.length);
      return { step, start: range.start, end: range.end, command, what: `\`${command}\`, which ${runner.why}` };
    }
    lineStart += line.length + 1;
  }
  return undefined;
}

function stripComment(line: string): string {
  const hash = line.search(/(?:^|\s)#/);
  return hash === -1 ? line : line.slice(0, hash);
}

// ---------------------------------------------------------------------------------------------------------
// Text helpers

export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function stepLabel(step: Step, showUses = true): string {
  return `step ${step.index + 1}${step.name ? ` "${step.name}"` : showUses && step.uses ? ` (${step.uses.value})` : ''}`;
}

export function scalarIs(node: unknown, value: string): boolean {
  return isScalar(node) && String(node.value).toLowerCase() === value;
}

/** `job train (self-hosted GPU runner [self-hosted, gpu]; secrets HF_TOKEN)`, for lists of jobs. */
export function jobSummary(job: Job, workflow: WorkflowArtifact): string {
  const runner = runnerOf(job, workflow);
  const secrets = describeSecrets(secretsOf(job, workflow));
  const parts = [runner.selfHosted ? `${runner.gpu ? 'self-hosted GPU runner' : 'self-hosted runner'} ${runner.label}` : `runs on ${runner.label}`];
  if (secrets) parts.push(`holds ${secrets}`);
  return `job ${job.id} (${parts.join('; ')})`;
}
