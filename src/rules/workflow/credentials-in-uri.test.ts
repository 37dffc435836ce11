import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/credentials-in-uri');

test('the lab workflow: the MLflow tracking URI password is its own finding, with the corrected env', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml'));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.title, 'MLflow tracking credentials in plain text in the tracking URI');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'Tr4in-Pipel1ne-2024'));
  assert.equal(finding.location.yamlPath, 'env.MLFLOW_TRACKING_URI');
  assert.equal(finding.evidence, 'https://mlflow-ci:••••@mlflow.ml.internal.example');
  assert.equal(finding.fix!.snippet, 'MLFLOW_TRACKING_URI: https://mlflow.ml.internal.example\nMLFLOW_TRACKING_USERNAME: mlflow-ci\nMLFLOW_TRACKING_PASSWORD: ${{ secrets.MLFLOW_TRACKING_PASSWORD }}');
  assertRedacted(finding, 'Tr4in-Pipel1ne-2024');
});

test('passwords in URIs in env and in run scripts are reported at the password', () => {
  const { file, text } = readCase('positive/tracking-uri-with-password.yml');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column]),
    ['Tracking-Pass-FakeForTests', 'Feature-Store-FakeForTests'].map((secret) => Object.values(positionOf(text, secret))),
  );
  assert.equal(findings[1]!.location.yamlPath, 'jobs.train.steps[0].run');
  for (const finding of findings) assertRedacted(finding, 'Tracking-Pass-FakeForTests', 'Feature-Store-FakeForTests');
});

test('URIs without passwords, or with a secret reference or variable as the password, are not reported', () => {
  const { file, text } = readCase('clean/tracking-uri-without-password.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});
