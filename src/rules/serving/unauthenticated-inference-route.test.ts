import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast } from '../../core/finding.js';
import { TEST_CASES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'serving/unauthenticated-inference-route';
const { analyze, own, readCase } = ruleKit(RULE);

function app(name: 'open' | 'hardened') {
  const file = `test-cases/serving/apps/${name}/app.py`;
  return { file, text: readFileSync(join(TEST_CASES, 'serving', 'apps', name, 'app.py'), 'utf8') };
}

test('the open app: /predict and /reload at their decorators, /health skipped', () => {
  const { file, text } = app('open');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.evidence]),
    [
      [positionOf(text, '@app.post("/predict")').line, 1, 'high', '@app.post("/predict")'],
      [positionOf(text, '@app.post("/reload")').line, 1, 'high', '@app.post("/reload")'],
    ],
  );
  const [predict, reload] = findings as [(typeof findings)[0], (typeof findings)[0]];
  assert.equal(predict.message, '`POST /predict` (handler `predict`) has no authentication: no authenticating dependency on the route or on the app, and no authenticating middleware. Anyone who reaches the service can call it.');
  assert.match(predict.blastRadius, /copy its behaviour/);
  assert.match(reload.blastRadius, /changes what the service serves/);
  assert.equal(predict.category, 'missing-authentication');
  assert.match(predict.recommendation, /dependencies=\[Depends\(verify_api_key\)\]/);
  assert.match(predict.fix!.snippet, /api_key_header = APIKeyHeader\(name="X-API-Key", auto_error=False\)/);
  assert.match(predict.fix!.snippet, /^@app\.post\("\/predict", dependencies=\[Depends\(verify_api_key\)\]\)\ndef predict\(/m);
});

test('the hardened app yields nothing of medium or higher from any rule, and the open app is reported by every serving rule', () => {
  const hardened = app('hardened');
  assert.deepEqual(analyze(hardened.text, hardened.file).filter((finding) => atLeast(finding.severity, 'medium')).map((finding) => `${finding.line}: ${finding.ruleId}`), []);
  const open = app('open');
  assert.deepEqual(
    [...new Set(analyze(open.text, open.file).map((finding) => finding.ruleId))].sort(),
    ['serving/exposed-api-docs', 'serving/unauthenticated-inference-route', 'serving/unsafe-model-deserialization', 'serving/unverified-model-pull'],
  );
});

test('positive: router routes carry the router prefix; add_api_route is reported at its call', () => {
  const { file, text } = readCase('positive/router-without-auth.py');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.message.slice(0, finding.message.indexOf(' has no'))]),
    [
      [positionOf(text, '@router.post("/recommend")').line, '`POST /v1/recommend` (handler `recommend`)'],
      [positionOf(text, '@router.api_route').line, '`GET, POST /v1/score` (handler `score`)'],
      [positionOf(text, 'app.add_api_route').line, '`POST /batch` (handler `batch_predict`)'],
    ],
  );
  assert.match(findings[0]!.message, /on router `router`/);
  assert.equal(findings[0]!.confidence, 'high');
});

test('positive: a logging middleware and a database dependency do not authenticate', () => {
  const { file, text } = readCase('positive/logging-middleware.py');
  const findings = own(analyze(text, file));
  assert.deepEqual(findings.map((finding) => finding.line), [positionOf(text, '@app.post("/v1/sentiment")').line]);
});

test('a router whose app is in another file: medium confidence, with a note', () => {
  const text = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("/predict")\ndef predict(x: float) -> float:\n    return x\n';
  const [finding] = own(analyze(text, 'service/routes.py'));
  assert.equal(finding!.confidence, 'medium');
  assert.match(finding!.notes![0]!, /not in this file/);
});

test('clean: dependencies on the app, router, include and parameter, and an authenticating middleware', () => {
  for (const name of ['clean/app-dependency.py', 'clean/router-and-parameter-auth.py', 'clean/auth-middleware.py']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});

test('Flask and plain Python files are not FastAPI routes', () => {
  const flask = 'from flask import Flask\napp = Flask(__name__)\n\n@app.post("/predict")\ndef predict():\n    return {}\n';
  assert.deepEqual(own(analyze(flask, 'flask_app.py')), []);
});
