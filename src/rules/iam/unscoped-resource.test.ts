import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/unscoped-resource');

test('the lab policy: logs:CreateLogGroup on "*" is low, at statement 3', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'inference-iam-policy.json'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/inference-iam-policy.json'));
  assert.deepEqual([finding.line, finding.severity, finding.location.jsonPointer], [7, 'low', '/Statement/3']);
  assert.match(finding.message, /`logs:CreateLogGroup` on `\*`/);
  // iam:GetRole takes a role ARN too, but reconnaissance reports it; s3:GetObject belongs to unscoped-data-read.
  assert.ok(!finding.message.includes('iam:GetRole') && !finding.message.includes('s3:GetObject'));
});

test('wildcard ARNs count as unscoped: PassRole on arn:aws:iam::*:role/* and table/* are medium', () => {
  const { file, text } = readCase('positive/wildcard-arns.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.location.jsonPointer]),
    [
      [positionOf(text, 'logs:CreateLogGroup').line, 'low', '/Statement/0'],
      [positionOf(text, '"iam:PassRole"').line, 'medium', '/Statement/1'],
      [positionOf(text, 'dynamodb:PutItem').line, 'medium', '/Statement/2'],
    ],
  );
  assert.match(findings[1]!.message, /`arn:aws:iam::\*:role\/\*`/);
});

test('actions that only take "*" and name-filtered ARNs are not reported; the tight policy yields nothing', () => {
  for (const name of ['clean/star-only-actions.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
