import type { Entry, Job, Step, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import type { FixSuggestion } from '../../core/finding.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule, type ReportInput } from '../../core/rule.js';
import type { Platform } from '../../inventory/platform.js';
import { redact } from '../../secrets/redact.js';
import { actionOf, jobLabel, listOf, runnerOf, runsSentence, secretRefsIn, stepLabel, thirdPartyActions } from './secret-scope.js';

// Static cloud credentials in CI where GitHub's OIDC token could be exchanged for short-lived ones:
// AWS access keys, GCP service-account keys, Azure service-principal secrets, whether written in the
// file or read from GitHub Secrets. Category secret-exposure: the finding is about a credential that is
// readable by every step that receives it and stays valid wherever it ends up, not about what the
// identity behind it may do (that is excessive-privilege, reported on IAM policies).

const AWS_PAIR = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];
const GCP_KEY_ENV = new Set(['GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CREDENTIALS', 'GOOGLE_CLOUD_KEYFILE_JSON']);
const AZURE_SECRET_ENV = new Set(['AZURE_CLIENT_SECRET', 'ARM_CLIENT_SECRET']);

const TRUST_POLICY_NOTE =
  'Trust policy for the role: allow sts:AssumeRoleWithWebIdentity for the principal arn:aws:iam::<ACCOUNT_ID>:oidc-provider/token.actions.githubusercontent.com only when "token.actions.githubusercontent.com:aud" equals "sts.amazonaws.com" and "token.actions.githubusercontent.com:sub" equals "repo:<OWNER>/<REPO>:ref:refs/heads/main" (or "repo:<OWNER>/<REPO>:environment:production"). Without the sub condition any repository on GitHub could assume the role.';

