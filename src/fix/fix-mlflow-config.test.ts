import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactKindFor } from '../artifacts/artifact.js';
import { atLeast } from '../core/finding.js';
import { analyzeText } from '../core/scan.js';
import { LAB_FIXTURES, TEST_CASES } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';
import { fixMlflowConfigText } from './fix-mlflow-config.js';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function seriousMlflow(file: string, text: string): string[] {
  const { findings, error } = analyzeText(file, text, artifactKindFor(file)!);
  assert.equal(error, undefined);
  return findings.filter((finding) => finding.ruleId.startsWith('mlflow/') && atLeast(finding.severity, 'medium')).map((finding) => `${finding.ruleId}:${finding.line}`);
}

test('the lab config is hardened by text edits and rescans with no medium-or-higher mlflow finding', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'mlflow-config.json'), 'utf8');
  assert.ok(seriousMlflow('mlflow-config.json', text).length >= 3, 'the original has findings');
  const outcome = fixMlflowConfigText('mlflow-config.json', text);
  assert.ok(outcome && outcome.status === 'fixed');
  const fixed = JSON.parse(outcome.text) as Record<string, Record<string, any>>;
  assert.deepEqual(fixed.tracking_server!.authentication, { enabled: true, app_name: 'basic-auth' });
  assert.equal(fixed.tracking_server!.tls.enabled, true);
  assert.equal(fixed.artifact_store!.acl, 'private');
  assert.equal(fixed.artifact_store!.block_public_access, true);
  assert.equal(fixed.artifact_store!.versioning, true);
  const production = fixed.model_registry!.stage_transitions.Production;
  assert.equal(production.require_approval, true);
  assert.ok(production.approvers.length > 0 && !production.allowed_roles.includes('*'));
  assert.deepEqual(seriousMlflow('mlflow-config.json', outcome.text), []);
  // The outdated server version is not rewritten by guess, but the fix says it still needs an upgrade.
  assert.equal(fixed.mlflow_version, '2.9.2');
  assert.ok(outcome.notes.some((note) => /mlflow_version 2\.9\.2 still has \d+ published advisories \(.*CVE-2024-3573.*\): upgrade the server to a release later than 2\.14\.1/.test(note)), outcome.notes.join('\n'));
  // Untouched lines stay byte for byte, and fixing again changes nothing.
  assert.ok(outcome.text.includes('"Staging": { "require_approval": false, "allowed_roles": ["*"] },'));
  assert.equal(fixMlflowConfigText('mlflow-config.json', outcome.text)?.status, 'unchanged');
});

test('Helm values: auth.enabled set to true keeping comments; a missing enabled key or auth block is added', () => {
  const path = join(TEST_CASES, 'mlflow', 'unauthenticated-tracking-server', 'positive', 'open-release-values.yaml');
  const text = readFileSync(path, 'utf8');
  const outcome = fixMlflowConfigText('values.yaml', text);
  assert.ok(outcome && outcome.status === 'fixed');
  assert.equal(outcome.text, text.replace('auth:\n  enabled: false', 'auth:\n  enabled: true'));
  const { findings } = analyzeText('values.yaml', outcome.text, 'yaml');
  assert.deepEqual(findings.filter((finding) => finding.ruleId === 'mlflow/unauthenticated-tracking-server'), []);
  const without = 'backendStore:\n  postgres:\n    enabled: true\nauth:\n  adminUsername: admin # kept\n';
  const added = fixMlflowConfigText('values.yaml', without);
  assert.ok(added?.status === 'fixed');
  assert.equal(added.text, 'backendStore:\n  postgres:\n    enabled: true\nauth:\n  enabled: true\n  adminUsername: admin # kept\n');
  const none = fixMlflowConfigText('values.yaml', 'artifactRoot:\n  proxiedArtifactStorage: false\nservice:\n  type: ClusterIP\n');
  assert.ok(none?.status === 'fixed' && none.text.endsWith('auth:\n  enabled: true\n'));
  assert.equal(fixMlflowConfigText('values.yaml', 'replicaCount: 2\n'), undefined, 'other YAML is not an MLflow chart');
});

test('mlops-audit fix shows a diff, and --write writes the hardened config', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-mlflow-fix-'));
  folders.push(folder);
  const file = join(folder, 'mlflow-config.json');
  copyFileSync(join(LAB_FIXTURES, 'mlflow-config.json'), file);
  const original = readFileSync(file, 'utf8');
  const diff = runCli(['fix', file]);
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /^-      "enabled": false,\n-      "app_name": null\n\+      "enabled": true,\n\+      "app_name": "basic-auth"/m);
  assert.match(diff.stderr, /hardened MLflow settings/);
  assert.equal(readFileSync(file, 'utf8'), original, 'without --write the file is untouched');
  const write = runCli(['fix', '--write', file]);
  assert.equal(write.status, 0, write.stderr);
  assert.deepEqual(seriousMlflow('mlflow-config.json', readFileSync(file, 'utf8')), []);
});
