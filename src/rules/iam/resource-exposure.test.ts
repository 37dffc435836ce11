import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/resource-exposure');

test('bucket policy and ACL changes on arn:aws:s3:::* and model package group policies on "*" are high', () => {
  const { file, text } = readCase('positive/rewrites-policies.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.location.jsonPointer]),
    [
      [positionOf(text, 's3:PutBucketPolicy').line, 'high', '/Statement/0'],
      [positionOf(text, 'sagemaker:PutModelPackageGroupPolicy').line, 'high', '/Statement/1'],
    ],
  );
  assert.match(findings[0]!.message, /`s3:PutBucketPolicy` and `s3:PutBucketAcl`/);
});

test('a bucket policy change on one named bucket, and the tight policy, are not reported', () => {
  for (const name of ['clean/own-bucket.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
