import { isScalar, type YAMLMap } from 'yaml';
import type { Job, Step } from '../../artifacts/workflow/workflow.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { jobSummary, list, usesAction, withInput, writeEffect } from './job-facts.js';

const READ_ONLY = 'permissions:\n  contents: read';

export default defineRule({
  id: 'workflow/excessive-permissions',
  artifact: 'workflow',
  title: 'Workflow GITHUB_TOKEN has more permissions than its jobs need',
  category: 'excessive-privilege',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-250', 'CWE:CWE-269', 'CWE:CWE-732'),
  control:
    'Set `permissions: contents: read` at the top of every workflow and grant write scopes per job, only where a step uses them; give `id-token: write` only to the job that logs in to the cloud through OIDC.',
  docs: {
    summary:
      'Finds GitHub Actions workflows whose GITHUB_TOKEN is broader than the jobs need: `permissions: write-all` at workflow or job level (high), workflows with no top-level `permissions` block, so jobs without their own block get the repository default, which is read-write on most older repositories and organizations (medium), and `id-token: write` granted to the whole workflow when only some jobs log in through OIDC (aws-actions/configure-aws-credentials with role-to-assume, google-github-actions/auth with workload_identity_provider, azure/login with client-id, build attestation or Sigstore signing, PyPI trusted publishing) (medium). Each finding points at the key to change.',
    risk:
      'Every step of a job, third-party actions and the packages they install included, can read the job\'s GITHUB_TOKEN. With write scopes a compromised dependency of a training job can push to the repository, publish a poisoned container image or model release, or forge the status checks that gate promotion; with `id-token: write` it can mint an OIDC token and assume every cloud role that trusts the repository, typically the role that writes the model bucket and the registry.',
    bad: {
      language: 'yaml',
      code: 'on: push\npermissions: write-all          # or no permissions block at all\njobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: python train.py\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@<sha>\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/model-deploy',
    },
    good: {
      language: 'yaml',
      code: 'on: push\npermissions:\n  contents: read\njobs:\n  train:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - run: python train.py\n  deploy:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      id-token: write               # only the job that assumes the role\n    steps:\n      - uses: aws-actions/configure-aws-credentials@<sha>  # v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/model-deploy',
      note: 'A job-level block replaces the workflow-level one, so list every scope the job uses.',
    },
    references: [
      { title: 'Controlling permissions for GITHUB_TOKEN', url: 'https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token' },
      { title: 'Security hardening for GitHub Actions: OpenID Connect', url: 'https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect' },
    ],
  },
  check({ artifact, report }) {
    if (artifact.flavor !== 'workflow') return;
    const top = artifact.permissions;
    const inheriting = artifact.jobs.filter((job) => !job.permissions);
    const oidcJobs = artifact.jobs.filter((job) => oidcLogin(job) !== undefined);
    const jobList = (jobs: Job[]) => list(jobs.map((job) => jobSummary(job, artifact)));

    // permissions: write-all, at workflow and job level.
    for (const [permissions, job] of [[top, undefined] as const, ...artifact.jobs.map((job) => [job.permissions, job] as const)]) {
      if (permissions?.shorthand !== 'write-all') continue;
      const affected = job ? [job] : inheriting;
      const where = job ? `job ${job.id}` : 'every job without its own permissions block';
      report({
        start: permissions.start,
        end: permissions.start + 'write-all'.length,
        location: { yamlPath: permissions.path },
        severity: affected.length > 0 ? 'high' : 'medium',
        title: `GITHUB_TOKEN granted write-all ${job ? `in job ${job.id}` : 'for the whole workflow'}`,
        message:
          `\`${permissions.path}: write-all\` gives the GITHUB_TOKEN of ${where} write access to every scope (contents, packages, actions, pull requests, statuses, id-token and the rest), ` +
          'although a job rarely needs more than `contents: read` plus one or two write scopes.' +
          (affected.length === 0 && !job ? ' Every job sets its own permissions today, but a job added later inherits write-all.' : ''),
        evidence: `${permissions.path}: write-all`,
        blastRadius:
          affected.length > 0
            ? `Any step of ${jobList(affected)}, third-party actions and the packages they install included, can ${list(['contents', 'packages', 'statuses', 'id-token'].map(writeEffect))}: enough to change the training code, replace a published model image or forge the checks that gate promotion.`
            : 'No job inherits it today; the first job added without its own permissions block gets a token that can push, publish and mint OIDC tokens.',
        identity: `write-all:${permissions.path}`,
        recommendation: `Replace \`write-all\` with \`contents: read\` and add, on the job that needs it, only the write scope a step uses (for example \`packages: write\` on the job that pushes the image, \`id-token: write\` on the job that assumes a cloud role).`,
        fix: { description: 'Read-only token; write scopes granted per job', snippet: READ_ONLY, language: 'yaml' },
      });
    }

    // No top-level permissions: jobs without their own block get the repository default.
    const onlyCalled = artifact.triggers.length > 0 && artifact.triggers.every((trigger) => trigger.event === 'workflow_call');
    if (!top && inheriting.length > 0 && !onlyCalled) {
      const jobsKey = keyOf(artifact.root, 'jobs');
      const needs = oidcJobs.filter((job) => inheriting.includes(job));
      report({
        start: jobsKey?.start ?? 0,
        end: jobsKey?.end ?? 0,
        location: { yamlPath: 'permissions' },
        severity: 'medium',
        title: 'Workflow has no top-level permissions block',
        message:
          `The workflow sets no top-level \`permissions\`, and ${inheriting.length === artifact.jobs.length ? 'no job sets its own' : `${list(inheriting.map((job) => `job ${job.id}`))} set${inheriting.length === 1 ? 's' : ''} none either`}, ` +
          `so ${inheriting.length === 1 ? 'its' : 'their'} GITHUB_TOKEN gets the repository's default permissions: read-write on contents, packages, pull requests, issues and more for repositories and organizations created before February 2023 or still set to the permissive default. ` +
          'Nothing in the file limits it to what the jobs use.',
        evidence: `no permissions block (job${inheriting.length === 1 ? '' : 's'} ${inheriting.map((job) => job.id).join(', ')})`,
        blastRadius: `Any step of ${jobList(inheriting)}, third-party actions and the packages they install included, can use the token to ${list(['contents', 'packages', 'pull-requests'].map(writeEffect))} wherever the default is read-write.`,
        identity: 'missing-permissions',
        recommendation:
          `Add \`permissions: contents: read\` at the top of the workflow, above \`jobs:\`, and grant write scopes on the jobs that use them` +
          (needs.length ? `: ${list(needs.map((job) => `job ${job.id} gets \`permissions: { contents: read, id-token: write }\` for its OIDC login`))}.` : '.'),
        fix: { description: 'Read-only token for the whole workflow', snippet: READ_ONLY, language: 'yaml' },
      });
    }

    // id-token: write for the whole workflow, when not every job that inherits it logs in through OIDC.
    const idToken = top?.scopes.get('id-token');
    if (top && idToken?.level === 'write') {
      const without = inheriting.filter((job) => oidcLogin(job) === undefined);
      if (without.length > 0) {
        const needing = artifact.jobs.filter((job) => oidcLogin(job) !== undefined || job.uses);
        const logins = needing.filter((job) => !job.uses).map((job) => `${job.id} (${oidcLogin(job)})`);
        report({
          start: idToken.keyStart,
          end: idToken.keyStart + 'id-token'.length,
          location: { yamlPath: `${top.path}.id-token` },
          severity: 'medium',
          title: 'id-token: write granted to every job instead of the job that logs in through OIDC',
          message:
            `\`id-token: write\` is set at workflow level, so ${list(without.map((job) => `job ${job.id}`))} can request GitHub OIDC tokens although ${without.length === 1 ? 'it logs' : 'they log'} in to no cloud. ` +
            (logins.length ? `Only ${list(logins.map((login) => `job ${login}`))} need${logins.length === 1 ? 's' : ''} it.` : 'No job in this workflow uses an OIDC login.'),
          evidence: 'permissions.id-token: write',
          blastRadius: `Any step of ${jobList(without)}, third-party actions and dependencies included, can ${writeEffect('id-token')}${logins.length ? `, including the role that ${list(logins.map((login) => `job ${login.split(' ')[0]}`))} use${logins.length === 1 ? 's' : ''} when its trust policy pins only the repository` : ''}: typically the model bucket, the registry and serving.`,
          identity: 'workflow-id-token',
          recommendation:
            `Remove \`id-token: write\` from the workflow-level permissions (keep \`contents: read\` there)` +
            (logins.length
              ? ` and add to ${list(needing.filter((job) => !job.uses).map((job) => `job ${job.id}`))} its own \`permissions:\` block with \`id-token: write\` and \`contents: read\` (a job-level block replaces the workflow's, so list every scope the job uses).`
              : '; no job here needs it.'),
          fix: {
            description: 'id-token: write only on the job that assumes the role',
            snippet: `${READ_ONLY}\njobs:\n  ${needing.find((job) => !job.uses)?.id ?? 'deploy'}:\n    permissions:\n      contents: read\n      id-token: write`,
            language: 'yaml',
          },
        });
      }
    }
  },
});

