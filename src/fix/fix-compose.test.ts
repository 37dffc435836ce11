import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { analyzeText } from '../core/scan.js';
import { atLeast } from '../core/finding.js';
import { TEST_CASES } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';
import { fixComposeText } from './fix-compose.js';

const RULES = ['deploy/exposed-without-auth', 'deploy/latest-image-tag'];
const OPEN = join(TEST_CASES, 'deploy', 'exposed-without-auth', 'positive', 'mlflow-compose.yaml');

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function copy(text: string, name = 'docker-compose.yml'): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-compose-'));
  folders.push(folder);
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function serious(file: string, text: string): string[] {
  const { findings, error } = analyzeText(file, text, 'yaml');
  assert.equal(error, undefined);
  return findings.filter((finding) => RULES.includes(finding.ruleId) && atLeast(finding.severity, 'medium')).map((finding) => `${finding.ruleId} ${finding.line}: ${finding.title}`);
}

test('the open MLflow compose: rebound to 127.0.0.1 and basic-auth added; the result rescans clean and keeps its comments', () => {
  const text = readFileSync(OPEN, 'utf8');
  assert.notDeepEqual(serious('compose.yaml', text), [], 'the open file has findings to fix');
  const outcome = fixComposeText('compose.yaml', text);
  assert.equal(outcome.status, 'changed');
  if (outcome.status !== 'changed') return;
  assert.match(outcome.text, /- "127\.0\.0\.1:5000:5000"/);
  assert.match(outcome.text, /command: mlflow server --app-name basic-auth --host 0\.0\.0\.0 --port 5000/);
  assert.ok(outcome.notes.some((note) => /basic_auth\.ini/.test(note) && /admin password/.test(note)));
  for (const line of text.split('\n').filter((candidate) => /^\s*#/.test(candidate))) assert.ok(outcome.text.includes(line), `comment kept: ${line}`);
  // Only the two edited lines differ.
  const before = text.split('\n');
  const afterLines = outcome.text.split('\n');
  assert.equal(afterLines.length, before.length);
  assert.equal(afterLines.filter((line, i) => line !== before[i]).length, 2);
  assert.deepEqual(serious('compose.yaml', outcome.text), []);
  assert.deepEqual(fixComposeText('compose.yaml', outcome.text).status, 'unchanged', 'a second run changes nothing');
});

test('list commands, long port syntax, flow sequences, sh -c scripts and Jupyter with an empty token', () => {
  const text = [
    'services:',
    '  mlflow:',
    '    image: ghcr.io/mlflow/mlflow:v2.14.1',
    '    command:',
    '      - mlflow',
    '      - server   # tracking',
    '      - --host',
    '      - 0.0.0.0',
    '    ports:',
    '      - target: 5000',
    '        published: 5000',
    '  lab:',
    '    image: quay.io/jupyter/base-notebook:2024-07-29',
    '    command: ["start-notebook.py", "--ServerApp.token=\'\'"]',
    '    ports: ["0.0.0.0:8888:8888", 8889]',
    '  ui:',
    '    image: ghcr.io/mlflow/mlflow:v2.14.1',
    '    entrypoint: ["sh", "-c", "pip install psycopg2 && mlflow server --host 0.0.0.0"]',
    '    ports: [{target: 5000, published: "5001", host_ip: 0.0.0.0}]',
    '  db:',
    '    image: postgres:16.3',
    '    ports: ["5432:5432"]',
    '',
  ].join('\n');
  const outcome = fixComposeText('compose.yaml', text);
  assert.equal(outcome.status, 'changed');
  if (outcome.status !== 'changed') return;
  assert.match(outcome.text, /      - server   # tracking\n      - --app-name\n      - basic-auth\n      - --host/);
  assert.match(outcome.text, /      - host_ip: 127\.0\.0\.1\n        target: 5000\n        published: 5000/);
  assert.match(outcome.text, /ports: \["127\.0\.0\.1:8888:8888", "127\.0\.0\.1::8889"\]/);
  assert.match(outcome.text, /mlflow server --app-name basic-auth --host 0\.0\.0\.0"\]/);
  assert.match(outcome.text, /\{target: 5000, published: "5001", host_ip: 127\.0\.0\.1\}/);
  assert.match(outcome.text, /ports: \["5432:5432"\]/, 'a database is not an ML service: left alone');
  assert.deepEqual(serious('compose.yaml', outcome.text), []);
});

test('a port written with a variable is left alone with a note; an implicit mlflow entrypoint still gets basic-auth', () => {
  const text = 'services:\n  mlflow:\n    image: bitnami/mlflow:2.14.1\n    command: ["server", "--host", "0.0.0.0"]\n    ports:\n      - "${MLFLOW_PORT:-5000}:5000"\n';
  const outcome = fixComposeText('compose.yaml', text);
  assert.equal(outcome.status, 'changed');
  if (outcome.status !== 'changed') return;
  assert.match(outcome.text, /command: \["server", "--app-name", "basic-auth", "--host", "0\.0\.0\.0"\]/);
  assert.match(outcome.text, /- "\$\{MLFLOW_PORT:-5000\}:5000"/);
  assert.ok(outcome.notes.some((note) => /ports\[0\]: the port is written with a variable/.test(note)));
  assert.deepEqual(serious('compose.yaml', outcome.text), [], 'authenticated now, so no longer reported');
});

test('files that are not compose files or have nothing to fix', () => {
  assert.equal(fixComposeText('values.yaml', 'image:\n  repository: x\n').status, 'not-compose');
  const hardened = readFileSync(join(TEST_CASES, 'deploy', 'exposed-without-auth', 'clean', 'mlflow-compose-hardened.yaml'), 'utf8');
  assert.equal(fixComposeText('compose.yaml', hardened).status, 'unchanged');
});

test('mlops-audit fix: a diff without --write (file untouched), the fixed file with --write', () => {
  const text = readFileSync(OPEN, 'utf8');
  const path = copy(text);
  const dry = runCli(['fix', path]);
  assert.equal(dry.status, 0, dry.stderr);
  assert.equal(readFileSync(path, 'utf8'), text, 'not touched without --write');
  assert.match(dry.stdout, /^-      - "5000:5000"$/m);
  assert.match(dry.stdout, /^\+      - "127\.0\.0\.1:5000:5000"$/m);
  assert.match(dry.stderr, /basic_auth\.ini/);
  assert.equal(applyPatch(text, dry.stdout), fixComposeText('compose.yaml', text).status === 'changed' ? (fixComposeText('compose.yaml', text) as { text: string }).text : '');
  const wet = runCli(['fix', '--write', path]);
  assert.equal(wet.status, 0, wet.stderr);
  assert.equal(wet.stdout, '');
  const fixed = readFileSync(path, 'utf8');
  assert.match(fixed, /"127\.0\.0\.1:5000:5000"/);
  assert.deepEqual(serious('compose.yaml', fixed), []);
  const again = runCli(['fix', path]);
  assert.equal(again.stdout, '');
  assert.match(again.stderr, /nothing to fix/);
});
