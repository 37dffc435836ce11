import { expressionsIn } from '../../artifacts/workflow/expressions.js';
import type { Job, Step, ValueRef, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { codeExecution, describeSecrets, describeToken, holdsSecrets, list, runnerOf, secretsOf, stepLabel, usesAction, withInput, type CodeExecution } from './job-facts.js';

/** Workflow events that run with the base repository's secrets and a write token, whatever the pull request contains. */
export const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'] as const;

// Contexts that name the pull request's head (or the head of the run that triggered workflow_run):
// code an outside contributor controls.
const UNTRUSTED_REFS = [
  'github.event.pull_request.head.sha',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.merge_commit_sha',
  'github.head_ref',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_commit.id',
];

export interface UntrustedCheckout {
  step: Step;
  /** The value that selects the untrusted code (the ref input, or the run command). */
  value: ValueRef;
  start: number;
  end: number;
  /** What it checks out, for messages: `github.event.pull_request.head.sha`. */
  source: string;
}

/** A step that puts the pull request's (or triggering run's) head into the workspace. */
export function untrustedCheckout(step: Step): UntrustedCheckout | undefined {
  if (usesAction(step, 'actions/checkout')) {
    const ref = withInput(step, 'ref')?.value;
    if (!ref) return undefined;
    for (const fragment of expressionsIn(ref.text)) {
      const context = fragment.contexts.find((name) => UNTRUSTED_REFS.includes(name));
      if (context) return { step, value: ref, start: ref.start, end: ref.end, source: context };
      if (/^refs\/pull\//.test(ref.value) && fragment.contexts.some((name) => name === 'github.event.pull_request.number' || name === 'github.event.number')) {
        return { step, value: ref, start: ref.start, end: ref.end, source: ref.value };
      }
    }
    return undefined;
  }
  const run = step.run;
  if (!run) return undefined;
  const match = /\bgh\s+pr\s+checkout\b[^\n;&|]*|\bgit\s+(?:fetch|checkout|pull)\b[^\n;&|]*(?:refs\/)?pull\/[^\s]*\/(?:head|merge)[^\n;&|]*/.exec(run.text.text);
  if (match) {
    const range = run.text.rawRange(match.index, match.index + match[0].trimEnd().length);
    return { step, value: run, start: range.start, end: range.end, source: match[0].trim() };
  }
  const fromContext = expressionsIn(run.text).find((fragment) => fragment.contexts.some((name) => UNTRUSTED_REFS.includes(name)) && /\bgit\s+(?:fetch|checkout|switch|pull)\b/.test(run.text.text));
  if (fromContext) {
    const source = fromContext.contexts.find((name) => UNTRUSTED_REFS.includes(name))!;
    return { step, value: run, start: fromContext.rawStart, end: fromContext.rawEnd, source };
  }
  return undefined;
}

/** The job or the checkout only runs for pull requests from branches of this repository, not from forks. */
function sameRepositoryOnly(...conditions: Array<ValueRef | undefined>): boolean {
  return conditions.some((condition) => {
    const text = condition?.value.replace(/\s+/g, ' ') ?? '';
    return (
      /head\.repo\.full_name ?== ?github\.repository\b|github\.repository ?== ?github\.event\.pull_request\.head\.repo\.full_name/.test(text) ||
      /head\.repo\.fork ?== ?false|!\s*github\.event\.pull_request\.head\.repo\.fork\b/.test(text) ||
      /head_repository\.full_name ?== ?github\.repository\b/.test(text)
    );
  });
}

export interface UntrustedRun {
  job: Job;
  checkout: UntrustedCheckout;
  executions: CodeExecution[];
}

/** Jobs of a privileged workflow that check out the untrusted head and then run code from it. */
export function untrustedRuns(workflow: WorkflowArtifact): UntrustedRun[] {
  if (workflow.flavor !== 'workflow' || !privilegedTriggers(workflow).length) return [];
  const found: UntrustedRun[] = [];
  for (const job of workflow.jobs) {
    if (sameRepositoryOnly(job.if)) continue;
    let checkout: UntrustedCheckout | undefined;
    const executions: CodeExecution[] = [];
    for (const step of job.steps) {
      if (!checkout) {
        const candidate = untrustedCheckout(step);
        if (candidate && !sameRepositoryOnly(step.if)) checkout = candidate;
        // A `gh pr checkout && make` step checks out and runs in one go.
        if (checkout && step.run) {
          const execution = codeExecution(step);
          if (execution && execution.start > checkout.end) executions.push(execution);
        }
        continue;
      }
      const execution = codeExecution(step);
      if (execution && runsIn(execution, checkoutPath(checkout))) executions.push(execution);
    }
    if (checkout && executions.length) found.push({ job, checkout, executions });
  }
  return found;
}

/** Where the untrusted checkout lands, when it is not the workspace root (`path: pr`). */
function checkoutPath(checkout: UntrustedCheckout): string | undefined {
  const path = withInput(checkout.step, 'path')?.value?.value.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  return path && path !== '.' ? path : undefined;
}

/**
 * With the head in its own folder, a command runs it when the step works in that folder (working-directory,
 * `cd pr`) or the first path the command names is in it (`pip install -e ./pr`, `python pr/x.py`, `pytest pr/tests`);
 * `python tools/compare.py pr/configs` runs the base branch's tool on the head's files as data.
 */
function runsIn(execution: CodeExecution, path: string | undefined): boolean {
  if (!path) return true;
  const inFolder = (value: string) => {
    const clean = value.replace(/^['"]|['"]$/g, '').replace(/^\.\//, '').replace(/^\$\{?GITHUB_WORKSPACE\}?\//, '');
    return clean === path || clean.startsWith(`${path}/`);
  };
  const workingDirectory = execution.step.map.get('working-directory');
  if (typeof workingDirectory === 'string' && inFolder(workingDirectory.trim())) return true;
  const script = execution.step.run?.value ?? '';
  if ([...script.matchAll(/\bcd\s+(\S+)/g)].some((match) => inFolder(match[1]!))) return true;
  const first = execution.command.split(/\s+/).find((token) => token.includes('/') || inFolder(token));
  return first !== undefined && inFolder(first);
}

export function privilegedTriggers(workflow: WorkflowArtifact): string[] {
  return workflow.triggers.map((trigger) => trigger.event).filter((event) => (PRIVILEGED_TRIGGERS as readonly string[]).includes(event));
}

export default defineRule({
  id: 'workflow/dangerous-trigger',
  artifact: 'workflow',
  title: 'Privileged workflow runs code from an untrusted pull request',
  category: 'ci-injection',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-829', 'CWE:CWE-94'),
  control:
    'Never run pull request code in a `pull_request_target` or `workflow_run` job: test and train on PR code in a `pull_request` workflow (no secrets, read-only token, GitHub-hosted runner) and let a separate privileged workflow consume only its uploaded results as data.',
  docs: {
    summary:
      'Finds `pull_request_target` and `workflow_run` workflows whose jobs check out the head of the pull request or of the triggering run (actions/checkout with `ref:` set to github.event.pull_request.head.sha or .ref, github.head_ref, github.event.workflow_run.head_sha or .head_branch, a refs/pull/N ref, or `gh pr checkout`) and then run it: a later step that installs or executes repository code (`pip install -e .` or `-r`, `python train.py`, `pytest`, `make`, `npm install`, `jupyter nbconvert --execute`, `papermill`, `dvc repro`, `./script.sh`, `docker build`) or a local action `uses: ./…`. Critical when the job runs on a self-hosted, GPU or custom-labelled runner or holds secrets. Jobs guarded by a same-repository condition (head.repo.full_name == github.repository) are skipped.',
    risk:
      'These triggers run in the context of the base repository: with its secrets, a GITHUB_TOKEN that can write, and its runners, even when the pull request comes from a fork. Checking out the fork\'s code and running its setup.py, requirements file, conftest.py, Makefile or training script hands all of that to anyone who can open a pull request. On an ML platform that usually means the GPU runners, the cloud role that writes the model bucket and the registry, and the experiment tracker credentials; this is how "pwn request" attacks poisoned published packages and models.',
    bad: {
      language: 'yaml',
      code: 'on: pull_request_target\njobs:\n  evaluate:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - uses: actions/checkout@<sha>\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: pip install -e .\n      - run: python evaluate.py\n        env:\n          HF_TOKEN: ${{ secrets.HF_TOKEN }}',
    },
    good: {
      language: 'yaml',
      code: '# evaluate.yml: untrusted code, no secrets, read-only token\non: pull_request\npermissions:\n  contents: read\njobs:\n  evaluate:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@<sha>  # v4\n        with:\n          persist-credentials: false\n      - run: pip install -e . && python evaluate.py --out metrics.json\n      - uses: actions/upload-artifact@<sha>  # v4\n        with: { name: metrics, path: metrics.json }\n# comment.yml: on workflow_run, downloads metrics.json and treats it as data only',
    },
    references: [
      { title: 'Keeping your GitHub Actions and workflows secure: preventing pwn requests', url: 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/' },
      { title: 'Events that trigger workflows: pull_request_target', url: 'https://docs.github.com/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target' },
    ],
  },
  check({ artifact, report }) {
    const triggers = privilegedTriggers(artifact);
    for (const { job, checkout, executions } of untrustedRuns(artifact)) {
      const runner = runnerOf(job, artifact);
      const secrets = secretsOf(job, artifact);
      const critical = runner.selfHosted || holdsSecrets(secrets);
      const first = executions[0]!;
      const trigger = triggers.join(' and ');
      const fromRun = checkout.source.includes('workflow_run');
      const author = fromRun ? 'whoever opened the pull request that started the triggering run' : 'the author of the pull request, who can be anyone with a fork';
      const held = describeSecrets(secrets);
      const steps = executions.map((execution) => `${execution.what} (${stepLabel(execution.step)})`);
      report({
        start: first.start,
        end: first.end,
        location: { yamlPath: first.step.uses && first.command === first.step.uses.value ? first.step.uses.path : first.step.run?.path ?? first.step.path },
        severity: critical ? 'critical' : 'high',
        title: `${trigger} job ${job.id} runs code from the ${fromRun ? "triggering run's head" : 'pull request'} it checks out`,
        message:
          `Job ${job.id} of this ${trigger} workflow checks out \`${checkout.source}\` in ${stepLabel(checkout.step)}: code controlled by ${author}. ` +
          `It then runs ${list(steps)}. ${trigger === 'workflow_run' ? 'workflow_run' : 'pull_request_target'} runs in the base repository's context, so that code runs with the repository's secrets and a token that can write, not with the restrictions of a fork's pull_request run.`,
        evidence: `${checkout.source} → ${first.command}`.slice(0, 160),
        blastRadius:
          `The ${fromRun ? "triggering run's" : "pull request's"} code gets ${held ? `${held} and ` : ''}${describeToken(job, artifact)}, and runs on ${runner.description}.` +
          `${job.environment ? " The job's environment protection rules (required reviewers) are the only gate before it runs." : ''}`,
        identity: `${job.id}:${checkout.source}`,
        notes: [
          'Labels ("safe to test") and other conditions that an attacker can satisfy after approval do not make the checkout safe: the head can change between the check and the checkout.',
        ],
        related: [
          { start: checkout.start, location: { yamlPath: checkout.value.path }, message: `the untrusted head is checked out here (${checkout.source})` },
          ...executions.slice(1).map((execution) => ({ start: execution.start, location: { yamlPath: execution.step.run?.path ?? execution.step.path }, message: `also runs ${execution.command}` })),
        ],
        recommendation:
          `Move ${job.id} to a workflow triggered by \`pull_request\` (no secrets, read-only token) on a GitHub-hosted runner, and keep ${trigger} only for steps that use the results as data (download the artifact, post a comment). ` +
          `If the job must stay privileged, remove the \`ref:\` from the checkout so it builds the base branch, or add \`if: github.event.pull_request.head.repo.full_name == github.repository\` to the job.`,
        fix: {
          description: 'Untrusted code in an unprivileged pull_request workflow; the privileged workflow only reads its output',
          snippet:
            `on: pull_request\npermissions:\n  contents: read\njobs:\n  ${job.id}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@<sha>  # v4\n        with:\n          persist-credentials: false\n      - ${first.step.run ? 'run' : 'uses'}: ${first.command}`,
          language: 'yaml',
        },
      });
    }
  },
});
