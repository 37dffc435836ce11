import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../testing/paths.js';
import { parseInventory } from './inventory.js';

const lab = JSON.parse(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
const problems = (value: unknown) => {
  const loaded = parseInventory(JSON.stringify(value));
  assert.equal(loaded.ok, false, 'rejected');
  return loaded.ok ? '' : loaded.message;
};

test('the lab inventory and a minimal one are valid; missing lists default to empty', () => {
  assert.ok(parseInventory(JSON.stringify(lab)).ok);
  const minimal = parseInventory('{"version": 1}');
  assert.ok(minimal.ok);
  assert.deepEqual(minimal.ok && [minimal.inventory.identities, minimal.inventory.components, minimal.inventory.storage], [[], [], []]);
});

test('schema errors name the field and what is wrong', () => {
  assert.match(problems({ identities: [] }), /"version" must be 1 \(it is missing\)/);
  assert.match(problems({ version: 1, components: [{ id: 'x', kind: 'jupyter' }] }), /components\[0\]\.kind must be one of notebook-server, .* not "jupyter"/);
  assert.match(problems({ version: 1, storage: [{ id: 's', kind: 's3-bucket' }] }), /storage\[0\]\.name must be a string/);
  assert.match(problems({ version: 1, identities: [{ id: 'a', kind: 'aws-iam-user', accessKeyIds: 'AKIA' }] }), /identities\[0\]\.accessKeyIds must be an array of strings/);
  assert.match(problems({ version: 1, platform: { account: 111122223333 } }), /platform\.account must be a string/);
  assert.match(problems({ version: 1, components: [{ id: 'x', kind: 'ci-pipeline', url: 5 }] }), /components\[0\]\.url must be a string/);
});

test('duplicate ids and references to unknown ids are errors', () => {
  assert.match(problems({ version: 1, identities: [{ id: 'a', kind: 'aws-iam-role' }, { id: 'a', kind: 'aws-iam-user' }] }), /identities\[1\]\.id "a" is already used by identities\[0\]/);
  assert.match(problems({ ...lab, components: [{ id: 'api', kind: 'inference-service', identity: 'inference-role' }] }), /components\[0\]\.identity "inference-role" names no identity \(known: ml-notebook, ci-training, inference-api-role\)/);
  assert.match(problems({ version: 1, storage: [{ id: 'b', kind: 's3-bucket', name: 'b', usedBy: ['trainer'] }] }), /storage\[0\]\.usedBy "trainer" names no component \(there are none\)/);
});

test('invalid JSON is reported as such', () => {
  const loaded = parseInventory('{"version": 1,');
  assert.equal(loaded.ok, false);
  assert.match(loaded.ok ? '' : loaded.message, /^inventory is not valid JSON/);
});
