import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionAt, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('workflow/expression-injection');

test('each attacker-controlled expression is reported at its own line and column, inside multi-line scripts too', () => {
  const { file, text } = readCase('positive/issue-triage.yml');
  const findings = own(analyze(text, file));
  const expected: Array<[string, string, string]> = [
    ['${{ github.event.issue.title }}', 'jobs.triage.steps[0].run', 'echo "Dataset: $ISSUE_TITLE"'],
    ['${{ github.event.issue.body }}', 'jobs.triage.steps[0].run', 'python tools/queue.py --notes "$ISSUE_BODY"'],
    ['${{ github.event.comment.body }}', 'jobs.triage.steps[1].with.script', 'const text = process.env.COMMENT_BODY;'],
    ['${{ github.head_ref }}', 'jobs.branch-report.steps[0].run', 'echo "$HEAD_REF" > branch.txt'],
  ];
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.endColumn, finding.location.yamlPath]),
    expected.map(([needle, path]) => {
      const at = positionOf(text, needle);
      return [at.line, at.column, at.column + needle.length, path];
    }),
  );
  for (const [i, [needle, , fixedLine]] of expected.entries()) {
    const finding = findings[i]!;
    assert.equal(finding.severity, 'high');
    assert.equal(finding.evidence, needle);
    assert.ok(finding.fix!.snippet.endsWith(`\n  ${fixedLine}`), `${needle}: ${finding.fix!.snippet}`);
    assert.ok(finding.fix!.snippet.startsWith(`env:\n  ${/\$([A-Z_]+)|process\.env\.([A-Z_]+)/.exec(fixedLine)!.slice(1).find(Boolean)}: ${needle}\n`));
  }
  // The title sits on the second line of the block scalar, well right of the `run: |` key.
  const title = findings[0]!;
  const runKey = positionOf(text, 'run: |');
  assert.equal(title.line, runKey.line + 2);
  assert.match(title.message, /step 1 "Record the request" in job triage/);
  assert.match(title.message, /anyone who can open an issue/);
  assert.match(title.blastRadius, /the secret HF_TOKEN/);
  assert.match(title.blastRadius, /issues: write/);
  // The issue number is not attacker text.
  assert.ok(!findings.some((finding) => finding.evidence.includes('issue.number')));
  assert.match(findings[2]!.title, /github-script code/);
});

test('quoted scalars with escapes, toJSON of the event, commit messages and composite actions', () => {
  const text = `on: [push, pull_request_target]
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: "echo \\"PR:\\" ${'${{ github.event.pull_request.title }}'}"
      - run: echo '${'${{ toJSON(github.event) }}'}' > event.json
      - run: >
          git log -1 --format=%s;
          echo ${'${{ github.event.commits[0].message }}'}
      - run: echo "${'${{ github.event.issue.number }} ${{ github.sha }} ${{ inputs.name }}'}"
`;
  const findings = own(analyze(text));
  const needles = ['${{ github.event.pull_request.title }}', '${{ toJSON(github.event) }}', '${{ github.event.commits[0].message }}'];
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column]),
    needles.map((needle) => Object.values(positionOf(text, needle))),
  );
  assert.match(findings[1]!.message, /the whole github\.event object/);
  assert.ok(findings[1]!.fix!.snippet.includes('EVENT_JSON: ${{ toJSON(github.event) }}'));
  assert.ok(findings[1]!.fix!.snippet.endsWith(`echo "$EVENT_JSON" > event.json`), findings[1]!.fix!.snippet);

  const composite = `name: announce
runs:
  using: composite
  steps:
    - shell: bash
      run: |
        echo "Releasing"
        echo "${'${{ github.event.head_commit.message }}'}"
`;
  const finding = single(analyze(composite, 'action.yml'));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionAt(composite, composite.indexOf('${{ github.event.head_commit.message }}')));
  assert.match(finding.message, /composite action/);
});

test('pwsh steps get $env: in the corrected line', () => {
  const text = `on: issues
jobs:
  triage:
    runs-on: windows-latest
    steps:
      - shell: pwsh
        run: Write-Output "${'${{ github.event.issue.title }}'}"
`;
  assert.ok(single(analyze(text)).fix!.snippet.endsWith('Write-Output "$env:ISSUE_TITLE"'));
});

test('values passed through env, conditions and safe contexts are not reported', () => {
  const { file, text } = readCase('clean/env-passing.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});
