import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notebook } from '../../testing/notebook-builder.js';
import { ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/checkpoint-committed';
const { analyze, own, readCase } = ruleKit(RULE);

const POSITIVE = 'positive/.ipynb_checkpoints/train-checkpoint.ipynb';
const CLEAN = 'clean/train.ipynb';

test('a notebook inside .ipynb_checkpoints is reported once, at the top of the file', () => {
  const { file, text } = readCase(POSITIVE);
  const findings = own(analyze(text, file));
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
  const [finding] = own(analyze(notebook([{ source: 'import pandas as pd' }]), '.ipynb_checkpoints/eda-checkpoint.ipynb'));
  assert.ok(finding);
  assert.match(finding.message, /^This is Jupyter's autosave copy of eda\.ipynb; /);
  assert.match(finding.blastRadius, /no outputs today, but the next autosave may add them/);
});

test('clean: the same notebook outside a checkpoint folder', () => {
  const { file, text } = readCase(CLEAN);
  assert.equal(text, readCase(POSITIVE).text, 'the clean case is the positive case, moved');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('only a folder named exactly .ipynb_checkpoints counts', () => {
  const text = notebook([{ source: 'x = 1' }]);
  for (const file of ['notebooks/ipynb_checkpoints/train-checkpoint.ipynb', 'notebooks/old.ipynb_checkpoints/train-checkpoint.ipynb', 'notebooks/train-checkpoint.ipynb']) {
    assert.deepEqual(own(analyze(text, file)), [], file);
  }
  assert.equal(own(analyze(text, 'a/b/.ipynb_checkpoints/train-checkpoint.ipynb')).length, 1);
});
