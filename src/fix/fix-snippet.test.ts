import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseArtifact } from '../artifacts/parse.js';
import type { WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import { workflowSecrets } from '../artifacts/workflow/workflow-secrets.js';
import { parseInventory } from '../inventory/inventory.js';
import { Platform } from '../inventory/platform.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { correctedYamlFor, renderBlocks } from './fix-snippet.js';

// The corrected YAML a report shows for one finding, on the lab workflow.

function workflow(text: string): WorkflowArtifact {
  const parsed = parseArtifact('training-pipeline.yml', text, 'yaml');
  assert.ok(parsed.ok && parsed.artifact.kind === 'workflow');
  return parsed.artifact;
}

const lab = workflow(readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8'));
const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
assert.ok(loaded.ok);
const platform = new Platform(loaded.inventory);
const values = workflowSecrets(lab).flatMap((secret) => [secret.value, ...(secret.match?.partner ? [secret.match.partner.secret] : [])]);

function corrected(path: string) {
  const fix = correctedYamlFor(lab, path, { platform });
  assert.ok(fix, `a fix for ${path}`);
  assert.equal(fix.language, 'yaml');
  for (const value of values) assert.ok(!`${fix.description}\n${fix.snippet}`.includes(value), `${path}: no secret value in the fix`);
  return { ...fix, data: parse(fix.snippet) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('an AWS key finding shows the env without the keys, the job permissions and the OIDC step', () => {
  const fix = corrected('env.AWS_SECRET_ACCESS_KEY');
  assert.match(fix.description, /long-lived AWS keys/);
  assert.match(fix.description, /arn:aws:iam::111122223333:role\/ci-training/);
  assert.deepEqual(Object.keys(fix.data.env), ['MLFLOW_TRACKING_URI', 'AWS_DEFAULT_REGION', 'MODEL_BUCKET']);
  assert.deepEqual(fix.data.jobs.train.permissions, { 'id-token': 'write', contents: 'read' });
  assert.deepEqual(fix.data.jobs.train.steps, [
    {
      name: 'Configure AWS credentials (OIDC)',
      uses: fix.data.jobs.train.steps[0].uses,
      with: { 'role-to-assume': 'arn:aws:iam::111122223333:role/ci-training', 'aws-region': 'us-east-1' },
    },
  ]);
  assert.match(fix.data.jobs.train.steps[0].uses, /^aws-actions\/configure-aws-credentials@/);
  assert.match(fix.snippet, /^env:\n {2}# Tracking server and AWS credentials for the training job\n/, 'comments in the block are kept');
  assert.deepEqual(correctedYamlFor(lab, 'env.AWS_ACCESS_KEY_ID', { platform }), correctedYamlFor(lab, 'env.AWS_SECRET_ACCESS_KEY', { platform }));
});

test('the tracking URI finding shows the env block reading the secret', () => {
  const fix = corrected('env.MLFLOW_TRACKING_URI');
  assert.equal(fix.data.env.MLFLOW_TRACKING_URI, '${{ secrets.MLFLOW_TRACKING_URI }}');
  assert.match(fix.description, /repository secret MLFLOW_TRACKING_URI/);
  assert.equal(fix.data.jobs, undefined, 'only what this finding needs');
});

test('the checkout finding shows the step, the workflow finding the permissions block', () => {
  for (const path of ['jobs.train.steps[0]', 'jobs.train.steps[0].uses']) {
    assert.deepEqual(corrected(path).data, { jobs: { train: { steps: [{ uses: 'actions/checkout@v4', with: { 'persist-credentials': false } }] } } }, path);
  }
  for (const path of ['', 'on', 'permissions']) assert.deepEqual(corrected(path).data, { permissions: { contents: 'read' } }, JSON.stringify(path));
});

test('no fix for a location no fix touches, nor for a workflow with nothing to fix', () => {
  assert.equal(correctedYamlFor(lab, 'jobs.train.steps[4]', { platform }), undefined, 'the unsigned promotion is not a fix of ours');
  assert.equal(correctedYamlFor(lab, 'name', { platform }), undefined);
  const clean = workflow('on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n');
  assert.equal(correctedYamlFor(clean, ''), undefined);
});

test('renderBlocks shows the keys above each block and skips paths that do not exist', () => {
  const text = 'a: 1\njobs:\n  x:\n    runs-on: y\n    steps:\n      - run: one\n      - run: |\n          two\n';
  assert.equal(renderBlocks(text, ['jobs.x.steps[1]', 'missing.path']), 'jobs:\n  x:\n    steps:\n      - run: |\n          two\n');
  assert.equal(renderBlocks(text, ['missing']), undefined);
});