export default defineRule({
  id: 'workflow/long-lived-cloud-keys',
  artifact: 'workflow',
  title: 'Long-lived cloud credentials in a workflow instead of OIDC',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  labSignal: 'CI secret in plaintext',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0055', 'MITRE-ATLAS:AML.T0012', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-522', 'CWE:CWE-798'),
  control:
    'Use GitHub OIDC instead of stored cloud keys: give the job `permissions: id-token: write` (and `contents: read`), exchange the token for short-lived credentials (aws-actions/configure-aws-credentials with `role-to-assume`, google-github-actions/auth with `workload_identity_provider`, azure/login with `client-id`, `tenant-id` and `subscription-id`), pin the cloud-side trust to this repository and branch (`token.actions.githubusercontent.com:sub`), then delete the static key.',
  docs: {
    summary:
      'Finds static cloud credentials used by GitHub Actions workflows and composite actions where OIDC federation would issue short-lived ones: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` in env at workflow, job, step or container level (one finding per key pair), the `aws-access-key-id` and `aws-secret-access-key` inputs of aws-actions/configure-aws-credentials, `GOOGLE_APPLICATION_CREDENTIALS`, `GOOGLE_CREDENTIALS` or `GOOGLE_CLOUD_KEYFILE_JSON` set from a secret or to a key file (a key-file path in a job that runs google-github-actions/auth is the file that action writes, and is left to it), `credentials_json` of google-github-actions/auth (and `service_account_key` of setup-gcloud), `creds` of azure/login (a service-principal secret), and `AZURE_CLIENT_SECRET` or `ARM_CLIENT_SECRET` in env. Values may be written in the file or come from `${{ secrets.* }}` or `${{ vars.* }}`; values from step outputs (short-lived credentials of an earlier step) are not reported. A plaintext key is also reported by workflow/plaintext-secret; this rule is about replacing the key with OIDC. The category is secret-exposure rather than excessive-privilege because the problem is a credential that every receiving step can read and that keeps working wherever it leaks, not the permissions of the identity behind it.',
    risk:
      "A stored cloud key works from anywhere until someone rotates it. Every step that receives it, every third-party action and dependency they run, and anyone with write access to the repository (who can run a workflow that prints it) can copy it, and nothing ties its use to this repository or branch. On an ML platform the CI identity usually writes the model bucket and the registry, so a copied key lets an attacker replace the Production model long after the run ended. OIDC credentials last about an hour and the cloud provider issues them only to the repository and branch named in the trust policy.",
    bad: {
      language: 'yaml',
      code: 'env:\n  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\njobs:\n  train:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: ${{ secrets.GCP_SA_KEY }}\n      - run: aws s3 cp model/ s3://acme-models/churn/ --recursive',
    },
    good: {
      language: 'yaml',
      code: 'jobs:\n  train:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write   # lets the job request a GitHub OIDC token\n      contents: read\n    steps:\n      - uses: aws-actions/configure-aws-credentials@<sha>  # v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/ci-training\n          aws-region: us-east-1\n      - uses: google-github-actions/auth@<sha>  # v2\n        with:\n          workload_identity_provider: projects/123456/locations/global/workloadIdentityPools/github/providers/acme\n          service_account: ci-training@acme-ml.iam.gserviceaccount.com\n      - run: aws s3 cp model/ s3://acme-models/churn/ --recursive',
      note: 'The role\'s trust policy allows token.actions.githubusercontent.com only with "token.actions.githubusercontent.com:sub": "repo:acme/churn:ref:refs/heads/main" (and aud sts.amazonaws.com).',
    },
    references: [
      { title: 'GitHub Docs: OpenID Connect', url: 'https://docs.github.com/actions/concepts/security/openid-connect' },
      { title: 'GitHub Docs: Configuring OpenID Connect in Amazon Web Services', url: 'https://docs.github.com/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws' },
      { title: 'GitHub Docs: Configuring OpenID Connect in Google Cloud Platform', url: 'https://docs.github.com/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-google-cloud-platform' },
      { title: 'GitHub Docs: Configuring OpenID Connect in Azure', url: 'https://docs.github.com/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-azure' },
      { title: 'aws-actions/configure-aws-credentials: OIDC', url: 'https://github.com/aws-actions/configure-aws-credentials#oidc' },
      { title: 'google-github-actions/auth: Workload Identity Federation', url: 'https://github.com/google-github-actions/auth#direct-wif' },
      { title: 'Azure/login: Login with OpenID Connect', url: 'https://github.com/Azure/login#login-with-openid-connect-oidc-recommended' },
    ],
  },
  check({ artifact: workflow, platform, report }) {
    const region = regionOf(workflow);
    // Env blocks with who receives them.
    const blocks: Array<{ entries: Entry[]; level: 'workflow' | 'job' | 'step' | 'container'; job?: Job; step?: Step }> = [{ entries: workflow.env, level: 'workflow' }];
    for (const job of workflow.jobs) {
      blocks.push({ entries: job.env, level: 'job', job });
      for (const container of [job.container, ...job.services]) if (container) blocks.push({ entries: container.env, level: 'container', job });
      for (const step of job.steps) blocks.push({ entries: step.env, level: 'step', job, step });
    }

    for (const block of blocks) {
      const receivers = receiversOf(workflow, block.level, block.job, block.step);
      const keys = block.entries.filter((entry) => AWS_PAIR.includes(entry.name) && isStoredCredential(entry));
      const hasSessionToken = block.entries.some((entry) => entry.name === 'AWS_SESSION_TOKEN' && entry.value?.value.trim());
      if (keys.length && !hasSessionToken) {
        const [first] = keys.sort((a, b) => a.keyStart - b.keyStart);
        const keyId = keys.find((entry) => entry.name === 'AWS_ACCESS_KEY_ID');
        const plainKeyId = keyId && !keyId.value!.value.includes('${{') ? keyId.value!.value.trim() : undefined;
        const reach = plainKeyId ? platform.describeAwsKeyReach(plainKeyId) : undefined;
        report({
          ...at(first!, keys),
          title: `Static AWS access key in ${block.level === 'workflow' ? 'workflow-level' : block.level} env instead of OIDC`,
          message: `${keys.map((entry) => `\`${entry.name}\``).join(' and ')} ${keys.length > 1 ? 'are' : 'is'} set from ${sources(keys)} in ${block.level === 'workflow' ? 'workflow-level `env:`' : `\`${first!.path.replace(/\.[^.]+$/, '')}\``}: a long-lived IAM user key that ${receivers.who} can read, usable from anywhere until it is rotated. GitHub OIDC with a role to assume gives the job credentials that expire within the hour and only this repository can obtain.`,
          evidence: evidence(keys),
          blastRadius: blast(receivers, workflow, 'whatever the IAM user behind the key may do in AWS, from anywhere, for as long as the key is active', reach),
          identity: `aws-env:${block.job?.id ?? ''}:${block.step?.index ?? ''}:${keys.map((entry) => entry.name).join(',')}`,
          recommendation: `Remove ${keys.map((entry) => entry.name).join(' and ')} from this env; give ${block.job ? jobLabel(block.job) : 'each job that calls AWS'} \`permissions: id-token: write, contents: read\` and a first step aws-actions/configure-aws-credentials with \`role-to-assume\` and \`aws-region: ${region}\`, whose trust policy pins \`token.actions.githubusercontent.com:sub\` to this repository and branch; then deactivate and delete the IAM user's key.`,
          fix: awsFix(block.job?.id ?? workflow.jobs[0]?.id ?? 'train', region),
          notes: [TRUST_POLICY_NOTE],
          subjects: { identity: plainKeyId ? platform.identityForAccessKey(plainKeyId)?.id : undefined },
        });
      }
      for (const entry of block.entries) {
        // A key-file path next to a google-github-actions/auth step is that step's file (reported there, or short-lived).
        const pathBesideAuth = !secretRefsIn(entry.value).length && (block.job ? [block.job] : workflow.jobs).some(hasGoogleAuthStep);
        if (GCP_KEY_ENV.has(entry.name) && isStoredCredential(entry) && !pathBesideAuth) {
          const fromSecret = secretRefsIn(entry.value).length > 0;
          report({
            ...at(entry, [entry]),
            confidence: fromSecret ? 'high' : 'medium',
            title: 'Google Cloud service-account key in a workflow instead of Workload Identity Federation',
            message: `\`${entry.name}\` is set from ${sources([entry])} in \`${entry.path}\`: ${fromSecret ? 'a service-account key (JSON) stored as a secret' : 'a path to a service-account key file'}, which ${receivers.who} can read and which stays valid until the key is deleted. google-github-actions/auth with \`workload_identity_provider\` gives short-lived credentials only this repository can obtain.`,
            evidence: evidence([entry]),
            blastRadius: blast(receivers, workflow, 'whatever the service account may do in its Google Cloud projects'),
            identity: `gcp-env:${block.job?.id ?? ''}:${block.step?.index ?? ''}:${entry.name}`,
            recommendation: gcpRecommendation,
            fix: gcpFix(block.job?.id ?? workflow.jobs[0]?.id ?? 'train'),
          });
        }
        if (AZURE_SECRET_ENV.has(entry.name) && isStoredCredential(entry)) {
          report({
            ...at(entry, [entry]),
            title: 'Azure service-principal secret in a workflow instead of OIDC',
            message: `\`${entry.name}\` is set from ${sources([entry])} in \`${entry.path}\`: a client secret of an Entra ID service principal, which ${receivers.who} can read and which stays valid until it expires or is removed (often a year or more). azure/login with \`client-id\`, \`tenant-id\` and \`subscription-id\` and a federated credential needs no secret.`,
            evidence: evidence([entry]),
            blastRadius: blast(receivers, workflow, "whatever the service principal's Azure role assignments allow"),
            identity: `azure-env:${block.job?.id ?? ''}:${block.step?.index ?? ''}:${entry.name}`,
            recommendation: azureRecommendation,
            fix: azureFix(),
          });
        }
      }
    }

    // Inputs of the cloud login actions.
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        const action = actionOf(step);
        if (!action) continue;
        const input = (name: string) => step.with.find((entry) => entry.name === name && entry.value?.value.trim());
        const receivers = receiversOf(workflow, 'action', job, step);
        if (action === 'aws-actions/configure-aws-credentials') {
          const keys = ['aws-access-key-id', 'aws-secret-access-key'].flatMap((name) => input(name) ?? []).filter(isStoredCredential);
          if (keys.length === 0) continue;
          const role = input('role-to-assume');
          const [first] = keys.sort((a, b) => a.keyStart - b.keyStart);
          report({
            ...at(first!, keys),
            title: 'configure-aws-credentials given a static access key instead of OIDC',
            message:
              `${capitalize(stepLabel(step))} of ${jobLabel(job)} passes ${keys.map((entry) => `\`${entry.name}\``).join(' and ')} from ${sources(keys)} to ${step.uses!.value.trim()}` +
              (role ? `, then assumes \`${role.value!.value.trim()}\` with it: the role is only as safe as the long-lived user key that reaches it.` : ': a long-lived IAM user key, usable from anywhere until it is rotated.') +
              ' The action supports OIDC: drop the key inputs and keep `role-to-assume`.',
            evidence: evidence(keys),
            blastRadius: blast(receivers, workflow, role ? `the role ${role.value!.value.trim()} and whatever the IAM user behind the key may do, from anywhere` : 'whatever the IAM user behind the key may do in AWS, from anywhere, for as long as the key is active'),
            identity: `aws-action:${job.id}:${step.name ?? step.index}`,
            recommendation: `Remove \`aws-access-key-id\` and \`aws-secret-access-key\`; give ${jobLabel(job)} \`permissions: id-token: write, contents: read\` and set \`role-to-assume\`${role ? '' : ' to a role'} whose trust policy pins \`token.actions.githubusercontent.com:sub\` to this repository and branch; then delete the IAM user's key.`,
            fix: awsFix(job.id, input('aws-region')?.value?.value.trim() ?? region, role?.value?.value.trim()),
            notes: [TRUST_POLICY_NOTE],
          });
        } else if (action === 'google-github-actions/auth' || action === 'google-github-actions/setup-gcloud') {
          const key = input('credentials_json') ?? input('service_account_key');
          if (!key || !isStoredCredential(key)) continue;
          report({
            ...at(key, [key]),
            title: 'Google Cloud service-account key in a workflow instead of Workload Identity Federation',
            message: `${capitalize(stepLabel(step))} of ${jobLabel(job)} logs in to Google Cloud with \`${key.name}\` from ${sources([key])}: a service-account key that never expires on its own. ${step.uses!.value.trim()} supports Workload Identity Federation, which needs no stored key.`,
            evidence: evidence([key]),
            blastRadius: blast(receivers, workflow, 'whatever the service account may do in its Google Cloud projects, from anywhere, until the key is deleted'),
            identity: `gcp-action:${job.id}:${step.name ?? step.index}`,
            recommendation: gcpRecommendation,
            fix: gcpFix(job.id),
          });
        } else if (action === 'azure/login') {
          const creds = input('creds');
          if (!creds || input('client-id') || input('tenant-id') || input('subscription-id') || /identity/i.test(input('auth-type')?.value?.value ?? '')) continue;
          // A whole secret is the service-principal JSON; JSON written out here has a secret only with clientSecret.
          const wholeSecret = /^\s*\$\{\{[^}]*\}\}\s*$/.test(creds.value!.value);
          if (!wholeSecret && !/clientSecret/i.test(creds.value!.value)) continue;
          report({
            ...at(creds, [creds]),
            title: 'Azure service-principal secret in a workflow instead of OIDC',
            message: `${capitalize(stepLabel(step))} of ${jobLabel(job)} logs in to Azure with \`creds\` from ${sources([creds])}: azure/login reads a service-principal JSON with a \`clientSecret\` from it, a secret that stays valid until it expires or is removed. With \`client-id\`, \`tenant-id\` and \`subscription-id\` and a federated credential, the same action logs in with OIDC and no secret.`,
            evidence: evidence([creds]),
            blastRadius: blast(receivers, workflow, "whatever the service principal's Azure role assignments allow, from anywhere"),
            identity: `azure-action:${job.id}:${step.name ?? step.index}`,
            recommendation: azureRecommendation,
            fix: azureFix(),
          });
        }
      }
    }
  },
});

