import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, inRange, parseVersion } from './versions.js';

const sign = (a: string, b: string) => Math.sign(compareVersions(parseVersion(a)!, parseVersion(b)!));

test('PEP 440 order: dev < pre-releases < final < post, release segments compared numerically', () => {
  const ordered = ['1.0.dev0', '1.0a1.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1.dev0', '1.0.post1', '1.0.1', '1.2', '1.10', '2!0.1'];
  for (let i = 0; i + 1 < ordered.length; i++) assert.equal(sign(ordered[i]!, ordered[i + 1]!), -1, `${ordered[i]} < ${ordered[i + 1]}`);
  assert.equal(sign('2.9.10', '2.9.2'), 1, 'numeric, not text, comparison');
  assert.equal(sign('2.10', '2.10.0'), 0, 'trailing zeros are equal');
  assert.equal(sign('v2.9.2', '2.9.2'), 0, 'a leading v is allowed');
  assert.equal(sign('1.0RC1', '1.0c1'), 0, 'spellings of rc are one');
  assert.equal(sign('1.0-1', '1.0.post1'), 0, 'implicit post-release');
  assert.equal(sign('2.1.0+cpu', '2.1.0'), 0, 'local labels do not order');
});

test('text that is no version is refused', () => {
  for (const text of ['latest', '', '2.x', 'main', '${MLFLOW_VERSION}']) assert.equal(parseVersion(text), undefined, text);
});

test('ranges: introduced inclusive, fixed exclusive, last_affected inclusive', () => {
  const v = (text: string) => parseVersion(text)!;
  assert.ok(inRange(v('2.9.2'), { introduced: '0', fixed: '2.10.0' }));
  assert.ok(!inRange(v('2.10.0'), { introduced: '0', fixed: '2.10.0' }));
  assert.ok(inRange(v('2.10.0rc0'), { introduced: '0', fixed: '2.10.0' }), 'a pre-release of the fix is still affected');
  assert.ok(inRange(v('2.9.2'), { introduced: '0', lastAffected: '2.9.2' }));
  assert.ok(!inRange(v('2.9.3'), { introduced: '0', lastAffected: '2.9.2' }));
  assert.ok(!inRange(v('4.9'), { introduced: '5.0.0', fixed: '5.1.0' }));
  assert.ok(inRange(v('5.0.1'), { introduced: '5.0.0', fixed: '5.1.0' }));
});
