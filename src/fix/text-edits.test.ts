import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, OverlappingEditsError, sortEdits } from './text-edits.js';

test('edits apply to the original offsets, in any order, and leave the rest byte for byte', () => {
  const text = 'alpha # one\r\nbeta\n\tgamma\n';
  const edits = [
    { start: text.indexOf('gamma'), end: text.indexOf('gamma') + 5, text: 'GAMMA' },
    { start: 0, end: 5, text: 'A' },
    { start: text.indexOf('beta'), end: text.indexOf('beta') + 4, text: '' },
  ];
  assert.equal(applyEdits(text, edits), 'A # one\r\n\n\tGAMMA\n');
  assert.equal(applyEdits(text, []), text);
});

test('insertions at one offset keep their order; an insertion at either end of a replacement sits outside it', () => {
  assert.equal(
    applyEdits('abc', [
      { start: 1, end: 1, text: '1' },
      { start: 1, end: 1, text: '2' },
      { start: 1, end: 1, text: '3' },
    ]),
    'a123bc',
  );
  assert.equal(
    applyEdits('0123456789', [
      { start: 3, end: 6, text: 'x' },
      { start: 6, end: 6, text: '>' },
      { start: 3, end: 3, text: '<' },
    ]),
    '012<x>6789',
  );
  // Adjacent replacements do not overlap.
  assert.equal(
    applyEdits('aabb', [
      { start: 2, end: 4, text: 'B' },
      { start: 0, end: 2, text: 'A' },
    ]),
    'AB',
  );
  assert.equal(applyEdits('end', [{ start: 3, end: 3, text: '!' }]), 'end!');
});

test('overlapping edits throw instead of guessing', () => {
  assert.throws(
    () =>
      applyEdits('0123456789', [
        { start: 2, end: 5, text: 'x' },
        { start: 4, end: 7, text: 'y' },
      ]),
    OverlappingEditsError,
  );
  assert.throws(
    () =>
      applyEdits('0123456789', [
        { start: 2, end: 5, text: 'x' },
        { start: 3, end: 3, text: 'inside' },
      ]),
    OverlappingEditsError,
  );
  assert.throws(
    () =>
      applyEdits('0123456789', [
        { start: 2, end: 5, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    OverlappingEditsError,
  );
});

test('edits outside the text are rejected', () => {
  assert.throws(() => applyEdits('abc', [{ start: 2, end: 4, text: '' }]), RangeError);
  assert.throws(() => applyEdits('abc', [{ start: -1, end: 0, text: '' }]), RangeError);
  assert.throws(() => applyEdits('abc', [{ start: 2, end: 1, text: '' }]), RangeError);
  assert.throws(() => applyEdits('abc', [{ start: 0.5, end: 1, text: '' }]), RangeError);
});

test('sortEdits returns application order without changing the input', () => {
  const edits = [
    { start: 5, end: 6, text: 'b' },
    { start: 5, end: 5, text: 'a' },
    { start: 0, end: 1, text: 'z' },
  ];
  const copy = structuredClone(edits);
  assert.deepEqual(
    sortEdits('0123456', edits).map((edit) => edit.text),
    ['z', 'a', 'b'],
  );
  assert.deepEqual(edits, copy);
});
