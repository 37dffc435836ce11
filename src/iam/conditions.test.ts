import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionHolds, conditionsHold, ipInRange, knownOperator, parseDate, parseOperator } from './conditions.js';
import { contextValues, type RequestContext } from './pattern.js';
import type { ConditionClause } from './policy.js';

// Each operator family with a request that satisfies it and one that does not, plus the missing-key rules.

function holds(operator: string, key: string, values: string | string[], context: RequestContext = {}) {
  const clause: ConditionClause = { operator, key, values: Array.isArray(values) ? values : [values], start: 0, end: 0, pointer: '' };
  return conditionHolds(clause, contextValues(context));
}

test('operators parse into set prefix, base and IfExists', () => {
  assert.deepEqual(parseOperator('ForAnyValue:StringLikeIfExists'), { set: 'ForAnyValue', ifExists: true, base: 'StringLike' });
  assert.deepEqual(parseOperator('StringEquals'), { set: undefined, ifExists: false, base: 'StringEquals' });
  assert.equal(knownOperator('ForAllValues:ArnNotLikeIfExists'), true);
  assert.equal(knownOperator('StringMatchesRegex'), false);
  assert.equal(knownOperator('Null'), true);
});

test('String operators: equality is case-sensitive unless IgnoreCase, Like takes wildcards, values are ORed', () => {
  assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', ['ml', 'data'], { 'aws:principaltag/team': 'data' }), true);
  assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', 'ml', { 'aws:PrincipalTag/team': 'ML' }), false);
  assert.equal(holds('StringEquals', 'k', 'a*', { k: 'abc' }), false, 'StringEquals has no wildcards');
  assert.equal(holds('StringNotEquals', 'k', ['a', 'b'], { k: 'c' }), true);
  assert.equal(holds('StringNotEquals', 'k', ['a', 'b'], { k: 'b' }), false);
  assert.equal(holds('StringEqualsIgnoreCase', 'k', 'ML', { k: 'ml' }), true);
  assert.equal(holds('StringEqualsIgnoreCase', 'k', 'ML', { k: 'mlx' }), false);
  assert.equal(holds('StringNotEqualsIgnoreCase', 'k', 'ML', { k: 'ml' }), false);
  assert.equal(holds('StringNotEqualsIgnoreCase', 'k', 'ML', { k: 'ops' }), true);
  assert.equal(holds('StringLike', 'k', 'repo:org/*', { k: 'repo:org/app:ref:refs/heads/main' }), true);
  assert.equal(holds('StringLike', 'k', 'repo:org/*', { k: 'repo:Org/app' }), false, 'StringLike is case-sensitive');
  assert.equal(holds('StringLike', 'k', 'v?', { k: 'v1' }), true);
  assert.equal(holds('StringLike', 'k', 'v?', { k: 'v12' }), false);
  assert.equal(holds('StringNotLike', 'k', 'prod-*', { k: 'dev-1' }), true);
  assert.equal(holds('StringNotLike', 'k', 'prod-*', { k: 'prod-1' }), false);
});

test('policy variables in condition values come from the context', () => {
  assert.equal(holds('StringEquals', 's3:prefix', 'home/${aws:username}/', { 's3:prefix': 'home/alice/', 'aws:username': 'alice' }), true);
  assert.equal(holds('StringEquals', 's3:prefix', 'home/${aws:username}/', { 's3:prefix': 'home/bob/', 'aws:username': 'alice' }), false);
  assert.equal(holds('StringEquals', 's3:prefix', 'home/${aws:username}/', { 's3:prefix': 'home/bob/' }), 'undecided');
  assert.equal(holds('StringEquals', 's3:prefix', 'tmp/${aws:username}/', { 's3:prefix': 'home/bob/' }), false, 'no value of the variable could match');
  assert.equal(holds('StringEquals', 'k', "${aws:PrincipalTag/team, 'shared'}", { k: 'shared' }), true, 'default value');
  assert.equal(holds('StringLike', 'k', 'a${*}', { k: 'a*' }), true);
  assert.equal(holds('StringLike', 'k', 'a${*}', { k: 'ab' }), false, '${*} is a literal star');
});

