import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/service-wildcard');

test('s3:* and sagemaker:* are medium, iam:* on arn:aws:iam::*:role/* is high; one finding per statement', () => {
  const { file, text } = readCase('positive/service-wildcards.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.location.jsonPointer]),
    [
      [...Object.values(positionOf(text, '"s3:*"')), 'medium', '/Statement/0'],
      [...Object.values(positionOf(text, '"iam:*"')), 'high', '/Statement/1'],
    ],
  );
  assert.match(findings[0]!.message, /`s3:\*` \(\d+ actions, among them .*`s3:PutBucketPolicy`|`s3:\*` \(\d+ actions/);
  assert.match(findings[0]!.message, /`sagemaker:\*` \(\d+ actions/);
});

test('a service wildcard on one bucket, and the tight inference policy, are not reported', () => {
  for (const name of ['clean/scoped-wildcard.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
