import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canPerform, evaluate, statementMatches, type AccessRequest } from './evaluate.js';
import { policyFromValue, type PolicyDocument } from './policy.js';
import { REPO_ROOT } from '../testing/paths.js';

// Allow/Deny decisions as AWS documents them for identity, resource and trust policies in one account.

const anchor = { start: 0, end: 0, pointer: '' };

function policy(...statements: object[]): PolicyDocument {
  return policyFromValue({ Version: '2012-10-17', Statement: statements }, anchor)!;
}

function decide(documents: PolicyDocument | PolicyDocument[], request: AccessRequest) {
  return evaluate(Array.isArray(documents) ? documents : [documents], request).decision;
}

const bucket = (key: string) => `arn:aws:s3:::models/${key}`;

test('an explicit Deny overrides any Allow, in the same or another document', () => {
  const allowAll = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
  const denyDelete = policy({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::models/*' });
  const result = evaluate([allowAll, denyDelete], { action: 's3:DeleteObject', resource: bucket('a.pt') });
  assert.equal(result.decision, 'explicit-deny');
  assert.deepEqual(result.statements.map((ref) => ref.statement.sid), ['NoDelete']);
  assert.equal(result.statements[0]!.document, denyDelete);
  assert.equal(decide([allowAll, denyDelete], { action: 's3:GetObject', resource: bucket('a.pt') }), 'allowed');
  const both = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' });
  assert.equal(decide(both, { action: 's3:GetObject', resource: bucket('a') }), 'explicit-deny');
});

test('nothing allows: implicit deny, and the Allow statements that decided are reported', () => {
  const doc = policy({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Sid: 'All', Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const allowed = evaluate([doc], { action: 's3:GetObject', resource: bucket('x') });
  assert.equal(allowed.decision, 'allowed');
  assert.deepEqual(allowed.statements.map((ref) => ref.statement.sid), ['Read', 'All']);
  const denied = evaluate([doc], { action: 'ec2:RunInstances', resource: '*' });
  assert.deepEqual(denied, { decision: 'implicit-deny', statements: [], undecided: [] });
  assert.equal(decide([], { action: 's3:GetObject', resource: '*' }), 'implicit-deny');
});

test('a statement with neither Action nor NotAction matches nothing', () => {
  const doc = policy({ Effect: 'Allow', Resource: '*' }, { Effect: 'Deny', Resource: '*' });
  assert.equal(statementMatches(doc.statements[0]!, { action: 's3:GetObject', resource: '*' }), 'no-match');
  assert.equal(decide(doc, { action: 's3:GetObject', resource: '*' }), 'implicit-deny');
});

test('Deny with NotAction denies everything except the listed actions', () => {
  const doc = policy(
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', NotAction: ['iam:ChangePassword', 'sts:GetCallerIdentity'], Resource: '*' },
  );
  assert.equal(decide(doc, { action: 'iam:ChangePassword', resource: 'arn:aws:iam::123456789012:user/alice' }), 'allowed');
  assert.equal(decide(doc, { action: 'STS:GetCallerIdentity', resource: '*' }), 'allowed');
  assert.equal(decide(doc, { action: 's3:GetObject', resource: bucket('a') }), 'explicit-deny');
});

test('Allow with NotAction allows everything not listed; with NotResource everywhere but the listed resources', () => {
  const powerUser = policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' });
  assert.equal(decide(powerUser, { action: 'sagemaker:CreateTrainingJob', resource: '*' }), 'allowed');
  assert.equal(decide(powerUser, { action: 'iam:CreateUser', resource: '*' }), 'implicit-deny');
  assert.equal(decide(powerUser, { action: 'Organizations:LeaveOrganization', resource: '*' }), 'implicit-deny');

  const notResource = policy({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secrets', 'arn:aws:s3:::secrets/*'] });
  assert.equal(decide(notResource, { action: 's3:GetObject', resource: bucket('model.pt') }), 'allowed');
  assert.equal(decide(notResource, { action: 's3:GetObject', resource: 'arn:aws:s3:::secrets/key.pem' }), 'implicit-deny');
  assert.equal(decide(notResource, { action: 's3:ListBucket', resource: 'arn:aws:s3:::secrets' }), 'implicit-deny');

  const both = policy({ Effect: 'Allow', NotAction: 's3:DeleteObject', NotResource: 'arn:aws:s3:::secrets/*' });
  assert.equal(decide(both, { action: 's3:PutObject', resource: bucket('x') }), 'allowed');
  assert.equal(decide(both, { action: 's3:DeleteObject', resource: bucket('x') }), 'implicit-deny');
  assert.equal(decide(both, { action: 's3:PutObject', resource: 'arn:aws:s3:::secrets/x' }), 'implicit-deny');
});

test('action wildcards and case: actions compare case-insensitively, * and ? anywhere', () => {
  const doc = policy({ Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe?pcs', '*:List*'], Resource: '*' });
  assert.equal(decide(doc, { action: 'S3:GETOBJECT', resource: '*' }), 'allowed');
  assert.equal(decide(doc, { action: 's3:getobjectacl', resource: '*' }), 'allowed');
  assert.equal(decide(doc, { action: 's3:PutObject', resource: '*' }), 'implicit-deny');
  assert.equal(decide(doc, { action: 'ec2:DescribeVpcs', resource: '*' }), 'allowed');
  assert.equal(decide(doc, { action: 'ec2:DescribeVvpcs', resource: '*' }), 'implicit-deny');
  assert.equal(decide(doc, { action: 'iam:ListRoles', resource: '*' }), 'allowed');
  assert.equal(decide(doc, { action: 'iam:GetRole', resource: '*' }), 'implicit-deny');
});

test('resource wildcards cross ARN segments; resources compare case-sensitively', () => {
  const roles = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' });
  assert.equal(decide(roles, { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:role/sagemaker/exec' }), 'allowed');
  assert.equal(decide(roles, { action: 'iam:PassRole', resource: 'arn:aws:iam::123456789012:user/alice' }), 'implicit-deny');

  const prefix = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::models/prod/*' });
  assert.equal(decide(prefix, { action: 's3:GetObject', resource: 'arn:aws:s3:::models/prod/v1/model.pt' }), 'allowed');
  assert.equal(decide(prefix, { action: 's3:GetObject', resource: 'arn:aws:s3:::models/dev/model.pt' }), 'implicit-deny');
  assert.equal(decide(prefix, { action: 's3:GetObject', resource: 'arn:aws:s3:::models/Prod/model.pt' }), 'implicit-deny', 'resource case matters');
  assert.equal(decide(prefix, { action: 's3:GetObject', resource: 'arn:aws:s3:::models-other/prod/x' }), 'implicit-deny');
  assert.equal(decide(prefix, { action: 's3:GetObject', resource: '*' }), 'implicit-deny', "a request on '*' needs Resource '*'");

  const single = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data-?/*' });
  assert.equal(decide(single, { action: 's3:GetObject', resource: 'arn:aws:s3:::data-a/x' }), 'allowed');
  assert.equal(decide(single, { action: 's3:GetObject', resource: 'arn:aws:s3:::data-ab/x' }), 'implicit-deny');

  const everything = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  assert.equal(decide(everything, { action: 's3:GetObject', resource: '*' }), 'allowed');
});

test('hostile wildcard patterns stay fast', () => {
  const doc = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:${'*a'.repeat(40)}b` });
  const started = performance.now();
  assert.equal(decide(doc, { action: 's3:GetObject', resource: `arn:${'a'.repeat(5000)}` }), 'implicit-deny');
  assert.ok(performance.now() - started < 2000);
});

test('policy variables in resources come from the context; unset ones leave the Allow undecided', () => {
  const home = policy({ Sid: 'Home', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
  assert.equal(decide(home, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a.txt', context: { 'aws:username': 'alice' } }), 'allowed');
  assert.equal(decide(home, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a.txt', context: { 'AWS:UserName': 'alice' } }), 'implicit-deny');
  const unknown = evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a.txt' });
  assert.equal(unknown.decision, 'implicit-deny');
  assert.deepEqual(unknown.undecided.map((ref) => ref.statement.sid), ['Home']);
  assert.equal(evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::other/bob/a.txt' }).undecided.length, 0, 'could never match');

  const tagged = policy({ Effect: 'Allow', Action: 'sagemaker:*', Resource: 'arn:aws:sagemaker:*:*:domain/${aws:PrincipalTag/team}-*' });
  assert.equal(decide(tagged, { action: 'sagemaker:DescribeDomain', resource: 'arn:aws:sagemaker:us-east-1:123456789012:domain/ml-main', context: { 'aws:PrincipalTag/team': 'ml' } }), 'allowed');
  assert.equal(decide(tagged, { action: 'sagemaker:DescribeDomain', resource: 'arn:aws:sagemaker:us-east-1:123456789012:domain/ops-main', context: { 'aws:PrincipalTag/team': 'ml' } }), 'implicit-deny');

  const escapes = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::odd/${*}${?}${$}' });
  assert.equal(decide(escapes, { action: 's3:GetObject', resource: 'arn:aws:s3:::odd/*?$' }), 'allowed');
  assert.equal(decide(escapes, { action: 's3:GetObject', resource: 'arn:aws:s3:::odd/ab$' }), 'implicit-deny', 'escapes are literal, not wildcards');

  const starValue = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}' });
  assert.equal(decide(starValue, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice', context: { 'aws:username': '*' } }), 'implicit-deny', 'a variable value is literal');

  const old = policyFromValue({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}' }] }, anchor)!;
  assert.equal(decide(old, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice', context: { 'aws:username': 'alice' } }), 'implicit-deny', 'no variables before 2012-10-17');
  assert.equal(decide(old, { action: 's3:GetObject', resource: 'arn:aws:s3:::home/${aws:username}' }), 'allowed');
});

test('conditions: a missing key leaves an Allow undecided; a negated operator on a missing key makes a Deny apply', () => {
  const mfa = policy({ Sid: 'MfaOnly', Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  assert.equal(decide(mfa, { action: 'iam:CreateUser', resource: '*', context: { 'aws:MultiFactorAuthPresent': true } }), 'allowed');
  assert.equal(decide(mfa, { action: 'iam:CreateUser', resource: '*', context: { 'aws:MultiFactorAuthPresent': false } }), 'implicit-deny');
  const missing = evaluate([mfa], { action: 'iam:CreateUser', resource: '*' });
  assert.equal(missing.decision, 'implicit-deny');
  assert.deepEqual(missing.undecided.map((ref) => ref.statement.sid), ['MfaOnly']);

  const regions = policy(
    { Effect: 'Allow', Action: '*', Resource: '*' },
    { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } },
  );
  assert.equal(decide(regions, { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'eu-west-1' } }), 'allowed');
  assert.equal(decide(regions, { action: 'ec2:RunInstances', resource: '*', context: { 'aws:RequestedRegion': 'us-east-1' } }), 'explicit-deny');
  assert.equal(decide(regions, { action: 'ec2:RunInstances', resource: '*' }), 'explicit-deny');

  const unknownOperator = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringMatchesRegex: { 's3:prefix': '.*' } } });
  assert.equal(statementMatches(unknownOperator.statements[0]!, { action: 's3:ListBucket', resource: '*', context: { 's3:prefix': 'a' } }), 'undecided');
});

test('canPerform: allowed, conditional or denied over all contexts', () => {
  const read = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  assert.equal(canPerform([read], 's3:GetObject', bucket('a')), 'allowed');
  assert.equal(canPerform([read], 's3:PutObject', bucket('a')), 'denied');

  const vpceOnly = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c' } } });
  assert.equal(canPerform([vpceOnly], 's3:GetObject', bucket('a')), 'conditional');
  assert.equal(canPerform([vpceOnly], 's3:GetObject', bucket('a'), { 'aws:SourceVpce': 'vpce-1a2b3c' }), 'allowed');
  assert.equal(canPerform([vpceOnly], 's3:GetObject', bucket('a'), { 'aws:SourceVpce': 'vpce-other' }), 'denied');

  const tlsOnly = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  assert.equal(canPerform([tlsOnly], 's3:GetObject', bucket('a')), 'conditional', 'allowed unless the Deny condition holds');
  assert.equal(canPerform([tlsOnly], 's3:GetObject', bucket('a'), { 'aws:SecureTransport': true }), 'allowed');
  assert.equal(canPerform([tlsOnly], 's3:GetObject', bucket('a'), { 'aws:SecureTransport': false }), 'denied');

  const denyAll = policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' });
  assert.equal(canPerform([denyAll], 's3:GetObject', bucket('a')), 'denied');
});

test('principals in a bucket policy: anyone, accounts, roles and their sessions, services', () => {
  const bucketPolicy = policy(
    { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::public-models/*' },
    { Sid: 'Account', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::public-models' },
    { Sid: 'BareAccount', Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: 's3:GetObjectTagging', Resource: 'arn:aws:s3:::public-models/*' },
    { Sid: 'Role', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/trainer' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::public-models/*' },
    { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::public-models/logs/*' },
  );
  const key = 'arn:aws:s3:::public-models/m.pt';
  const alice = { type: 'AWS' as const, id: 'arn:aws:iam::999999999999:user/alice' };
  assert.equal(decide(bucketPolicy, { action: 's3:GetObject', resource: key, principal: alice }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:GetObject', resource: key }), 'allowed', 'Principal "*" needs no caller');

  const inAccount = { type: 'AWS' as const, id: 'arn:aws:iam::111122223333:user/bob' };
  assert.equal(decide(bucketPolicy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::public-models', principal: inAccount }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::public-models', principal: alice }), 'implicit-deny');
  assert.equal(decide(bucketPolicy, { action: 's3:GetObjectTagging', resource: key, principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/x' } }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:GetObjectTagging', resource: key, principal: { type: 'AWS', id: '444455556666' } }), 'allowed');

  const session = { type: 'AWS' as const, id: 'arn:aws:sts::111122223333:assumed-role/trainer/job-42' };
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: key, principal: session }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: key, principal: { type: 'AWS', id: 'arn:aws:iam::111122223333:role/trainer' } }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: key, principal: { type: 'AWS', id: 'arn:aws:sts::111122223333:assumed-role/other/job-42' } }), 'implicit-deny');
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: key, principal: inAccount }), 'implicit-deny');
  const logs = 'arn:aws:s3:::public-models/logs/2024.log';
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: logs, principal: { type: 'Service', id: 'logging.s3.amazonaws.com' } }), 'allowed');
  assert.equal(decide(bucketPolicy, { action: 's3:PutObject', resource: logs, principal: { type: 'AWS', id: 'logging.s3.amazonaws.com' } }), 'implicit-deny', 'the type must agree');

  const unknownCaller = evaluate([bucketPolicy], { action: 's3:PutObject', resource: key });
  assert.equal(unknownCaller.decision, 'implicit-deny');
  assert.deepEqual(unknownCaller.undecided.map((ref) => ref.statement.sid), ['Role'], 'who the caller is decides');

  const anyAws = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' });
  assert.equal(decide(anyAws, { action: 's3:GetObject', resource: key, principal: alice }), 'allowed');
});

test('NotPrincipal with Deny denies everyone but the named principals', () => {
  const doc = policy(
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
    { Effect: 'Deny', NotPrincipal: { AWS: ['arn:aws:iam::111122223333:role/reader'] }, Action: 's3:*', Resource: '*' },
  );
  assert.equal(decide(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: { type: 'AWS', id: 'arn:aws:sts::111122223333:assumed-role/reader/s' } }), 'allowed');
  assert.equal(decide(doc, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: { type: 'AWS', id: 'arn:aws:iam::111122223333:user/mallory' } }), 'explicit-deny');
});

test('a GitHub OIDC trust policy admits only the named repository', () => {
  const trust = policy({
    Sid: 'GitHub',
    Effect: 'Allow',
    Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/training:*' },
    },
  });
  const role = 'arn:aws:iam::123456789012:role/github-deploy';
  const github = { type: 'Federated' as const, id: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' };
  const token = (sub: string) => ({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': sub });
  assert.equal(decide(trust, { action: 'sts:AssumeRoleWithWebIdentity', resource: role, principal: github, context: token('repo:acme/training:ref:refs/heads/main') }), 'allowed');
  assert.equal(decide(trust, { action: 'sts:AssumeRoleWithWebIdentity', resource: role, principal: github, context: token('repo:acme/training-fork:ref:refs/heads/main') }), 'implicit-deny');
  assert.equal(decide(trust, { action: 'sts:AssumeRoleWithWebIdentity', resource: role, principal: github, context: token('repo:evil/training:pull_request') }), 'implicit-deny');
  assert.equal(decide(trust, { action: 'sts:AssumeRole', resource: role, principal: github, context: token('repo:acme/training:x') }), 'implicit-deny');
  const otherIdp = { type: 'Federated' as const, id: 'accounts.google.com' };
  assert.equal(decide(trust, { action: 'sts:AssumeRoleWithWebIdentity', resource: role, principal: otherIdp, context: token('repo:acme/training:x') }), 'implicit-deny');
  assert.equal(canPerform([trust], 'sts:AssumeRoleWithWebIdentity', role), 'conditional', 'depends on the caller and the token');

  const service = policy({ Effect: 'Allow', Principal: { Service: ['sagemaker.amazonaws.com'] }, Action: 'sts:AssumeRole' });
  assert.equal(decide(service, { action: 'sts:AssumeRole', resource: role, principal: { type: 'Service', id: 'sagemaker.amazonaws.com' } }), 'allowed');
  assert.equal(decide(service, { action: 'sts:AssumeRole', resource: role, principal: { type: 'Service', id: 'ec2.amazonaws.com' } }), 'implicit-deny');
});

test("the lab's inference policy reads any bucket and recons EC2 and IAM, but cannot write to S3", () => {
  const path = join(REPO_ROOT, 'fixtures/mlops/inference-iam-policy.json');
  const lab = policyFromValue(JSON.parse(readFileSync(path, 'utf8')), anchor)!;
  assert.equal(canPerform([lab], 's3:GetObject', 'arn:aws:s3:::any-bucket/any/key'), 'allowed');
  assert.equal(canPerform([lab], 's3:GetObject', 'arn:aws:s3:::customer-pii/export.csv'), 'allowed');
  assert.equal(canPerform([lab], 'ec2:DescribeInstances', '*'), 'allowed');
  assert.equal(canPerform([lab], 'iam:ListRoles', '*'), 'allowed');
  assert.equal(canPerform([lab], 's3:PutObject', 'arn:aws:s3:::any-bucket/any/key'), 'denied');
  assert.equal(decide(lab, { action: 's3:PutObject', resource: 'arn:aws:s3:::any-bucket/k' }), 'implicit-deny');
  assert.equal(evaluate([lab], { action: 'iam:ListRoles', resource: '*' }).statements[0]!.statement.index, 2);
});
