import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notebook } from '../../testing/notebook-builder.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/credential-in-metadata';
const { analyze, own, single, readCase } = ruleKit(RULE);

const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
const GITHUB_TOKEN = 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO';
const WIDGET_STATE = 'application/vnd.jupyter.widget-state+json';

function widgetState(models: Record<string, { name: string; state: Record<string, string | number> }>) {
  const state = Object.fromEntries(
    Object.entries(models).map(([id, model]) => [
      id,
      { model_module: '@jupyter-widgets/controls', model_module_version: '2.0.0', model_name: model.name, state: { _model_name: model.name, ...model.state } },
    ]),
  );
  return { widgets: { [WIDGET_STATE]: { state, version_major: 2, version_minor: 0 } } };
}

test('a connection URI with a password in notebook metadata', () => {
  const text = notebook([{ source: 'x = 1' }], { connection: { dsn: 'postgresql://admin:Adm1n-Pa55w0rd@warehouse.internal:5432/dw' } });
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.category, 'secret-exposure');
  assert.equal(finding.title, 'Password in a connection URI saved in notebook metadata');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'Adm1n-Pa55w0rd'));
  assert.deepEqual(finding.location, { part: 'metadata', jsonPointer: '/metadata/connection/dsn' });
  assert.match(finding.message, /is written in the notebook metadata;/);
  assert.equal(finding.evidence, 'postgresql://admin:••••@warehouse.internal:5432');
  assertRedacted(finding, 'Adm1n-Pa55w0rd');
});

test('a token in cell metadata (papermill parameters)', () => {
  const { file, text } = readCase('positive/token-in-cell-metadata.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Hugging Face token saved in notebook metadata');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, part: 'metadata', jsonPointer: '/cells/0/metadata/papermill/parameters/hf_token' });
  assert.match(finding.message, /is written in cell 1 metadata;/);
  assert.equal(finding.evidence, 'hf_F…pAsD');
  assertRedacted(finding, HF_TOKEN);
});

test('a PasswordModel widget keeps what was typed in the notebook widget state', () => {
  const { file, text } = readCase('positive/password-widget.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.title, 'Password widget value saved in widget state');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'Winter-2024-db!'));
  assert.deepEqual(finding.location, {
    part: 'metadata',
    jsonPointer: `/metadata/widgets/application~1vnd.jupyter.widget-state+json/state/3f2c9a1b7e5d4c6a8b0f1e2d3c4b5a69/state/value`,
  });
  assert.match(finding.message, /password widget value is written in the notebook metadata \(saved widget state\)/);
  assert.equal(finding.evidence, 'password widget = Wi…');
  assertRedacted(finding, 'Winter-2024-db!');
});

test('a password widget whose value has a known format is reported once, by format', () => {
  const text = notebook([{ source: 'token = widgets.Password()' }], widgetState({ w1: { name: 'PasswordModel', state: { description: 'HF token', value: HF_TOKEN } } }));
  const finding = single(analyze(text));
  assert.equal(finding.title, 'Hugging Face token saved in widget state');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
});

test('a text attachment of a markdown cell', () => {
  const { file, text } = readCase('positive/text-attachment-with-token.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'GitHub token saved in a cell attachment');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, GITHUB_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, part: 'attachment', jsonPointer: '/cells/0/attachments/deploy-notes.txt/text~1plain' });
  assert.match(finding.message, /is written in an attachment of cell 1;/);
  assertRedacted(finding, GITHUB_TOKEN);
});

test('image attachments and image payloads in metadata are not scanned', () => {
  const payload = `iVBORw0KGgo\ntoken=${HF_TOKEN}\nAAAASUVORK5CYII=\n`;
  const text = notebook([{ type: 'markdown', source: '![plot](attachment:plot.png)', attachments: { 'plot.png': { 'image/png': payload } } }], { thumbnail: { 'image/png': payload } });
  assert.deepEqual(own(analyze(text)), []);
});

test('clean: sliders, text widgets and an empty password widget', () => {
  const { file, text } = readCase('clean/widgets-without-passwords.ipynb');
  assert.ok(text.includes('"PasswordModel"'), 'the clean case has a password widget, left empty');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('clean: ordinary notebook metadata', () => {
  const text = notebook([{ source: 'x = 1', metadata: { tags: ['parameters'], collapsed: false, papermill: { parameters: { model_name: 'distilbert-base-uncased', max_tokens: 512 } } } }], {
    authors: [{ name: 'Dana Scully' }],
    ...widgetState({ w1: { name: 'TextModel', state: { description: 'token', value: 'not-a-password-widget' } } }),
  });
  assert.deepEqual(own(analyze(text)), []);
});
