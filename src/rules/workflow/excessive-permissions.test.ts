import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionAt, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/excessive-permissions');

const MY_RULES = [
  'workflow/excessive-permissions',
  'workflow/dangerous-trigger',
  'workflow/expression-injection',
  'workflow/unpinned-action',
  'workflow/unpinned-container-image',
  'workflow/checkout-persists-credentials',
];

test('the lab workflow has no permissions block: medium, at the jobs key, naming the self-hosted GPU job and what it holds', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml'));
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.title, 'Workflow has no top-level permissions block');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionAt(text, text.indexOf('\njobs:') + 1));
  assert.equal(finding.location.yamlPath, 'permissions');
  assert.equal(finding.evidence, 'no permissions block (job train)');
  assert.match(finding.blastRadius, /self-hosted GPU runner \[self-hosted, linux, gpu\]/);
  assert.match(finding.blastRadius, /AWS_SECRET_ACCESS_KEY/);
  assert.equal(finding.fix!.snippet, 'permissions:\n  contents: read');
});

test('write-all is reported at the value, for the workflow and for a job', () => {
  const { file, text } = readCase('positive/write-all.yml');
  const findings = own(analyze(text, file));
  const workflowLevel = text.indexOf('permissions: write-all') + 'permissions: '.length;
  const jobLevel = text.lastIndexOf('permissions: write-all') + 'permissions: '.length;
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.location.yamlPath, finding.severity]),
    [
      [...Object.values(positionAt(text, workflowLevel)), 'permissions', 'high'],
      [...Object.values(positionAt(text, jobLevel)), 'jobs.report.permissions', 'high'],
    ],
  );
  assert.equal(findings[0]!.endColumn - findings[0]!.column, 'write-all'.length);
  // Only retrain inherits the workflow-level write-all: report sets its own.
  assert.match(findings[0]!.blastRadius, /job retrain \(self-hosted GPU runner \[self-hosted, gpu\]; holds the secret WANDB_API_KEY\)/);
  assert.doesNotMatch(findings[0]!.blastRadius, /job report/);
  assert.match(findings[1]!.title, /in job report/);
});

test('id-token: write at workflow level is reported at the key when only the deploy job logs in through OIDC', () => {
  const { file, text } = readCase('positive/workflow-id-token.yml');
  const finding = single(analyze(text, file));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'id-token: write'));
  assert.equal(finding.location.yamlPath, 'permissions.id-token');
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /job train can request GitHub OIDC tokens/);
  assert.match(finding.message, /Only job deploy \(assumes an AWS role through OIDC\) needs it/);
  assert.equal(finding.fix!.snippet, 'permissions:\n  contents: read\njobs:\n  deploy:\n    permissions:\n      contents: read\n      id-token: write');
});

test('no top-level block: only jobs without their own permissions are named', () => {
  const { file, text } = readCase('positive/no-permissions.yml');
  const finding = single(analyze(text, file));
  assert.equal(finding.evidence, 'no permissions block (job finetune)');
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /job finetune sets none either/);
});

test('id-token: write for the whole workflow is fine when every job that inherits it uses OIDC', () => {
  const text = `on: push
permissions:
  contents: read
  id-token: write
jobs:
  gcp:
    runs-on: ubuntu-latest
    steps:
      - uses: google-github-actions/auth@6fc4af4b145ae7821d527454aa9bd537d1f2dc5f # v2
        with:
          workload_identity_provider: projects/1/locations/global/workloadIdentityPools/gh/providers/gh
  attest:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/attest-build-provenance@1c608d11d69870c2092266b3f9a6f3abbf17002c # v1
        with:
          subject-path: model.onnx
  lint:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: ruff check .
`;
  assert.deepEqual(own(analyze(text)), []);
  // A static key pair is not an OIDC login, so the same workflow with keys instead is reported.
  const withKeys = text.replace('workload_identity_provider: projects/1/locations/global/workloadIdentityPools/gh/providers/gh', 'credentials_json: ${{ secrets.GCP_KEY }}');
  assert.match(single(analyze(withKeys)).message, /job gcp can request GitHub OIDC tokens/);
});

test('clean cases: per-job permissions, reusable workflows and composite actions', () => {
  for (const name of ['clean/job-level-permissions.yml', 'clean/reusable-workflow.yml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
  const composite = 'name: setup\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo hi\n';
  assert.deepEqual(own(analyze(composite, 'action.yml')), []);
});

test('a hardened training workflow yields none of the workflow hardening findings', () => {
  const { file, text } = readCase('clean/hardened-training.yml');
  const findings = analyze(text, file).filter((finding) => MY_RULES.includes(finding.ruleId));
  assert.deepEqual(findings.map((finding) => `${finding.ruleId} ${finding.line}: ${finding.title}`), []);
  // It is a real workflow with every feature the rules look at.
  for (const needle of ['permissions:\n  contents: read', 'id-token: write', 'role-to-assume', 'persist-credentials: false', 'TITLE: ${{ github.event.issue.title }}', '@sha256:']) assert.ok(text.includes(needle), needle);
});
