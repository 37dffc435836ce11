import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeFacts, isSecretName } from './code-facts.js';

// codeFacts reads what notebook code does with credentials: environment assignments (Python and
// IPython magics) and experiment-tracking calls. Offsets index into the cell source.

function envOf(source: string) {
  return codeFacts(source).envAssignments.map((assignment) => ({
    name: assignment.name,
    via: assignment.via,
    value: assignment.literal?.value,
    // The literal's range must point at the value itself in the source.
    at: assignment.literal ? source.slice(assignment.literal.from, assignment.literal.to) : undefined,
  }));
}

function trackingOf(source: string) {
  return codeFacts(source).trackingCalls.map((call) => ({
    callee: call.callee,
    keys: call.secretKeys.map((key) => key.name),
    values: call.secretKeys.map((key) => key.literal?.value),
    dumpsEnvironment: call.dumpsEnvironment,
  }));
}

test('os.environ item assignment', () => {
  assert.deepEqual(envOf('import os\nos.environ["HF_TOKEN"] = "hf_value_123"\nenviron[\'DB_PASSWORD\'] = \'s3cr3t-pw\''), [
    { name: 'HF_TOKEN', via: 'os.environ', value: 'hf_value_123', at: 'hf_value_123' },
    { name: 'DB_PASSWORD', via: 'os.environ', value: 's3cr3t-pw', at: 's3cr3t-pw' },
  ]);
});

test('a value that is not a string literal is an assignment without a literal', () => {
  assert.deepEqual(envOf('os.environ["HF_TOKEN"] = getpass()\nos.environ["DB_PASSWORD"] = os.environ["VAULT_DB_PASSWORD"]'), [
    { name: 'HF_TOKEN', via: 'os.environ', value: undefined, at: undefined },
    { name: 'DB_PASSWORD', via: 'os.environ', value: undefined, at: undefined },
  ]);
});

test('os.environ.update with a dict and with keywords, setdefault and putenv', () => {
  assert.deepEqual(envOf('os.environ.update({"HF_TOKEN": "tok-1234567", "MODEL": m})'), [
    { name: 'HF_TOKEN', via: 'os.environ.update', value: 'tok-1234567', at: 'tok-1234567' },
    { name: 'MODEL', via: 'os.environ.update', value: undefined, at: undefined },
  ]);
  assert.deepEqual(envOf('os.environ.update(OPENAI_API_KEY="sk-value-1", REGION="eu-west-1")'), [
    { name: 'OPENAI_API_KEY', via: 'os.environ.update', value: 'sk-value-1', at: 'sk-value-1' },
    { name: 'REGION', via: 'os.environ.update', value: 'eu-west-1', at: 'eu-west-1' },
  ]);
  assert.deepEqual(envOf('os.environ.setdefault("DB_PASSWORD", "Winter2024!db")'), [
    { name: 'DB_PASSWORD', via: 'os.environ.setdefault', value: 'Winter2024!db', at: 'Winter2024!db' },
  ]);
  assert.deepEqual(envOf('os.putenv("MY_API_TOKEN", "q8Zr2LmX0vT9")'), [{ name: 'MY_API_TOKEN', via: 'os.environ.setdefault', value: 'q8Zr2LmX0vT9', at: 'q8Zr2LmX0vT9' }]);
});

test('a call spread over several lines with comments is read from the syntax tree', () => {
  const source = 'os.environ.update(\n    {\n        # the hub token\n        "HF_TOKEN": "tok-1234567",\n    }\n)';
  assert.deepEqual(envOf(source), [{ name: 'HF_TOKEN', via: 'os.environ.update', value: 'tok-1234567', at: 'tok-1234567' }]);
});

test('code inside strings and comments is not code', () => {
  assert.deepEqual(envOf('# os.environ["HF_TOKEN"] = "tok-1234567"\nhelp_text = \'os.environ["HF_TOKEN"] = "tok-1234567"\''), []);
  assert.deepEqual(trackingOf('"""\nmlflow.log_params(os.environ)\n"""'), []);
});

test('reading the environment is not assigning to it', () => {
  assert.deepEqual(envOf('token = os.environ["HF_TOKEN"]\npw = os.environ.get("DB_PASSWORD")\nprint(os.getenv("X"))'), []);
});

test('%env, %set_env and !export magics', () => {
  assert.deepEqual(envOf('%env HF_TOKEN=tok-1234567\n%set_env WANDB_API_KEY tok-7654321\n!export GITHUB_TOKEN="gh-value-1"\nx = 1'), [
    { name: 'HF_TOKEN', via: '%env', value: 'tok-1234567', at: 'tok-1234567' },
    { name: 'WANDB_API_KEY', via: '%set_env', value: 'tok-7654321', at: 'tok-7654321' },
    { name: 'GITHUB_TOKEN', via: '!export', value: 'gh-value-1', at: 'gh-value-1' },
  ]);
});

test('export lines count in a %%bash cell, and not in a Python cell', () => {
  assert.deepEqual(envOf('%%bash\nexport PGPASSWORD="Winter-2024-db!"\npsql -h db -c "select 1"'), [
    { name: 'PGPASSWORD', via: 'export', value: 'Winter-2024-db!', at: 'Winter-2024-db!' },
  ]);
  assert.deepEqual(envOf('%%sh\nexport TOKEN=abc123456'), [{ name: 'TOKEN', via: 'export', value: 'abc123456', at: 'abc123456' }]);
  assert.deepEqual(envOf('export = 3\nprint(export)'), []);
});

