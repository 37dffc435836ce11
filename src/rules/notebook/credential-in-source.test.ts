import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notebook } from '../../testing/notebook-builder.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/credential-in-source';
const { analyze, own, single, readCase } = ruleKit(RULE);

const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
const OPENAI_KEY = 'sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

test('an API key literal in a code cell', () => {
  const { file, text } = readCase('positive/openai-key-in-code.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.category, 'secret-exposure');
  assert.equal(finding.title, 'OpenAI API key written in a notebook cell');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, OPENAI_KEY));
  assert.deepEqual(finding.location, { cell: 1, part: 'source', jsonPointer: '/cells/0/source' });
  assert.match(finding.message, /^An OpenAI API key is written in the source of cell 1 \(code\)/);
  assert.equal(finding.evidence, 'sk-p…6789');
  assertRedacted(finding, OPENAI_KEY);
});

test('a token in a markdown cell', () => {
  const { file, text } = readCase('positive/hf-token-in-markdown.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Hugging Face token written in a notebook cell');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, part: 'source', jsonPointer: '/cells/0/source' });
  assert.match(finding.message, /cell 1 \(markdown\)/);
  assert.match(finding.blastRadius, /Hugging Face account/);
  assertRedacted(finding, HF_TOKEN);
});

test('tokens of other providers in one code cell are each reported on their own line', () => {
  const { file, text } = readCase('positive/provider-tokens-in-code.ipynb');
  const expected: Array<[title: string, severity: string, secret: string, evidence: string]> = [
    ['Databricks personal access token written in a notebook cell', 'high', 'dapi9a8b7c6d5e4f30211f2e3d4c5b6a7988', 'dapi…7988'],
    ['Anthropic API key written in a notebook cell', 'high', 'sk-ant-api03-FakeKeyForTests0nly', 'sk-a…YzAA'],
    ['Slack token or webhook written in a notebook cell', 'medium', 'https://hooks.slack.com/services/T0FAKE123/B0FAKE456/FakeWebhookForTests0nly', 'http…0nly'],
    ['Google Cloud API key written in a notebook cell', 'medium', 'AIzaSyFakeKeyForTests0nly_AbCdEfGhIjKLm', 'AIza…jKLm'],
    ['Kaggle API key written in a notebook cell', 'medium', '5e4f30211f2e3d4c5b6a79889a8b7c6d', '5e4f…7c6d'],
  ];
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.title, finding.severity, finding.line, finding.column, finding.evidence]),
    expected.map(([title, severity, secret, evidence]) => [title, severity, positionOf(text, secret).line, positionOf(text, secret).column, evidence]),
  );
  for (const finding of findings) assert.deepEqual(finding.location, { cell: 2, part: 'source', jsonPointer: '/cells/1/source' });
  const serialised = JSON.stringify(findings);
  for (const [, , secret] of expected) assert.ok(!serialised.includes(secret.slice(0, 30)), `${secret.slice(0, 8)}… is redacted`);
});

test('a token in a raw cell, in a later cell', () => {
  const text = notebook([{ source: 'x = 1' }, { source: 'y = 2' }, { type: 'raw', source: `HF_TOKEN: ${HF_TOKEN}` }]);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.deepEqual(finding.location, { cell: 3, part: 'source', jsonPointer: '/cells/2/source' });
  assert.match(finding.message, /cell 3 \(raw\)/);
});

test('a literal on a later line of a multi-line cell points at that line', () => {
  const text = notebook([{ source: `import os\n\n# TODO: move to the secret store\nclient = OpenAI(\n    api_key="${OPENAI_KEY}",\n)` }]);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, OPENAI_KEY));
});

