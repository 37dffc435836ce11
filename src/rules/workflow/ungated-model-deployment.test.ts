import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast } from '../../core/finding.js';
import { analyzeText } from '../../core/scan.js';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { loadAnswerKey } from '../../lab/answer-key.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionAt, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'workflow/ungated-model-deployment';
const { analyze, own, single, readCase } = ruleKit(RULE);
const LAB_FILE = 'fixtures/mlops/training-pipeline.yml';
const LAB_TEXT = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');

/** Where the job's key starts: the `id` of `  id:` under `jobs:`. */
function jobKey(text: string, id: string): { line: number; column: number } {
  const at = text.indexOf(`\n  ${id}:`);
  assert.notEqual(at, -1, `job ${id} is in the file`);
  return positionAt(text, at + 3);
}

function labPlatform(): Platform {
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  return new Platform(loaded.inventory);
}

test('the lab workflow: one high finding on the train job, with both deploying commands as related locations', () => {
  const finding = single(analyze(LAB_TEXT, LAB_FILE));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.confidence, 'high');
  assert.equal(finding.category, 'missing-approval-gate');
  assert.equal(finding.title, 'Job train promotes a model without a protected environment');
  assert.deepEqual({ line: finding.line, column: finding.column }, jobKey(LAB_TEXT, 'train'));
  assert.equal(finding.endColumn - finding.column, 'train'.length);
  assert.equal(finding.location.yamlPath, 'jobs.train');
  assert.equal(
    finding.message,
    'Job `train` promotes churn-model in MLflow and writes the Production model to s3://acme-mlflow-artifacts, but it has no `environment:`. ' +
      'Every run that reaches it (push to main, schedule and manual dispatch) changes what serves in production with no required reviewer, no deployment branch rule and no deployment record, ' +
      'and it holds repository-wide secrets instead of environment secrets released only to approved runs.',
  );
  assert.equal(finding.evidence, 'jobs.train.steps[4] "Register the model and promote it to Production": python training/promote.py --name churn-model --version "$VERSION" --stage Production');
  assert.deepEqual(
    finding.related!.map((related) => [related.line, related.column, related.location?.yamlPath, related.message]),
    [
      [...Object.values(positionOf(LAB_TEXT, 'python training/promote.py')), 'jobs.train.steps[4].run', 'promotes churn-model in MLflow'],
      [...Object.values(positionOf(LAB_TEXT, 'aws s3 cp')), 'jobs.train.steps[5].run', 'writes the Production model to s3://acme-mlflow-artifacts'],
    ],
  );
  assert.match(finding.recommendation, /^Move "Register the model and promote it to Production" and "Publish the model for the inference API" out of job `train` into a job that `needs: train`/);
  assert.match(finding.recommendation, /environment: production/);
  assert.match(finding.recommendation, /required reviewers and a deployment branch rule allowing only main/);
  assert.match(finding.fix!.snippet, /^ {4}environment: production {3}# Settings → Environments: required reviewers, deployment branches: main$/m);
  assert.match(finding.fix!.snippet, /^ {4}needs: train$/m);
  assert.match(finding.fix!.snippet, /^ {4}if: github\.ref == 'refs\/heads\/main'$/m);
  assert.match(finding.fix!.snippet, /^ {6}- name: Register the model and promote it to Production$/m);
  assert.match(finding.fix!.snippet, /^ {6}- name: Publish the model for the inference API$/m);
  assert.deepEqual(finding.notes, undefined, 'nobody outside the repository can start this workflow');
});

test('the lab workflow with the inventory: the blast radius names the key owner, the bucket and the registry', () => {
  const finding = single(analyze(LAB_TEXT, LAB_FILE, { platform: labPlatform() }));
  assert.equal(
    finding.blastRadius,
    'Runs on push to main, schedule and manual dispatch on a self-hosted GPU runner; holds AWS keys of ci-training (AmazonS3FullAccess, AmazonSageMakerFullAccess per the inventory) and MLflow credentials; ' +
      'writes the Production model to s3://acme-mlflow-artifacts and promotes churn-model in MLflow. Whoever can start the job, or change the code and dependencies it runs, puts a model into production without anyone approving it.',
  );
});

test('the answer key records this finding where the rule reports it', () => {
  const expected = loadAnswerKey().findings.find((entry) => entry.id === 'ci-ungated-model-promotion');
  assert.ok(expected);
  const finding = single(analyze(LAB_TEXT, LAB_FILE));
  assert.deepEqual(
    { ruleId: expected.ruleId, severity: expected.severity, category: expected.category, line: expected.line, column: expected.column, yamlPath: expected.location?.yamlPath },
    { ruleId: RULE, severity: finding.severity, category: finding.category, line: finding.line, column: finding.column, yamlPath: finding.location.yamlPath },
  );
  assert.ok(LAB_TEXT.split('\n')[expected.line - 1]!.includes(expected.match));
});

