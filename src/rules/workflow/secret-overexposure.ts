import { isPair, isScalar, isSeq, visit, type Scalar } from 'yaml';
import { expressionsIn } from '../../artifacts/workflow/expressions.js';
import type { Job, Step, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { scalarText } from '../../artifacts/yaml/scalar-text.js';
import {
  CLOUD_KEY_ENV,
  RUN_READERS,
  describeRefs,
  isThirdPartyAction,
  jobLabel,
  listOf,
  runnerOf,
  secretRefOf,
  stepLabel,
  thirdPartyActions,
  runsSentence,
  workflowSecretEnv,
  type SecretEnvVar,
} from './secret-scope.js';

// Three ways a workflow hands secrets to more code than needs them: `secrets: inherit` on a reusable
// workflow call, `toJSON(secrets)` passed as a value, and secrets in workflow-level env that only one
// job or step reads. `toJSON(secrets)` inside `run:` scripts belongs to workflow/secret-in-logs (the
// evaluated script is shown in the log); this rule reports it everywhere else, so each place is reported once.

export default defineRule({
  id: 'workflow/secret-overexposure',
  artifact: 'workflow',
  title: 'Secrets handed to more jobs, steps or workflows than need them',
  category: 'secret-exposure',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-200', 'CWE:CWE-522'),
  control:
    'Give each secret only to the step that needs it: reference `${{ secrets.NAME }}` in that step\'s `env:` or `with:`, pass reusable workflows the secrets they declare (`secrets: NAME: ${{ secrets.NAME }}`) instead of `secrets: inherit`, and never pass `toJSON(secrets)`.',
  docs: {
    summary:
      "Reports three ways a GitHub Actions workflow gives secrets to code that does not need them. (1) `secrets: inherit` on a call to a reusable workflow: every repository, organisation and environment secret the caller can see goes to the called workflow; the finding is high when the called workflow is in another repository and not pinned to a commit SHA. (2) `${{ toJSON(secrets) }}` in any value other than a `run:` script (env, `with:` inputs, `secrets:` of a reusable call, conditions): all secrets at once, high when third-party code receives it (an action from outside GitHub's organisations, a workflow in another repository, or env that such an action gets). Inside `run:` scripts it is reported by workflow/secret-in-logs instead, because the evaluated script is shown in the step's log. (3) A secret (`${{ secrets.X }}`) set in workflow-level `env:`, which every step of every job receives (third-party actions included), when at most one job refers to it: the finding sits on the env entry, names the jobs and steps that use it and those that only receive it, and recommends moving it to the using step's env. Plaintext values are left to workflow/plaintext-secret, static cloud keys (AWS_ACCESS_KEY_ID and friends) to workflow/long-lived-cloud-keys, whose fix removes them altogether, and `secrets.GITHUB_TOKEN` is not reported here: every action can already read `github.token`, and its reach is set by `permissions:`.",
    risk:
      'Every step that receives a secret can read it and send it anywhere: a compromised or typo-squatted action, a malicious dependency installed by `pip install`, or a test that logs its environment. The more steps and workflows get a secret, the more code must be trusted with it. On an ML platform the secrets in CI publish models (Hugging Face, the model registry) and read training data (cloud keys), so an action that only formats code should not hold them.',
    bad: {
      language: 'yaml',
      code: 'env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}          # every step of every job gets it\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/format-action@v2            # receives HF_TOKEN\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: huggingface-cli upload acme/churn-model model/ --token "$HF_TOKEN"\n  evaluate:\n    uses: acme/ml-workflows/.github/workflows/eval.yml@main\n    secrets: inherit                           # all secrets, to another repository\'s branch',
    },
    good: {
      language: 'yaml',
      code: 'jobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/format-action@<sha>  # v2\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Upload the model\n        env:\n          HF_TOKEN: ${{ secrets.HF_TOKEN }}   # only this step\n        run: huggingface-cli upload acme/churn-model model/ --token "$HF_TOKEN"\n  evaluate:\n    uses: acme/ml-workflows/.github/workflows/eval.yml@<sha>\n    secrets:\n      WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}   # what eval.yml declares',
    },
    references: [
      { title: 'GitHub Docs: Secrets', url: 'https://docs.github.com/actions/concepts/security/secrets' },
      { title: 'GitHub Docs: Reuse workflows (passing secrets, secrets: inherit)', url: 'https://docs.github.com/actions/how-tos/reuse-automations/reuse-workflows' },
      { title: 'GitHub Docs: Secure use reference (principle of least privilege)', url: 'https://docs.github.com/actions/reference/security/secure-use' },
    ],
  },
  check({ artifact: workflow, report }) {
    const runs = ` ${runsSentence(workflow)}`;

    // 1. secrets: inherit
    for (const job of workflow.jobs) {
      if (job.secrets !== 'inherit' || job.secretsStart === undefined || !job.uses) continue;
      const called = job.uses.value.trim();
      const local = called.startsWith('./');
      const ref = called.includes('@') ? called.slice(called.lastIndexOf('@') + 1) : '';
      const pinned = /^[0-9a-f]{40}$/i.test(ref);
      const external = !local;
      const severity = external && !pinned ? 'high' : 'medium';
      const secretsPair = job.map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === 'secrets');
      const end = (secretsPair?.value as Scalar | undefined)?.range?.[1] ?? job.secretsStart + 'secrets'.length;
      const who = local
        ? 'a workflow in this repository, so anyone who can change that file on the ref that runs gets them'
        : pinned
          ? `a workflow in another repository, pinned to commit ${ref.slice(0, 12)}`
          : `a workflow in another repository at \`${ref || 'its default branch'}\`, a ref its owners can move: whoever can push there decides what runs with these secrets`;
      report({
        start: job.secretsStart,
        end,
        location: { yamlPath: `${job.path}.secrets` },
        severity,
        title: 'Every secret passed to a reusable workflow with secrets: inherit',
        message: `${capitalize(jobLabel(job))} calls \`${called}\` with \`secrets: inherit\`, which passes every repository, organisation and environment secret the caller can see, not only the ones the called workflow declares under \`on.workflow_call.secrets\`.`,
        evidence: `uses: ${called} · secrets: inherit`,
        blastRadius: `All of the caller's secrets reach every job and action of \`${called}\`, ${who}.${runs}`,
        identity: `inherit:${job.id}:${called.replace(/@.*$/, '')}`,
        recommendation: `Replace \`secrets: inherit\` with the secrets \`${called.replace(/@.*$/, '')}\` declares, each mapped explicitly${external && !pinned ? ', and pin the called workflow to a full commit SHA' : ''}.`,
        fix: {
          description: 'Pass only the secrets the called workflow declares',
          snippet: `${job.id}:\n  uses: ${external && !pinned ? `${called.replace(/@.*$/, '')}@<full-commit-sha>` : called}\n  secrets:\n    <SECRET_NAME>: \${{ secrets.<SECRET_NAME> }}   # one line per secret in its on.workflow_call.secrets`,
          language: 'yaml',
        },
      });
    }

    // 2. toJSON(secrets) outside run scripts.
    const scripts = new Set<Scalar>(workflow.jobs.flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run.node] : []))));
    visit(workflow.document, {
      Scalar(_key, node, ancestors) {
        if (scripts.has(node) || typeof node.value !== 'string' || !node.value.includes('${{')) return;
        const text = scalarText(workflow.text, node);
        for (const fragment of expressionsIn(text)) {
          if (!secretRefOf(fragment)?.allSecrets) continue;
          const path = yamlPath(ancestors, node);
          const place = placeOf(workflow, path);
          report({
            start: fragment.rawStart,
            end: fragment.rawEnd,
            location: { yamlPath: path },
            severity: place.thirdParty ? 'high' : 'medium',
            title: 'Every secret passed at once with toJSON(secrets)',
            message: `\`${path}\` is set to \`\${{ ${fragment.expression} }}\`, which serialises every secret the job can see into one JSON value and hands it to ${place.receiver} ${place.as}. GitHub's log masking matches single values and misses JSON-escaped ones.`,
            evidence: `${path.split('.').pop()}: \${{ ${fragment.expression} }}`,
            blastRadius: `${capitalize(place.receiver)}${place.runner ? `, on ${place.runner},` : ''} receives every repository, organisation and environment secret available to the job ${place.as}${place.thirdParty ? '; third-party code among the receivers can send them anywhere' : ''}.${runs}`,
            identity: `tojson:${path}`,
            recommendation: 'Pass only the secrets that are needed, one value each: `NAME: ${{ secrets.NAME }}`.',
            fix: { description: 'One secret per value', snippet: `${path.split('.').pop()}: \${{ secrets.<SECRET_NAME> }}   # repeat for each secret actually needed`, language: 'yaml' },
          });
        }
      },
    });

    // 3. Secrets in workflow-level env that at most one job uses.
    const runnable = workflow.jobs.filter((job) => !job.uses);
    for (const env of workflowSecretEnv(workflow)) {
      if (env.refs.some((ref) => ref.allSecrets)) continue; // reported above, at the fragment
      if (CLOUD_KEY_ENV.has(env.name)) continue; // workflow/long-lived-cloud-keys: replace with OIDC rather than move
      if (env.refs.every((ref) => !ref.dynamic && ref.names.every((name) => name === 'GITHUB_TOKEN'))) continue;
      const users = usersOf(env.name, runnable);
      const jobs = [...new Set(users.map((use) => use.job))];
      if (jobs.length > 1) continue;
      const receiving = runnable.flatMap((job) => job.steps.filter((step) => !users.some((use) => use.step === step)).map((step) => ({ job, step })));
      if (receiving.length === 0) continue;
      const value = env.entry.value;
      const end = value ? value.end : env.entry.keyStart + env.name.length;
      report({
        start: env.entry.keyStart,
        end,
        location: { yamlPath: env.entry.path },
        confidence: users.length ? 'high' : 'medium',
        title: users.length ? `Secret in workflow-level env used by ${users.length === 1 ? 'one step' : `one job`}` : 'Secret in workflow-level env that no step names',
        message: usageMessage(env, users, runnable),
        evidence: `${env.name}: ${env.entry.value ? env.entry.value.value.trim() : ''}`.slice(0, 100),
        blastRadius: receiversSentence(env, receiving, runnable, workflow),
        identity: `workflow-env:${env.name}`,
        recommendation: recommendationFor(env, users),
        fix: fixFor(env, users),
      });
    }
  },
});

