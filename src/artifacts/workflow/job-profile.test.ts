import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventory, type Inventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionAt, positionOf } from '../../testing/rule-test-kit.js';
import { parseArtifact } from '../parse.js';
import { blastRadiusSentence, jobProfile, jobProfiles, upstreamJobs, type JobProfile } from './job-profile.js';
import type { WorkflowArtifact } from './workflow.js';

const LAB_TEXT = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
const LAB_INVENTORY = (() => {
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  return loaded.inventory;
})();

function workflow(text: string, file = '.github/workflows/ci.yml'): WorkflowArtifact {
  const parsed = parseArtifact(file, text, 'yaml');
  assert.ok(parsed.ok, 'the workflow parses');
  assert.equal(parsed.artifact.kind, 'workflow', 'it is read as a workflow');
  return parsed.artifact as WorkflowArtifact;
}

function profileOf(text: string, jobId?: string, platform?: Platform): JobProfile {
  const artifact = workflow(text);
  const profiles = jobProfiles(artifact, platform);
  const profile = jobId ? profiles.find((candidate) => candidate.job.id === jobId) : profiles[0];
  assert.ok(profile, `job ${jobId ?? '(first)'} has a profile`);
  return profile;
}

/** A one-job workflow whose single step runs `script` (a block scalar), with optional env. */
function scriptJob(script: string, env: Record<string, string> = {}): string {
  const envBlock = Object.keys(env).length ? `env:\n${Object.entries(env).map(([name, value]) => `  ${name}: ${value}`).join('\n')}\n` : '';
  const body = script.split('\n').map((line) => `          ${line}`).join('\n');
  return `on: workflow_dispatch\n${envBlock}jobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    steps:\n      - name: Deploy\n        run: |\n${body}\n`;
}

function writesOf(script: string, env: Record<string, string> = {}) {
  return profileOf(scriptJob(script, env)).writes.map((write) => ({ kind: write.kind, effect: write.effect, model: write.model, target: write.target, phrase: write.phrase }));
}

// ─── The lab workflow ─────────────────────────────────────────────────────────────────────────────

test('the lab workflow with the inventory: the blast-radius sentence names the key owner, its policies, the bucket and the registry', () => {
  const profile = profileOf(LAB_TEXT, 'train', new Platform(LAB_INVENTORY));
  assert.equal(
    blastRadiusSentence(profile),
    'Runs on push to main, schedule and manual dispatch on a self-hosted GPU runner; holds AWS keys of ci-training (AmazonS3FullAccess, AmazonSageMakerFullAccess per the inventory) and MLflow credentials; writes the Production model to s3://acme-mlflow-artifacts and promotes churn-model in MLflow.',
  );
  const [identity] = profile.identities;
  assert.equal(profile.identities.length, 1, 'the key pair is one identity');
  assert.deepEqual(
    { provider: identity!.provider, kind: identity!.kind, source: identity!.source, path: identity!.path, level: identity!.level },
    { provider: 'aws', kind: 'static-key', source: 'plaintext', path: 'env.AWS_ACCESS_KEY_ID', level: 'workflow' },
  );
  assert.deepEqual(identity!.owner, { name: 'ci-training', kind: 'aws-iam-user', policies: ['AmazonS3FullAccess', 'AmazonSageMakerFullAccess'], via: 'access-key' });
  assert.deepEqual(positionAt(LAB_TEXT, identity!.start), positionOf(LAB_TEXT, 'AWS_ACCESS_KEY_ID'));
});

test('the lab workflow without an inventory: the same sentence with static AWS keys of unknown owner', () => {
  const profile = profileOf(LAB_TEXT, 'train');
  assert.equal(
    blastRadiusSentence(profile),
    'Runs on push to main, schedule and manual dispatch on a self-hosted GPU runner; holds static AWS keys and MLflow credentials; writes the Production model to s3://acme-mlflow-artifacts and promotes churn-model in MLflow.',
  );
  assert.equal(profile.identities[0]!.owner, undefined);
});

