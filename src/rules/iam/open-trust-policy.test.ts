import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/open-trust-policy');

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);

test('{"AWS": "*"} without a condition is critical, with only sts:ExternalId medium, another account root info', () => {
  const { file, text } = readCase('positive/trust-anyone.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.location.jsonPointer]),
    [
      [positionOf(text, '{ "AWS": "*" }').line, 'critical', '/Statement/0/Principal'],
      [positionOf(text, '"Principal": "*"').line, 'medium', '/Statement/1/Principal'],
      [positionOf(text, 'arn:aws:iam::444455556666:root').line, 'info', '/Statement/2/Principal/AWS'],
    ],
  );
  assert.match(findings[0]!.message, /any principal in any AWS account can assume the role/);
  assert.match(findings[0]!.fix!.snippet, /aws:PrincipalOrgID/);
  assert.match(findings[1]!.message, /only an `sts:ExternalId` condition/);
  assert.match(findings[1]!.notes![0]!, /confused deputy/);
  assert.match(findings[2]!.message, /root of account 444455556666/);
});

test('pinned principals, services and org conditions are clean', () => {
  const { file, text } = readCase('clean/trust-pinned.json');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('negated, IfExists and wildcard-only conditions do not pin the caller', () => {
  for (const condition of [
    { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } },
    { StringLike: { 'aws:PrincipalArn': '*' } },
    { Bool: { 'aws:SecureTransport': 'true' } },
  ]) {
    const finding = single(analyze(trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: condition })));
    assert.equal(finding.severity, 'critical', JSON.stringify(condition));
  }
});

test('wildcard actions and NotPrincipal count; Deny and web-identity federations do not', () => {
  assert.equal(single(analyze(trust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:*' }))).severity, 'critical');
  assert.equal(single(analyze(trust({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: 'sts:AssumeRole' }))).severity, 'critical');
  assert.deepEqual(own(analyze(trust({ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }))), []);
  assert.deepEqual(own(analyze(trust({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }))), []);
});

test('with the inventory, the finding names the role and its workload, and another account root is low', () => {
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  const inventory = { ...loaded.inventory, identities: loaded.inventory.identities.map((identity) => (identity.id === 'inference-api-role' ? { ...identity, policyFiles: ['inference-iam-policy.json', 'inference-api-trust.json'] } : identity)) };
  const platform = new Platform(inventory, 'fixtures/mlops/mlops-inventory.json');
  const text = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: ['444455556666', 'arn:aws:iam::111122223333:root'] }, Action: 'sts:AssumeRole' },
      ],
    },
    null,
    2,
  );
  const findings = own(analyze(text, 'fixtures/mlops/inference-api-trust.json', { platform }));
  assert.deepEqual(findings.map((finding) => [finding.severity, finding.evidence]), [['critical', '{"AWS": "*"} -> sts:AssumeRole'], ['low', '444455556666']]);
  assert.match(findings[0]!.message, /the role inference-api of the FastAPI inference service/);
  assert.match(findings[0]!.blastRadius, /acme-mlflow-artifacts \(model artifacts, registry versions\)/);
  assert.match(findings[1]!.message, /not its own account 111122223333/);
});

test('identity policies are not trust policies', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'inference-iam-policy.json'), 'utf8');
  assert.deepEqual(own(analyze(text, 'fixtures/mlops/inference-iam-policy.json')), []);
});
