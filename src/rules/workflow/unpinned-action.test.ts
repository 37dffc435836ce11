import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, readCase } = ruleKit('workflow/unpinned-action');

test('the lab workflow: actions/checkout@v4 and actions/setup-python@v5 are official, so low', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const findings = own(analyze(text, 'fixtures/mlops/training-pipeline.yml'));
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.location.yamlPath, finding.evidence]),
    [
      [...Object.values(positionOf(text, 'actions/checkout@v4')), 'low', 'jobs.train.steps[0].uses', 'actions/checkout@v4'],
      [...Object.values(positionOf(text, 'actions/setup-python@v5')), 'low', 'jobs.train.steps[1].uses', 'actions/setup-python@v5'],
    ],
  );
  assert.match(findings[0]!.message, /the tag `v4`/);
  assert.match(findings[0]!.blastRadius, /self-hosted GPU runner/);
  assert.equal(findings[0]!.fix!.snippet, 'uses: actions/checkout@<40-hex commit SHA of v4>  # v4');
});

test('tags, branches, short SHAs, reusable workflows and docker images without digest', () => {
  const { file, text } = readCase('positive/tags-and-branches.yml');
  const findings = own(analyze(text, file));
  const expected: Array<[string, string, string]> = [
    ['actions/checkout@v4', 'low', 'jobs.train.steps[0].uses'],
    ['iterative/setup-dvc@v1', 'medium', 'jobs.train.steps[1].uses'],
    ['acme/ml-tools/setup-cuda@main', 'medium', 'jobs.train.steps[2].uses'],
    ['docker://pytorch/pytorch:latest', 'medium', 'jobs.train.steps[3].uses'],
    ['docker://alpine', 'medium', 'jobs.train.steps[4].uses'],
    ['actions/cache@1bd1e32', 'low', 'jobs.train.steps[5].uses'],
    ['acme/shared-workflows/.github/workflows/evaluate.yml@v2', 'medium', 'jobs.evaluate.uses'],
  ];
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity, finding.location.yamlPath]),
    expected.map(([needle, severity, path]) => [...Object.values(positionOf(text, needle)), severity, path]),
  );
  const byEvidence = new Map(findings.map((finding) => [finding.evidence, finding]));
  assert.match(byEvidence.get('acme/ml-tools/setup-cuda@main')!.message, /`main`, a branch or tag name/);
  assert.match(byEvidence.get('actions/cache@1bd1e32')!.message, /short SHA/);
  assert.match(byEvidence.get('docker://alpine')!.message, /no tag \(so `latest`\)/);
  assert.match(byEvidence.get('docker://pytorch/pytorch:latest')!.message, /the `latest` tag/);
  assert.equal(byEvidence.get('docker://pytorch/pytorch:latest')!.fix!.snippet, 'uses: docker://pytorch/pytorch@sha256:<digest>  # latest');
  const reusable = byEvidence.get('acme/shared-workflows/.github/workflows/evaluate.yml@v2')!;
  assert.match(reusable.title, /reusable workflow/);
  assert.match(reusable.blastRadius, /every repository and organization secret \(secrets: inherit\)/);
});

test('composite actions are checked too', () => {
  const text = 'name: setup\nruns:\n  using: composite\n  steps:\n    - uses: acme/setup-gpu@v2\n';
  const [finding] = own(analyze(text, 'action.yml'));
  assert.equal(finding?.severity, 'medium');
  assert.match(finding!.blastRadius, /calling job/);
});

test('full SHAs, local actions and workflows, and docker images by digest are not reported', () => {
  const { file, text } = readCase('clean/pinned.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});
