import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'serving/exposed-api-docs';
const { analyze, own, single, readCase } = ruleKit(RULE);

test('positive: default docs on an app with an open route: medium, at the FastAPI call', () => {
  const { file, text } = readCase('positive/default-docs.py');
  const finding = single(analyze(text, file));
  const at = positionOf(text, 'FastAPI(title="fraud-scoring", version="2.3.0")');
  assert.deepEqual([finding.line, finding.column, finding.severity], [at.line, at.column, 'medium']);
  assert.equal(finding.title, 'API docs published for unauthenticated inference routes');
  assert.equal(finding.message, 'FastAPI app `app` serves `/docs`, `/redoc`, `/openapi.json` to anyone, and its routes `POST /score` need no credential: the docs are a ready-made client for the model.');
  assert.match(finding.fix!.snippet, /docs_url=None,\n {4}redoc_url=None,\n {4}openapi_url=None/);
});

test('positive: authenticated routes with public docs at custom URLs: low', () => {
  const { file, text } = readCase('positive/authenticated-routes-public-schema.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'low');
  assert.equal(finding.line, positionOf(text, 'app = FastAPI(').line);
  assert.match(finding.message, /serves `\/api\/docs`, `\/openapi\.json` to anyone; its routes need a credential/);
});

test('clean: docs off, schema switched by the environment, and docs behind an authentication middleware', () => {
  for (const name of ['clean/docs-off.py', 'clean/docs-behind-auth-middleware.py']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});

test('an app with only health routes in this file is not reported', () => {
  assert.deepEqual(own(analyze('from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/health")\ndef health():\n    return {}\n', 'health.py')), []);
});
