import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { positionAt, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/checkout-persists-credentials');

test('the lab workflow: the checkout keeps the token, low since nothing is uploaded or untrusted', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const finding = single(analyze(text, 'fixtures/mlops/training-pipeline.yml'));
  assert.equal(finding.severity, 'low');
  assert.equal(finding.category, 'secret-exposure');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'actions/checkout@v4'));
  assert.equal(finding.location.yamlPath, 'jobs.train.steps[0].with.persist-credentials');
  assert.match(finding.blastRadius, /repository's default permissions/);
  assert.equal(finding.fix!.snippet, '- uses: actions/checkout@v4\n  with:\n    persist-credentials: false');
});

test('medium when a later step uploads the workspace; an explicit true is reported at the value', () => {
  const { file, text } = readCase('positive/upload-workspace.yml');
  const findings = own(analyze(text, file));
  const checkouts = [...text.matchAll(/actions\/checkout@/g)].map((match) => match.index!);
  const explicit = text.indexOf('persist-credentials: true') + 'persist-credentials: '.length;
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.severity]),
    [
      [...Object.values(positionAt(text, checkouts[0]!)), 'medium'],
      [...Object.values(positionAt(text, explicit)), 'low'],
    ],
  );
  assert.match(findings[0]!.message, /step 3 uploads `\.` as an artifact, \.git\/config included/);
  assert.match(findings[0]!.recommendation, /upload only the output folder/);
  assert.equal(findings[1]!.evidence, 'persist-credentials: true');
});

test('medium when the job runs untrusted pull request code after the checkout', () => {
  const text = `on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make test
      - run: git push origin HEAD:refs/heads/results
`;
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /untrusted pull request head \(`make test`\)/);
  assert.match(finding.notes![0]!, /^Step 3 pushes to the repository/);
});

test('persist-credentials: false, quoted or not, is clean', () => {
  const { file, text } = readCase('clean/no-persist.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});