/** Why a job needs `id-token: write`: the OIDC login it performs, or undefined. */
export function oidcLogin(job: Job): string | undefined {
  if (job.uses) return 'calls a reusable workflow';
  for (const step of job.steps) {
    const reason = stepOidc(step);
    if (reason) return reason;
  }
  return undefined;
}

function stepOidc(step: Step): string | undefined {
  const has = (name: string) => withInput(step, name) !== undefined;
  if (usesAction(step, 'aws-actions/configure-aws-credentials') && has('role-to-assume') && !has('aws-access-key-id')) return 'assumes an AWS role through OIDC';
  if (usesAction(step, 'google-github-actions/auth') && has('workload_identity_provider')) return 'uses Google workload identity federation';
  if (usesAction(step, 'azure/login') && has('client-id') && !has('creds')) return 'logs in to Azure through OIDC';
  if (usesAction(step, 'actions/attest-build-provenance', 'actions/attest', 'actions/attest-sbom')) return 'creates a signed build attestation';
  if (usesAction(step, 'pypa/gh-action-pypi-publish') && !has('password')) return 'publishes to PyPI through trusted publishing';
  if (usesAction(step, 'hashicorp/vault-action') && /jwt/i.test(withInput(step, 'method')?.value?.value ?? '')) return 'logs in to Vault with a GitHub OIDC token';
  const action = step.uses?.value.toLowerCase() ?? '';
  if (action.startsWith('sigstore/') && !action.startsWith('sigstore/cosign-installer')) return 'signs with Sigstore';
  const script = `${step.run?.value ?? ''}\n${withInput(step, 'script')?.value?.value ?? ''}`;
  if (/\bcosign\s+(?:sign|attest)\b(?![^\n]*--key\b)|\bsigstore\s+sign\b|ACTIONS_ID_TOKEN_REQUEST_(?:URL|TOKEN)|getIDToken\s*\(/.test(script)) return 'signs or requests an OIDC token';
  return undefined;
}

function keyOf(map: YAMLMap, key: string): { start: number; end: number } | undefined {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? { start: range[0], end: range[1] } : undefined;
}
