import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('iam/privilege-escalation');

test('PassRole on every role plus CreateTrainingJob is critical, across statements, at the PassRole value', () => {
  const { file, text } = readCase('positive/passrole-training-job.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.line, positionOf(text, '"iam:PassRole"').line);
  assert.equal(finding.location.jsonPointer, '/Statement/0');
  assert.match(finding.title, /iam:PassRole \+ sagemaker:CreateTrainingJob/);
  assert.match(finding.message, /hackingthe\.cloud/);
  assert.match(finding.message, /other steps come from statement 1 \(Train\)/);
  assert.match(finding.blastRadius, /Privilege escalation: iam:PassRole \+ sagemaker:CreateTrainingJob/);
});

test('PassRole limited by iam:PassedToService still passes any role to SageMaker: high, not dismissed', () => {
  const { file, text } = readCase('positive/passed-to-service.json');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity]),
    [
      [positionOf(text, '"iam:PassRole"').line, 'high'],
      [positionOf(text, 'iam:CreatePolicyVersion').line, 'critical'],
    ],
  );
  assert.match(findings[0]!.message, /iam:PassedToService StringEquals sagemaker\.amazonaws\.com/);
  assert.match(findings[1]!.message, /rhinosecuritylabs\.com/);
});

test('PassRole on one execution role, AssumeRole on one role, and the tight policy: no path', () => {
  for (const name of ['clean/one-execution-role.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
