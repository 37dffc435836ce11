import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/public-bucket-policy');

const bucketPolicy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: 'arn:aws:s3:::acme-data/*', ...statement }] }, null, 2);

test('public read of the model bucket is high, public upload with only aws:Referer critical', () => {
  const { file, text } = readCase('positive/public-model-bucket.json');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.category, finding.location.jsonPointer]),
    [
      [positionOf(text, '"Principal": "*"').line, 'high', 'public-exposure', '/Statement/0/Principal'],
      [positionOf(text, '{ "AWS": "*" }').line, 'critical', 'public-exposure', '/Statement/1/Principal'],
    ],
  );
  assert.match(findings[0]!.message, /the bucket acme-mlflow-artifacts allows s3:GetObject to `\*`/);
  assert.match(findings[0]!.blastRadius, /anyone on the internet/i);
  assert.match(findings[1]!.blastRadius, /rewrite the policy or ACLs/);
  assert.match(findings[1]!.notes![0]!, /aws:Referer/);
  assert.match(findings[1]!.fix!.snippet, /aws:PrincipalOrgID/);
});

test('with the inventory, the finding says what the bucket holds', () => {
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  const platform = new Platform(loaded.inventory, 'fixtures/mlops/mlops-inventory.json');
  const { file, text } = readCase('positive/public-model-bucket.json');
  const read = own(analyze(text, file, { platform })).find((finding) => finding.severity === 'high')!;
  assert.match(read.blastRadius, /holds model artifacts, registry versions: anyone downloads the models/);
});

test('wildcards are judged from the action catalog: s3:Get* is a read, s3:* and NotAction writes', () => {
  assert.equal(single(analyze(bucketPolicy({ Principal: '*', Action: ['s3:Get*', 's3:List*'] }))).severity, 'high');
  assert.equal(single(analyze(bucketPolicy({ Principal: '*', Action: 's3:*' }))).severity, 'critical');
  assert.equal(single(analyze(bucketPolicy({ Principal: { AWS: '*' }, Action: 's3:PutBucketPolicy' }))).severity, 'critical');
  assert.equal(single(analyze(bucketPolicy({ Principal: '*', NotAction: 's3:DeleteObject' }))).severity, 'critical');
});

test('organisation, network and source conditions restrict; negated and IfExists ones do not', () => {
  for (const condition of [{ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E1' } }]) {
    assert.deepEqual(own(analyze(bucketPolicy({ Principal: '*', Action: 's3:GetObject', Condition: condition }))), [], JSON.stringify(condition));
  }
  for (const condition of [{ NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }]) {
    assert.equal(single(analyze(bucketPolicy({ Principal: '*', Action: 's3:GetObject', Condition: condition }))).severity, 'high', JSON.stringify(condition));
  }
});

test('named principals, Deny statements and VPC endpoint grants are clean', () => {
  const { file, text } = readCase('clean/restricted-bucket.json');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('other resource policies: an SQS queue open to anyone', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:training-jobs' }] }, null, 2);
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'critical');
  assert.match(finding.blastRadius, /^Any principal in any AWS account can write to or change arn:aws:sqs:us-east-1:111122223333:training-jobs\./);
});
