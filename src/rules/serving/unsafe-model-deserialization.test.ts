import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_CASES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'serving/unsafe-model-deserialization';
const { analyze, own, single, readCase } = ruleKit(RULE);

test('the open app: pickle.load of a file downloaded from the Production stage is critical', () => {
  const file = 'test-cases/serving/apps/open/app.py';
  const text = readFileSync(join(TEST_CASES, 'serving', 'apps', 'open', 'app.py'), 'utf8');
  const finding = single(analyze(text, file));
  const at = positionOf(text, 'pickle.load(handle)');
  assert.deepEqual([finding.line, finding.column, finding.severity, finding.category], [at.line, at.column, 'critical', 'unsafe-deserialization']);
  assert.equal(finding.message, '`pickle.load` reads `handle`, which comes from `models:/churn-model/Production` (downloaded in this file), with pickle: loading it runs whatever code the file carries.');
  assert.match(finding.blastRadius, /Anyone who can write that location/);
  assert.match(finding.recommendation, /safetensors, ONNX, skops/);
  assert.match(finding.fix!.snippet, /sio\.load\("model\.skops", trusted=\[/);
});

test('positive: an uploaded pickle is critical, from the request', () => {
  const { file, text } = readCase('positive/uploaded-model.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'pickle.loads(').line);
  assert.equal(finding.severity, 'critical');
  assert.match(finding.message, /`await model_file\.read\(\)`, which comes from the request, with pickle/);
  assert.match(finding.blastRadius, /Anyone who can call the route runs code/);
});

test('positive: joblib through an import alias, torch.load, Keras safe_mode=False and an MLflow flavour from S3', () => {
  const { file, text } = readCase('positive/loaders.py');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity, finding.evidence]),
    [
      [positionOf(text, 'load_pipeline(PIPELINE_PATH)').line, 'high', 'load_pipeline(PIPELINE_PATH)'],
      [positionOf(text, 'torch.load(CHECKPOINT').line, 'critical', 'torch.load(CHECKPOINT, map_location="cpu")'],
      [positionOf(text, 'keras.models.load_model(').line, 'high', 'keras.models.load_model("/opt/models/classifier.keras", safe_mode=False)'],
      [positionOf(text, 'mlflow.sklearn.load_model(').line, 'critical', 'mlflow.sklearn.load_model("s3://acme-mlflow-artifacts/3/5f1c/artifacts/ranker")'],
    ],
  );
  assert.match(findings[0]!.message, /`load_pipeline` reads `PIPELINE_PATH` \(`\/opt\/models\/pipeline\.joblib`\) with joblib, which is pickle underneath/);
  assert.match(findings[1]!.fix!.snippet, /torch\.load\(CHECKPOINT, weights_only=True\)/);
  assert.match(findings[2]!.fix!.snippet, /safe_mode defaults to True/);
  assert.match(findings[3]!.message, /`s3:\/\/acme-mlflow-artifacts\/3\/5f1c\/artifacts\/ranker`, a remote or shared location, through a pickle-based MLflow flavour/);
});

test('clean: weights_only, safetensors, ONNX, numpy without pickle, pickle.dumps and mentions in comments and strings', () => {
  const { file, text } = readCase('clean/safe-loaders.py');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('an MLflow flavour loaded from a path baked into the image is not reported; a digest check downgrades a remote load', () => {
  assert.deepEqual(own(analyze('import mlflow\nmodel = mlflow.sklearn.load_model("/opt/ml/model")\n', 'serve.py')), []);
  const verified = [
    'import hashlib, hmac, pickle',
    'def load(path):',
    '    data = open(path, "rb").read()',
    '    if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), EXPECTED):',
    '        raise RuntimeError("digest")',
    '    return pickle.loads(open("/mnt/shared/model.pkl", "rb").read())',
  ].join('\n');
  const finding = single(analyze(verified, 'serve.py'));
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /digest or signature check runs in the same code path/);
});
