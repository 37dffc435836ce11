import type { Job, ValueRef } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeJobReach, FULL_SHA, parseUses, stepLabel } from './job-facts.js';

const OFFICIAL_OWNERS = new Set(['actions', 'github']);

export default defineRule({
  id: 'workflow/unpinned-action',
  artifact: 'workflow',
  title: 'Action or reusable workflow not pinned to a commit SHA',
  category: 'missing-artifact-integrity',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-829', 'CWE:CWE-494'),
  control:
    'Pin every action and reusable workflow to a full 40-character commit SHA with the release as a comment (`uses: owner/repo@<sha> # v4.2.2`), pin `docker://` images by digest, and let Dependabot or Renovate propose the updates.',
  docs: {
    summary:
      'Finds `uses:` references in steps and in reusable-workflow jobs that name a tag or a branch (`@v4`, `@main`), a short SHA or no version at all instead of a full 40-character commit SHA, and `docker://` images without an `@sha256:` digest. Actions owned by `actions` and `github` are reported as low severity, third-party actions and images as medium. Local actions (`./…`) are not reported.',
    risk:
      "Tags and branches are mutable: whoever controls the action's repository, or steals its maintainer's token, can move `v4` to new code, and every workflow that uses it runs that code on its next run with the job's secrets and token. This is how the tj-actions/changed-files compromise dumped CI secrets from thousands of repositories. A training or deployment job that runs a re-tagged action hands over the cloud role, the registry credentials and the runner.",
    bad: {
      language: 'yaml',
      code: 'steps:\n  - uses: actions/checkout@v4\n  - uses: iterative/setup-dvc@v1\n  - uses: docker://ghcr.io/acme/model-tools:latest',
    },
    good: {
      language: 'yaml',
      code: 'steps:\n  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2\n  - uses: iterative/setup-dvc@<40-hex commit sha>  # v1.x\n  - uses: docker://ghcr.io/acme/model-tools@sha256:<digest>',
      note: 'Resolve a tag to its commit with `git ls-remote https://github.com/OWNER/REPO refs/tags/TAG^{}` and keep the pins fresh with Dependabot (`package-ecosystem: github-actions`).',
    },
    references: [
      { title: 'Security hardening for GitHub Actions: using third-party actions', url: 'https://docs.github.com/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions' },
      { title: 'Keeping your actions up to date with Dependabot', url: 'https://docs.github.com/code-security/dependabot/working-with-dependabot/keeping-your-actions-up-to-date-with-dependabot' },
    ],
  },
  check({ artifact, report }) {
    const references: Array<{ uses: ValueRef; job: Job; label: string; workflowCall: boolean }> = [];
    for (const job of artifact.jobs) {
      if (job.uses) references.push({ uses: job.uses, job, label: `job ${job.id}`, workflowCall: true });
      for (const step of job.steps) if (step.uses) references.push({ uses: step.uses, job, label: `${stepLabel(step, false)}${artifact.flavor === 'workflow' ? ` of job ${job.id}` : ''}`, workflowCall: false });
    }
    for (const { uses, job, label, workflowCall } of references) {
      if (uses.value.includes('${{')) continue;
      const ref = parseUses(uses.value);
      // Local actions are versioned with the workflow; a malformed reference fails the run before anything executes.
      if (ref.kind === 'local' || (ref.kind === 'docker' && !ref.image) || (ref.kind === 'repo' && (!ref.owner || !ref.repo))) continue;
      const reach = describeJobReach(job, artifact);
      if (ref.kind === 'docker') {
        if (ref.digest?.toLowerCase().startsWith('sha256:')) continue;
        const version = ref.tag ? (ref.tag === 'latest' ? 'the `latest` tag' : `the tag \`${ref.tag}\``) : 'no tag (so `latest`)';
        report({
          start: uses.start,
          end: uses.end,
          location: { yamlPath: uses.path },
          severity: 'medium',
          title: 'Container action image not pinned by digest',
          message: `${capitalize(label)} runs the image \`${ref.image}\` by ${version}, not by digest. Whoever can push to that repository, or its registry, decides what runs in the step.`,
          evidence: uses.value,
          blastRadius: `A replaced image runs as the step with the job's environment and workspace. ${reach}`,
          identity: `docker:${ref.image}`,
          recommendation: `Pin the image by digest: \`uses: docker://${ref.image.replace(/:[^/:@]+$/, '')}@sha256:<digest>\` (find it with \`docker buildx imagetools inspect ${ref.image}\`), and keep the tag in a comment.`,
          fix: { description: 'Container action pinned by digest', snippet: `uses: docker://${ref.image.replace(/:[^/:@]+$/, '')}@sha256:<digest>  # ${ref.tag ?? 'latest'}`, language: 'yaml' },
        });
        continue;
      }
      if (ref.ref && FULL_SHA.test(ref.ref)) continue;
      const official = OFFICIAL_OWNERS.has(ref.owner.toLowerCase());
      const kind = workflowCall ? 'reusable workflow' : 'action';
      const version = !ref.ref
        ? 'no version at all, so it is not a valid reference'
        : /^[0-9a-f]{7,39}$/i.test(ref.ref)
          ? `the short SHA \`${ref.ref}\`, which GitHub does not accept and which could collide with a commit in a fork`
          : /^v?\d+(?:\.\d+){0,2}(?:[-+][\w.]+)?$/.test(ref.ref)
            ? `the tag \`${ref.ref}\`, which its owner can move to other code at any time`
            : `\`${ref.ref}\`, a branch or tag name that moves with every push`;
      const repo = `${ref.owner}/${ref.repo}`;
      const tag = ref.ref !== undefined && /^v?\d+(?:\.\d+){0,2}(?:[-+][\w.]+)?$/.test(ref.ref);
      const shortSha = ref.ref !== undefined && /^[0-9a-f]{7,39}$/i.test(ref.ref);
      const lookup = !ref.ref
        ? `pick a release on https://github.com/${repo}/releases and take its commit SHA`
        : shortSha
          ? `expand the short SHA with \`git rev-parse ${ref.ref}\` in a clone of ${repo}`
          : tag
            ? `get the SHA with \`git ls-remote https://github.com/${repo} 'refs/tags/${ref.ref}^{}'\``
            : `get the SHA of the commit you reviewed with \`git ls-remote https://github.com/${repo} refs/heads/${ref.ref}\``;
      const comment = tag ? ref.ref! : '<release>';
      report({
        start: uses.start,
        end: uses.end,
        location: { yamlPath: uses.path },
        severity: official ? 'low' : 'medium',
        title: `${official ? 'GitHub' : 'Third-party'} ${kind} ${ref.name} not pinned to a commit SHA`,
        message:
          `${capitalize(label)} uses the ${kind} \`${ref.name}\` by ${version}. ` +
          (official
            ? `It is maintained by GitHub (${ref.owner}), which lowers the risk, but the reference still runs whatever commit it names when the job starts.`
            : `Whoever controls ${repo}, or a stolen maintainer token, can change what runs in this workflow without a change here.`),
        evidence: uses.value,
        blastRadius: `The ${kind} runs with everything the job has. ${reach}`,
        identity: `uses:${ref.name.toLowerCase()}@${ref.ref ?? ''}`,
        recommendation:
          `Pin \`${ref.name}\` to the full 40-character commit SHA of the release you use, with the version as a comment: \`uses: ${ref.name}@<sha> # ${comment}\`. ` +
          `To find it, ${lookup}, and let Dependabot (\`package-ecosystem: github-actions\`) keep it current.`,
        fix: { description: `${ref.name} pinned to a commit SHA`, snippet: `uses: ${ref.name}@<40-hex commit SHA${tag ? ` of ${ref.ref}` : ''}>  # ${comment}`, language: 'yaml' },
      });
    }
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
