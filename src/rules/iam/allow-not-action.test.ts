import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/allow-not-action');

test('Allow with NotAction is high, with NotResource medium', () => {
  const { file, text } = readCase('positive/not-action-and-not-resource.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.title]),
    [
      [positionOf(text, '"iam:*"').line, 'high', 'Allow with NotAction'],
      [positionOf(text, 'arn:aws:s3:::acme-prod/*').line, 'medium', 'Allow with NotResource'],
    ],
  );
  assert.match(findings[0]!.message, /allows everything except `iam:\*`, `organizations:\*`, `account:\*`: [\d,]+ actions today/);
});

test('Deny with NotAction and the tight policy are not reported', () => {
  for (const name of ['clean/deny-not-action.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
