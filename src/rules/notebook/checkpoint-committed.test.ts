import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../../core/scan.js';
import type { Finding } from '../../core/finding.js';
import { notebook } from '../../testing/notebook-builder.js';
import { TEST_CASES } from '../../testing/paths.js';

const RULE = 'notebook/checkpoint-committed';

function own(file: string, text: string): Finding[] {
  const { findings, error } = analyzeText(file, text, 'notebook');
  assert.equal(error, undefined, 'the notebook parses');
  return findings.filter((finding) => finding.ruleId === RULE);
}

const POSITIVE = 'test-cases/notebook/checkpoint-committed/positive/.ipynb_checkpoints/train-checkpoint.ipynb';
const CLEAN = 'test-cases/notebook/checkpoint-committed/clean/train.ipynb';
const read = (file: string) => readFileSync(join(TEST_CASES, file.replace(/^test-cases\//, '')), 'utf8');

test('a notebook inside .ipynb_checkpoints is reported once, at the top of the file', () => {
  const findings = own(POSITIVE, read(POSITIVE));
  assert.equal(findings.length, 1);
  const finding = findings[0]!;
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.category, 'misconfiguration');
  assert.equal(finding.title, 'Jupyter checkpoint copy in the repository');
  assert.deepEqual([finding.line, finding.column], [1, 1]);
  assert.deepEqual(finding.location, { part: 'file', jsonPointer: '' });
  assert.equal(
    finding.message,
    "This is Jupyter's autosave copy of test-cases/notebook/checkpoint-committed/positive/train.ipynb, with 1 stored outputs; checkpoints keep outputs even after the notebook itself is cleared, and this one is not ignored by Git.",
  );
  assert.equal(finding.evidence, '.ipynb_checkpoints/train-checkpoint.ipynb');
  assert.match(finding.recommendation, /\.gitignore/);
});

test('a checkpoint without outputs says the next autosave may add them', () => {
  const [finding] = own('.ipynb_checkpoints/eda-checkpoint.ipynb', notebook([{ source: 'import pandas as pd' }]));
  assert.ok(finding);
  assert.match(finding.message, /^This is Jupyter's autosave copy of eda\.ipynb; /);
  assert.match(finding.blastRadius, /no outputs today, but the next autosave may add them/);
});

test('clean: the same notebook outside a checkpoint folder', () => {
  const text = read(CLEAN);
  assert.equal(text, read(POSITIVE), 'the clean case is the positive case, moved');
  assert.deepEqual(own(CLEAN, text), []);
});

test('only a folder named exactly .ipynb_checkpoints counts', () => {
  const text = notebook([{ source: 'x = 1' }]);
  for (const file of ['notebooks/ipynb_checkpoints/train-checkpoint.ipynb', 'notebooks/old.ipynb_checkpoints/train-checkpoint.ipynb', 'notebooks/train-checkpoint.ipynb']) {
    assert.deepEqual(own(file, text), [], file);
  }
  assert.equal(own('a/b/.ipynb_checkpoints/train-checkpoint.ipynb', text).length, 1);
});