interface Use {
  job: Job;
  step?: Step;
}

/** The steps (or whole jobs, for job-level references) that refer to an environment variable by name. */
function usersOf(name: string, jobs: readonly Job[]): Use[] {
  const uses: Use[] = [];
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const word = new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`);
  const readsEnv = (text: string | undefined) => text !== undefined && text.includes('${{') && new RegExp(`\\benv\\.${escaped}(?![A-Za-z0-9_])|\\benv\\[\\s*'${escaped}'\\s*\\]`, 'i').test(text);
  for (const job of jobs) {
    const jobLevel = [job.if?.value, ...job.env.map((entry) => entry.value?.value), ...job.with.map((entry) => entry.value?.value)].some(readsEnv);
    let stepUse = false;
    for (const step of job.steps) {
      const inScript = step.run ? word.test(step.run.value) : false;
      const inValues = [step.if?.value, ...step.with.map((entry) => entry.value?.value), ...step.env.map((entry) => entry.value?.value)].some(readsEnv);
      // A step that sets its own value of the name does not use the workflow's.
      const shadowed = step.env.some((entry) => entry.name === name);
      if ((inScript || inValues) && !shadowed) {
        uses.push({ job, step });
        stepUse = true;
      }
    }
    if (jobLevel && !stepUse) uses.push({ job });
  }
  return uses;
}

function usageMessage(env: SecretEnvVar, users: readonly Use[], jobs: readonly Job[]): string {
  const holds = describeRefs(env.refs);
  const total = jobs.reduce((sum, job) => sum + job.steps.length, 0);
  const base = `\`${env.name}\` holds ${holds} and is set in workflow-level \`env:\`, so all ${total} step${total === 1 ? '' : 's'} of ${jobs.length === 1 ? jobLabel(jobs[0]!) : `the ${jobs.length} jobs`} receive it`;
  if (users.length === 0) {
    return `${base}, yet no step refers to it by name. If a tool reads it from the environment (huggingface_hub reads HF_TOKEN, wandb reads WANDB_API_KEY, the AWS CLI reads AWS_* variables), only the step that runs that tool needs it.`;
  }
  const named = users.map((use) => (use.step ? `${stepLabel(use.step)} of ${jobLabel(use.job)}` : `${jobLabel(use.job)} (in its own settings)`));
  return `${base}, but only ${listOf(named)} ${users.length === 1 ? 'uses' : 'use'} it.`;
}

