import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArtifact } from '../parse.js';
import type { ArtifactKind } from '../artifact.js';
import type { IamArtifact, IamPolicy } from './iam-artifact.js';
import type { Located } from '../../iam/policy.js';
import { positionAt, positionOf } from '../../testing/rule-test-kit.js';
import { TEST_CASES } from '../../testing/paths.js';

// One realistic file per format: who the principals are, which policies reach them (inline, attached,
// through a group, trust, boundary, resource) and where each value is, as a reader would look it up.

function load(name: string, kind: ArtifactKind): IamArtifact {
  const file = `test-cases/iam-formats/${name}`;
  const outcome = parseArtifact(file, readFileSync(join(TEST_CASES, 'iam-formats', name), 'utf8'), kind);
  assert.ok(outcome.ok, `${name} parses: ${outcome.ok ? '' : outcome.error.message}`);
  assert.equal(outcome.artifact.kind, 'iam');
  return outcome.artifact as IamArtifact;
}

function policy(artifact: IamArtifact, id: string): IamPolicy {
  const found = artifact.policies.find((candidate) => candidate.id === id);
  assert.ok(found, `policy ${id} among ${artifact.policies.map((p) => p.id).join(', ')}`);
  return found;
}

function at(artifact: IamArtifact, located: { start: number }) {
  return positionAt(artifact.text, located.start);
}

function values(list: Array<Located<string>> | undefined): string[] {
  return (list ?? []).map((entry) => entry.value);
}

test('account export: a user gets its group AdministratorAccess, the SageMaker role its trust, attachments and boundary', () => {
  const artifact = load('account-authorization-details.json', 'json');
  assert.equal(artifact.format, 'account-authorization-details');
  const user = artifact.principals.find((principal) => principal.id === 'user/ml-engineer')!;
  assert.equal(user.arn, 'arn:aws:iam::123456789012:user/ml-engineer');
  assert.deepEqual(user.policies, ['user/ml-engineer/inline/notebook-bucket', 'group/platform-admins/AdministratorAccess']);

  const admin = policy(artifact, 'group/platform-admins/AdministratorAccess');
  assert.equal(admin.managed?.arn, 'arn:aws:iam::aws:policy/AdministratorAccess');
  assert.deepEqual(admin.attachedTo, ['group/platform-admins', 'user/ml-engineer']);
  assert.deepEqual(at(artifact, admin), positionOf(artifact.text, '"arn:aws:iam::aws:policy/AdministratorAccess"'));
  assert.deepEqual(values(admin.document.statements[0]!.action), ['*']);
  assert.deepEqual(at(artifact, admin.document.statements[0]!.action![0]!), positionOf(artifact.text, '"arn:aws:iam::aws:policy/AdministratorAccess"'));

  const inline = policy(artifact, 'user/ml-engineer/inline/notebook-bucket');
  assert.deepEqual(at(artifact, inline.document.statements[0]!.action![1]!), positionOf(artifact.text, '"s3:PutObject"'));
  assert.deepEqual(at(artifact, inline.document.statements[0]!.resource![0]!), positionOf(artifact.text, '"arn:aws:s3:::ml-notebooks/*"'));

  const role = artifact.principals.find((principal) => principal.id === 'role/SageMakerExecutionRole')!;
  assert.equal(role.kind, 'role');
  assert.deepEqual(role.policies, ['role/SageMakerExecutionRole/AmazonSageMakerFullAccess', 'arn:aws:iam::123456789012:policy/sagemaker-training-data']);
  const trust = policy(artifact, role.trustPolicy!);
  assert.equal(trust.kind, 'trust');
  // URL-encoded: every value points at the encoded string.
  assert.deepEqual(trust.document.statements[0]!.principal!.values.map((value) => [value.type, value.value]), [['Service', 'sagemaker.amazonaws.com']]);
  assert.deepEqual(at(artifact, trust.document.statements[0]!.action![0]!), positionOf(artifact.text, '"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal'));

  // The default version (v2), not v1's s3:* on *.
  const customer = policy(artifact, 'arn:aws:iam::123456789012:policy/sagemaker-training-data');
  assert.equal(customer.managed, undefined);
  assert.deepEqual(values(customer.document.statements[0]!.action), ['s3:GetObject', 's3:ListBucket']);
  assert.deepEqual(at(artifact, customer.document.statements[0]!.resource![1]!), positionOf(artifact.text, '"arn:aws:s3:::ml-training-data/*"'));

  const boundary = policy(artifact, role.permissionsBoundary!);
  assert.equal(boundary.kind, 'permissions-boundary');
  assert.deepEqual(values(boundary.document.statements[0]!.action), ['s3:*', 'sagemaker:*']);
  assert.equal(boundary.pointer, '/RoleDetailList/0/PermissionsBoundary/PermissionsBoundaryArn');
  assert.deepEqual(at(artifact, boundary), { line: 76, column: 35 });

  assert.deepEqual(artifact.unknownManagedPolicies.map((entry) => entry.name), ['arn:aws:iam::aws:policy/RetiredPolicyNobodyKnows']);
  assert.deepEqual(artifact.notes, ['role/SageMakerExecutionRole inline policy broken-inline: the policy document is not URL-encoded JSON; skipped']);
});

