import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../core/scan.js';
import { atLeast } from '../../core/finding.js';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES, TEST_CASES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/public-artifact-store');

function labPlatform(): Platform {
  const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.ok(loaded.ok);
  return new Platform(loaded.inventory, 'fixtures/mlops/mlops-inventory.json');
}

test('lab config: one high finding on the public-read ACL that also names the disabled Block Public Access and what the bucket holds', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'mlflow-config.json'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/mlflow-config.json', { platform: labPlatform() }));
  assert.equal(finding.line, positionOf(text, '"acl": "public-read"').line);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.location.jsonPointer, '/artifact_store/acl');
  assert.match(finding.message, /acme-mlflow-artifacts has the acl public-read.*anyone on the internet.*block_public_access is false/);
  assert.match(finding.blastRadius, /holds model artifacts, registry versions/);
  assert.match(finding.blastRadius, /s3:\/\/acme-mlflow-artifacts\/mlflow/);
  assert.match(finding.fix!.snippet, /"acl": "private"[\s\S]*"BucketOwnerEnforced"[\s\S]*"block_public_access": true/);
  assert.match(finding.recommendation, /--serve-artifacts/);
  assert.match(finding.recommendation, /aws_s3_bucket_public_access_block with all four settings true/);
});

test('lab-shaped config with public-read-write is critical; a private ACL with Block Public Access off is medium on that setting', () => {
  const { file, text } = readCase('positive/mlflow-config.json');
  const open = single(analyze(text, file));
  assert.equal(open.severity, 'critical');
  assert.match(open.blastRadius, /replace the model files/);
  const guardrailOff = text.replace('"public-read-write"', '"private"');
  const finding = single(analyze(guardrailOff, file));
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.line, positionOf(guardrailOff, '"block_public_access": false').line);
  assert.equal(finding.location.jsonPointer, '/artifact_store/block_public_access');
});

test('Terraform: the public ACL is reported once, with the ownership and the public access block it relies on', () => {
  const { file, text } = readCase('positive/artifact-bucket.tf');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'acl    = "public-read"').line);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.location.yamlPath, 'aws_s3_bucket_acl.mlflow_artifacts.acl');
  assert.match(finding.evidence, /block_public_acls = false.*ignore_public_acls = false/);
  assert.ok(finding.notes!.some((note) => /ObjectWriter keeps ACLs enabled/.test(note)));
  assert.ok(finding.notes!.some((note) => /iam\/public-bucket-policy/.test(note)));
  assert.match(finding.fix!.snippet, /bucket\s+= aws_s3_bucket\.mlflow_artifacts\.id[\s\S]*BucketOwnerEnforced[\s\S]*restrict_public_buckets = true/);
});

test('Terraform with IAM resources (read as IAM) still has its bucket ACL judged: legacy acl argument, public write is critical', () => {
  const { file, text } = readCase('positive/legacy-bucket-with-role.tf');
  const result = analyzeText(file, text, 'terraform');
  assert.equal(result.kind, 'iam');
  const finding = single(result.findings);
  assert.equal(finding.line, positionOf(text, 'acl    = "public-read-write"').line);
  assert.equal(finding.severity, 'critical');
  assert.ok(finding.notes!.some((note) => /block_public_acls is on, so S3 rejects a new public ACL/.test(note)));
});

test('Terraform: ignore_public_acls neutralises the ACL (low), grants to AllUsers count as public, an account block with flags off is medium', () => {
  const bucket = 'resource "aws_s3_bucket" "a" {\n  bucket = "acme-models"\n}\n';
  const acl = 'resource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.a.id\n  acl    = "public-read"\n}\n';
  const ignoring = 'resource "aws_s3_bucket_public_access_block" "a" {\n  bucket = aws_s3_bucket.a.id\n  block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n';
  assert.equal(single(analyze(bucket + acl + ignoring, 'infra/s3.tf')).severity, 'low');
  const grant =
    'resource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.a.id\n  access_control_policy {\n    grant {\n      grantee {\n        type = "Group"\n        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"\n      }\n      permission = "READ"\n    }\n    owner {\n      id = "abc"\n    }\n  }\n}\n';
  const granted = single(analyze(bucket + grant, 'infra/s3.tf'));
  assert.equal(granted.severity, 'high');
  assert.match(granted.message, /grant of READ to AllUsers/);
  const account = 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls   = true\n  block_public_policy = false\n}\n';
  const finding = single(analyze(account, 'infra/account.tf'));
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /block_public_policy = false.*ignore_public_acls \(not set, so false\)/);
  assert.equal(finding.line, 3);
});

test('CloudFormation YAML: PublicRead on the artifact bucket is high, a logs bucket with flags off is medium', () => {
  const { file, text } = readCase('positive/artifact-bucket.yaml');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.location.yamlPath]),
    [
      [positionOf(text, 'AccessControl: PublicRead').line, 'high', 'Resources.ArtifactBucket.Properties.AccessControl'],
      [positionOf(text, 'BlockPublicPolicy: false').line, 'medium', 'Resources.LogsBucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy'],
    ],
  );
  assert.match(findings[0]!.message, /BlockPublicAcls: false, IgnorePublicAcls: false/);
  assert.match(findings[0]!.fix!.snippet, /ObjectOwnership: BucketOwnerEnforced/);
});

test('CloudFormation JSON without IAM resources (read as plain JSON) is judged too', () => {
  const template = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Models: { Type: 'AWS::S3::Bucket', Properties: { AccessControl: 'PublicReadWrite' } } } }, null, 2);
  const finding = single(analyze(template, 'infra/models.json'));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.location.jsonPointer, '/Resources/Models/Properties/AccessControl');
  assert.equal(JSON.parse(finding.fix!.snippet).PublicAccessBlockConfiguration.IgnorePublicAcls, true);
});

test('odd shapes give no finding and no crash', () => {
  for (const [file, text] of [
    ['infra/a.json', '{"artifact_store": "s3://bucket"}'],
    ['infra/b.json', '{"artifact_store": {"acl": 5}}'],
    ['infra/c.yaml', 'Resources:\n  X:\n    Type: AWS::S3::Bucket\n    Properties: 7\n'],
    ['infra/d.tf', 'resource "aws_s3_bucket_acl" "x" {\n  acl = var.acl\n}\n'],
  ] as const) {
    assert.deepEqual(own(analyze(text, file)), [], file);
  }
});

test('hardened twins yield no medium-or-higher finding from any rule', () => {
  for (const rule of ['mlflow/public-artifact-store', 'supply-chain/vulnerable-mlops-version']) {
    const folder = join(TEST_CASES, rule, 'clean');
    for (const name of readdirSync(folder)) {
      const file = `test-cases/${rule}/clean/${name}`;
      const findings = analyze(readFileSync(join(folder, name), 'utf8'), file).filter((finding) => atLeast(finding.severity, 'medium'));
      assert.deepEqual(findings.map((finding) => `${finding.ruleId} ${finding.line}: ${finding.title}`), [], file);
    }
  }
});