test('positive: training and promotion in one job, MLflow from inline Python and a bucket sync', () => {
  const { file, text } = readCase('positive/train-and-promote.yml');
  const finding = single(analyze(text, file));
  assert.deepEqual({ line: finding.line, column: finding.column }, jobKey(text, 'retrain'));
  assert.match(finding.message, /^Job `retrain` promotes fraud-detector in MLflow and writes the model to s3:\/\/acme-serving-models, but it has no `environment:`/);
  assert.match(finding.message, /\(push to main and schedule\)/);
  assert.match(finding.blastRadius, /^Runs on push to main and schedule on a self-hosted GPU runner; holds OIDC credentials for AWS role retrain and MLflow credentials;/);
  assert.deepEqual(
    finding.related!.map((related) => [related.line, related.column]),
    [positionOf(text, 'client.transition_model_version_stage('), positionOf(text, 'aws s3 sync')].map((position) => [position.line, position.column]),
  );
});

test('positive: each deploying job without an environment is its own finding; the gated one is not reported', () => {
  const { file, text } = readCase('positive/endpoint-and-hub.yml');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.title, finding.confidence]),
    [
      [...Object.values(jobKey(text, 'sagemaker')), 'Job sagemaker deploys a model without a protected environment', 'high'],
      [...Object.values(jobKey(text, 'hub')), 'Job hub publishes a model without a protected environment', 'high'],
      [...Object.values(jobKey(text, 'serving')), 'Job serving deploys a model without a protected environment', 'medium'],
    ],
  );
  const [sagemaker, hub, serving] = findings;
  assert.match(sagemaker!.message, /updates SageMaker endpoint churn-prod/);
  assert.deepEqual(sagemaker!.notes, ["People without write access can start this job through workflow_run; workflow_run runs with the repository's secrets."]);
  assert.match(hub!.message, /pushes the model to the Hugging Face Hub \(acme\/sentiment-large\)/);
  assert.match(hub!.blastRadius, /holds a Hugging Face token/);
  assert.match(serving!.message, /upgrades Helm release inference-api/);
  assert.ok(serving!.notes!.some((note) => /Recognised from script, image or manifest names/.test(note)));
  assert.ok(!findings.some((finding) => finding.location.yamlPath === 'jobs.gated'));
});

test('clean: the hardened deploy workflow yields nothing of medium or higher from any rule', () => {
  const { file, text } = readCase('clean/hardened-deploy.yml');
  for (const needle of ['role-to-assume:', 'environment: production', 'actions/attest-build-provenance@', 'permissions: {}', 'persist-credentials: false']) assert.ok(text.includes(needle), needle);
  assert.ok(!/uses: [^\s@]+@(?![0-9a-f]{40}\b)/.test(text), 'every action is pinned to a full commit SHA');
  const { findings, error } = analyzeText(file, text, 'yaml');
  assert.equal(error, undefined);
  assert.ok(findings.every((finding) => finding.file === file));
  assert.deepEqual(
    findings.filter((finding) => atLeast(finding.severity, 'medium')).map((finding) => `${finding.ruleId} ${finding.severity} ${finding.line}: ${finding.title}`),
    [],
  );
  assert.deepEqual(own(findings), []);
});

test('clean: CI that registers a version, keeps the model as a workflow artifact and uploads only docs', () => {
  const { file, text } = readCase('clean/ci-without-deployment.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});

const DEPLOY = `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-24.04
ENVIRONMENT    steps:
      - run: aws sagemaker update-endpoint --endpoint-name churn-prod --endpoint-config-name churn-v2
`;

test('any environment key gates the job: a name, a mapping with a URL, or an expression', () => {
  assert.equal(own(analyze(DEPLOY.replace('ENVIRONMENT', ''))).length, 1);
  for (const environment of ['    environment: production\n', '    environment:\n      name: production\n      url: https://churn.acme.example\n', '    environment: ${{ inputs.target }}\n']) {
    assert.deepEqual(own(analyze(DEPLOY.replace('ENVIRONMENT', environment))), [], environment);
  }
});

test('not reported: composite actions, reusable-workflow calls, and jobs that only register a candidate version', () => {
  const composite = 'name: deploy\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: aws sagemaker update-endpoint --endpoint-name churn-prod --endpoint-config-name v2\n';
  assert.deepEqual(own(analyze(composite, '.github/actions/deploy/action.yml')), []);
  const call = 'on: push\njobs:\n  deploy:\n    uses: acme/platform/.github/workflows/deploy-model.yml@v1\n    secrets: inherit\n';
  assert.deepEqual(own(analyze(call)), []);
  const register = 'on: push\njobs:\n  train:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n          python -c "import mlflow; mlflow.register_model(\'runs:/1/model\', \'churn\')"\n';
  assert.deepEqual(own(analyze(register)), []);
});

test('the fingerprint follows the job, not its line', () => {
  const before = single(analyze(DEPLOY.replace('ENVIRONMENT', '')));
  const after = single(analyze(`# a comment\n\n${DEPLOY.replace('ENVIRONMENT', '')}`));
  assert.equal(after.line, before.line + 2);
  assert.equal(after.fingerprint, before.fingerprint);
});
