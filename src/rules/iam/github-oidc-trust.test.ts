import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/github-oidc-trust');

const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';
const trust = (condition?: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) }] }, null, 2);

test('no sub condition: any repository on GitHub can assume the role (critical)', () => {
  const { file, text } = readCase('positive/no-sub.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.line, positionOf(text, PROVIDER).line);
  assert.equal(finding.location.jsonPointer, '/Statement/0/Principal/Federated');
  assert.match(finding.message, /any repository on GitHub/);
  assert.equal(finding.notes, undefined, 'the audience is checked');
  assert.match(finding.fix!.snippet, /repo:<owner>\/<repository>:environment:<environment>/);
});

test('no condition at all: critical, with a note on the missing audience', () => {
  const finding = single(analyze(trust()));
  assert.equal(finding.severity, 'critical');
  assert.match(finding.notes![0]!, /no `token\.actions\.githubusercontent\.com:aud` condition/);
});

test('repo:org/* is high, repo:org/repo:* low with a note, a pinned sub without aud medium', () => {
  const { file, text } = readCase('positive/wide-sub.json');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.severity, finding.location.jsonPointer, finding.evidence]),
    [
      ['high', `/Statement/0/Condition/StringLike/${SUB}`, `StringLike ${SUB}: repo:acme/*`],
      ['low', `/Statement/1/Condition/StringLike/${SUB}`, `StringLike ${SUB}: repo:acme/ml-platform:*`],
      ['medium', '/Statement/2/Principal/Federated', `no ${AUD}`],
    ],
  );
  assert.match(findings[0]!.message, /every repository of acme/);
  assert.match(findings[1]!.notes![0]!, /Pin an environment/);
  assert.match(findings[1]!.notes![1]!, /aud/, 'statement 2 also lacks the audience');
});

test('sub patterns: repo:* and an open owner are high; a bare * restricts nothing (critical)', () => {
  const star = single(analyze(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: '*' } })));
  assert.equal(star.severity, 'critical');
  for (const value of ['repo:*', 'repo:*/ml-platform:ref:refs/heads/main', 'repo:acme*/ml:*']) {
    const finding = single(analyze(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: value } })));
    assert.equal(finding.severity, 'high', value);
  }
});

test('separate clauses must all hold: an exact sub next to a wide one is clean', () => {
  const text = trust({ StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:acme/ml:environment:production' }, StringLike: { [SUB]: 'repo:*' } });
  assert.deepEqual(own(analyze(text)), []);
});

test('one wide value among exact ones is still wide; negated operators do not restrict', () => {
  const mixed = single(analyze(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: ['repo:acme/ml:ref:refs/heads/main', 'repo:acme/*'] } })));
  assert.equal(mixed.severity, 'high');
  const negated = single(analyze(trust({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringNotLike: { [SUB]: 'repo:evil/*' } })));
  assert.equal(negated.severity, 'critical');
  assert.match(negated.message, /negated, IfExists or `\*`-only/);
});

test('a wrong audience is medium', () => {
  const finding = single(analyze(trust({ StringEquals: { [AUD]: 'https://github.com/acme', [SUB]: 'repo:acme/ml:environment:production' } })));
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /rather than only `sts\.amazonaws\.com`/);
});

test('pinned subjects and literal stars under StringEquals are clean; other providers are not this rule', () => {
  const { file, text } = readCase('clean/pinned.json');
  assert.deepEqual(own(analyze(text, file)), []);
  const gitlab = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] });
  assert.deepEqual(own(analyze(gitlab)), []);
});
