import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/finding.js';
import { notebook } from '../../testing/notebook-builder.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/credential-in-environment';
const { analyze, own, single, readCase } = ruleKit(RULE);

const AWS_KEY_ID = 'AKIAFAKE4TEST5KEY6ZQ';
const AWS_SECRET = 'Fake7SecretKey/ForTests0nly+NotRealAbCdE';
const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
const GITHUB_TOKEN = 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO';
const OPENAI_KEY = 'sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const WANDB_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c';

/** One code cell; the finding must sit on `secret` (as written in the file) and name `name` and `via`. */
function expectAssignment(source: string, expected: { secret: string; name: string; via: string; label: RegExp; severity?: string; evidence?: string }): Finding {
  const text = notebook([{ source: 'import os' }, { source }]);
  const findings = analyze(text);
  const finding = single(findings);
  assert.equal(finding.title, `Credential assigned to ${expected.name} in a notebook cell`);
  assert.equal(finding.severity, expected.severity ?? 'high');
  assert.equal(finding.category, 'secret-exposure');
  const at = positionOf(text, expected.secret);
  assert.deepEqual({ line: finding.line, column: finding.column }, at, 'points at the value');
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: at.line, column: at.column + expected.secret.length });
  assert.deepEqual(finding.location, { cell: 2, part: 'source', jsonPointer: '/cells/1/source' });
  assert.match(finding.message, expected.label);
  assert.match(finding.message, new RegExp(`environment variable ${expected.name} in the source of cell 2 \\(code\\) through ${expected.via.replace(/[.%!]/g, '\\$&')};`));
  if (expected.evidence) assert.equal(finding.evidence, expected.evidence);
  assertRedacted(finding, expected.secret);
  // Reported once, by this rule: not again as a literal in the source.
  assert.deepEqual(findings.filter((other) => other.ruleId === 'notebook/credential-in-source'), []);
  return finding;
}

test('os.environ["AWS_SECRET_ACCESS_KEY"] = "…" beside the key id is one critical pair finding', () => {
  const { file, text } = readCase('positive/os-environ-aws-secret-key.ipynb');
  const findings = analyze(text, file);
  const finding = single(findings);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.title, 'Credential assigned to AWS_SECRET_ACCESS_KEY in a notebook cell');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, AWS_SECRET));
  assert.deepEqual(finding.location, { cell: 1, part: 'source', jsonPointer: '/cells/0/source' });
  assert.match(finding.message, /^An AWS access key pair is assigned to the environment variable AWS_SECRET_ACCESS_KEY/);
  assert.equal(finding.evidence, 'AKIA…Y6ZQ / Fake…bCdE');
  assert.deepEqual({ line: finding.related![0]!.line, column: finding.related![0]!.column }, positionOf(text, AWS_KEY_ID));
  assertRedacted(finding, AWS_SECRET);
  assertRedacted(finding, AWS_KEY_ID);
  assert.deepEqual(findings.filter((other) => other.ruleId !== RULE), [], 'no other rule reports the same values');
});

test('os.environ.update({...})', () => {
  expectAssignment(`os.environ.update({"HF_TOKEN": "${HF_TOKEN}", "HF_HUB_OFFLINE": "0"})`, {
    secret: HF_TOKEN,
    name: 'HF_TOKEN',
    via: 'os.environ.update',
    label: /^A Hugging Face token is assigned/,
    evidence: 'hf_F…pAsD',
  });
});

test('os.environ.update(NAME="…") keyword form', () => {
  expectAssignment(`os.environ.update(\n    OPENAI_API_KEY="${OPENAI_KEY}",\n)`, {
    secret: OPENAI_KEY,
    name: 'OPENAI_API_KEY',
    via: 'os.environ.update',
    label: /^An OpenAI API key is assigned/,
  });
});

test('os.environ.setdefault', () => {
  expectAssignment(`os.environ.setdefault("GITHUB_TOKEN", "${GITHUB_TOKEN}")`, { secret: GITHUB_TOKEN, name: 'GITHUB_TOKEN', via: 'os.environ.setdefault', label: /^A GitHub token is assigned/ });
});

