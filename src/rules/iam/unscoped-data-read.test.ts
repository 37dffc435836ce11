import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanPaths } from '../../core/scan.js';
import { LAB_FIXTURES_DIR } from '../../lab/answer-key.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('iam/unscoped-data-read');

test('the lab policy: s3:GetObject on "*" is high at statement 0, and the blast radius names the buckets and the workload', async () => {
  const { findings } = await scanPaths([LAB_FIXTURES_DIR]);
  const finding = own(findings).find((entry) => entry.file.endsWith('inference-iam-policy.json'))!;
  assert.deepEqual([finding.line, finding.severity, finding.location.jsonPointer], [4, 'high', '/Statement/0']);
  assert.match(finding.message, /IAM role inference-api \(policy inference-iam-policy\.json\) call `s3:GetObject` on `\*`: it reads every object in every bucket/);
  assert.equal(
    finding.blastRadius,
    'IAM role inference-api (policy inference-iam-policy.json), used by FastAPI inference service, allows 6 actions in 4 services (ec2, iam, logs, s3) — Write 1, Read 2, List 3 — all on "*" or wildcard resources. ' +
      's3:GetObject on * reaches acme-mlflow-artifacts (model artifacts, registry versions) and acme-training-data (training data).',
  );
});

test('s3:Get* on arn:aws:s3:::*, secrets and keys on "*", parameters on parameter/*: one finding per statement', () => {
  const { file, text } = readCase('positive/reads-everything.json');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.location.jsonPointer]),
    [
      [positionOf(text, '"s3:Get*"').line, '/Statement/0'],
      [positionOf(text, 'secretsmanager:GetSecretValue').line, '/Statement/1'],
      [positionOf(text, 'ssm:GetParameter*').line, '/Statement/2'],
    ],
  );
  assert.match(findings[0]!.message, /through `s3:Get\*`/);
  assert.match(findings[1]!.message, /every secret and everything encrypted with any key/);
});

test('an explicit deny, a condition and the tight policy: nothing', () => {
  for (const name of ['clean/denied-and-conditional.json', 'clean/tight-inference-policy.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