function receiversSentence(env: SecretEnvVar, receiving: ReadonlyArray<{ job: Job; step: Step }>, jobs: readonly Job[], workflow: WorkflowArtifact): string {
  const steps = receiving.map(({ step }) => step);
  const actions = [...new Set(steps.flatMap((step) => (step.uses ? [step.uses.value.trim()] : [])))];
  const thirdParty = thirdPartyActions(steps);
  const runners = [...new Set(jobs.map((job) => `${jobLabel(job)} on ${runnerOf(job)}`))];
  return (
    `${receiving.length} step${receiving.length === 1 ? '' : 's'} that do not use ${env.secrets.map((name) => `\`secrets.${name}\``).join(', ')} still receive it${actions.length ? `, including the action${actions.length === 1 ? '' : 's'} ${listOf(actions.map((action) => `\`${action}\``))}` : ''}` +
    `${thirdParty.length ? `; ${listOf(thirdParty.map((action) => `\`${action}\``))} ${thirdParty.length === 1 ? 'is' : 'are'} third-party code that can read the environment and send it anywhere` : ''}. ` +
    `Runners: ${listOf(runners)}. ${runsSentence(workflow)} Anything a step prints reaches logs that ${RUN_READERS} can read.`
  );
}

function recommendationFor(env: SecretEnvVar, users: readonly Use[]): string {
  const secret = env.secrets[0] ?? env.name;
  const stepUsers = users.filter((use) => use.step);
  if (stepUsers.length === 1) {
    return `Move \`${env.name}: \${{ secrets.${secret} }}\` from workflow-level \`env:\` to the \`env:\` of ${stepLabel(stepUsers[0]!.step!)} in ${jobLabel(stepUsers[0]!.job)}.`;
  }
  if (users.length) {
    return `Move \`${env.name}\` from workflow-level \`env:\` to the \`env:\` of each step of ${jobLabel(users[0]!.job)} that uses it (${listOf(stepUsers.map((use) => stepLabel(use.step!)))}), or to that job's \`env:\` if every step needs it.`;
  }
  return `Remove \`${env.name}\` from workflow-level \`env:\` and set it in the \`env:\` of the step that runs the tool that reads it.`;
}

