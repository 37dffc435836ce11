import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/dangerous-trigger');

test('pull_request_target on a GPU runner with a secret: critical, at the install command, with the checkout as related', () => {
  const { file, text } = readCase('positive/pr-target-evaluate.yml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'ci-injection');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'pip install -e ".[eval]"'));
  assert.equal(finding.endColumn - finding.column, 'pip install -e ".[eval]"'.length);
  assert.equal(finding.location.yamlPath, 'jobs.evaluate.steps[1].run');
  assert.match(finding.message, /checks out `github\.event\.pull_request\.head\.sha`/);
  assert.match(finding.message, /pip install -e "\.\[eval\]"/);
  assert.match(finding.message, /python scripts\/evaluate\.py/);
  assert.match(finding.message, /anyone with a fork/);
  assert.match(finding.blastRadius, /the secret HF_TOKEN/);
  assert.match(finding.blastRadius, /self-hosted GPU runner/);
  const checkout = finding.related!.find((related) => related.location?.yamlPath === 'jobs.evaluate.steps[0].with.ref');
  assert.ok(checkout, 'the checkout is a related location');
  assert.deepEqual({ line: checkout.line, column: checkout.column }, positionOf(text, '${{ github.event.pull_request.head.sha }}'));
  assert.ok(finding.related!.some((related) => related.location?.yamlPath === 'jobs.evaluate.steps[2].run'));
});

test('workflow_run on a GitHub-hosted runner without secrets: high, at make, with dvc repro also listed', () => {
  const { file, text } = readCase('positive/workflow-run-benchmark.yml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'make benchmark'));
  assert.match(finding.title, /^workflow_run job benchmark runs code from the triggering run's head/);
  assert.match(finding.message, /github\.event\.workflow_run\.head_sha/);
  assert.match(finding.message, /dvc repro evaluate/);
  // The echo before it runs nothing from the checkout.
  assert.doesNotMatch(finding.message, /echo/);
});

test('a local action after the checkout of github.head_ref runs the pull request code', () => {
  const { file, text } = readCase('positive/local-action.yml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, './.github/actions/setup-lint'));
  assert.equal(finding.location.yamlPath, 'jobs.lint.steps[1].uses');
  assert.match(finding.message, /local action/);
});

test('gh pr checkout followed by npm ci in one step, and custom runner labels, are critical', () => {
  const text = `on: pull_request_target
permissions:
  contents: read
jobs:
  build:
    runs-on: ml-runner-large
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: gh pr checkout \${{ github.event.pull_request.number }} && npm ci
        env:
          GH_TOKEN: \${{ github.token }}
`;
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'critical', 'a custom label is not a GitHub-hosted image');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'npm ci'));
  assert.match(finding.message, /gh pr checkout/);
  // The same job on pull_request is what the rule recommends, and is not reported.
  assert.deepEqual(own(analyze(text.replace('on: pull_request_target', 'on: pull_request'))), []);
  // On ubuntu-latest and without secrets it is high.
  assert.equal(single(analyze(text.replace('ml-runner-large', 'ubuntu-latest'))).severity, 'high');
});

test('commands that do not run checked-out code are not reported', () => {
  const text = `on: pull_request_target
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.ref }}
      - run: |
          python -m pip install --upgrade pip
          pip install ruff==0.6.9
          # make test
          cat README.md | head -5
          huggingface-cli upload acme/churn ./model
`;
  assert.deepEqual(own(analyze(text)), []);
  const withTests = text.replace('cat README.md | head -5', 'python -m pytest -q');
  assert.deepEqual({ line: single(analyze(withTests)).line, column: single(analyze(withTests)).column }, positionOf(withTests, 'python -m pytest -q'));
});

test('a head checked out into its own folder counts when a command works in that folder', () => {
  const text = `on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          path: pr
      - run: python tools/lint_configs.py pr/configs
      - run: cd pr && make
      - working-directory: pr
        run: pytest
`;
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'make'));
  assert.equal(finding.related!.length, 2, 'the checkout and the pytest step');
  assert.match(finding.message, /`pytest`/);
  assert.doesNotMatch(finding.message, /lint_configs/);
});

test('clean: base-branch checkouts, head checked out as data, same-repository guards, pull_request workflows', () => {
  for (const name of ['clean/privileged-but-safe.yml', 'clean/pull-request.yml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});
