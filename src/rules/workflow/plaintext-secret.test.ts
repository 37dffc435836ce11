import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/plaintext-secret');

test('every ML provider credential in env, inputs, scripts and container credentials is reported where it stands', () => {
  const { file, text } = readCase('positive/ml-provider-tokens.yml');
  const findings = own(analyze(text, file));
  const expected: Array<[string, string, string]> = [
    ['hf_FakeTokenForTestsOnlyQwErTyUiOpAsD', 'env.HF_TOKEN', 'Hugging Face token'],
    ['0123456789abcdef0123456789abcdef01234567', 'env.WANDB_API_KEY', 'credential in WANDB_API_KEY'],
    ['Ghcr-Pull-2024-FakeForTests', 'jobs.finetune.container.credentials.password', 'credential in password'],
    ['dapi0123456789abcdef0123456789abcdef', 'jobs.finetune.env.DATABRICKS_TOKEN', 'Databricks personal access token'],
    ['Mlflow-Ci-FakeForTests-2024', 'jobs.finetune.env.MLFLOW_TRACKING_PASSWORD', 'credential in MLFLOW_TRACKING_PASSWORD'],
    ['sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'jobs.finetune.steps[1].env.OPENAI_API_KEY', 'OpenAI API key'],
    ['sk-ant-api03-FakeKeyForTests0nly-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij', 'jobs.finetune.steps[1].env.ANTHROPIC_API_KEY', 'Anthropic API key'],
    ['0123456789abcdef0123456789abcdef', 'jobs.finetune.steps[2].run', 'Kaggle API key'],
    ['hf_AnotherFakeTokenForTestsZxCvBnMaSd', 'jobs.finetune.steps[3].with.hf_token', 'Hugging Face token'],
  ];
  assert.equal(findings.length, expected.length, findings.map((finding) => finding.title).join('\n'));
  for (const [secret, path, label] of expected) {
    const at = positionOf(text, secret.length === 32 ? `KAGGLE_KEY=${secret}` : secret);
    const column = secret.length === 32 ? at.column + 'KAGGLE_KEY='.length : at.column;
    const finding = findings.find((candidate) => candidate.line === at.line);
    assert.ok(finding, `${path} is reported at line ${at.line}`);
    assert.equal(finding.column, column, path);
    assert.equal(finding.location.yamlPath, path);
    assert.equal(finding.title, `${label.charAt(0).toUpperCase()}${label.slice(1)} in plain text in a workflow`);
    assert.equal(finding.category, 'secret-exposure');
    assert.ok(finding.fix && !finding.fix.snippet.includes(secret), 'a corrected snippet without the value');
    assertRedacted(finding, secret);
  }
});

test('a composite action is read like a workflow', () => {
  const { file, text } = readCase('positive/composite-action.yml');
  const finding = single(analyze(text, file));
  assert.equal(finding.location.yamlPath, 'runs.steps[0].env.HUGGING_FACE_HUB_TOKEN');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'hf_CompositeFakeTokenForTestsQwErTyUi'));
});

test('secret references, OIDC, placeholders and ordinary names are not reported', () => {
  const { file, text } = readCase('clean/secrets-and-oidc.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('the lab workflow: the AWS key pair is one critical finding at the secret key, with the OIDC fix', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml'));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.title, 'AWS access key pair in plain text in a workflow');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'));
  assert.equal(finding.location.yamlPath, 'env.AWS_SECRET_ACCESS_KEY');
  assert.equal(finding.evidence, 'AKIA…MPLE / je7M…EKEY');
  assert.equal(finding.related?.[0]?.line, positionOf(text, 'AKIAI44QH8DHBEXAMPLE').line);
  assert.match(finding.blastRadius, /every step of every job \(train on a self-hosted runner\)/);
  assert.match(finding.recommendation, /OIDC/);
  assert.match(finding.fix!.snippet, /id-token: write/);
  assert.match(finding.fix!.snippet, /role-to-assume/);
  assert.match(finding.notes![0]!, /example keys in AWS's documentation/);
  assertRedacted(finding, 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE');
});

test('with the inventory, the blast radius names the key owner and its policies', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml', { platform: new Platform(loaded.inventory) }));
  assert.match(finding.blastRadius, /IAM user ci-training/);
  assert.match(finding.blastRadius, /AmazonS3FullAccess/);
});
