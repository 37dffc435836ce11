import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { severityRank } from '../core/finding.js';
import { scanPaths } from '../core/scan.js';
import { findRule } from '../rules/index.js';
import { LAB_FIXTURES_DIR, loadAnswerKey } from './answer-key.js';

const key = loadAnswerKey();
const ids = new Set(key.findings.map((finding) => finding.id));

test('every expected finding points at a line that holds its text', () => {
  for (const expected of key.findings) {
    const lines = readFileSync(join(LAB_FIXTURES_DIR, expected.file), 'utf8').split('\n');
    const line = lines[expected.line - 1] ?? '';
    assert.ok(line.includes(expected.match), `${expected.id}: line ${expected.line} of ${expected.file} contains ${expected.match}`);
    if (expected.column !== undefined) assert.equal(line.indexOf(expected.match) + 1, expected.column, `${expected.id}: column`);
  }
});

test('signals, fixtures and the hardening summary refer to recorded findings', () => {
  assert.equal(key.signals.length, 6, 'the lab has six expected signals');
  for (const signal of key.signals) for (const id of signal.findings) assert.ok(ids.has(id), `${signal.id} -> ${id}`);
  assert.equal(key.fixtures.length, 4);
  assert.deepEqual(
    key.hardeningSummary.map((entry) => entry.fixture).sort(),
    key.fixtures.map((fixture) => fixture.file).sort(),
    'one summary entry per fixture',
  );
  key.hardeningSummary.forEach((entry, i) => {
    assert.equal(entry.rank, i + 1);
    for (const id of entry.findings) assert.ok(ids.has(id), `${entry.fixture} -> ${id}`);
    if (i > 0) assert.ok(severityRank(entry.severity) >= severityRank(key.hardeningSummary[i - 1]!.severity), 'ordered by severity');
  });
});

const scan = scanPaths([LAB_FIXTURES_DIR]);

for (const expected of key.findings) {
  const rule = findRule(expected.ruleId);
  const name = `lab fixture finding ${expected.id}: ${expected.ruleId} at ${expected.file}:${expected.line}`;
  if (!rule) {
    test(name, { todo: `rule ${expected.ruleId} arrives with issue ${expected.introducedBy}` }, () => {});
    continue;
  }
  test(name, async () => {
    const { findings } = await scan;
    const file = join(LAB_FIXTURES_DIR, expected.file).replace(/\\/g, '/').replace(/\/$/, '');
    const match = findings.find((finding) => finding.ruleId === expected.ruleId && finding.file === file && finding.line === expected.line);
    assert.ok(match, `reported: ${findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`).join('; ')}`);
    assert.equal(match.severity, expected.severity);
    assert.equal(match.category, expected.category);
    assert.equal(rule.category, expected.category);
    if (expected.column !== undefined) assert.equal(match.column, expected.column);
    for (const [field, value] of Object.entries(expected.location ?? {})) {
      assert.equal(match.location[field as keyof typeof match.location], value, `location.${field}`);
    }
  });
}

test('the implemented rules report nothing on the fixtures beyond the answer key', async () => {
  const { findings, errors } = await scan;
  assert.deepEqual(errors, []);
  const expected = new Set(key.findings.filter((finding) => findRule(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`));
  const prefix = `${LAB_FIXTURES_DIR.replace(/\/$/, '')}/`;
  const extra = findings.map((finding) => `${finding.ruleId} ${finding.file.slice(prefix.length)}:${finding.line}`).filter((entry) => !expected.has(entry));
  assert.deepEqual(extra, []);
});
