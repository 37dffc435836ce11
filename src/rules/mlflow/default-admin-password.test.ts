import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/default-admin-password');

test('basic_auth.ini with the shipped admin password is critical, and the value is never shown', () => {
  const { file, text } = readCase('positive/basic_auth.ini');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.line, positionOf(text, 'admin_password').line);
  assert.match(finding.message, /shipped default admin password/);
  assertRedacted(finding, 'password1234');
});

test('Helm adminPassword and MLFLOW_TRACKING_PASSWORD set to the default are reported', () => {
  for (const name of ['positive/values.yaml', 'positive/mlflow.env']) {
    const { file, text } = readCase(name);
    const finding = single(analyze(text, file));
    assert.equal(finding.line, positionOf(text, 'password1234').line, name);
    assertRedacted(finding, 'password1234');
  }
});

test('a changed or externally supplied password is not reported', () => {
  for (const name of ['clean/basic_auth.ini', 'clean/values.yaml', 'clean/mlflow.env']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
  const text = '[mlflow]\nadmin_username = admin\nadmin_password = Zq8-not-the-default\n';
  assert.deepEqual(own(analyze(text, 'auth/basic_auth.ini')), []);
});
