import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPaths } from '../../core/scan.js';
import { LAB_FIXTURES_DIR } from '../../lab/answer-key.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/reconnaissance-actions');

test('the lab policy: EC2 and IAM enumeration, one finding per statement, naming the inference service', async () => {
  const { findings } = await scanPaths([LAB_FIXTURES_DIR]);
  const mine = own(findings).filter((entry) => entry.file.endsWith('inference-iam-policy.json'));
  assert.deepEqual(
    mine.map((finding) => [finding.line, finding.severity, finding.location.jsonPointer, finding.title]),
    [
      [5, 'medium', '/Statement/1', 'EC2 enumeration allowed'],
      [6, 'medium', '/Statement/2', 'IAM enumeration allowed'],
    ],
  );
  assert.match(mine[0]!.message, /`ec2:DescribeInstances` and `ec2:DescribeVpcs`/);
  assert.match(mine[1]!.message, /`iam:ListRoles` and `iam:GetRole`/);
  assert.match(mine[1]!.message, /belongs to FastAPI inference service, which has no reason to list iam resources/);
});

test('without an inventory the message does not guess the workload', () => {
  const { file, text } = readCase('positive/enumeration.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.location.jsonPointer]),
    [
      [positionOf(text, '"ec2:Describe*"').line, '/Statement/0'],
      [positionOf(text, '"iam:List*"').line, '/Statement/1'],
      [positionOf(text, 'secretsmanager:ListSecrets').line, '/Statement/2'],
    ],
  );
  assert.match(findings[0]!.message, /A workload that knows the resources it uses/);
});

test('reading its own role and the tight policy are not reconnaissance', () => {
  for (const name of ['clean/own-role.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
