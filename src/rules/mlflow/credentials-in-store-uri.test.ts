import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/credentials-in-store-uri');

const CASES: Array<[string, string, RegExp]> = [
  ['positive/start-server.sh', 'Xk9vQ2mPz7Lw', /--backend-store-uri postgresql:\/\/mlflow:••••@mlflow-db\.internal:5432/],
  ['positive/mlflow.env', 'Rt5sLq8Vn2Wd', /MLFLOW_TRACKING_URI https:\/\/trainer:••••@mlflow\.internal\.example/],
  ['positive/basic_auth.ini', 'Hq3Zp8Ty6Nc1', /database_uri postgresql:\/\/mlflow_auth:••••@auth-db/],
  ['positive/Dockerfile', 'Bw7Fd2Kq9Xe4', /--backend-store-uri mysql\+pymysql:\/\/mlflow:••••@mysql\.internal/],
];

test('passwords in store, auth-database and tracking URIs: exact position of the password, redacted everywhere', () => {
  for (const [name, password, evidence] of CASES) {
    const { file, text } = readCase(name);
    const finding = single(analyze(text, file));
    const at = positionOf(text, password);
    assert.deepEqual([finding.line, finding.column], [at.line, at.column], name);
    assert.equal(finding.severity, 'high');
    assert.match(finding.evidence, evidence, name);
    assertRedacted(finding, password);
  }
});

test('URIs without a password, and workflows (left to workflow/credentials-in-uri), are not reported', () => {
  for (const name of ['clean/start-server.sh', 'clean/mlflow.env', 'clean/basic_auth.ini']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
  const workflow = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n      MLFLOW_TRACKING_URI: https://ci:Rt5sLq8Vn2Wd@mlflow.example\n    steps:\n      - run: mlflow server --backend-store-uri postgresql://u:Xk9vQ2mPz7Lw@db/x\n';
  assert.deepEqual(own(analyze(workflow, '.github/workflows/t.yml')), []);
});
