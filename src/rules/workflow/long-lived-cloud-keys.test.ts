import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'workflow/long-lived-cloud-keys';
const { analyze, own, single, readCase } = ruleKit(RULE);

function at(text: string, needle: string, offset = 0): { line: number; column: number } {
  const position = positionOf(text, needle);
  return { line: position.line, column: position.column + offset };
}

const byPosition = <T extends { line: number; column: number }>(findings: T[]) => [...findings].sort((a, b) => a.line - b.line || a.column - b.column);

test('AWS, Google Cloud and Azure keys in env and in login-action inputs: one finding each, at the first key', () => {
  const { file, text } = readCase('positive/static-cloud-keys.yml');
  const findings = byPosition(own(analyze(text, file)));
  assert.deepEqual(
    findings.map((finding) => [{ line: finding.line, column: finding.column }, finding.location.yamlPath, finding.title]),
    [
      [at(text, 'AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}'), 'env.AWS_ACCESS_KEY_ID', 'Static AWS access key in workflow-level env instead of OIDC'],
      [at(text, 'aws-access-key-id:'), 'jobs.sagemaker.steps[1].with.aws-access-key-id', 'configure-aws-credentials given a static access key instead of OIDC'],
      [at(text, 'GOOGLE_CREDENTIALS:'), 'jobs.vertex.env.GOOGLE_CREDENTIALS', 'Google Cloud service-account key in a workflow instead of Workload Identity Federation'],
      [at(text, 'credentials_json:'), 'jobs.vertex.steps[0].with.credentials_json', 'Google Cloud service-account key in a workflow instead of Workload Identity Federation'],
      [at(text, 'creds:'), 'jobs.azureml.steps[0].with.creds', 'Azure service-principal secret in a workflow instead of OIDC'],
      [at(text, 'ARM_CLIENT_SECRET:'), 'jobs.azureml.steps[1].env.ARM_CLIENT_SECRET', 'Azure service-principal secret in a workflow instead of OIDC'],
    ],
  );
  for (const finding of findings) {
    assert.equal(finding.severity, 'high');
    assert.equal(finding.category, 'secret-exposure');
    assert.ok(finding.fix?.snippet.includes('id-token: write'), `${finding.location.yamlPath}: the fix asks for an OIDC token`);
  }
});