const URIS: Array<[scheme: string, source: string, password: string, display: string]> = [
  ['postgres', 'engine = create_engine("postgresql://mlflow:Tr4in-Run-2024@mlflow-db.internal:5432/mlflow")', 'Tr4in-Run-2024', 'postgresql://mlflow:••••@mlflow-db.internal:5432'],
  ['mysql', 'url = "mysql+pymysql://etl:Qx7vR2mPz9@mysql.prod:3306/features"', 'Qx7vR2mPz9', 'mysql+pymysql://etl:••••@mysql.prod:3306'],
  ['mongodb+srv', 'client = MongoClient("mongodb+srv://svc_ml:N3wP4ssW0rd8@cluster0.ab1cd.mongodb.net/?retryWrites=true")', 'N3wP4ssW0rd8', 'mongodb+srv://svc_ml:••••@cluster0.ab1cd.mongodb.net'],
  ['redis', 'cache = redis.from_url("redis://default:r3d1sS3cr3tX@cache.internal:6379/0")', 'r3d1sS3cr3tX', 'redis://default:••••@cache.internal:6379'],
  ['https', '!pip install git+https://deploy:Gh7kP2wQ9zXy@git.internal.example/ml/features.git', 'Gh7kP2wQ9zXy', 'https://deploy:••••@git.internal.example'],
];

for (const [scheme, source, password, display] of URIS) {
  test(`a password in a ${scheme} URI`, () => {
    const text = notebook([{ source }]);
    const finding = single(analyze(text));
    assert.equal(finding.title, 'Password in a connection URI written in a notebook cell');
    assert.equal(finding.severity, 'high');
    const at = positionOf(text, `:${password}@`);
    assert.deepEqual({ line: finding.line, column: finding.column }, { line: at.line, column: at.column + 1 }, 'the password, after the colon');
    assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: at.line, column: at.column + 1 + password.length });
    assert.equal(finding.evidence, display);
    assert.match(finding.message, /^A password in a connection URI is written/);
    assert.match(finding.blastRadius, new RegExp(`as ${display.split('://')[1]!.split(':')[0]}\\.$`));
    assertRedacted(finding, password);
  });
}

test('placeholders in URIs are not reported', () => {
  const { file, text } = readCase('clean/placeholder-connection-uris.ipynb');
  for (const placeholder of ['${DB_PASSWORD}', '<password>', ':xxxx@', '{password}']) assert.ok(text.includes(placeholder), placeholder);
  assert.deepEqual(own(analyze(text, file)), []);
  for (const source of [
    'uri = "postgresql://user:${DB_PASSWORD}@db.internal:5432/mlflow"',
    'uri = "postgresql://user:<password>@db.internal:5432/mlflow"',
    'uri = "postgresql://user:xxxx@db.internal:5432/mlflow"',
    'uri = "postgresql://user:****@db.internal:5432/mlflow"',
    'uri = "postgresql://user:changeme@db.internal:5432/mlflow"',
    'uri = "postgresql://user:%(password)s@db.internal:5432/mlflow" % cfg',
  ]) {
    assert.deepEqual(own(analyze(notebook([{ source }]))), [], source);
  }
});

test('clean: secrets read at run time are not written in the notebook', () => {
  const { file, text } = readCase('clean/secrets-read-at-runtime.ipynb');
  assert.deepEqual(analyze(text, file), []);
});

test('a value assigned to the environment or sent to tracking is left to those rules', () => {
  const text = notebook([{ source: `os.environ["HF_TOKEN"] = "${HF_TOKEN}"\nmlflow.log_param("openai_key", "${OPENAI_KEY}")` }]);
  const findings = analyze(text);
  assert.deepEqual(own(findings), []);
  assert.deepEqual(findings.map((finding) => finding.ruleId).sort(), ['notebook/credential-in-environment', 'notebook/secret-in-experiment-tracking']);
});

test('a notebook in another kernel language is still scanned as text', () => {
  const text = notebook([{ source: `Sys.setenv(HF_TOKEN = "${HF_TOKEN}")` }], { kernelspec: { display_name: 'R', language: 'R', name: 'ir' }, language_info: { name: 'R' } });
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
});
