import type { Step } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { untrustedRuns } from './dangerous-trigger.js';
import { actionName, describeToken, list, stepLabel, usesAction, withInput } from './job-facts.js';

const UPLOADERS = ['actions/upload-artifact', 'actions/upload-pages-artifact'];
const PUSHERS = ['stefanzweifel/git-auto-commit-action', 'endbug/add-and-commit', 'peter-evans/create-pull-request', 'ad-m/github-push-action'];

export default defineRule({
  id: 'workflow/checkout-persists-credentials',
  artifact: 'workflow',
  title: 'actions/checkout leaves the GITHUB_TOKEN in .git/config',
  category: 'secret-exposure',
  severity: 'low',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM03:2025', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-522', 'CWE:CWE-538'),
  control: 'Set `persist-credentials: false` on every actions/checkout step, and give the token explicitly to the one step that pushes, if any.',
  docs: {
    summary:
      'Finds actions/checkout steps without `persist-credentials: false`. By default the action writes the job\'s GITHUB_TOKEN into the checkout\'s .git/config, where it stays until the job ends. Medium severity when a later step of the job uploads an artifact (actions/upload-artifact, which can include .git) or runs code from an untrusted pull request; low otherwise.',
    risk:
      'Every later step can read the stored token: third-party actions, pip and npm packages installed by the job, training code and notebooks executed from the checkout. Uploading the workspace as an artifact (a common way to keep a trained model with its code) publishes .git/config, and with it a token that can still be used while the job runs, to anyone who can download the run\'s artifacts; on public repositories that is everyone.',
    bad: { language: 'yaml', code: 'steps:\n  - uses: actions/checkout@<sha>  # v4\n  - run: python train.py --out .\n  - uses: actions/upload-artifact@<sha>  # v4\n    with:\n      name: model\n      path: .' },
    good: {
      language: 'yaml',
      code: 'steps:\n  - uses: actions/checkout@<sha>  # v4\n    with:\n      persist-credentials: false\n  - run: python train.py --out model/\n  - uses: actions/upload-artifact@<sha>  # v4\n    with:\n      name: model\n      path: model/',
    },
    references: [
      { title: 'actions/checkout: persist-credentials', url: 'https://github.com/actions/checkout#usage' },
      { title: 'ArtiPACKED: hacking giants through a race condition in GitHub Actions artifacts', url: 'https://unit42.paloaltonetworks.com/github-repo-artifacts-leak-tokens/' },
    ],
  },
  check({ artifact, report }) {
    const untrusted = new Map(untrustedRuns(artifact).map((run) => [run.job, run]));
    for (const job of artifact.jobs) {
      job.steps.forEach((step, position) => {
        if (!usesAction(step, 'actions/checkout') || !step.uses) return;
        const persist = withInput(step, 'persist-credentials');
        const value = persist?.value?.value.trim().toLowerCase();
        if (value === 'false' || value?.includes('${{')) return;
        const later = job.steps.slice(position + 1);
        const uploads = later.filter((candidate) => usesAction(candidate, ...UPLOADERS));
        const run = untrusted.get(job);
        const untrustedRun = run?.executions.find((execution) => execution.step.index >= step.index);
        const pushes = later.filter((candidate) => usesAction(candidate, ...PUSHERS) || /\bgit\s+push\b/.test(candidate.run?.value ?? ''));
        const reasons: string[] = [];
        if (uploads.length) reasons.push(list(uploads.map((upload) => `${stepLabel(upload, false)} uploads ${uploadPath(upload)} as an artifact${coversWorkspace(upload) ? ', .git/config included' : ''}`)));
        if (untrustedRun) reasons.push(`the job runs code from the untrusted pull request head (\`${untrustedRun.command}\`)`);
        const laterActions = later.filter((candidate) => candidate.uses && !usesAction(candidate, 'actions/checkout')).map((candidate) => actionName(candidate)!);
        const at = persist?.value ?? step.uses;
        report({
          start: at.start,
          end: at.end,
          location: { yamlPath: `${step.path}.with.persist-credentials` },
          severity: reasons.length ? 'medium' : 'low',
          title: reasons.length ? 'Checkout token stored in .git/config while later steps upload or run untrusted code' : 'actions/checkout leaves the GITHUB_TOKEN in .git/config',
          message:
            `actions/checkout in ${stepLabel(step, false)}${artifact.flavor === 'workflow' ? ` of job ${job.id}` : ''} ${persist ? `sets \`persist-credentials: ${persist.value?.value ?? ''}\`` : 'does not set `persist-credentials: false`'}, ` +
            `so it writes the GITHUB_TOKEN into .git/config, where every later step can read it until the job ends.` +
            (reasons.length ? ` Here ${reasons.join(', and ')}.` : ` ${later.length} later step${later.length === 1 ? '' : 's'} can read it.`),
          evidence: persist ? `persist-credentials: ${persist.value?.value ?? ''}` : `${step.uses.value} (persist-credentials not set)`,
          blastRadius:
            `Any later step of the job${laterActions.length ? ` (including ${list([...new Set(laterActions)])})` : ''}, and any package or script it runs, can take ${describeToken(job, artifact)}` +
            `${uploads.length ? '; an uploaded workspace carries it to anyone who can download the artifacts' : ''}.`,
          identity: `${job.id}:checkout:${step.index}`,
          notes: pushes.length ? [`${capitalize(list(pushes.map((push) => stepLabel(push))))} push${pushes.length === 1 ? 'es' : ''} to the repository: give ${pushes.length === 1 ? 'that step' : 'those steps'} the token explicitly (for example \`git push https://x-access-token:\${GITHUB_TOKEN}@github.com/\${GITHUB_REPOSITORY}\` with GITHUB_TOKEN in its env) instead of persisting it for the whole job.`] : undefined,
          recommendation: `Add \`with: persist-credentials: false\` to the checkout step${uploads.length ? ', and upload only the output folder rather than the workspace' : ''}.`,
          fix: { description: 'Checkout without a stored token', snippet: `- uses: ${step.uses.value}\n  with:\n    persist-credentials: false`, language: 'yaml' },
        });
      });
    }
  },
});

function uploadPath(step: Step): string {
  const path = withInput(step, 'path')?.value?.value.trim();
  return path ? `\`${path.split('\n')[0]}\`` : 'files';
}

/** The upload's path is the workspace root (or a glob over it), so the checkout's .git folder goes with it. */
function coversWorkspace(step: Step): boolean {
  const paths = (withInput(step, 'path')?.value?.value ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  return paths.some((path) => /^(?:\.\/?|\*\*?(?:\/\*)?|\$\{\{\s*github\.workspace\s*\}\}\/?|\$GITHUB_WORKSPACE\/?)$/.test(path));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