const gcpRecommendation =
  'Replace the key with Workload Identity Federation: give the job `permissions: id-token: write, contents: read`, call google-github-actions/auth with `workload_identity_provider` and `service_account`, restrict the provider with an attribute condition on `assertion.repository` and `assertion.ref` (this repository and branch), then delete the service-account key.';
const azureRecommendation =
  'Add a federated credential to the service principal (or a user-assigned managed identity) with subject `repo:<OWNER>/<REPO>:ref:refs/heads/main` or `repo:<OWNER>/<REPO>:environment:<name>`, give the job `permissions: id-token: write, contents: read`, log in with azure/login `client-id`, `tenant-id` and `subscription-id`, then delete the client secret.';

interface Receivers {
  /** "every step of every job (…)" as the subject of "can read". */
  who: string;
  /** For the blast radius: jobs, runners, third-party actions. */
  detail: string;
}

function receiversOf(workflow: WorkflowArtifact, level: 'workflow' | 'job' | 'step' | 'container' | 'action', job?: Job, step?: Step): Receivers {
  const jobs = level === 'workflow' ? workflow.jobs.filter((candidate) => !candidate.uses) : job ? [job] : [];
  const steps = level === 'step' || level === 'action' ? (step ? [step] : []) : jobs.flatMap((candidate) => candidate.steps);
  const thirdParty = level === 'action' ? [] : thirdPartyActions(steps);
  const runners = jobs.length === 1 && level !== 'workflow' ? `on ${runnerOf(jobs[0]!)}` : listOf(jobs.map((candidate) => `${jobLabel(candidate)} on ${runnerOf(candidate)}`));
  const who =
    level === 'workflow'
      ? 'every step of every job'
      : level === 'job'
        ? `every step of ${jobLabel(job!)}`
        : level === 'container'
          ? `every process in the container of ${jobLabel(job!)}`
          : level === 'action'
            ? `the action ${step!.uses!.value.trim()} and every later step of ${jobLabel(job!)} (the action exports the credentials to the job's environment)`
            : `${stepLabel(step!)} of ${jobLabel(job!)}`;
  const detail = `${capitalize(who)} ${level === 'action' ? 'receive' : 'receives'} the key${runners ? ` (${runners})` : ''}${thirdParty.length ? `, including the third-party action${thirdParty.length > 1 ? 's' : ''} ${listOf(thirdParty.map((action) => `\`${action}\``))}` : ''}`;
  return { who, detail };
}

