import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactKindFor } from '../artifact.js';
import { readDockerfile } from './dockerfile.js';
import { readEnvFile } from './env-file.js';
import { iniValue, readIniFile } from './ini-file.js';
import { readRequirementsFile } from './requirements-file.js';

test('file names pick the reader', () => {
  const cases: Array<[string, string | undefined]> = [
    ['deploy/jupyter_server_config.py', 'jupyter-config'],
    ['etc/jupyterhub_config.py', 'jupyter-config'],
    ['jupyter_notebook_config.json', 'jupyter-config'],
    ['serve/app.py', 'python'],
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['notes.txt', undefined],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.mlflow', 'dockerfile'],
    ['serve.dockerfile', 'dockerfile'],
    ['scripts/start-mlflow.sh', 'script'],
    ['.env', 'env'],
    ['.env.production', 'env'],
    ['mlflow.env', 'env'],
    ['basic_auth.ini', 'ini'],
    ['README.md', undefined],
  ];
  for (const [path, kind] of cases) assert.equal(artifactKindFor(path), kind, path);
});

test('.env values keep their offsets; quotes, export and trailing comments are handled; secrets are masked', () => {
  const text = '# tracking\nexport MLFLOW_TRACKING_URI=http://mlflow:5000 # internal\nMLFLOW_TRACKING_PASSWORD="s3cr3t value"\n\nEMPTY=\n';
  const { vars, sensitive } = readEnvFile(text);
  assert.deepEqual(vars.map((entry) => [entry.name.value, entry.value.value]), [
    ['MLFLOW_TRACKING_URI', 'http://mlflow:5000'],
    ['MLFLOW_TRACKING_PASSWORD', 's3cr3t value'],
    ['EMPTY', ''],
  ]);
  const password = vars[1]!.value;
  assert.equal(text.slice(password.start, password.end), 's3cr3t value');
  assert.deepEqual(sensitive, [{ start: password.start, end: password.end }]);
});

test('INI sections and keys, as configparser reads basic_auth.ini', () => {
  const text = '; MLflow auth\n[mlflow]\ndefault_permission = READ\nadmin_username: admin\nADMIN_PASSWORD = password1234\n\n[other]\nx=1\n';
  const ini = readIniFile(text);
  assert.deepEqual(ini.sections.map((section) => section.name.value), ['mlflow', 'other']);
  assert.equal(iniValue(ini, 'mlflow', 'default_permission')?.value.value, 'READ');
  assert.equal(iniValue(ini, 'mlflow', 'admin_username')?.value.value, 'admin');
  const password = iniValue(ini, 'mlflow', 'admin_password')!;
  assert.equal(text.slice(password.value.start, password.value.end), 'password1234');
  assert.deepEqual(ini.sensitive, [{ start: password.value.start, end: password.value.end }]);
});

test('requirements: exact pins with positions, ranges kept as specifiers, options and URLs skipped', () => {
  const text = '-r base.txt\nmlflow==2.9.2\nJupyter_Server >= 2.0 ; python_version > "3.8"\nfastapi[all]===0.110.0 \\\n    --hash=sha256:abc\ngit+https://example.com/x.git\n# torch==2.0\n';
  const { requirements } = readRequirementsFile(text);
  assert.deepEqual(requirements.map((entry) => [entry.name, entry.pinned?.value, entry.specifier]), [
    ['mlflow', '2.9.2', '==2.9.2'],
    ['jupyter-server', undefined, '>= 2.0'],
    ['fastapi', '0.110.0', '===0.110.0'],
  ]);
  const pin = requirements[0]!.pinned!;
  assert.equal(text.slice(pin.start, pin.end), '2.9.2');
});

test('Dockerfile instructions join continuation lines and keep exact offsets', () => {
  const text = 'FROM ghcr.io/mlflow/mlflow:v2.9.2\n# comment\nRUN pip install \\\n    boto3==1.34.0\nCMD ["mlflow", "server", "--host", "0.0.0.0"]\n';
  const { instructions } = readDockerfile(text);
  assert.deepEqual(instructions.map((entry) => entry.keyword), ['FROM', 'RUN', 'CMD']);
  assert.equal(instructions[0]!.args.value, 'ghcr.io/mlflow/mlflow:v2.9.2');
  assert.match(instructions[1]!.args.value, /boto3==1\.34\.0$/);
  const cmd = instructions[2]!.args;
  assert.equal(text.slice(cmd.start, cmd.end), '["mlflow", "server", "--host", "0.0.0.0"]');
});