test('the AWS env pair: the secret key is related, the message names the source, the fix is the OIDC block', () => {
  const { file, text } = readCase('positive/static-cloud-keys.yml');
  const finding = own(analyze(text, file)).find((candidate) => candidate.location.yamlPath === 'env.AWS_ACCESS_KEY_ID')!;
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, at(text, 'AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}', 'AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}'.length));
  assert.equal(finding.related?.length, 1);
  assert.deepEqual({ line: finding.related![0]!.line, column: finding.related![0]!.column }, at(text, 'AWS_SECRET_ACCESS_KEY:'));
  assert.match(finding.message, /`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are set from GitHub Secrets in workflow-level `env:`: a long-lived IAM user key that every step of every job can read/);
  assert.equal(finding.evidence, 'AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}, AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}');
  assert.match(finding.blastRadius, /Every step of every job receives the key \(job `sagemaker` on a GitHub-hosted runner \(ubuntu-latest\), job `vertex` on a self-hosted runner labelled self-hosted, linux and job `azureml`/);
  assert.match(finding.blastRadius, /`acme\/slack-notify@v2`/);
  assert.match(finding.blastRadius, /The workflow runs on push, workflow_dispatch\./);
  assert.match(finding.recommendation, /permissions: id-token: write, contents: read/);
  assert.match(finding.recommendation, /role-to-assume/);
  assert.match(finding.recommendation, /aws-region: eu-west-1/);
  assert.match(finding.recommendation, /token\.actions\.githubusercontent\.com:sub/);
  assert.match(finding.fix!.snippet, /permissions:\n      id-token: write[^\n]*\n      contents: read/);
  assert.match(finding.fix!.snippet, /aws-actions\/configure-aws-credentials@<full-commit-sha>[\s\S]*role-to-assume: arn:aws:iam::<ACCOUNT_ID>:role\/<CI_ROLE>[\s\S]*aws-region: eu-west-1/);
  assert.match(finding.notes![0]!, /"token\.actions\.githubusercontent\.com:sub" equals "repo:<OWNER>\/<REPO>:ref:refs\/heads\/main"/);
  assert.match(finding.notes![0]!, /"token\.actions\.githubusercontent\.com:aud" equals "sts\.amazonaws\.com"/);
});

test('configure-aws-credentials with keys and a role: keep the role, drop the keys', () => {
  const { file, text } = readCase('positive/static-cloud-keys.yml');
  const finding = own(analyze(text, file)).find((candidate) => candidate.location.yamlPath?.endsWith('aws-access-key-id'))!;
  assert.match(finding.message, /Step 2 "Configure AWS" of job `sagemaker` passes `aws-access-key-id` and `aws-secret-access-key` from GitHub Secrets/);
  assert.match(finding.message, /then assumes `arn:aws:iam::111122223333:role\/sagemaker-deployer` with it/);
  assert.match(finding.blastRadius, /The action aws-actions\/configure-aws-credentials@v4 and every later step of job `sagemaker`/);
  assert.match(finding.fix!.snippet, /role-to-assume: arn:aws:iam::111122223333:role\/sagemaker-deployer/);
  assert.deepEqual({ line: finding.related![0]!.line, column: finding.related![0]!.column }, at(text, 'aws-secret-access-key:'));
});

test('Google and Azure findings recommend Workload Identity Federation and federated credentials', () => {
  const { file, text } = readCase('positive/static-cloud-keys.yml');
  const findings = own(analyze(text, file));
  const gcp = findings.find((finding) => finding.location.yamlPath?.endsWith('credentials_json'))!;
  assert.match(gcp.message, /logs in to Google Cloud with `credentials_json` from GitHub Secrets: a service-account key that never expires on its own/);
  assert.match(gcp.recommendation, /workload_identity_provider/);
  assert.match(gcp.recommendation, /assertion\.repository/);
  assert.match(gcp.fix!.snippet, /workload_identity_provider: projects\/<PROJECT_NUMBER>/);
  const azure = findings.find((finding) => finding.location.yamlPath?.endsWith('creds'))!;
  assert.match(azure.message, /a service-principal JSON with a `clientSecret`/);
  assert.match(azure.recommendation, /repo:<OWNER>\/<REPO>:ref:refs\/heads\/main/);
  assert.match(azure.fix!.snippet, /client-id: \$\{\{ secrets\.AZURE_CLIENT_ID \}\}/);
});

test('clean: OIDC roles, Workload Identity Federation and azure/login with a federated credential', () => {
  const { file, text } = readCase('clean/oidc-roles.yml');
  for (const needle of ['role-to-assume', 'workload_identity_provider', 'client-id:', 'steps.aws.outputs.aws-access-key-id', 'steps.auth.outputs.credentials_file_path']) assert.ok(text.includes(needle), needle);
  assert.deepEqual(own(analyze(text, file)), []);
});

test('the lab training pipeline: the plaintext AWS pair in workflow env is one finding, and the inventory names its owner', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const inventory = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(inventory.ok);
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml', { platform: new Platform(inventory.inventory) }));
  assert.deepEqual({ line: finding.line, column: finding.column }, at(text, 'AWS_ACCESS_KEY_ID:'));
  assert.equal(finding.location.yamlPath, 'env.AWS_ACCESS_KEY_ID');
  assert.match(finding.message, /set from plain text in the file in workflow-level `env:`/);
  assert.equal(finding.evidence, 'AWS_ACCESS_KEY_ID: AKIA…MPLE, AWS_SECRET_ACCESS_KEY: je7M…EKEY');
  assert.match(finding.blastRadius, /job `train` on a self-hosted runner labelled self-hosted, linux, gpu/);
  assert.match(finding.blastRadius, /The workflow runs on push, schedule, workflow_dispatch\./);
  assert.match(finding.blastRadius, /IAM user ci-training/);
  assert.match(finding.fix!.snippet, /aws-region: us-east-1/);
  assertRedacted(finding, 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY');
});

test('values from an earlier step, session credentials and vars: what is and is not a stored key', () => {
  const make = (env: string) => `name: t\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh\n        env:\n${env}`;
  assert.deepEqual(own(analyze(make('          AWS_ACCESS_KEY_ID: ${{ steps.aws.outputs.aws-access-key-id }}\n          AWS_SECRET_ACCESS_KEY: ${{ steps.aws.outputs.aws-secret-access-key }}\n'))), []);
  assert.deepEqual(own(analyze(make('          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.KEY }}\n          AWS_SESSION_TOKEN: ${{ secrets.SESSION }}\n'))), [], 'temporary credentials');
  const fromVars = single(analyze(make('          AWS_ACCESS_KEY_ID: ${{ vars.AWS_ACCESS_KEY_ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n')));
  assert.match(fromVars.message, /configuration variables \(`vars`, stored unencrypted\) and GitHub Secrets/);
  assert.match(fromVars.title, /in step env/);
  assert.match(fromVars.blastRadius, /^Step 1 of job `a` receives the key/);
});

test('GOOGLE_APPLICATION_CREDENTIALS: a key path is medium confidence; beside an auth step it is left to that step', () => {
  const job = (steps: string) => `name: t\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      GOOGLE_APPLICATION_CREDENTIALS: /tmp/gcp-key.json\n    steps:\n${steps}`;
  const alone = single(analyze(job('      - run: python deploy.py\n')));
  assert.equal(alone.confidence, 'medium');
  assert.match(alone.message, /a path to a service-account key file/);
  assert.equal(alone.evidence, 'GOOGLE_APPLICATION_CREDENTIALS: /tmp/gcp-key.json');
  assert.deepEqual(own(analyze(job('      - uses: google-github-actions/auth@v2\n        with:\n          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/p/providers/g\n          service_account: ci@p.iam.gserviceaccount.com\n'))), []);
});

test('azure/login: creds is ignored when client-id is set; inline JSON without a clientSecret is not a secret', () => {
  const login = (inputs: string) => `name: t\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: azure/login@v2\n        with:\n${inputs}`;
  assert.deepEqual(own(analyze(login('          creds: ${{ secrets.AZURE_CREDENTIALS }}\n          client-id: ${{ secrets.AZURE_CLIENT_ID }}\n'))), []);
  assert.deepEqual(own(analyze(login(`          creds: '{"clientId":"\${{ secrets.ID }}","tenantId":"\${{ secrets.TENANT }}","subscriptionId":"\${{ secrets.SUB }}"}'\n`))), []);
  const inline = single(analyze(login(`          creds: '{"clientId":"\${{ secrets.ID }}","clientSecret":"\${{ secrets.AZURE_CLIENT_SECRET }}","tenantId":"\${{ secrets.TENANT }}"}'\n`)));
  assert.equal(inline.location.yamlPath, 'jobs.a.steps[0].with.creds');
});