test('CloudFormation YAML: the training role with short-form intrinsics, inline, managed, attached and bucket policies', () => {
  const artifact = load('training-role.cfn.yaml', 'yaml');
  assert.equal(artifact.format, 'cloudformation');
  assert.deepEqual(
    artifact.principals.map((principal) => [principal.id, principal.kind, principal.name]),
    [['TrainingRole', 'role', 'churn-training']],
  );
  const role = artifact.principals[0]!;
  assert.deepEqual(role.policies, ['TrainingRole/inline/training-data', 'PassTrainingRole', 'TrainingRole/AmazonSageMakerFullAccess', 'TrainingLogsPolicy']);

  const trust = policy(artifact, role.trustPolicy!);
  assert.equal(trust.kind, 'trust');
  const service = trust.document.statements[0]!.principal!.values[0]!;
  assert.deepEqual([service.type, service.value], ['Service', 'sagemaker.amazonaws.com']);
  assert.deepEqual(at(artifact, service), positionOf(artifact.text, 'sagemaker.amazonaws.com'));

  const inline = policy(artifact, 'TrainingRole/inline/training-data');
  const [read, write] = inline.document.statements;
  assert.deepEqual(values(read!.resource), ['arn:aws:s3:::${DataBucketName}', 'arn:aws:s3:::${DataBucketName}/*']);
  assert.deepEqual(at(artifact, read!.resource![1]!), positionOf(artifact.text, "!Sub 'arn:aws:s3:::${DataBucketName}/*'"));
  assert.equal(read!.action![1]!.pointer, 'Resources.TrainingRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[1]');
  assert.deepEqual(values(write!.resource), ['${ModelArtifacts.Arn}/*']);
  assert.deepEqual(at(artifact, write!.resource![0]!), positionOf(artifact.text, "!Join ['', [!GetAtt ModelArtifacts.Arn, '/*']]"));
  assert.equal(write!.pointer, 'Resources.TrainingRole.Properties.Policies[0].PolicyDocument.Statement[1]');
  assert.deepEqual(write!.conditions.map((condition) => [condition.operator, condition.key, condition.values]), [['StringEquals', 's3:x-amz-server-side-encryption', ['aws:kms']]]);

  const sageMaker = policy(artifact, 'TrainingRole/AmazonSageMakerFullAccess');
  assert.equal(sageMaker.managed?.name, 'AmazonSageMakerFullAccess');
  assert.deepEqual(at(artifact, sageMaker), positionOf(artifact.text, "!Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonSageMakerFullAccess'"));

  const pass = policy(artifact, 'PassTrainingRole');
  assert.deepEqual(pass.attachedTo, ['TrainingRole']);
  assert.deepEqual(values(pass.document.statements[0]!.resource), ['${TrainingRole.Arn}']);

  const bucket = policy(artifact, 'ArtifactsBucketPolicy');
  assert.equal(bucket.kind, 'resource');
  assert.equal(bucket.resource, '${ModelArtifacts}');
  assert.equal(bucket.document.statements[0]!.principal?.anyone, true);
  assert.deepEqual(at(artifact, bucket.document.statements[0]!.action![0]!), positionOf(artifact.text, "'s3:*'"));
  assert.deepEqual(artifact.notes, undefined);
});

test('CloudFormation JSON is read by the same reader, with JSON pointers', () => {
  const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Reader: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, ManagedPolicyArns: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess' }] } } } }, null, 2);
  const outcome = parseArtifact('template.json', text, 'json');
  assert.ok(outcome.ok && outcome.artifact.kind === 'iam');
  const artifact = outcome.artifact;
  assert.equal(artifact.format, 'cloudformation');
  assert.deepEqual(artifact.principals[0]!.policies, ['Reader/AmazonS3ReadOnlyAccess']);
  const trust = policy(artifact, 'Reader/trust');
  assert.equal(trust.document.statements[0]!.action![0]!.pointer, '/Resources/Reader/Properties/AssumeRolePolicyDocument/Statement/0/Action');
  assert.deepEqual(at(artifact, trust.document.statements[0]!.action![0]!), positionOf(text, '"sts:AssumeRole"'));
});

