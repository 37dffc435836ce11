import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatches, arnLike, arnParts, principalNamed, resourceMatches } from './arn-match.js';
import { compilePattern, contextValues, matchPattern } from './pattern.js';
import type { PrincipalBlock } from './policy.js';

const none = contextValues({});

test('patterns: wildcards only where the policy wrote them, literal variable values and escapes', () => {
  const compile = (text: string, context = {}, wildcards = true) => compilePattern(text, { wildcards, variables: true, context: contextValues(context) });
  assert.equal(matchPattern(compile('a*c'), 'abbbc', true), true);
  assert.equal(matchPattern(compile('a*c', {}, false), 'abbbc', true), false);
  assert.equal(matchPattern(compile('a*c', {}, false), 'a*c', true), true);
  assert.equal(matchPattern(compile('A?C'), 'abc', false), true);
  assert.equal(matchPattern(compile('A?C'), 'abc', true), false);
  assert.equal(matchPattern(compile('${x}'), 'a?', true), true, 'an unset variable stands for a star ...');
  assert.equal(compile('${x}').unresolved, true, '... and marks the pattern unresolved');
  assert.equal(matchPattern(compile('${X}', { x: 'a?' }), 'a?', true), true);
  assert.equal(matchPattern(compile('${X}', { x: 'a?' }), 'ab', true), false, 'a value is literal');
  assert.equal(matchPattern(compile('${x, \'dflt\'}'), 'dflt', true), true);
  assert.equal(compile('${x}', { x: ['a', 'b'] }).unresolved, true, 'multivalued keys are not variables');
  assert.equal(matchPattern(compile('${unclosed'), '${unclosed', true), true);
  assert.equal(matchPattern(compile('\u{1F600}?'), '\u{1F600}x', true), true, 'characters outside the BMP');
});

test('actions ignore case; resources do not', () => {
  assert.equal(actionMatches(['S3:Get*'], 's3:getobject'), true);
  assert.equal(actionMatches(['s3:Get*'], 's3:PutObject'), false);
  assert.equal(resourceMatches(['arn:aws:s3:::Bucket/*'], 'arn:aws:s3:::bucket/k', none, true), false);
  assert.equal(resourceMatches(['arn:aws:s3:::*'], 'arn:aws:s3:::bucket/k/deep', none, true), true);
  assert.equal(resourceMatches(['arn:aws:s3:::${aws:username}/*'], 'arn:aws:s3:::bob/k', none, true), 'undecided');
});

test('ARNs split into six parts; ArnLike keeps wildcards within a part', () => {
  assert.deepEqual(arnParts('arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*'), ['arn', 'aws', 'logs', 'us-east-1', '123456789012', 'log-group:/aws/x:*']);
  assert.equal(arnParts('s3://bucket/key'), undefined);
  assert.equal(arnLike('arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:role/a/b', none, true), true);
  assert.equal(arnLike('arn:aws:*:role/*', 'arn:aws:iam::123456789012:role/a', none, true), false);
  assert.equal(arnLike('*', 'arn:aws:iam::123456789012:role/a', none, true), true);
});

test('principal values', () => {
  const block = (values: PrincipalBlock['values'], anyone = false): PrincipalBlock => ({ anyone, values, start: 0, end: 0, pointer: '' });
  const value = (type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser', text: string) => ({ type, value: text, start: 0, end: 0, pointer: '' });
  assert.equal(principalNamed(block([], true), { type: 'Service', id: 'ec2.amazonaws.com' }), true);
  assert.equal(principalNamed(block([value('AWS', '123456789012')]), { type: 'AWS', id: 'arn:aws:iam::123456789012:root' }), true);
  assert.equal(principalNamed(block([value('AWS', 'arn:aws:iam::123456789012:root')]), { type: 'AWS', id: 'arn:aws:sts::123456789012:assumed-role/r/s' }), true);
  assert.equal(principalNamed(block([value('AWS', 'arn:aws:iam::123456789012:root')]), { type: 'AWS', id: 'arn:aws:iam::210987654321:root' }), false);
  assert.equal(principalNamed(block([value('AWS', 'arn:aws:iam::123456789012:role/path/r')]), { type: 'AWS', id: 'arn:aws:sts::123456789012:assumed-role/r/s' }), true);
  assert.equal(principalNamed(block([value('AWS', 'arn:aws:iam::123456789012:user/alice')]), { type: 'AWS', id: 'arn:aws:iam::123456789012:user/bob' }), false);
  assert.equal(principalNamed(block([value('Service', 'EC2.amazonaws.com')]), { type: 'Service', id: 'ec2.amazonaws.com' }), true);
  assert.equal(principalNamed(block([value('CanonicalUser', 'abc')]), { type: 'CanonicalUser', id: 'ABC' }), false);
});