test('the lab workflow: triggers, runner, secrets, token and writes, with positions from the fixture text', () => {
  const profile = profileOf(LAB_TEXT, 'train');
  assert.deepEqual(
    profile.triggers.map((trigger) => [trigger.event, trigger.description, trigger.untrusted]),
    [
      ['push', 'push to main', false],
      ['schedule', 'schedule', false],
      ['workflow_dispatch', 'manual dispatch', false],
    ],
  );
  assert.equal(profile.untrusted, false);
  assert.deepEqual(profile.runner, { kind: 'self-hosted', gpu: true, labels: ['self-hosted', 'linux', 'gpu'], description: 'a self-hosted GPU runner' });
  assert.deepEqual(
    profile.secrets.map((secret) => [secret.name, secret.source, secret.service, secret.level]),
    [
      ['MLFLOW_TRACKING_URI', 'plaintext', 'MLflow', 'workflow'],
      ['AWS_SECRET_ACCESS_KEY', 'plaintext', 'AWS', 'workflow'],
    ],
  );
  assert.equal(profile.allSecrets, undefined);
  assert.equal(profile.token.source, 'default');
  assert.ok(profile.token.writes.includes('contents'), 'the permissive default can write contents');
  assert.equal(profile.token.idToken, false);

  assert.equal(profile.writes.length, 2);
  const [promote, copy] = profile.writes;
  assert.deepEqual(
    { kind: promote!.kind, effect: promote!.effect, modelName: promote!.modelName, stage: promote!.stage, step: promote!.step?.path, confidence: promote!.confidence },
    { kind: 'model-registry', effect: 'promote', modelName: 'churn-model', stage: 'Production', step: 'jobs.train.steps[4]', confidence: 'medium' },
  );
  assert.deepEqual(positionAt(LAB_TEXT, promote!.start), positionOf(LAB_TEXT, 'python training/promote.py'));
  assert.equal(promote!.command, 'python training/promote.py --name churn-model --version "$VERSION" --stage Production');
  assert.deepEqual(
    { kind: copy!.kind, effect: copy!.effect, target: copy!.target, source: copy!.source, stage: copy!.stage, step: copy!.step?.path, confidence: copy!.confidence },
    { kind: 'object-storage', effect: 'publish', target: 's3://acme-mlflow-artifacts', source: 'training/output/model/', stage: 'Production', step: 'jobs.train.steps[5]', confidence: 'high' },
  );
  assert.deepEqual(positionAt(LAB_TEXT, copy!.start), positionOf(LAB_TEXT, 'aws s3 cp'));
  assert.deepEqual(profile.deployments, profile.writes);
  assert.deepEqual(profile.upstream, []);
});