/** Who receives the key, how the workflow starts, and what the key opens (from the inventory when it knows the key). */
function blast(receivers: Receivers, workflow: WorkflowArtifact, reach: string, known?: string): string {
  return `${receivers.detail}. ${runsSentence(workflow)} Whoever copies the key gets ${reach.replace(/\.$/, '')}.${known ? ` ${known}` : ''}`;
}

/** A value that is a stored credential: written in the file, or from secrets or vars; not from an earlier step's outputs. */
function isStoredCredential(entry: Entry): boolean {
  const value = entry.value?.value.trim();
  if (!value) return false;
  if (!value.includes('${{')) return true;
  return /\$\{\{[^}]*\b(secrets|vars)\s*[.[]/i.test(value);
}

function sources(entries: readonly Entry[]): string {
  const kinds = new Set(entries.map((entry) => {
    const value = entry.value!.value;
    if (/\bsecrets\s*[.[]/i.test(value)) return 'GitHub Secrets';
    if (/\bvars\s*[.[]/i.test(value)) return 'configuration variables (`vars`, stored unencrypted)';
    return 'plain text in the file';
  }));
  return [...kinds].join(' and ');
}

/** Names and references as written; literal values are redacted. */
function evidence(entries: readonly Entry[]): string {
  return entries
    .map((entry) => {
      const value = entry.value!.value.trim();
      return `${entry.name}: ${value.includes('${{') ? value : value.startsWith('/') || value.startsWith('./') || value.startsWith('~') ? value : redact(value)}`;
    })
    .join(', ');
}

function at(first: Entry, entries: readonly Entry[]): Pick<ReportInput, 'start' | 'end' | 'location' | 'related'> {
  const others = entries.filter((entry) => entry !== first);
  return {
    start: first.keyStart,
    end: first.value?.end ?? first.keyStart + first.name.length,
    location: { yamlPath: first.path },
    related: others.length ? others.map((entry) => ({ start: entry.keyStart, location: { yamlPath: entry.path }, message: `the matching ${entry.name}` })) : undefined,
  };
}

function hasGoogleAuthStep(job: Job): boolean {
  return job.steps.some((step) => actionOf(step) === 'google-github-actions/auth');
}

function regionOf(workflow: WorkflowArtifact): string {
  const entries = [...workflow.env, ...workflow.jobs.flatMap((job) => [...job.env, ...job.steps.flatMap((step) => [...step.env, ...step.with])])];
  const found = entries.find((entry) => /^(AWS_REGION|AWS_DEFAULT_REGION|aws-region)$/.test(entry.name) && entry.value && !entry.value.value.includes('${{'));
  return found?.value?.value.trim() ?? 'us-east-1';
}

function awsFix(jobId: string, region: string, role?: string): FixSuggestion {
  return {
    description: 'GitHub OIDC and a role to assume instead of a stored AWS key',
    snippet: `jobs:\n  ${jobId}:\n    permissions:\n      id-token: write   # lets the job request a GitHub OIDC token\n      contents: read\n    steps:\n      - uses: aws-actions/configure-aws-credentials@<full-commit-sha>   # v4\n        with:\n          role-to-assume: ${role ?? 'arn:aws:iam::<ACCOUNT_ID>:role/<CI_ROLE>'}   # trust policy pins token.actions.githubusercontent.com:sub\n          aws-region: ${region}`,
    language: 'yaml',
  };
}

function gcpFix(jobId: string): FixSuggestion {
  return {
    description: 'Workload Identity Federation instead of a service-account key',
    snippet: `jobs:\n  ${jobId}:\n    permissions:\n      id-token: write\n      contents: read\n    steps:\n      - uses: google-github-actions/auth@<full-commit-sha>   # v2\n        with:\n          workload_identity_provider: projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/<POOL>/providers/<PROVIDER>\n          service_account: <NAME>@<PROJECT_ID>.iam.gserviceaccount.com`,
    language: 'yaml',
  };
}

function azureFix(): FixSuggestion {
  return {
    description: 'azure/login with OIDC (a federated credential) instead of a client secret',
    snippet: `permissions:\n  id-token: write\n  contents: read\nsteps:\n  - uses: azure/login@<full-commit-sha>   # v2\n    with:\n      client-id: \${{ secrets.AZURE_CLIENT_ID }}\n      tenant-id: \${{ secrets.AZURE_TENANT_ID }}\n      subscription-id: \${{ secrets.AZURE_SUBSCRIPTION_ID }}`,
    language: 'yaml',
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
