import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeResult, notebook, stream } from '../../testing/notebook-builder.js';
import { positionAt, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/outputs-committed';
const { analyze, single, readCase } = ruleKit(RULE);
const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';

/** Where the first stored output object starts in the file: the first non-empty "outputs" array's first element. */
function firstOutput(text: string): { line: number; column: number } {
  const array = text.indexOf('"outputs": [\n');
  assert.notEqual(array, -1, 'the notebook has a non-empty outputs array');
  return positionAt(text, text.indexOf('{', array));
}

test('a notebook saved with outputs: low, at the first output, with counts and size', () => {
  const { file, text } = readCase('positive/plot-and-table-outputs.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'low');
  assert.equal(finding.category, 'misconfiguration');
  assert.equal(finding.title, 'Notebook stored with its outputs');
  assert.deepEqual({ line: finding.line, column: finding.column }, firstOutput(text));
  assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0' });
  assert.match(finding.message, /^2 of 2 code cells keep their outputs \(2 outputs, [\d.]+ (?:B|KB|kB|KiB)\)\. Stored outputs are committed with the notebook\.$/);
  assert.equal(finding.evidence, '2 stored outputs');
  assert.equal(finding.notes, undefined);
  assert.doesNotMatch(finding.blastRadius, /credentials/);
});

test('the location is the first cell that has outputs, not the first cell', () => {
  const text = notebook([
    { type: 'markdown', source: '# Title' },
    { source: 'import pandas as pd', executionCount: 1 },
    { source: 'pd.__version__', outputs: [executeResult({ 'text/plain': ["'2.2.2'"] }, 2)], executionCount: 2 },
  ]);
  const finding = single(analyze(text));
  assert.deepEqual(finding.location, { cell: 3, output: 0, part: 'output', jsonPointer: '/cells/2/outputs/0' });
  assert.deepEqual({ line: finding.line, column: finding.column }, firstOutput(text));
  assert.match(finding.message, /^1 of 2 code cells keep their outputs \(1 outputs,/);
});

test('outputs that hold a credential raise it to medium and name the cells', () => {
  const text = notebook([
    { source: 'print("ok")', outputs: [stream('ok\n')] },
    { source: 'print(token)', outputs: [stream(`${HF_TOKEN}\n`)] },
  ]);
  const findings = analyze(text);
  const finding = single(findings);
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /; the outputs of cell 2 hold credentials\./);
  assert.match(finding.blastRadius, /including the credentials reported for this notebook/);
  assert.ok(!JSON.stringify(finding).includes(HF_TOKEN), 'the snippet and message do not show the token');
  assert.equal(findings.filter((other) => other.ruleId === 'notebook/credential-in-output').length, 1);
});

test('execution counts out of order add a note about hidden kernel state', () => {
  const text = notebook([
    { source: 'a = 1', outputs: [stream('1\n')], executionCount: 7 },
    { source: 'b = 2', outputs: [stream('2\n')], executionCount: 3 },
  ]);
  const finding = single(analyze(text));
  assert.deepEqual(finding.notes, [
    'Execution counts run out of order (7 before 3): the saved outputs reflect hidden kernel state, not a clean top-to-bottom run.',
  ]);
  const inOrder = notebook([
    { source: 'a = 1', outputs: [stream('1\n')], executionCount: 1 },
    { source: 'b = 2', outputs: [stream('2\n')], executionCount: 2 },
  ]);
  assert.equal(single(analyze(inOrder)).notes, undefined);
});

test('clean: a notebook stripped of outputs', () => {
  const { file, text } = readCase('clean/outputs-stripped.ipynb');
  assert.deepEqual(analyze(text, file), []);
  // Execution counts alone, without outputs, are not reported either.
  const counted = notebook([{ source: 'x = 1', executionCount: 4 }]);
  assert.deepEqual(analyze(counted).filter((finding) => finding.ruleId === RULE), []);
});
