import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast } from '../../core/finding.js';
import { analyzeText } from '../../core/scan.js';
import { loadAnswerKey } from '../../lab/answer-key.js';
import { LAB_FIXTURES, TEST_CASES } from '../../testing/paths.js';
import { positionAt, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'workflow/unsigned-model-promotion';
const { analyze, own, single, readCase } = ruleKit(RULE);
const LAB_FILE = 'fixtures/mlops/training-pipeline.yml';
const LAB_TEXT = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');

/** Where a step's mapping starts: after the `- ` of its first line. */
function stepStart(text: string, firstLine: string): { line: number; column: number } {
  const at = positionOf(text, `- ${firstLine}`);
  return { line: at.line, column: at.column + 2 };
}

test('the lab workflow: medium, at the step that promotes, as the answer key records it', () => {
  const finding = single(analyze(LAB_TEXT, LAB_FILE));
  const expected = loadAnswerKey().findings.find((entry) => entry.id === 'ci-unsigned-model-promotion');
  assert.ok(expected);
  assert.equal(finding.severity, expected.severity);
  assert.equal(finding.category, expected.category);
  assert.equal(finding.line, expected.line);
  assert.equal(finding.location.yamlPath, expected.location?.yamlPath);
  assert.deepEqual({ line: finding.line, column: finding.column }, stepStart(LAB_TEXT, 'name: Register the model and promote it to Production'));
  assert.equal(finding.endLine, finding.line);
  assert.equal(finding.endColumn - finding.column, 'name: Register the model and promote it to Production'.length);
  assert.equal(finding.title, 'Model promoted without signing, attestation or verification');
  assert.equal(
    finding.message,
    'Job `train` promotes churn-model in MLflow and writes the Production model to s3://acme-mlflow-artifacts, starting at step 5 ("Register the model and promote it to Production"), ' +
      'but the job does not sign, attest or verify the model (no artifact attestation, cosign, GPG, notation, model-signing or checksum check), so nothing ties the files that reach production to this workflow run.',
  );
  assert.match(finding.blastRadius, /^Runs on push to main, schedule and manual dispatch on a self-hosted GPU runner; holds static AWS keys and MLflow credentials;/);
  assert.match(finding.blastRadius, /the runner, which is self-hosted and keeps state between jobs, the bucket, the registry's artifact store/);
  assert.deepEqual(
    finding.related!.map((related) => [related.line, related.column, related.message]),
    [[...Object.values(positionOf(LAB_TEXT, 'aws s3 cp')), 'writes the Production model to s3://acme-mlflow-artifacts']],
  );
  assert.match(finding.recommendation, /`actions\/attest-build-provenance` with `subject-path: training\/output\/model\/\*\*`/);
  assert.match(finding.recommendation, /gh attestation verify/);
  assert.match(finding.fix!.snippet, /^ {4}- uses: actions\/attest-build-provenance@<full-commit-sha> {2}# v2$/m);
  assert.match(finding.fix!.snippet, /^ {8}subject-path: training\/output\/model\/\*\*$/m);
  assert.match(finding.fix!.snippet, /^ {4}attestations: write/m);
  assert.match(finding.fix!.snippet, /^ {4}- name: Register the model and promote it to Production$/m);
});

test('positive: a checksum written next to the model and a commented-out signature are not integrity checks', () => {
  const { file, text } = readCase('positive/checksum-written-not-verified.yml');
  const finding = single(analyze(text, file));
  assert.deepEqual({ line: finding.line, column: finding.column }, stepStart(text, 'name: Upload the model for Vertex AI'));
  assert.equal(finding.location.yamlPath, 'jobs.release.steps[1]');
  assert.equal(finding.title, 'Model published without signing, attestation or verification');
  assert.match(finding.message, /^Job `release` writes the model to gs:\/\/acme-vertex-models and deploys model churn to Vertex AI endpoint 1234567890, starting at step 2 \("Upload the model for Vertex AI"\), but neither this job nor the job it needs \(`package`\) signs/);
  assert.match(finding.blastRadius, /holds OIDC credentials for Google Cloud as model-release@acme-ml\.iam\.gserviceaccount\.com/);
  assert.match(finding.recommendation, /subject-path: model\.tar\.gz`/);
  assert.deepEqual(finding.related!.map((related) => related.line), [positionOf(text, 'gcloud ai endpoints deploy-model').line]);
});

test('positive: signing in a job that runs after the release does not count', () => {
  const { file, text } = readCase('positive/signing-after-release.yml');
  const finding = single(analyze(text, file));
  assert.deepEqual({ line: finding.line, column: finding.column }, stepStart(text, 'name: Push to the Hub'));
  assert.match(finding.message, /pushes the model to the Hugging Face Hub \(acme\/summarizer\) and pushes image ghcr\.io\/acme\/summarizer-serving:\$\{\{ github\.sha \}\}/);
  assert.match(finding.message, /but the job does not sign/);
  assert.deepEqual(finding.related!.map((related) => [related.line, related.column]), [Object.values(positionOf(text, 'docker/build-push-action@'))]);
});

test('clean: the hardened deploy workflow yields nothing of medium or higher from any rule', () => {
  const { file, text } = readCase('clean/hardened-deploy.yml');
  assert.equal(text, readFileSync(join(TEST_CASES, 'workflow', 'ungated-model-deployment', 'clean', 'hardened-deploy.yml'), 'utf8'), 'the same workflow as the ungated-deployment clean case');
  const { findings, error } = analyzeText(file, text, 'yaml');
  assert.equal(error, undefined);
  assert.ok(findings.every((finding) => finding.file === file));
  assert.deepEqual(
    findings.filter((finding) => atLeast(finding.severity, 'medium')).map((finding) => `${finding.ruleId} ${finding.severity} ${finding.line}: ${finding.title}`),
    [],
  );
  assert.deepEqual(own(findings), []);
});

test('clean: cosign, checksum verification, model-signing, GPG and an attestation in a needed job', () => {
  const { file, text } = readCase('clean/signed-or-verified.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});

const JOB = (steps: string) => `on: workflow_dispatch
jobs:
  release:
    runs-on: ubuntu-24.04
    environment: production
    steps:
${steps}      - name: Publish
        run: aws s3 cp model.safetensors s3://acme-models/llm/production/
`;

test('each kind of signature, attestation or verification in the job is enough', () => {
  const steps = [
    '      - uses: actions/attest@ce27ba3b4a9a139d9a20a4a07d69fabb52f1e5bc # v2\n        with:\n          subject-path: model.safetensors\n',
    '      - uses: actions/attest-sbom@v2\n',
    '      - uses: sigstore/gh-action-sigstore-python@v3.0.0\n        with:\n          inputs: model.safetensors\n',
    '      - run: cosign attest-blob --predicate eval.json --type custom model.safetensors\n',
    '      - run: cosign verify-blob --bundle model.sigstore.json --certificate-identity-regexp acme model.safetensors\n',
    '      - run: sha512sum --check SHA512SUMS\n',
    '      - run: shasum -a 256 -c model.safetensors.sha256\n',
    '      - run: gpg --verify model.safetensors.asc model.safetensors\n',
    '      - run: notation sign ghcr.io/acme/model@sha256:abc\n',
    '      - run: model_signing sign model/\n',
    '      - run: gh attestation verify model.safetensors --owner acme\n',
    '      - run: openssl dgst -sha256 -verify pub.pem -signature model.sig model.safetensors\n',
  ];
  assert.equal(own(analyze(JOB(''))).length, 1, 'the bare job is reported');
  for (const step of steps) assert.deepEqual(own(analyze(JOB(step))), [], step.trim());
});

test('what does not count: computing a checksum, installing cosign, importing a GPG key, a comment', () => {
  const steps = [
    '      - run: sha256sum model.safetensors > model.safetensors.sha256\n',
    '      - uses: sigstore/cosign-installer@v3\n',
    '      - run: gpg --batch --import release-key.asc\n',
    '      - run: pip install model-signing==1.0.1\n',
    '      - run: |\n          # cosign sign-blob model.safetensors\n          echo skipped\n',
  ];
  for (const step of steps) assert.equal(own(analyze(JOB(step))).length, 1, step.trim());
});

test('an attestation or SLSA provenance in a job it needs, directly or through another job', () => {
  const text = `on: workflow_dispatch
jobs:
  provenance:
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0
    with:
      base64-subjects: abc
  check:
    needs: provenance
    runs-on: ubuntu-24.04
    steps:
      - run: echo checked
  release:
    needs: check
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - run: huggingface-cli upload acme/llm model/
  unrelated:
    runs-on: ubuntu-24.04
    environment: production
    steps:
      - run: huggingface-cli upload acme/llm-small model/
`;
  const findings = own(analyze(text));
  assert.deepEqual(findings.map((finding) => finding.location.yamlPath), ['jobs.unrelated.steps[0]']);
  assert.deepEqual({ line: findings[0]!.line, column: findings[0]!.column }, positionAt(text, text.indexOf('run: huggingface-cli upload acme/llm-small')));
});

test('composite actions are left to the job that uses them', () => {
  const composite = 'name: publish\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: huggingface-cli upload acme/churn-model ./model\n';
  assert.deepEqual(own(analyze(composite, '.github/actions/publish/action.yml')), []);
});