test('Terraform: the inference role with a policy-document data source, jsonencode, a heredoc and an AWS managed attachment', () => {
  const artifact = load('inference-role.tf', 'terraform');
  assert.equal(artifact.format, 'terraform');
  assert.ok(artifact.hcl, 'the HCL is kept for other rules');
  const role = artifact.principals.find((principal) => principal.id === 'aws_iam_role.inference')!;
  assert.equal(role.name, 'churn-inference');
  assert.deepEqual(role.policies, ['aws_iam_role.inference.inline_policy[0].policy', 'aws_iam_role_policy.metrics.policy', 'aws_iam_role.inference/AmazonEC2ContainerRegistryReadOnly']);

  const trust = policy(artifact, role.trustPolicy!);
  assert.equal(trust.id, 'data.aws_iam_policy_document.inference_trust');
  assert.equal(trust.kind, 'trust');
  const statement = trust.document.statements[0]!;
  assert.deepEqual(at(artifact, statement.action![0]!), positionOf(artifact.text, '"sts:AssumeRole"'));
  assert.deepEqual(at(artifact, statement.principal!.values[0]!), positionOf(artifact.text, '"sagemaker.amazonaws.com"'));
  assert.equal(statement.principal!.values[0]!.type, 'Service');
  assert.deepEqual(statement.conditions.map((condition) => [condition.operator, condition.key, condition.values]), [['StringEquals', 'aws:SourceAccount', ['123456789012']]]);

  const inline = policy(artifact, 'aws_iam_role.inference.inline_policy[0].policy');
  assert.equal(inline.name, 'read-models');
  const read = inline.document.statements[0]!;
  assert.equal(read.sid, 'ReadModels');
  assert.deepEqual(values(read.resource), ['${aws_s3_bucket.models.arn}', '${aws_s3_bucket.models.arn}/*']);
  assert.deepEqual(at(artifact, read.resource![0]!), positionOf(artifact.text, 'aws_s3_bucket.models.arn, '));
  assert.deepEqual(at(artifact, read.action![1]!), positionOf(artifact.text, '"s3:ListBucket"'));
  assert.equal(read.action![1]!.pointer, 'aws_iam_role.inference.inline_policy[0].policy.Statement[0].Action[1]');

  const metrics = policy(artifact, 'aws_iam_role_policy.metrics.policy');
  assert.deepEqual(at(artifact, metrics.document.statements[0]!.action![0]!), positionOf(artifact.text, '"cloudwatch:PutMetricData"'));
  assert.deepEqual(at(artifact, metrics.document.statements[0]!.resource![0]!), { line: 61, column: 23 });

  const ecr = policy(artifact, 'aws_iam_role.inference/AmazonEC2ContainerRegistryReadOnly');
  assert.equal(ecr.managed?.arn, 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly');
  assert.deepEqual(at(artifact, ecr), positionOf(artifact.text, '"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"'));

  const bucket = policy(artifact, 'aws_s3_bucket_policy.models');
  assert.equal(bucket.kind, 'resource');
  assert.equal(bucket.resource, '${aws_s3_bucket.models.id}');
  const principal = bucket.document.statements[0]!.principal!.values[0]!;
  assert.deepEqual([principal.type, principal.value], ['AWS', '${aws_iam_role.inference.arn}']);
  assert.deepEqual(at(artifact, principal), positionOf(artifact.text, 'aws_iam_role.inference.arn }'));
  assert.deepEqual(artifact.notes, undefined);
});

test('a .tf file without IAM resources is Terraform, not an error', () => {
  const outcome = parseArtifact('main.tf', 'resource "aws_s3_bucket" "models" {\n  bucket = "churn-models"\n  tags = { team = "ml" }\n}\n', 'terraform');
  assert.ok(outcome.ok);
  assert.equal(outcome.artifact.kind, 'terraform');
});

test('broken input: a per-file error with line and column, or a note for one broken embedded policy', () => {
  const broken = parseArtifact('main.tf', 'resource "aws_iam_role" "x" {\n  name = "a"\n  assume_role_policy = jsonencode({\n', 'terraform');
  assert.ok(!broken.ok);
  assert.match(broken.error.message, /^not valid HCL at line \d+ column \d+: /);
  assert.equal(broken.error.line, 4);

  const yaml = parseArtifact('template.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R: [\n', 'yaml');
  assert.ok(!yaml.ok);
  assert.match(yaml.error.message, /^not valid YAML at line/);

  const heredoc = parseArtifact('main.tf', 'resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{ "Statement": [ \nEOF\n}\nresource "aws_iam_user" "u" {\n  name = "u"\n}\n', 'terraform');
  assert.ok(heredoc.ok && heredoc.artifact.kind === 'iam');
  assert.deepEqual(heredoc.artifact.notes, ['aws_iam_policy.p: the policy text is not valid JSON; skipped']);
  assert.equal(heredoc.artifact.policies.length, 0);
});
