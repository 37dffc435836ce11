import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstSentence } from './platform-markdown.js';

test('table cells show the first sentence or clause of a control, ending with a full stop', () => {
  assert.equal(firstSentence('Use an IAM role for the notebook server; and add a pre-commit hook.'), 'Use an IAM role for the notebook server.');
  assert.equal(firstSentence('Pin it, e.g. to a commit SHA. Then verify it.'), 'Pin it, e.g. to a commit SHA.');
  assert.equal(firstSentence('Set auth.enabled: true in values.yaml. Rotate the password.'), 'Set auth.enabled: true in values.yaml.');
  assert.equal(firstSentence('No full stop at all'), 'No full stop at all');
});
