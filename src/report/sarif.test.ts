import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Log } from 'sarif';
import { runCli } from '../testing/run-cli.js';
import type { Report } from './report.js';

// Validated against the official SARIF 2.1.0 JSON schema, as shipped in @microsoft/jest-sarif (MIT).
// One of its patterns is not valid with the u flag, so patterns are compiled without it.
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

const sarif = JSON.parse(runCli(['scan', 'fixtures/mlops', '--format', 'sarif']).stdout) as Log;
const json = JSON.parse(runCli(['scan', 'fixtures/mlops', '--format', 'json']).stdout) as Report;

test('SARIF output is valid against the SARIF 2.1.0 schema', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false, 'the schema rejects a broken log');
  const valid = validate(sarif);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  assert.equal(sarif.version, '2.1.0');
});

test('SARIF results carry the same findings as the JSON report', () => {
  const run = sarif.runs[0]!;
  assert.equal(run.results!.length, json.findings.length);
  run.results!.forEach((result, i) => {
    const finding = json.findings[i]!;
    assert.equal(result.ruleId, finding.ruleId);
    const region = result.locations![0]!.physicalLocation!.region!;
    assert.equal(region.startLine, finding.line);
    assert.equal(region.startColumn, finding.column);
    assert.equal(result.locations![0]!.physicalLocation!.artifactLocation!.uri, finding.file);
    assert.deepEqual(result.partialFingerprints, { 'mlopsAudit/v1': finding.fingerprint });
    assert.equal(result.level, { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' }[finding.severity]);
  });
});

test('rule metadata has help, security-severity and precision; notebook cells are in the result', () => {
  const run = sarif.runs[0]!;
  const rules = run.tool.driver.rules!;
  assert.deepEqual(rules.map((rule) => rule.id).sort(), [...new Set(json.findings.map((finding) => finding.ruleId))].sort());
  for (const rule of rules) {
    assert.ok(rule.help?.text && rule.help.markdown, `${rule.id} help`);
    assert.match(String(rule.properties?.['security-severity']), /^\d+\.\d$/);
    assert.ok(rule.properties?.precision);
  }
  const leak = run.results!.find((result) => result.ruleId === 'notebook/credential-in-output' && result.locations![0]!.physicalLocation!.artifactLocation!.uri!.endsWith('/notebook-credential-leak.ipynb'))!;
  assert.equal(leak.properties?.notebookCell, 7);
  assert.equal(leak.properties?.notebookOutput, 0);
  assert.equal(leak.locations![0]!.logicalLocations![0]!.name, 'cell 7, output 0');
  const ruleOfLeak = rules[leak.ruleIndex!]!;
  assert.equal(ruleOfLeak.id, 'notebook/credential-in-output');
  assert.equal(ruleOfLeak.properties?.['security-severity'], '9.5');
});

test('files that could not be read become tool execution notifications', () => {
  const withError = JSON.parse(runCli(['scan', 'fixtures/mlops', 'no-such-folder', '--format', 'sarif']).stdout) as Log;
  assert.ok(validate(withError), JSON.stringify(validate.errors));
  const notes = withError.runs[0]!.invocations![0]!.toolExecutionNotifications!;
  assert.equal(notes.length, 1);
  assert.match(notes[0]!.message.text!, /no such file/);
});
