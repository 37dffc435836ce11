import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../core/finding.js';
import { notebook } from '../../testing/notebook-builder.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/secret-in-experiment-tracking';
const { analyze, own, single, readCase } = ruleKit(RULE);

const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
const OPENAI_KEY = 'sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

/** The finding for a secret-named key: located at the key as written in the file (quotes are escaped there). */
function expectNamedKey(source: string, expected: { key: string; at: string; via: string; confidence?: string }): Finding {
  const text = notebook([{ source: 'import mlflow, wandb' }, { source }]);
  const finding = single(analyze(text));
  assert.equal(finding.title, `Secret-named value "${expected.key}" sent to experiment tracking`);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.confidence, expected.confidence ?? 'medium');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, expected.at));
  assert.deepEqual(finding.location, { cell: 2, part: 'source', jsonPointer: '/cells/1/source' });
  assert.equal(finding.message, `Cell 2 logs "${expected.key}" through ${expected.via}; whatever it holds is stored with the run and shown to everyone who can read the experiment.`);
  return finding;
}

test('mlflow.log_param("db_password", x)', () => {
  const finding = expectNamedKey('with mlflow.start_run():\n    mlflow.log_param("db_password", db_password)', { key: 'db_password', at: '\\"db_password\\", db_password', via: 'mlflow.log_param' });
  assert.equal(finding.evidence, 'mlflow.log_param("db_password", …)');
});

test('mlflow.log_params(os.environ) and dict(os.environ): the whole environment', () => {
  for (const dump of ['os.environ', 'dict(os.environ)', 'os.environ.copy()', '{**os.environ}']) {
    const source = `mlflow.log_params(${dump})`;
    const text = notebook([{ source: 'import os' }, { source }]);
    const finding = single(analyze(text));
    assert.equal(finding.title, 'Whole environment sent to experiment tracking', dump);
    assert.equal(finding.severity, 'high');
    assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, source), dump);
    assert.deepEqual(finding.location, { cell: 2, part: 'source', jsonPointer: '/cells/1/source' });
    assert.match(finding.message, /^Cell 2 passes the whole process environment to mlflow\.log_params;/);
    assert.equal(finding.evidence, 'mlflow.log_params(os.environ)');
    assert.match(finding.blastRadius, /every credential the kernel environment held/);
  }
});

test('the environment dump case file', () => {
  const { file, text } = readCase('positive/log-params-os-environ.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Whole environment sent to experiment tracking');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'mlflow.log_params(dict(os.environ))'));
});

test('wandb.config["api_key"] = k', () => {
  expectNamedKey('wandb.config["api_key"] = k', { key: 'api_key', at: 'wandb.config[\\"api_key\\"] = k', via: 'wandb.config[…]' });
});

test('wandb.config.update({"hf_token": t})', () => {
  expectNamedKey('wandb.config.update({"hf_token": t})', { key: 'hf_token', at: '\\"hf_token\\": t', via: 'wandb.config.update' });
});

test('wandb.init(config={"api_key": "…"}): the literal value is found and redacted', () => {
  const finding = expectNamedKey('run = wandb.init(project="churn", config={"lr": 3e-4, "api_key": "a9f3c2e1b7d64f08"})', {
    key: 'api_key',
    at: 'a9f3c2e1b7d64f08',
    via: 'wandb.init',
    confidence: 'high',
  });
  assert.equal(finding.evidence, 'api_key = a9f3…4f08');
  assert.ok(!JSON.stringify(finding).includes('a9f3c2e1b7d64f08'));
});

test('MlflowClient().log_param(run_id, "token", t)', () => {
  expectNamedKey('from mlflow import MlflowClient\nMlflowClient().log_param(run_id, "token", t)', { key: 'token', at: '\\"token\\", t)', via: 'MlflowClient().log_param' });
  expectNamedKey('client = MlflowClient()\nclient.log_param(run.info.run_id, "token", t)', { key: 'token', at: '\\"token\\", t)', via: 'client.log_param' });
});

test('a credential recognised by its format in a tracking call, whatever the key is called', () => {
  const text = notebook([{ source: `mlflow.log_param("openai", "${OPENAI_KEY}")` }]);
  const findings = analyze(text);
  const finding = single(findings);
  assert.equal(finding.title, 'OpenAI API key sent to experiment tracking');
  assert.equal(finding.severity, 'high');
  assert.equal(finding.confidence, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, OPENAI_KEY));
  assert.match(finding.message, /is sent to experiment tracking from the source of cell 1 \(code\) through mlflow\.log_param;/);
  assert.equal(finding.evidence, 'sk-p…6789');
  assert.ok(!JSON.stringify(finding).includes(OPENAI_KEY));
  assert.deepEqual(findings.filter((other) => other.ruleId === 'notebook/credential-in-source'), [], 'not reported twice');

  const config = notebook([{ source: `wandb.config.hub = "${HF_TOKEN}"` }]);
  assert.equal(single(analyze(config)).title, 'Hugging Face token sent to experiment tracking');
});

test('a secret-named key with a known credential is reported once, by format', () => {
  const text = notebook([{ source: `mlflow.log_params({"hf_token": "${HF_TOKEN}", "lr": 0.1})` }]);
  const finding = single(analyze(text));
  assert.equal(finding.title, 'Hugging Face token sent to experiment tracking');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
});

test('the case files: wandb and MlflowClient', () => {
  const wandbCase = readCase('positive/wandb-config-api-key.ipynb');
  assert.deepEqual(
    own(analyze(wandbCase.text, wandbCase.file)).map((finding) => finding.title),
    ['Secret-named value "api_key" sent to experiment tracking', 'Secret-named value "hf_token" sent to experiment tracking'],
  );
  const mlflowCase = readCase('positive/mlflow-log-param-db-password.ipynb');
  const findings = own(analyze(mlflowCase.text, mlflowCase.file));
  assert.deepEqual(
    findings.map((finding) => [finding.title, finding.line]),
    [
      ['Secret-named value "db_password" sent to experiment tracking', positionOf(mlflowCase.text, 'mlflow.log_param(').line],
      ['Secret-named value "token" sent to experiment tracking', positionOf(mlflowCase.text, 'MlflowClient().log_param(').line],
    ],
  );
});

test('ordinary parameters are not reported', () => {
  const { file, text } = readCase('clean/ordinary-hyperparameters.ipynb');
  assert.deepEqual(own(analyze(text, file)), []);
  for (const source of [
    'mlflow.log_params({"learning_rate": 3e-4, "max_tokens": 512, "tokenizer": "bert-base-uncased"})',
    'mlflow.log_param("max_tokens", 256)',
    'mlflow.log_param("tokenizer", tokenizer.name_or_path)',
    'mlflow.log_param("learning_rate", lr)',
    'mlflow.set_tag("pad_token", tokenizer.pad_token)',
    'wandb.config.update({"eos_token": "</s>", "pad_token_id": 0})',
    'wandb.init(project="churn", config=vars(args))',
    'mlflow.log_params(params)',
    'logger.info("token %s", token)',
  ]) {
    assert.deepEqual(own(analyze(notebook([{ source }]))), [], source);
  }
});
