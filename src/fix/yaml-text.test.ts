import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyEdits } from './text-edits.js';
import { isSafePlain, pairOf, YamlText } from './yaml-text.js';

const map = (node: unknown) => node as YAMLMap;
const seq = (node: unknown) => node as YAMLSeq;

function layout(text: string): { yaml: YamlText; root: YAMLMap } {
  const document = parseDocument(text);
  assert.deepEqual(document.errors, []);
  return { yaml: new YamlText(text, document), root: document.contents as YAMLMap };
}

test('the indentation unit and line ending are the file’s own', () => {
  assert.equal(layout('a:\n  b:\n    c: 1\n').yaml.unit, 2);
  assert.equal(layout('a:\n    b:\n        c: 1\n    d:\n        e: 1\n').yaml.unit, 4);
  assert.equal(layout('a: 1\n').yaml.unit, 2, 'nothing nested: 2');
  assert.equal(layout('a:\r\n   b: 1\r\n').yaml.eol, '\r\n');
  assert.equal(layout('a:\n   b: 1\n').yaml.eol, '\n');
});

test('isSafePlain quotes what would not read back as the same string', () => {
  for (const value of ['read', 'us-east-1', '${{ secrets.TOKEN }}', 'arn:aws:iam::<ACCOUNT_ID>:role/<ROLE_NAME>', 'aws-actions/x@v4']) assert.ok(isSafePlain(value, false), value);
  for (const value of ['true', 'no', 'null', '3.11', '0x1f', '', ' x', '#x', '- x', 'a: b', 'a #b', '*ref', "'q'", 'line\nbreak']) assert.ok(!isSafePlain(value, false), value);
  assert.ok(!isSafePlain('${{ secrets.TOKEN }}', true), 'braces end a flow collection');
  assert.ok(!isSafePlain('a,b', true));
});

test('appendEntries follows block and flow style and a file without a final line break', () => {
  const block = layout('env:\n    A: 1 # keep\nrest: 2\n');
  const env = map(block.root.get('env', true));
  assert.equal(applyEdits(block.yaml.text, [block.yaml.appendEntries(env, [['B', 'two'], ['C', [['d', true]]]])]), 'env:\n    A: 1 # keep\n    B: two\n    C:\n        d: true\nrest: 2\n');

  const flow = layout('env: {A: 1}\n');
  assert.equal(applyEdits(flow.yaml.text, [flow.yaml.appendEntries(map(flow.root.get('env', true)), [['B', '${{ secrets.B }}']])]), 'env: {A: 1, B: "${{ secrets.B }}"}\n');
  const empty = layout('env: {}\n');
  assert.equal(applyEdits(empty.yaml.text, [empty.yaml.appendEntries(map(empty.root.get('env', true)), [['B', 'x']])]), 'env: { B: x }\n');

  const open = layout('a:\n  b: 1');
  assert.equal(applyEdits(open.yaml.text, [open.yaml.appendEntries(map(open.root.get('a', true)), [['c', 'x']])]), 'a:\n  b: 1\n  c: x\n');
});

test('removePairs takes whole lines, and the first key of a list item hands the dash to the next key', () => {
  const text = 'env:\n  A: 1\n  # about B\n  B: |\n    multi\n    line\n  C: 3\nsteps:\n  - env: {X: 1}\n    run: echo\n';
  const { yaml, root } = layout(text);
  const env = map(root.get('env', true));
  const removed = applyEdits(text, yaml.removePairs(env, [pairOf(env, 'A')!, pairOf(env, 'B')!]));
  assert.equal(removed, 'env:\n  # about B\n  C: 3\nsteps:\n  - env: {X: 1}\n    run: echo\n');
  const step = seq(root.get('steps', true)).items[0] as YAMLMap;
  const dashed = applyEdits(text, yaml.removePairs(step, [pairOf(step, 'env')!]));
  assert.match(dashed, /steps:\n {2}- run: echo\n$/);
  assert.deepEqual(parse(dashed).steps, [{ run: 'echo' }]);
  const flow = map(step.get('env', true));
  assert.match(applyEdits(text, yaml.removePairs(flow, [pairOf(flow, 'X')!])), /- env: \{\}\n/);
});

test('insertSeqItem copies the dash and key columns and the blank lines between items', () => {
  const spaced = 'steps:\n  - uses: a\n\n  # about b\n  - uses: b\n';
  const one = layout(spaced);
  const steps = seq(one.root.get('steps', true));
  assert.equal(applyEdits(spaced, [one.yaml.insertSeqItem(steps, 1, [['name', 'new'], ['with', [['k', 'v']]]])!]), 'steps:\n  - uses: a\n\n  - name: new\n    with:\n      k: v\n\n  # about b\n  - uses: b\n');
  assert.equal(applyEdits(spaced, [one.yaml.insertSeqItem(steps, 0, [['name', 'new']])!]), 'steps:\n  - name: new\n\n  - uses: a\n\n  # about b\n  - uses: b\n');

  const indentless = 'steps:\n# first\n-   uses: a\n-   uses: b\n';
  const two = layout(indentless);
  const inserted = applyEdits(indentless, [two.yaml.insertSeqItem(seq(two.root.get('steps', true)), 0, [['name', 'new'], ['uses', 'x']])!]);
  assert.equal(inserted, 'steps:\n-   name: new\n    uses: x\n# first\n-   uses: a\n-   uses: b\n');
  const flow = layout('steps: [a]\n');
  assert.equal(flow.yaml.insertSeqItem(seq(flow.root.get('steps', true)), 0, [['a', 'b']]), undefined, 'flow lists are left alone');
});

test('replacePair and setScalar rewrite a value in place, block scalars included', () => {
  const text = 'job:\n  permissions: read-all\n  run: |\n    echo secret\n  next: 1\n';
  const { yaml, root } = layout(text);
  const job = map(root.get('job', true));
  const replaced = applyEdits(text, [yaml.replacePair(job, pairOf(job, 'permissions')!, 'permissions', [['contents', 'read']])]);
  assert.equal(replaced, 'job:\n  permissions:\n    contents: read\n  run: |\n    echo secret\n  next: 1\n');
  const scalar = job.get('run', true) as never;
  assert.equal(applyEdits(text, [yaml.setScalar(scalar, '${{ secrets.RUN }}', false)]), 'job:\n  permissions: read-all\n  run: ${{ secrets.RUN }}\n  next: 1\n');
});

test('an item’s own trailing comments stay with it, and the next item is never touched', () => {
  const text = 'steps:\n  - name: co\n    with:\n      depth: 0\n      # about co\n\n  # next\n  - run: echo\n    env: {A: 1}\n';
  const { yaml, root } = layout(text);
  const steps = seq(root.get('steps', true));
  assert.equal(
    applyEdits(text, [yaml.insertSeqItem(steps, 1, [['name', 'new']])!]),
    'steps:\n  - name: co\n    with:\n      depth: 0\n      # about co\n\n  - name: new\n\n  # next\n  - run: echo\n    env: {A: 1}\n',
  );
  const first = steps.items[0] as YAMLMap;
  assert.equal(applyEdits(text, yaml.removePairs(first, [pairOf(first, 'with')!])), 'steps:\n  - name: co\n      # about co\n\n  # next\n  - run: echo\n    env: {A: 1}\n');
  assert.equal(applyEdits(text, [yaml.appendEntries(first, [['id', 'co']])]), 'steps:\n  - name: co\n    with:\n      depth: 0\n    id: co\n      # about co\n\n  # next\n  - run: echo\n    env: {A: 1}\n');
});