function fixFor(env: SecretEnvVar, users: readonly Use[]) {
  const secret = env.secrets[0] ?? env.name;
  const use = users.find((candidate) => candidate.step) ?? users[0];
  const step = use?.step;
  const script = step?.run?.value.trim();
  const lines = [
    `# workflow-level env: ${env.name} removed`,
    'jobs:',
    `  ${use?.job.id ?? '<job>'}:`,
    '    steps:',
    step?.name ? `      - name: ${step.name}` : step?.uses ? `      - uses: ${step.uses.value.trim()}` : '      - name: <the step that runs the tool that reads it>',
    ...(step?.name && step.uses ? [`        uses: ${step.uses.value.trim()}`] : []),
    '        env:',
    `          ${env.name}: \${{ secrets.${secret} }}`,
    script ? `        run: ${script.split('\n')[0]}${script.includes('\n') ? ' …' : ''}` : step?.uses ? '        with: …' : '        run: <command>',
  ];
  return { description: `Set ${env.name} on the step that uses it, not for the whole workflow`, snippet: lines.join('\n'), language: 'yaml' };
}

interface Place {
  /** The subject of a sentence: "the action `acme/notify@v1`", "every step of every job". */
  receiver: string;
  /** How it arrives: "as environment variable `ALL`", "through input `secrets-json`". */
  as: string;
  thirdParty: boolean;
  runner?: string;
}

/** Who receives a value at `path`: an action's input, a step's or job's environment, a called workflow. */
function placeOf(workflow: WorkflowArtifact, path: string): Place {
  const name = path.split('.').pop()!;
  const asEnv = `as environment variable \`${name}\``;
  if (path.startsWith('env.')) return { receiver: 'every step of every job', as: asEnv, thirdParty: workflow.jobs.some((job) => thirdPartyActions(job.steps).length > 0) };
  const match = /^jobs\.([^.]+)(?:\.steps\[(\d+)\])?/.exec(path);
  const job = match ? workflow.jobs.find((candidate) => candidate.id === match[1]) : workflow.flavor === 'composite-action' ? workflow.jobs[0] : undefined;
  const stepIndex = match?.[2] ?? /^runs\.steps\[(\d+)\]/.exec(path)?.[1];
  const step = stepIndex !== undefined ? job?.steps.find((candidate) => candidate.index === Number(stepIndex)) : undefined;
  const runner = job && !job.uses ? runnerOf(job) : undefined;
  if (step) {
    const thirdParty = isThirdPartyAction(step);
    if (/\.with\./.test(path) && step.uses) return { receiver: `the action \`${step.uses.value.trim()}\``, as: `through its input \`${name}\``, thirdParty, runner };
    return { receiver: `${stepLabel(step)} of ${jobLabel(job!)}`, as: /\.env\./.test(path) ? asEnv : `through \`${path}\``, thirdParty, runner };
  }
  if (job?.uses) return { receiver: `the called workflow \`${job.uses.value.trim()}\``, as: `as its secret \`${name}\``, thirdParty: !job.uses.value.trim().startsWith('./') };
  if (job && /\.env\./.test(path)) return { receiver: `every step of ${jobLabel(job)}`, as: asEnv, thirdParty: thirdPartyActions(job.steps).length > 0, runner };
  if (job) return { receiver: jobLabel(job), as: `through \`${path}\``, thirdParty: false, runner };
  return { receiver: 'the workflow', as: `through \`${path}\``, thirdParty: false };
}

/** A dotted path for a node from its ancestors: jobs.train.steps[2].with.token */
function yamlPath(ancestors: readonly unknown[], node: unknown): string {
  let path = '';
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const current = chain[i];
    const next = chain[i + 1];
    if (isPair(current) && isScalar(current.key) && next === current.value) path += `${path ? '.' : ''}${String(current.key.value)}`;
    else if (isSeq(current)) path += `[${current.items.indexOf(next as never)}]`;
  }
  return path;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