test('os.putenv', () => {
  expectAssignment(`os.putenv("HF_TOKEN", "${HF_TOKEN}")`, { secret: HF_TOKEN, name: 'HF_TOKEN', via: 'os.environ.setdefault', label: /Hugging Face token/ });
});

test('%env NAME=value', () => {
  const { file, text } = readCase('positive/env-magic-hf-token.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Credential assigned to HF_TOKEN in a notebook cell');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.match(finding.message, /through %env;/);
  assertRedacted(finding, HF_TOKEN);
});

test('%set_env', () => {
  expectAssignment(`%set_env WANDB_API_KEY=${WANDB_KEY}`, { secret: WANDB_KEY, name: 'WANDB_API_KEY', via: '%set_env', label: /^A Weights & Biases API key is assigned/ });
});

test('!export', () => {
  expectAssignment(`!export GITHUB_TOKEN=${GITHUB_TOKEN}`, { secret: GITHUB_TOKEN, name: 'GITHUB_TOKEN', via: '!export', label: /GitHub token/ });
});

test('export in a %%bash cell, with a secret-named variable and no known format', () => {
  const { file, text } = readCase('positive/bash-cell-export-password.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Credential assigned to PGPASSWORD in a notebook cell');
  assert.equal(finding.severity, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'Winter-2024-db!'));
  assert.match(finding.message, /^A credential is assigned to the environment variable PGPASSWORD in the source of cell 1 \(code\) through export;/);
  assert.equal(finding.evidence, 'PGPASSWORD = Wi…');
  assertRedacted(finding, 'Winter-2024-db!');
});

test('a name like HF_TOKEN with a literal of no known format is still reported', () => {
  const finding = expectAssignment('os.environ["HF_TOKEN"] = "team-shared-read-token-2024"', {
    secret: 'team-shared-read-token-2024',
    name: 'HF_TOKEN',
    via: 'os.environ',
    label: /^A credential is assigned/,
    evidence: 'HF_TOKEN = team…2024',
  });
  assert.match(finding.blastRadius, /whatever the credential stored as HF_TOKEN unlocks/);
  expectAssignment("os.environ['MLFLOW_TRACKING_PASSWORD'] = 'Spr1ng-Tr4ining'", { secret: 'Spr1ng-Tr4ining', name: 'MLFLOW_TRACKING_PASSWORD', via: 'os.environ', label: /^A credential is assigned to the environment variable MLFLOW_TRACKING_PASSWORD/ });
});

test('a known credential format is reported whatever the variable is called', () => {
  expectAssignment(`os.environ["HUB_CONFIG"] = "${HF_TOKEN}"`, { secret: HF_TOKEN, name: 'HUB_CONFIG', via: 'os.environ', label: /Hugging Face token/ });
});

test('values read from the environment, getpass or a secret store are not reported', () => {
  const { file, text } = readCase('clean/environment-from-secret-store.ipynb');
  assert.deepEqual(own(analyze(text, file)), []);
  for (const source of [
    'os.environ["HF_TOKEN"] = os.environ["JUPYTERHUB_HF_TOKEN"]',
    'os.environ["DB_PASSWORD"] = getpass.getpass("Password: ")',
    'os.environ["OPENAI_API_KEY"] = secrets.get_secret_value(SecretId="ml/openai")["SecretString"]',
    'os.environ.update({"HF_TOKEN": os.environ.get("VAULT_HF_TOKEN", "")})',
    'os.environ["HF_TOKEN"] = "<your-token>"',
    'os.environ["DB_PASSWORD"] = "changeme"',
    'os.environ["GOOGLE_APPLICATION_CREDENTIALS"] = "/var/run/secrets/gcp/key.json"',
    'os.environ["TOKENIZERS_PARALLELISM"] = "false"',
    'os.environ["AWS_DEFAULT_REGION"] = "us-east-1"',
    '%env HF_TOKEN=${HF_TOKEN}',
    '%env MLFLOW_TRACKING_URI=http://mlflow.internal:5000',
    'token = os.environ["HF_TOKEN"]',
  ]) {
    assert.deepEqual(own(analyze(notebook([{ source }]))), [], source);
  }
});

test('export outside a shell cell is not an environment assignment', () => {
  assert.deepEqual(own(analyze(notebook([{ source: 'export = "hf_not_an_assignment"\nprint(export)' }]))), []);
});