test('the lab workflow: no profile field carries a credential from the file', () => {
  for (const platform of [undefined, new Platform(LAB_INVENTORY)]) {
    const profile = profileOf(LAB_TEXT, 'train', platform);
    const shown = JSON.stringify({ sentence: blastRadiusSentence(profile), writes: profile.writes.map(({ command, phrase, target }) => ({ command, phrase, target })), secrets: profile.secrets.map(({ name, path }) => ({ name, path })), identities: profile.identities.map(({ principal, owner }) => ({ principal, owner })) });
    for (const secret of ['AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'Tr4in-Pipel1ne-2024']) assert.ok(!shown.includes(secret), `${secret.slice(0, 4)}… is not shown`);
  }
});

test('profiles are computed once per workflow and platform', () => {
  const artifact = workflow(LAB_TEXT);
  const platform = new Platform(LAB_INVENTORY);
  const first = jobProfiles(artifact, platform);
  assert.strictEqual(jobProfiles(artifact, platform)[0], first[0]);
  assert.strictEqual(jobProfile(artifact, artifact.jobs[0]!, platform), first[0]);
  assert.notStrictEqual(jobProfiles(artifact)[0], first[0], 'another platform gets its own profiles');
  assert.strictEqual(jobProfiles(artifact)[0], jobProfiles(artifact)[0], 'calls without a platform share one');
});

// ─── Triggers ─────────────────────────────────────────────────────────────────────────────────────

const TRIGGERS = `on:
  push:
    branches: [main, "release/*"]
    tags: ["v*"]
  pull_request:
    branches: [main]
  pull_request_target:
  issue_comment:
    types: [created]
  workflow_run:
    workflows: [train]
    types: [completed]
  schedule:
    - cron: "0 0 * * 0"
jobs:
  all:
    runs-on: ubuntu-latest
    steps:
      - run: echo all
  pushes:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - run: echo push
  not-prs:
    if: \${{ github.event_name != 'pull_request' && github.event_name != 'pull_request_target' }}
    runs-on: ubuntu-latest
    steps:
      - run: echo trusted
  listed:
    if: contains(fromJSON('["push", "schedule"]'), github.event_name)
    runs-on: ubuntu-latest
    steps:
      - run: echo listed
  after-pushes:
    needs: pushes
    runs-on: ubuntu-latest
    steps:
      - run: echo after
  always-after:
    needs: pushes
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo always
  unknown:
    if: github.ref == 'refs/heads/main' || github.event.comment.body == '/deploy'
    runs-on: ubuntu-latest
    steps:
      - run: echo unknown
`;

test('trigger descriptions, and which of them outsiders can start', () => {
  const profile = profileOf(TRIGGERS, 'all');
  assert.deepEqual(
    profile.triggers.map((trigger) => [trigger.event, trigger.description, trigger.untrusted, trigger.privileged]),
    [
      ['push', 'push to main or release/* or of tags v*', false, false],
      ['pull_request', 'pull requests into main (forks included)', true, false],
      ['pull_request_target', 'pull_request_target (any pull request, forks included)', true, true],
      ['issue_comment', 'issue and pull request comments (anyone can comment)', true, true],
      ['workflow_run', 'workflow_run after train (which a fork pull request may have started)', true, true],
      ['schedule', 'schedule', false, false],
    ],
  );
  assert.equal(profile.untrusted, true);
  assert.deepEqual(positionAt(TRIGGERS, profile.triggers[3]!.keyStart), positionOf(TRIGGERS, 'issue_comment'));
});

test("a job's if: condition and the jobs it needs decide which triggers reach it", () => {
  const artifact = workflow(TRIGGERS);
  const events = (id: string) => jobProfiles(artifact).find((profile) => profile.job.id === id)!.triggers.map((trigger) => trigger.event);
  assert.deepEqual(events('pushes'), ['push']);
  assert.deepEqual(events('not-prs'), ['push', 'issue_comment', 'workflow_run', 'schedule']);
  assert.deepEqual(events('listed'), ['push', 'schedule']);
  assert.deepEqual(events('after-pushes'), ['push'], 'a job runs only when the jobs it needs ran');
  assert.equal(events('always-after').length, 6, 'always() runs whatever happened to the needed jobs');
  assert.equal(events('unknown').length, 6, 'conditions on anything but the event name rule nothing out');
  assert.equal(jobProfiles(artifact).find((profile) => profile.job.id === 'not-prs')!.untrusted, true, 'issue comments still reach it');
});

test('a job no trigger reaches says so', () => {
  const profile = profileOf('on: push\njobs:\n  never:\n    if: github.event_name == \'schedule\'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n');
  assert.deepEqual(profile.triggers, []);
  assert.match(blastRadiusSentence(profile), /^Runs on no trigger \(its if: condition rules them all out\) on a GitHub-hosted runner\.$/);
});

// ─── Runners ──────────────────────────────────────────────────────────────────────────────────────

test('runners: GitHub-hosted, self-hosted, GPU by label, chosen at run time, reusable workflows and composite actions', () => {
  const runner = (runsOn: string) => profileOf(`on: push\njobs:\n  j:\n    runs-on: ${runsOn}\n    steps:\n      - run: echo\n`).runner;
  assert.deepEqual(runner('ubuntu-latest'), { kind: 'github-hosted', gpu: false, labels: ['ubuntu-latest'], description: 'a GitHub-hosted runner' });
  assert.equal(runner('[windows-2022]').kind, 'github-hosted');
  assert.deepEqual(runner('[self-hosted, linux, x64]'), { kind: 'self-hosted', gpu: false, labels: ['self-hosted', 'linux', 'x64'], description: 'a self-hosted runner' });
  assert.equal(runner('[self-hosted, cuda-12]').description, 'a self-hosted GPU runner');
  assert.deepEqual(runner('gpu-a100-80gb'), { kind: 'custom', gpu: true, labels: ['gpu-a100-80gb'], description: 'a GPU runner labelled gpu-a100-80gb (self-hosted or a larger runner)' });
  assert.equal(runner('{ group: ml-runners, labels: [linux] }').kind, 'custom');
  assert.equal(runner('${{ matrix.os }}').kind, 'dynamic');

  const reusable = profileOf('on: push\njobs:\n  call:\n    uses: acme/platform/.github/workflows/deploy-model.yml@v1\n    secrets: inherit\n');
  assert.deepEqual(reusable.runner, { kind: 'reusable-workflow', gpu: false, labels: [], description: 'the runners of acme/platform/.github/workflows/deploy-model.yml' });
  assert.equal(reusable.allSecrets, 'inherit');
  assert.deepEqual(reusable.writes.map((write) => [write.kind, write.phrase, write.step]), [['deploy-action', 'calls acme/platform/.github/workflows/deploy-model.yml', undefined]]);
  assert.equal(
    blastRadiusSentence(reusable),
    'Runs on every push on the runners of acme/platform/.github/workflows/deploy-model.yml; holds every repository secret (secrets: inherit); calls acme/platform/.github/workflows/deploy-model.yml.',
  );

  const composite = profileOf('name: push\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: huggingface-cli upload acme/churn-model ./model\n');
  assert.equal(composite.runner.kind, 'caller');
  assert.equal(composite.token.source, 'caller');
  assert.equal(blastRadiusSentence(composite), 'Runs inside whichever job uses this composite action; pushes the model to the Hugging Face Hub (acme/churn-model).');
});

// ─── Secrets ──────────────────────────────────────────────────────────────────────────────────────

test('secrets referenced in workflow, job and step env, inputs and scripts, with the service each opens', () => {
  const text = `on: push
env:
  WANDB_API_KEY: \${{ secrets.WANDB_API_KEY }}
jobs:
  train:
    runs-on: ubuntu-latest
    env:
      HF_TOKEN: \${{ secrets.HF_TOKEN }}
    steps:
      - uses: docker/login-action@v3
        with:
          password: \${{ secrets.DOCKERHUB_TOKEN }}
      - run: |
          curl -H "Authorization: Bearer \${{ secrets.FEATURE_STORE_KEY }}" https://features.internal
      - env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          MLFLOW_TRACKING_PASSWORD: \${{ secrets.MLFLOW_PASSWORD }}
          DATABRICKS_TOKEN: \${{ secrets.DATABRICKS_TOKEN }}
        run: python train.py
  other:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo '\${{ toJSON(secrets) }}'
`;
  const profile = profileOf(text, 'train');
  assert.deepEqual(
    profile.secrets.map((secret) => [secret.name, secret.source, secret.service, secret.level, secret.path]),
    [
      ['WANDB_API_KEY', 'reference', 'Weights & Biases', 'workflow', 'env.WANDB_API_KEY'],
      ['HF_TOKEN', 'reference', 'Hugging Face', 'job', 'jobs.train.env.HF_TOKEN'],
      ['DOCKERHUB_TOKEN', 'reference', 'container registry', 'step', 'jobs.train.steps[0].with.password'],
      ['FEATURE_STORE_KEY', 'reference', undefined, 'step', 'jobs.train.steps[1].run'],
      ['GITHUB_TOKEN', 'reference', 'GITHUB_TOKEN', 'step', 'jobs.train.steps[2].env.GH_TOKEN'],
      ['MLFLOW_PASSWORD', 'reference', 'MLflow', 'step', 'jobs.train.steps[2].env.MLFLOW_TRACKING_PASSWORD'],
      ['DATABRICKS_TOKEN', 'reference', 'Databricks', 'step', 'jobs.train.steps[2].env.DATABRICKS_TOKEN'],
    ],
  );
  assert.deepEqual(positionAt(text, profile.secrets[3]!.start), positionOf(text, '${{ secrets.FEATURE_STORE_KEY }}'));
  assert.equal(profile.allSecrets, undefined);
  assert.equal(
    blastRadiusSentence(profile),
    'Runs on every push on a GitHub-hosted runner; holds a Weights & Biases API key, a Hugging Face token, container registry credentials, MLflow credentials, a Databricks token and secret FEATURE_STORE_KEY.',
  );
  const other = profileOf(text, 'other');
  assert.equal(other.allSecrets, 'tojson');
  assert.deepEqual(other.secrets.map((secret) => secret.name), ['WANDB_API_KEY'], 'the other job sees the workflow env, not the train job’s secrets');
  assert.match(blastRadiusSentence(other), /holds every repository secret \(toJSON\(secrets\)\) and a Weights & Biases API key\./);
});

test('plaintext credentials count for the job that holds them and for every job when set at workflow level', () => {
  const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    env:
      HF_TOKEN: hf_FakeTokenForTestsOnlyQwErTyUiOpAsD
    steps:
      - run: echo a
  b:
    runs-on: ubuntu-latest
    steps:
      - run: echo b
`;
  assert.deepEqual(profileOf(text, 'a').secrets.map((secret) => [secret.name, secret.source, secret.service]), [['HF_TOKEN', 'plaintext', 'Hugging Face']]);
  assert.deepEqual(profileOf(text, 'b').secrets, []);
  assert.ok(!blastRadiusSentence(profileOf(text, 'a')).includes('hf_Fake'));
});

// ─── Cloud identities ─────────────────────────────────────────────────────────────────────────────

const INVENTORY: Inventory = {
  version: 1,
  identities: [
    { id: 'ci-user', kind: 'aws-iam-user', name: 'ci-deployer', attachedPolicies: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'] },
    { id: 'release-role', kind: 'aws-iam-role', name: 'model-release', arn: 'arn:aws:iam::111122223333:role/model-release', policyFiles: ['model-release-policy.json'] },
  ],
  components: [{ id: 'pipeline', kind: 'ci-pipeline', files: ['.github/workflows/ci.yml'], identity: 'ci-user' }],
  storage: [{ id: 'models', kind: 's3-bucket', name: 'acme-store', holds: ['model artifacts'] }],
};

test('AWS keys from secrets: the owner comes from the CI component of the inventory that lists this file', () => {
  const text = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: aws s3 cp out/ s3://acme-store/churn/ --recursive
`;
  const profile = profileOf(text, 'deploy', new Platform(INVENTORY));
  assert.deepEqual(
    profile.identities.map((identity) => [identity.provider, identity.kind, identity.source, identity.level, identity.owner?.name, identity.owner?.via]),
    [['aws', 'static-key', 'secret', 'job', 'ci-deployer', 'component']],
  );
  assert.equal(
    blastRadiusSentence(profile),
    'Runs on every push on a GitHub-hosted runner; holds AWS keys of ci-deployer (AmazonSageMakerFullAccess per the inventory); writes the model to s3://acme-store.',
  );
  const without = profileOf(text, 'deploy');
  assert.equal(without.writes[0]!.model, false, 'without the inventory nothing says out/ is a model');
  assert.equal(blastRadiusSentence(without), 'Runs on every push on a GitHub-hosted runner; holds static AWS keys; writes files to s3://acme-store.');
});

test('OIDC and static credentials for AWS, Google Cloud and Azure', () => {
  const text = `on: workflow_dispatch
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502
        with:
          role-to-assume: arn:aws:iam::111122223333:role/model-release
          aws-region: us-east-1
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_KEY }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET }}
          role-to-assume: arn:aws:iam::111122223333:role/cross-account
      - uses: google-github-actions/auth@v2
        with:
          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/gh/providers/gh
          service_account: deployer@acme.iam.gserviceaccount.com
      - uses: google-github-actions/auth@v2
        with:
          credentials_json: \${{ secrets.GCP_SA_KEY }}
      - uses: azure/login@v2
        with:
          client-id: 00000000-0000-0000-0000-000000000001
          tenant-id: 00000000-0000-0000-0000-000000000002
          subscription-id: 00000000-0000-0000-0000-000000000003
      - uses: azure/login@v2
        with:
          creds: \${{ secrets.AZURE_CREDENTIALS }}
`;
  const profile = profileOf(text, 'deploy', new Platform(INVENTORY));
  assert.deepEqual(
    profile.identities.map((identity) => [identity.provider, identity.kind, identity.source, identity.principal, identity.owner?.name, identity.owner?.via, identity.step?.index]),
    [
      ['aws', 'oidc', 'oidc', 'arn:aws:iam::111122223333:role/model-release', 'model-release', 'role', 0],
      ['aws', 'static-key', 'secret', 'arn:aws:iam::111122223333:role/cross-account', 'ci-deployer', 'component', 1],
      ['gcp', 'oidc', 'oidc', 'deployer@acme.iam.gserviceaccount.com', undefined, undefined, 2],
      ['gcp', 'static-key', 'secret', undefined, undefined, undefined, 3],
      ['azure', 'oidc', 'oidc', '00000000-0000-0000-0000-000000000001', undefined, undefined, 4],
      ['azure', 'static-key', 'secret', undefined, undefined, undefined, 5],
    ],
  );
  assert.deepEqual(positionAt(text, profile.identities[0]!.start), positionOf(text, 'role-to-assume: arn:aws:iam::111122223333:role/model-release'));
  assert.equal(profile.token.idToken, true);
  assert.equal(
    blastRadiusSentence(profile),
    'Runs on manual dispatch on a GitHub-hosted runner; holds OIDC credentials for AWS role model-release (model-release-policy.json per the inventory), AWS keys of ci-deployer (AmazonSageMakerFullAccess per the inventory), used to assume cross-account, OIDC credentials for Google Cloud as deployer@acme.iam.gserviceaccount.com, a Google Cloud service account key, OIDC credentials for Azure (client 00000000-0000-0000-0000-000000000001) and an Azure service principal secret.',
  );
});

// ─── GITHUB_TOKEN ─────────────────────────────────────────────────────────────────────────────────

test('GITHUB_TOKEN write scopes: job permissions replace the workflow’s, shorthands, and the default', () => {
  const text = `on: push
permissions: write-all
jobs:
  inherits:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  scoped:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      packages: write
      id-token: write
      pull-requests: read
    steps: [{ run: echo }]
  read:
    runs-on: ubuntu-latest
    permissions: read-all
    steps: [{ run: echo }]
  none:
    runs-on: ubuntu-latest
    permissions: {}
    steps: [{ run: echo }]
`;
  const artifact = workflow(text);
  const token = (id: string) => jobProfiles(artifact).find((profile) => profile.job.id === id)!.token;
  assert.equal(token('inherits').source, 'workflow');
  assert.equal(token('inherits').shorthand, 'write-all');
  assert.ok(token('inherits').writes.includes('contents') && token('inherits').idToken);
  assert.deepEqual({ source: token('scoped').source, writes: token('scoped').writes, idToken: token('scoped').idToken, path: token('scoped').path }, { source: 'job', writes: ['contents', 'packages'], idToken: true, path: 'jobs.scoped.permissions' });
  assert.deepEqual(token('read').writes, []);
  assert.deepEqual(token('none').writes, []);
  assert.equal(token('none').shorthand, 'none');
  assert.match(blastRadiusSentence(jobProfiles(artifact)[1]!), /holds a GITHUB_TOKEN that can write contents and packages\.$/);
  assert.match(blastRadiusSentence(jobProfiles(artifact)[0]!), /holds a GITHUB_TOKEN with write-all\.$/);
  assert.equal(profileOf('on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n').token.source, 'default');
});

// ─── What jobs write ──────────────────────────────────────────────────────────────────────────────

test('copies to buckets: S3, GCS and Azure, with env expansion; downloads and other files are told apart', () => {
  assert.deepEqual(writesOf('aws s3 sync ./model "${{ env.BUCKET }}/churn/" --delete', { BUCKET: 's3://acme-serving' }), [
    { kind: 'object-storage', effect: 'publish', model: true, target: 's3://acme-serving', phrase: 'writes the model to s3://acme-serving' },
  ]);
  assert.deepEqual(writesOf('aws s3 cp s3://acme-data/train.csv data/train.csv'), [], 'a download writes nothing');
  assert.deepEqual(writesOf('aws --region eu-west-1 s3 cp report.html s3://acme-reports/latest/ --acl private'), [
    { kind: 'object-storage', effect: 'publish', model: false, target: 's3://acme-reports', phrase: 'writes files to s3://acme-reports' },
  ]);
  assert.deepEqual(writesOf('aws s3 cp model.tar.gz $MODEL_BUCKET/prod/'), [
    { kind: 'object-storage', effect: 'publish', model: true, target: '$MODEL_BUCKET', phrase: 'writes the Production model to $MODEL_BUCKET' },
  ]);
  assert.deepEqual(writesOf('aws s3api put-object --bucket acme-models --key churn/model.onnx --body model.onnx').map((write) => write.target), ['s3://acme-models']);
  assert.deepEqual(writesOf('gsutil -m cp -r weights/ gs://acme-weights/llm/staging/').map((write) => [write.target, write.phrase]), [['gs://acme-weights', 'writes the Staging model to gs://acme-weights']]);
  assert.deepEqual(writesOf('gcloud storage cp --recursive checkpoints gs://acme-ckpt').map((write) => write.target), ['gs://acme-ckpt']);
  assert.deepEqual(writesOf('az storage blob upload --account-name acmeml --container-name models --file model.pkl --name churn/model.pkl').map((write) => [write.target, write.model]), [['Azure container models (account acmeml)', true]]);
  assert.deepEqual(writesOf('azcopy copy ./model "https://acmeml.blob.core.windows.net/models/churn" --recursive').map((write) => write.target), ['https://acmeml.blob.core.windows.net/models']);
});

test('registries: MLflow stage and alias changes from Python and from promote scripts; registrations without a stage are not promotions', () => {
  const python = writesOf(
    'python - <<\'PY\'\nfrom mlflow import MlflowClient\nc = MlflowClient()\nc.transition_model_version_stage(name="churn", version=3, stage="Production")\nc.set_registered_model_alias("fraud", "champion", 7)\nmlflow.register_model("runs:/x/model", "candidate")\nPY',
    { MLFLOW_TRACKING_URI: 'https://mlflow.internal' },
  );
  assert.deepEqual(
    python.map((write) => [write.effect, write.phrase]),
    [
      ['promote', 'promotes churn in MLflow'],
      ['promote', 'promotes fraud in MLflow'],
      ['register', 'registers candidate in MLflow'],
    ],
  );
  const artifact = workflow(scriptJob('python scripts/register_model.py --name churn --alias champion\nuv run python -m pipeline.promote --model-name fraud --stage=Staging\npython scripts/register_model.py --name churn'));
  const [profile] = jobProfiles(artifact);
  assert.deepEqual(
    profile!.writes.map((write) => [write.kind, write.effect, write.modelName, write.stage, write.confidence, write.command]),
    [
      ['model-registry', 'promote', 'churn', 'champion', 'medium', 'python scripts/register_model.py --name churn --alias champion'],
      ['model-registry', 'promote', 'fraud', 'Staging', 'medium', 'uv run python -m pipeline.promote --model-name fraud --stage=Staging'],
    ],
  );
  assert.match(blastRadiusSentence(profile!), /promotes churn in the model registry and promotes fraud in the model registry\.$/);
  assert.deepEqual(writesOf('python deploy_model.py --env production').map((write) => [write.kind, write.phrase]), [['deploy-action', 'deploys the model to production with deploy_model.py']]);
  assert.deepEqual(writesOf('python scripts/deploy_docs.py --env production\n./publish_site.sh --stage prod\npython scripts/release.py'), [], 'deploy scripts for something else, or without stage, alias or environment');
});

test('endpoints and serving: SageMaker, Vertex AI, Azure ML, Databricks, MLflow serving and deployments', () => {
  assert.deepEqual(
    writesOf(
      [
        'aws sagemaker create-model --model-name churn-v7 --execution-role-arn arn:aws:iam::1:role/sm --primary-container Image=x',
        'aws sagemaker update-endpoint --endpoint-name churn-prod --endpoint-config-name churn-v7',
        'aws sagemaker update-model-package --model-package-name churn/7 --model-approval-status Approved',
        'aws sagemaker describe-endpoint --endpoint-name churn-prod',
        'gcloud ai endpoints deploy-model 123 --region=us-central1 --model=456 --display-name=churn',
        'gcloud ai models upload --display-name=churn --artifact-uri=gs://m/churn',
        'az ml online-deployment create --name blue --endpoint-name churn-ep -f deployment.yml',
        'az ml model create --name churn --path model/',
        'databricks serving-endpoints update-config churn-endpoint --json @config.json',
        'mlflow models serve -m "models:/churn/Production" -p 5001',
        'mlflow deployments create -t sagemaker --name churn -m models:/churn/3',
      ].join('\n'),
    ).map((write) => [write.kind, write.effect, write.phrase]),
    [
      ['sagemaker', 'deploy', 'creates SageMaker model churn-v7'],
      ['sagemaker', 'deploy', 'updates SageMaker endpoint churn-prod'],
      ['sagemaker', 'promote', 'approves SageMaker model package churn/7'],
      ['vertex-ai', 'deploy', 'deploys model 456 to Vertex AI endpoint 123'],
      ['vertex-ai', 'register', 'registers churn in the Vertex AI Model Registry'],
      ['azure-ml', 'deploy', 'creates Azure ML online deployment blue on endpoint churn-ep'],
      ['azure-ml', 'register', 'registers churn in Azure ML'],
      ['databricks', 'deploy', 'deploys Databricks serving endpoint churn-endpoint'],
      ['model-serving', 'deploy', 'serves churn with mlflow models serve'],
      ['model-serving', 'deploy', 'deploys churn with mlflow deployments to sagemaker'],
    ],
  );
  assert.deepEqual(
    writesOf('python - <<\'PY\'\nimport sagemaker\nmodel = sagemaker.model.Model(image_uri=img, model_data=uri, role=role)\npredictor = model.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name="churn-prod")\nPY').map((write) => [write.kind, write.phrase]),
    [['sagemaker', 'deploys SageMaker endpoint churn-prod']],
  );
});

test('Hub, image and Kubernetes pushes: models are told from datasets, app images and other workloads by their names', () => {
  assert.deepEqual(
    writesOf('huggingface-cli upload acme/churn-model ./out\nhf upload acme/churn-data ./data --repo-type dataset\ngit push https://user:$HF_TOKEN@huggingface.co/acme/churn-space main').map((write) => [write.model, write.target, write.phrase]),
    [
      [true, 'acme/churn-model', 'pushes the model to the Hugging Face Hub (acme/churn-model)'],
      [false, 'acme/churn-data', 'pushes a dataset to the Hugging Face Hub (acme/churn-data)'],
      [true, 'acme/churn-space', 'pushes the model to the Hugging Face Hub (acme/churn-space)'],
    ],
  );
  assert.deepEqual(
    writesOf('python -c "from huggingface_hub import HfApi; HfApi().upload_folder(folder_path=\'out\', repo_id=\'acme/llm\')"\npython -c "trainer.push_to_hub(\'acme/llm-ft\'); tokenizer.push_to_hub(\'acme/llm-ft\')"').map((write) => write.phrase),
    ['pushes the model to the Hugging Face Hub (acme/llm)', 'pushes the model to the Hugging Face Hub (acme/llm-ft)'],
  );
  assert.deepEqual(
    writesOf('docker push ghcr.io/acme/inference-server:1.2\ndocker push ghcr.io/acme/website:1.2\ndocker buildx build --platform linux/amd64 -t ghcr.io/acme/triton-churn:2 --push .').map((write) => [write.kind, write.model, write.target]),
    [
      ['container-registry', true, 'ghcr.io/acme/inference-server:1.2'],
      ['container-registry', false, 'ghcr.io/acme/website:1.2'],
      ['container-registry', true, 'ghcr.io/acme/triton-churn:2'],
    ],
  );
  assert.deepEqual(
    writesOf('kubectl -n serving apply -f k8s/inferenceservice.yaml\nkubectl apply -f k8s/ingress.yaml\nhelm upgrade --install churn-serving ./charts/serving\nkubectl rollout restart deployment/model-server').map((write) => [write.model, write.phrase]),
    [
      [true, 'applies k8s/inferenceservice.yaml to Kubernetes'],
      [false, 'applies k8s/ingress.yaml to Kubernetes'],
      [true, 'upgrades Helm release churn-serving'],
      [true, 'restarts deployment/model-server in Kubernetes'],
    ],
  );
});

test('actions that push or deploy: build-push-action, Cloud Storage uploads and actions named for model deployment', () => {
  const text = `on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - name: Serving image
        uses: docker/build-push-action@471d1dc4e07e5cdedd4c2171150001c434f0b7a4
        with:
          push: \${{ github.event_name != 'pull_request' }}
          tags: |
            ghcr.io/acme/model-server:\${{ github.sha }}
            ghcr.io/acme/model-server:latest
      - uses: docker/build-push-action@v6
        with:
          push: false
          tags: ghcr.io/acme/model-server:pr
      - uses: google-github-actions/upload-cloud-storage@v2
        with:
          path: model/
          destination: acme-models/churn
      - uses: ./.github/actions/deploy-model
      - uses: acme/actions/setup-mlflow@v1
`;
  const profile = profileOf(text);
  assert.deepEqual(
    profile.writes.map((write) => [write.kind, write.model, write.step?.index, write.command, write.phrase]),
    [
      ['container-registry', true, 0, 'uses: docker/build-push-action@471d1dc4e07e5cdedd4c2171150001c434f0b7a4', 'pushes image ghcr.io/acme/model-server:${{ github.sha }}'],
      ['object-storage', true, 2, 'uses: google-github-actions/upload-cloud-storage@v2', 'writes the model to gs://acme-models'],
      ['deploy-action', true, 3, 'uses: ./.github/actions/deploy-model', 'runs ./.github/actions/deploy-model'],
    ],
  );
  assert.deepEqual(positionAt(text, profile.writes[0]!.start), positionOf(text, 'docker/build-push-action@471d'));
});

test('script reading: comments, line continuations, quoting, command substitution and unrelated words', () => {
  assert.deepEqual(writesOf('# aws s3 cp model/ s3://acme-models/ --recursive\necho "done" # docker push acme/model-server'), []);
  assert.deepEqual(
    writesOf('aws s3 cp \\\n  model/ \\\n  "s3://acme-models/churn model/" \\\n  --recursive').map((write) => [write.target, write.phrase]),
    [['s3://acme-models', 'writes the model to s3://acme-models']],
  );
  const artifact = workflow(scriptJob('VERSION=$(python scripts/promote.py --name churn --stage Production) && echo "$VERSION"'));
  const [write] = jobProfiles(artifact)[0]!.writes;
  assert.equal(write!.command, 'python scripts/promote.py --name churn --stage Production', 'the command stops at the closing parenthesis');
  assert.deepEqual(writesOf('pip install awscli-plugin-endpoint\nmake deploy-docs\nterraform apply'), []);
});

test('MLflow is named as the registry only when the job uses MLflow', () => {
  assert.deepEqual(writesOf('python promote.py --name churn --stage Production').map((write) => write.phrase), ['promotes churn in the model registry']);
  assert.deepEqual(writesOf('python promote.py --name churn --stage Production', { MLFLOW_TRACKING_URI: 'https://mlflow.internal' }).map((write) => write.phrase), ['promotes churn in MLflow']);
});

test('plaintext credentials copied into a command by env expansion are masked', () => {
  const leaky = profileOf(scriptJob('huggingface-cli upload "acme/$HF_TOKEN" model/', { HF_TOKEN: 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD' }));
  assert.ok(!JSON.stringify(leaky.writes.map(({ command, phrase, target }) => ({ command, phrase, target }))).includes('hf_FakeTokenForTestsOnlyQwErTyUiOpAsD'));
  assert.equal(leaky.writes[0]!.phrase, 'pushes the model to the Hugging Face Hub (acme/hf_F…pAsD)');
});

// ─── Needs ────────────────────────────────────────────────────────────────────────────────────────

test('upstream jobs: transitive needs, nearest first, safe against cycles', () => {
  const artifact = workflow(`on: push
jobs:
  a: { runs-on: ubuntu-latest, steps: [{ run: echo }] }
  b: { needs: a, runs-on: ubuntu-latest, steps: [{ run: echo }] }
  c: { needs: [b, a], runs-on: ubuntu-latest, steps: [{ run: echo }] }
  x: { needs: y, runs-on: ubuntu-latest, steps: [{ run: echo }] }
  y: { needs: x, runs-on: ubuntu-latest, steps: [{ run: echo }] }
`);
  const job = (id: string) => artifact.jobs.find((candidate) => candidate.id === id)!;
  assert.deepEqual(upstreamJobs(artifact, job('c')).map((upstream) => upstream.id), ['b', 'a']);
  assert.deepEqual(upstreamJobs(artifact, job('x')).map((upstream) => upstream.id), ['y']);
  assert.deepEqual(jobProfiles(artifact).find((profile) => profile.job.id === 'x')!.upstream.map((upstream) => upstream.id), ['y']);
});
