import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyter/runs-as-root');

test('allow_root True: medium environment-isolation finding at its line', () => {
  const { file, text } = readCase('positive/shared-gpu-box/jupyter_server_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.ServerApp.allow_root = True').line);
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.category, 'environment-isolation');
  assert.match(finding.blastRadius, /gets root in the container/);
  assert.ok(finding.frameworks.some((ref) => ref.id === 'CWE-250'));
});

test('JSON form is reported with its pointer; False is clean', () => {
  const json = readCase('positive/json/jupyter_server_config.json');
  const finding = single(analyze(json.text, json.file));
  assert.equal(finding.location.jsonPointer, '/ServerApp/allow_root');
  assert.equal(finding.fix!.language, 'json');
  assert.deepEqual(own(analyze('c.ServerApp.allow_root = False\n', 'jupyter_server_config.py')), []);
});
