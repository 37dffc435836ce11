import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/broad-default-permission');

test('EDIT in basic_auth.ini, MANAGE in community values, EDIT in bitnami overrides', () => {
  for (const [name, value] of [['positive/basic_auth.ini', 'EDIT'], ['positive/values.yaml', 'MANAGE'], ['positive/bitnami-values.yaml', 'EDIT']] as const) {
    const { file, text } = readCase(name);
    const finding = single(analyze(text, file));
    assert.equal(finding.severity, 'medium', name);
    assert.equal(finding.line, positionOf(text, value).line, name);
    assert.match(finding.message, new RegExp(`is ${value}.*Set it to READ`, 's'));
    assert.match(finding.fix!.snippet, /READ/);
  }
});

test('READ and NO_PERMISSIONS are fine', () => {
  for (const name of ['clean/basic_auth.ini', 'clean/values.yaml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
