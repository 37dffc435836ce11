import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanPaths } from '../../core/scan.js';
import { LAB_FIXTURES_DIR } from '../../lab/answer-key.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/full-admin');

test('the lab inventory: AdministratorAccess on ml-notebook is one critical finding at the attachment, with keys, workload and blast radius', async () => {
  const { findings } = await scanPaths([LAB_FIXTURES_DIR]);
  const mine = own(findings);
  assert.equal(mine.length, 1);
  const finding = mine[0]!;
  const text = readFileSync(join(LAB_FIXTURES_DIR, 'mlops-inventory.json'), 'utf8');
  assert.equal(finding.line, positionOf(text, 'arn:aws:iam::aws:policy/AdministratorAccess').line);
  assert.equal(finding.line, 16);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.location.jsonPointer, '/identities/0/attachedPolicies/0');
  assert.match(finding.message, /IAM user ml-notebook — access key AKIA…MPLE, used by JupyterHub \(notebook server\) — has the AWS managed policy AdministratorAccess/);
  assert.ok(!JSON.stringify(finding).includes('AKIAIOSFODNN7EXAMPLE'), 'the key id is shortened');
  assert.match(finding.blastRadius, /allows every action, [\d,]+ in \d+ services, on every resource \(Permissions management [\d,]+/);
  assert.match(finding.blastRadius, /acme-mlflow-artifacts \(model artifacts, registry versions\) and acme-training-data \(training data\) to read and overwrite/);
  // The same statement is not reported again by the narrower rules.
  const others = findings.filter((entry) => entry.ruleId.startsWith('iam/') && entry.ruleId !== 'iam/full-admin' && entry.line === 16);
  assert.deepEqual(others, []);
});

test('"*" on "*" and a NotAction that leaves all of IAM are full admin', () => {
  const star = readCase('positive/star-on-star.json');
  const finding = single(analyze(star.text, star.file));
  assert.equal(finding.line, positionOf(star.text, '"Action": "*"').line);
  assert.equal(finding.location.jsonPointer, '/Statement/0');
  assert.match(finding.message, /is allowed every action on every resource by statement 0 \(Everything\)/);
  const notAction = readCase('positive/not-action-leaves-iam.json');
  const other = single(analyze(notAction.text, notAction.file));
  assert.match(other.message, /everything but s3:DeleteBucket/);
  assert.deepEqual(own(analyze(notAction.text, notAction.file)).map((entry) => entry.severity), ['critical']);
  // Not also an allow-not-action finding for the same statement.
  assert.deepEqual(analyze(notAction.text, notAction.file).filter((entry) => entry.ruleId === 'iam/allow-not-action'), []);
});

test('PowerUserAccess-style NotAction and "*" on one bucket are not full admin', () => {
  const { file, text } = readCase('clean/power-user.json');
  assert.deepEqual(own(analyze(text, file)), []);
});
