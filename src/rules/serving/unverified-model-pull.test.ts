import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_CASES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'serving/unverified-model-pull';
const { analyze, own, single, readCase } = ruleKit(RULE);

test('the open app: the Production stage is downloaded and unpickled without verification: high', () => {
  const file = 'test-cases/serving/apps/open/app.py';
  const text = readFileSync(join(TEST_CASES, 'serving', 'apps', 'open', 'app.py'), 'utf8');
  const finding = single(analyze(text, file));
  const at = positionOf(text, 'mlflow.artifacts.download_artifacts(');
  assert.deepEqual([finding.line, finding.column, finding.severity, finding.category], [at.line, at.column, 'high', 'missing-artifact-integrity']);
  assert.equal(
    finding.message,
    '`mlflow.artifacts.download_artifacts` pulls `models:/churn-model/Production` from the MLflow registry by stage `Production`, and nothing verifies a signature or digest before the model is used; the model is then loaded with a loader that runs code.',
  );
  assert.match(finding.blastRadius, /^Whoever can move the stage/);
  assert.match(finding.recommendation, /`model_uri = "models:\/churn-model\/<version>"`/);
  assert.match(finding.fix!.snippet, /model_signing\.verifying\.Config\(\)\.use_sigstore_verifier\(/);
});

test('positive: alias through an f-string, latest in spark_udf, get_latest_versions', () => {
  const { file, text } = readCase('positive/registry-stage-and-alias.py');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity]),
    [
      [positionOf(text, 'mlflow.pyfunc.load_model(').line, 'high'],
      [positionOf(text, 'mlflow.pyfunc.spark_udf(').line, 'medium'],
      [positionOf(text, 'client.get_latest_versions(').line, 'medium'],
    ],
  );
  assert.match(findings[0]!.message, /pulls `models:\/churn-model@champion` from the MLflow registry by alias `@champion`/);
  assert.match(findings[1]!.message, /by its `latest` version/);
  assert.match(findings[1]!.blastRadius, /^Whoever can register a new version/);
  assert.match(findings[2]!.message, /pulls `churn-model` from the MLflow registry by stage `Production`/);
});

test('positive: Hugging Face pulls without a pinned commit; trust_remote_code makes it high', () => {
  const { file, text } = readCase('positive/hub-unpinned.py');
  const findings = own(analyze(text, file)).sort((a, b) => a.line - b.line);
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.severity]),
    [
      [positionOf(text, 'hf_hub_download(').line, 'medium'],
      [positionOf(text, 'AutoTokenizer.from_pretrained(').line, 'medium'],
      [positionOf(text, 'AutoModelForSequenceClassification.from_pretrained(').line, 'high'],
    ],
  );
  assert.match(findings[0]!.message, /with no pinned revision \(the default branch\)/);
  assert.match(findings[1]!.message, /with revision `main` \(a branch or tag, which can move\)/);
  assert.match(findings[2]!.message, /trust_remote_code=True/);
  assert.equal(findings[0]!.fix!.snippet, 'hf_hub_download("acme-ml/support-router", revision="<full commit sha>", filename="model.safetensors")  # a commit, not a branch or tag');
});

test('clean: pinned versions and commits, local paths, and a stage pull verified with model signing', () => {
  const { file, text } = readCase('clean/pinned-and-verified.py');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('verification in a helper the function calls counts; in an unrelated function it does not', () => {
  const helper = 'import mlflow\ndef check(p):\n    cosign_verify_blob(p)\ndef load():\n    p = mlflow.artifacts.download_artifacts("models:/m/Production")\n    check(p)\n    return p\n';
  assert.deepEqual(own(analyze(helper, 'serve.py')), []);
  const unrelated = 'import mlflow\ndef check(p):\n    cosign_verify_blob(p)\ndef load():\n    return mlflow.artifacts.download_artifacts("models:/m/Production")\n';
  assert.equal(own(analyze(unrelated, 'serve.py')).length, 1);
});
