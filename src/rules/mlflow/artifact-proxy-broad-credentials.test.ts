import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/artifact-proxy-broad-credentials');
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

test('proxying to S3 with a literal secret key: script, Dockerfile ENV and community Helm values', () => {
  for (const name of ['positive/serve.sh', 'positive/Dockerfile', 'positive/values.yaml']) {
    const { file, text } = readCase(name);
    const finding = single(analyze(text, file));
    assert.equal(finding.line, positionOf(text, SECRET).line, name);
    assert.equal(finding.severity, 'medium');
    assert.match(finding.message, /proxies artifact requests to s3:\/\/acme-mlflow-artifacts/);
    assert.match(finding.fix!.snippet, /s3:GetObject/);
    assertRedacted(finding, SECRET);
  }
});

test('no static key, or the proxy turned off, is clean', () => {
  for (const name of ['clean/serve.sh', 'clean/no-proxy.sh', 'clean/values.yaml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