test('magic lines do not confuse the Python parser or shift offsets', () => {
  const source = '%load_ext autoreload\n!pip install -q mlflow\nos.environ["HF_TOKEN"] = "tok-1234567"';
  assert.deepEqual(envOf(source), [{ name: 'HF_TOKEN', via: 'os.environ', value: 'tok-1234567', at: 'tok-1234567' }]);
});

test('MLflow: secret-named keys, secrets in dicts and environment dumps', () => {
  assert.deepEqual(trackingOf('mlflow.log_param("db_password", db_password)'), [
    { callee: 'mlflow.log_param', keys: ['db_password'], values: [undefined], dumpsEnvironment: false },
  ]);
  assert.deepEqual(trackingOf('mlflow.log_params({"lr": 0.1, "hf_token": "tok-1234567"})'), [
    { callee: 'mlflow.log_params', keys: ['hf_token'], values: ['tok-1234567'], dumpsEnvironment: false },
  ]);
  for (const dump of ['os.environ', 'dict(os.environ)', 'os.environ.copy()', '{**os.environ}']) {
    assert.deepEqual(trackingOf(`mlflow.log_params(${dump})`), [{ callee: 'mlflow.log_params', keys: [], values: [], dumpsEnvironment: true }], dump);
  }
  assert.deepEqual(trackingOf('mlflow.set_tag("api_key", key)'), [{ callee: 'mlflow.set_tag', keys: ['api_key'], values: [undefined], dumpsEnvironment: false }]);
});

test('MlflowClient: a secret-named key after the run id', () => {
  for (const callee of ['client.log_param', 'MlflowClient().log_param', 'mlflow.MlflowClient().log_param', 'mlflow.tracking.MlflowClient().log_param', 'MlflowClient(tracking_uri=uri).log_param']) {
    assert.deepEqual(trackingOf(`${callee}(run_id, "token", t)`), [{ callee, keys: ['token'], values: [undefined], dumpsEnvironment: false }], callee);
  }
});

test('Weights & Biases: config assignment, update and init', () => {
  assert.deepEqual(trackingOf('wandb.config["api_key"] = k'), [{ callee: 'wandb.config[…]', keys: ['api_key'], values: [undefined], dumpsEnvironment: false }]);
  assert.deepEqual(trackingOf('wandb.config.api_key = "k-12345678"'), [{ callee: 'wandb.config[…]', keys: ['api_key'], values: ['k-12345678'], dumpsEnvironment: false }]);
  assert.deepEqual(trackingOf('wandb.config.update({"hf_token": t})'), [{ callee: 'wandb.config.update', keys: ['hf_token'], values: [undefined], dumpsEnvironment: false }]);
  assert.deepEqual(trackingOf('run = wandb.init(project="p", config={"api_key": "a9f3c2e1b7d64f08"})'), [
    { callee: 'wandb.init', keys: ['api_key'], values: ['a9f3c2e1b7d64f08'], dumpsEnvironment: false },
  ]);
  assert.deepEqual(trackingOf('wandb.init(config=dict(os.environ))'), [{ callee: 'wandb.init', keys: [], values: [], dumpsEnvironment: true }]);
  assert.deepEqual(trackingOf('wandb.config.env = os.environ'), [{ callee: 'wandb.config[…]', keys: [], values: [], dumpsEnvironment: true }]);
});

test('ordinary hyperparameters are tracking calls without secret keys', () => {
  const source = [
    'mlflow.log_params({"learning_rate": 3e-4, "max_tokens": 512, "tokenizer": "bert-base-uncased"})',
    'mlflow.log_param("max_tokens", 256)',
    'mlflow.log_param("pad_token", "[PAD]")',
    'wandb.config.update({"tokenizer": tok, "eos_token": "</s>", "pad_token_id": 0})',
    'wandb.init(project="churn", config=params)',
    'logger.log_param("api_key", key)  # not a tracking client',
  ].join('\n');
  const calls = trackingOf(source);
  assert.deepEqual(
    calls.map((call) => call.callee),
    ['mlflow.log_params', 'mlflow.log_param', 'mlflow.log_param', 'wandb.config.update', 'wandb.init'],
  );
  for (const call of calls) assert.deepEqual([call.keys, call.dumpsEnvironment], [[], false], call.callee);
});

test('secret names', () => {
  const secret = ['db_password', 'PGPASSWORD', 'HF_TOKEN', 'token', 'api_key', 'apiKey', 'OPENAI_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'client_secret', 'passphrase', 'DATABASE_DSN', 'conn_str', 'credentials', 'access_token'];
  const notSecret = ['AWS_ACCESS_KEY_ID', 'max_tokens', 'tokenizer', 'TOKENIZERS_PARALLELISM', 'learning_rate', 'pad_token', 'eos_token', 'pad_token_id', 'num_tokens', 'bypass', 'compass_dir', 'secretary', 'DB_SECRET_NAME', 'DB_SECRET_ARN', 'private_key_path', 'GITHUB_TOKEN_FILE'];
  for (const name of secret) assert.equal(isSecretName(name), true, name);
  for (const name of notSecret) assert.equal(isSecretName(name), false, name);
});

test('a syntax error in a cell does not throw', () => {
  assert.doesNotThrow(() => codeFacts('os.environ["HF_TOKEN"] = "unterminated\nmlflow.log_params(os.environ'));
  assert.deepEqual(codeFacts(''), { envAssignments: [], trackingCalls: [] });
});
