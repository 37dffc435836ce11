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

test('with the inventory: a proxying server whose identity holds AmazonS3FullAccess', async () => {
  const { Platform } = await import('../../inventory/platform.js');
  const { parseInventory } = await import('../../inventory/inventory.js');
  const inventory = {
    version: 1,
    platform: { name: 'test', cloud: 'aws' },
    identities: [{ id: 'mlflow-role', kind: 'aws-iam-role', name: 'mlflow-server', attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] }],
    components: [{ id: 'mlflow', kind: 'tracking-server', name: 'MLflow', files: ['mlflow-config.json'], identity: 'mlflow-role' }],
    storage: [],
  };
  const loaded = parseInventory(JSON.stringify(inventory));
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
  const platform = new Platform(loaded.inventory, 'config/mlops-inventory.json');
  const text = '{\n  "tracking_server": {\n    "host": "0.0.0.0",\n    "serve_artifacts": true,\n    "authentication": { "enabled": true, "app_name": "basic-auth" },\n    "tls": { "enabled": true }\n  }\n}\n';
  const finding = single(analyze(text, 'config/mlflow-config.json', { platform }));
  assert.equal(finding.line, 4);
  assert.match(finding.message, /mlflow-server with AmazonS3FullAccess/);
  assert.deepEqual(own(analyze(text, 'config/mlflow-config.json')), [], 'without the inventory nothing is known about the role');
});