test('Numeric operators', () => {
  assert.equal(holds('NumericEquals', 'k', '10', { k: 10 }), true);
  assert.equal(holds('NumericEquals', 'k', '10', { k: '10.0' }), true);
  assert.equal(holds('NumericEquals', 'k', '10', { k: 11 }), false);
  assert.equal(holds('NumericNotEquals', 'k', '10', { k: 11 }), true);
  assert.equal(holds('NumericNotEquals', 'k', '10', { k: 10 }), false);
  assert.equal(holds('NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 9 }), true);
  assert.equal(holds('NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 10 }), false);
  assert.equal(holds('NumericLessThanEquals', 'k', '10', { k: 10 }), true);
  assert.equal(holds('NumericLessThanEquals', 'k', '10', { k: 11 }), false);
  assert.equal(holds('NumericGreaterThan', 'k', '10', { k: 11 }), true);
  assert.equal(holds('NumericGreaterThan', 'k', '10', { k: 10 }), false);
  assert.equal(holds('NumericGreaterThanEquals', 'k', '10', { k: 10 }), true);
  assert.equal(holds('NumericGreaterThanEquals', 'k', '10', { k: 9 }), false);
  assert.equal(holds('NumericEquals', 'k', '10', { k: 'ten' }), false, 'a value that is not a number never matches');
});

test('Date operators take ISO 8601 and epoch seconds', () => {
  assert.equal(parseDate('1700000000'), 1_700_000_000_000);
  assert.equal(parseDate('2023-11-14T22:13:20Z'), 1_700_000_000_000);
  assert.equal(parseDate('2023-11-14T22:13:20'), 1_700_000_000_000, 'no zone means UTC');
  assert.equal(parseDate('2023-11-14T23:13:20+01:00'), 1_700_000_000_000);
  assert.equal(parseDate('yesterday'), undefined);
  const now = { 'aws:CurrentTime': '2024-06-01T12:00:00Z' };
  assert.equal(holds('DateEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), true);
  assert.equal(holds('DateEquals', 'aws:CurrentTime', String(Date.parse('2024-06-01T12:00:00Z') / 1000), now), true, 'epoch seconds');
  assert.equal(holds('DateEquals', 'aws:CurrentTime', '2024-06-02', now), false);
  assert.equal(holds('DateNotEquals', 'aws:CurrentTime', '2024-06-02', now), true);
  assert.equal(holds('DateNotEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), false);
  assert.equal(holds('DateLessThan', 'aws:CurrentTime', '2025-01-01T00:00:00Z', now), true);
  assert.equal(holds('DateLessThan', 'aws:CurrentTime', '2024-01-01T00:00:00Z', now), false);
  assert.equal(holds('DateLessThanEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), true);
  assert.equal(holds('DateLessThanEquals', 'aws:CurrentTime', '2024-06-01T11:59:59Z', now), false);
  assert.equal(holds('DateGreaterThan', 'aws:CurrentTime', '2024-01-01', now), true);
  assert.equal(holds('DateGreaterThan', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), false);
  assert.equal(holds('DateGreaterThanEquals', 'aws:CurrentTime', '2024-06-01T12:00:00Z', now), true);
  assert.equal(holds('DateGreaterThanEquals', 'aws:CurrentTime', '2024-06-02', now), false);
  assert.equal(holds('DateLessThan', 'aws:TokenIssueTime', '1700000001', { 'aws:TokenIssueTime': 1700000000 }), true);
});

test('Bool and BinaryEquals', () => {
  assert.equal(holds('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': false }), true);
  assert.equal(holds('Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': true }), false);
  assert.equal(holds('Bool', 'aws:MultiFactorAuthPresent', 'true', { 'aws:MultiFactorAuthPresent': 'True' }), true);
  assert.equal(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'QmluYXJ5VmFsdWU=' }), true);
  assert.equal(holds('BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'b3RoZXI=' }), false);
});

test('IpAddress and NotIpAddress with IPv4 and IPv6 ranges', () => {
  assert.equal(holds('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:db8::/32'], { 'aws:SourceIp': '203.0.113.77' }), true);
  assert.equal(holds('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:db8::/32'], { 'aws:SourceIp': '2001:db8:1234::1' }), true);
  assert.equal(holds('IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:db8::/32'], { 'aws:SourceIp': '198.51.100.1' }), false);
  assert.equal(holds('IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }), false);
  assert.equal(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '192.0.2.1' }), true);
  assert.equal(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.2.3.4' }), false);
  assert.equal(ipInRange('10.0.0.5', '10.0.0.5'), true, 'a bare address is /32');
  assert.equal(ipInRange('10.0.0.6', '10.0.0.5'), false);
  assert.equal(ipInRange('::ffff:10.1.2.3', '10.0.0.0/8'), true, 'IPv4-mapped IPv6');
  assert.equal(ipInRange('0.0.0.0', '0.0.0.0/0'), true);
  assert.equal(ipInRange('::1', '::/0'), true);
  assert.equal(ipInRange('not-an-ip', '0.0.0.0/0'), false);
  assert.equal(ipInRange('10.0.0.1', '10.0.0.0/33'), false, 'a prefix longer than the address is invalid');
});

test('Arn operators match part by part: a wildcard does not cross a colon', () => {
  const source = { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1' };
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:123456789012:training-job/*', source), true);
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:210987654321:*', source), false);
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:us-*-1:123456789012:training-job/job-1', source), true);
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*', source), false, 'a pattern of fewer parts does not cover the rest');
  assert.equal(holds('ArnEquals', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1', source), true);
  assert.equal(holds('ArnEquals', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:123456789012:training-job/job-2', source), false);
  assert.equal(holds('ArnNotEquals', 'aws:SourceArn', 'arn:aws:sagemaker:us-east-1:123456789012:training-job/job-2', source), true);
  assert.equal(holds('ArnNotLike', 'aws:SourceArn', 'arn:aws:sagemaker:*:123456789012:*', source), false);
  assert.equal(holds('ArnNotLike', 'aws:SourceArn', 'arn:aws:s3:::*', source), true);
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:aws:sagemaker:*', { 'aws:SourceArn': 'not-an-arn' }), false);
});

test('Null tests presence', () => {
  assert.equal(holds('Null', 'aws:TokenIssueTime', 'true', {}), true);
  assert.equal(holds('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2024-01-01' }), false);
  assert.equal(holds('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2024-01-01' }), true);
  assert.equal(holds('Null', 'aws:TokenIssueTime', 'false', {}), false);
});

test('a missing key: positive operators undecided, negated operators and IfExists true', () => {
  assert.equal(holds('StringEquals', 'aws:PrincipalTag/team', 'ml'), 'undecided');
  assert.equal(holds('NumericLessThan', 'k', '1'), 'undecided');
  assert.equal(holds('Bool', 'aws:MultiFactorAuthPresent', 'true'), 'undecided');
  assert.equal(holds('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), 'undecided');
  assert.equal(holds('ArnLike', 'aws:SourceArn', 'arn:*'), 'undecided');
  assert.equal(holds('StringNotEquals', 'aws:RequestedRegion', 'eu-west-1'), true);
  assert.equal(holds('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'), true);
  assert.equal(holds('ArnNotLike', 'aws:SourceArn', 'arn:*'), true);
  assert.equal(holds('StringEqualsIfExists', 'ec2:InstanceType', 't3.micro'), true);
  assert.equal(holds('StringEqualsIfExists', 'ec2:InstanceType', 't3.micro', { 'ec2:InstanceType': 'p4d.24xlarge' }), false);
  assert.equal(holds('StringEqualsIfExists', 'ec2:InstanceType', 't3.micro', { 'ec2:InstanceType': 't3.micro' }), true);
  assert.equal(holds('BoolIfExists', 'aws:MultiFactorAuthPresent', 'false'), true);
});

test('an unknown operator is undecided whatever the context', () => {
  assert.equal(holds('StringMatchesRegex', 'k', '.*', { k: 'x' }), 'undecided');
  assert.equal(holds('Sometimes:StringEquals', 'k', 'x', { k: 'x' }), 'undecided');
});

test('ForAllValues: every request value in the set; true on a missing or empty set', () => {
  const op = 'ForAllValues:StringEquals';
  assert.equal(holds(op, 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env'] }), true);
  assert.equal(holds(op, 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] }), false);
  assert.equal(holds(op, 'aws:TagKeys', ['env', 'team'], {}), true);
  assert.equal(holds(op, 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': [] }), true);
  assert.equal(holds('ForAllValues:StringNotLike', 'aws:TagKeys', 'aws:*', { 'aws:TagKeys': ['env', 'team'] }), true);
  assert.equal(holds('ForAllValues:StringNotLike', 'aws:TagKeys', 'aws:*', { 'aws:TagKeys': ['env', 'aws:x'] }), false);
});

test('ForAnyValue: one request value in the set; a missing key is undecided, an empty set false', () => {
  const op = 'ForAnyValue:StringEquals';
  assert.equal(holds(op, 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['owner', 'env'] }), true);
  assert.equal(holds(op, 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['owner'] }), false);
  assert.equal(holds(op, 'aws:TagKeys', ['env'], {}), 'undecided');
  assert.equal(holds(op, 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }), false);
  assert.equal(holds('ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', ['env'], {}), true);
  assert.equal(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env', 'x'] }), true);
  assert.equal(holds('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['env'] }), false);
});

test('a multivalued key without a set prefix: any value may match; a negated operator needs none to', () => {
  assert.equal(holds('StringEquals', 'k', 'b', { k: ['a', 'b'] }), true);
  assert.equal(holds('StringNotEquals', 'k', 'b', { k: ['a', 'b'] }), false);
  assert.equal(holds('StringNotEquals', 'k', 'c', { k: ['a', 'b'] }), true);
});

test('condition keys compare case-insensitively; clauses are ANDed', () => {
  const clause = (operator: string, key: string, value: string): ConditionClause => ({ operator, key, values: [value], start: 0, end: 0, pointer: '' });
  const both = [clause('StringEquals', 'AWS:RequestedRegion', 'eu-west-1'), clause('Bool', 'aws:securetransport', 'true')];
  assert.equal(conditionsHold(both, contextValues({ 'aws:requestedregion': 'eu-west-1', 'AWS:SecureTransport': true })), true);
  assert.equal(conditionsHold(both, contextValues({ 'aws:requestedregion': 'eu-west-1', 'AWS:SecureTransport': false })), false);
  assert.equal(conditionsHold(both, contextValues({ 'aws:requestedregion': 'eu-west-1' })), 'undecided');
  assert.equal(conditionsHold(both, contextValues({ 'aws:requestedregion': 'us-east-1' })), false, 'false beats undecided');
  assert.equal(conditionsHold([], contextValues({})), true);
});
