import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/credentials-exposure');

test('presigned notebook URLs and registry tokens on "*" are high, one finding per statement', () => {
  const { file, text } = readCase('positive/mints-credentials.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.location.jsonPointer]),
    [
      [positionOf(text, '"sagemaker:CreatePresignedNotebookInstanceUrl"').line, 'high', '/Statement/0'],
      [positionOf(text, '"ecr:GetAuthorizationToken"').line, 'high', '/Statement/1'],
    ],
  );
  assert.match(findings[1]!.message, /`ecr:GetAuthorizationToken` and `codeartifact:GetAuthorizationToken`/);
});

test('a presigned URL for one notebook, and the tight policy, are not reported', () => {
  for (const name of ['clean/one-notebook.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
