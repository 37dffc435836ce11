import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../testing/run-cli.js';

// Code frames show the lines around a finding, so a password on a neighbouring line would slip out even
// though no rule reports it: values under secret names and secrets found only by a later rule's reader
// are masked in every output format.

const dir = mkdtempSync(join(tmpdir(), 'mlops-frames-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'Sup3rS3cretPassw0rd';
const HELM_PASSWORD = 'HelmAdm1nPassw0rdValue';

test('a password under a secret name next to a reported line is masked in text, JSON and SARIF', () => {
  writeFileSync(
    join(dir, 'docker-compose.yml'),
    [
      'services:',
      '  mlflow:',
      '    image: ghcr.io/mlflow/mlflow:v2.17.2',
      '    command: mlflow server --host 0.0.0.0',
      '    ports:',
      '      - "5000:5000"',
      `    environment: { POSTGRES_PASSWORD: ${PASSWORD} }`,
      '  tracker:',
      '    image: ghcr.io/mlflow/mlflow:v2.17.2',
      '    command: mlflow server --host 0.0.0.0 --port 5001',
      '    ports:',
      '      - "5001:5001"',
      `    environment: [DB_PASSWORD=${PASSWORD}x]`,
      '',
    ].join('\n'),
  );
  // The default admin password is reported on its own line; the frame shows the real password of the next key.
  writeFileSync(join(dir, 'values.yaml'), ['backendStore:', '  postgres:', '    enabled: false', 'auth:', '  enabled: true', '  adminUsername: admin', '  adminPassword: password1234', `  dbPassword: ${HELM_PASSWORD}`, 'service:', '  type: ClusterIP', ''].join('\n'));
  for (const format of ['text', 'json', 'sarif', 'markdown']) {
    const run = runCli(['scan', dir, '--format', format]);
    assert.ok(run.stdout.length > 0, `${format}: something was reported`);
    assert.ok(!run.stdout.includes(PASSWORD), `${format} shows the compose password whole`);
    assert.ok(!run.stdout.includes(HELM_PASSWORD), `${format} shows the Helm password whole`);
  }
  const text = runCli(['scan', dir]).stdout;
  assert.match(text, /POSTGRES_PASSWORD: Sup3•+w0rd/, 'the frame keeps the line, masked');
  assert.match(text, /DB_PASSWORD=Sup3•+0rdx/);
  assert.match(text, /dbPassword: Helm•+alue/);
});
