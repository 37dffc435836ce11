import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/no-promotion-approval-gate');

test('lab JSON: Production transition open to any role, reported at line 33 with a gated workflow', () => {
  const { file, text } = readCase('positive/mlflow-config.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, 33);
  assert.equal(finding.location.jsonPointer, '/model_registry/stage_transitions/Production');
  assert.equal(finding.category, 'missing-approval-gate');
  assert.match(finding.evidence, /require_approval is false; allowed_roles is \["\*"\]/);
  assert.match(finding.fix!.snippet, /environment: production/);
  assert.match(finding.fix!.snippet, /cosign verify-blob/);
  assert.match(finding.fix!.snippet, /set_registered_model_alias/);
});

test('approval required but any role may request it is still reported; Staging alone is not', () => {
  const { file, text } = readCase('positive/registry-settings.json');
  assert.match(single(analyze(text, file)).evidence, /allowed_roles is \["\*"\]/);
  const staging = '{\n  "tracking_server": { "host": "127.0.0.1" },\n  "model_registry": { "stage_transitions": { "Staging": { "require_approval": false, "allowed_roles": ["*"] } } }\n}\n';
  assert.deepEqual(own(analyze(staging, 'config/mlflow-config.json')), []);
});

test('the hardened config is clean', () => {
  const { file, text } = readCase('clean/mlflow-config.json');
  assert.deepEqual(own(analyze(text, file)), []);
});
