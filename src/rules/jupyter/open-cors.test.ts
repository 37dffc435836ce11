import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';
import { patternMatchesAnything } from './open-cors.js';

const { analyze, own, single, readCase } = ruleKit('jupyter/open-cors');
const SERVER = 'jupyter/jupyter_server_config.py';

test('allow_origin * with allow_credentials: high, names the credentials, fix names one origin', () => {
  const { file, text } = readCase('positive/shared-gpu-box/jupyter_server_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, "c.ServerApp.allow_origin = '*'").line);
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /allow_credentials = True` makes browsers send the user's Jupyter cookies/);
  assert.match(finding.message, /no token or password either/);
  assert.match(finding.fix!.snippet, /c\.ServerApp\.allow_origin = 'https:\/\/lab\.example\.com'/);
  assert.ok(finding.frameworks.some((ref) => ref.id === 'CWE-942'));
});

test('allow_origin_pat .* in a legacy notebook config and * in JSON', () => {
  const legacy = readCase('positive/legacy-notebook/jupyter_notebook_config.py');
  const finding = single(analyze(legacy.text, legacy.file));
  assert.match(finding.message, /the pattern `\.\*` matches every site/);
  const json = readCase('positive/json/jupyter_server_config.json');
  assert.equal(single(analyze(json.text, json.file)).location.jsonPointer, '/ServerApp/allow_origin');
});

test('patterns: what accepts any origin and what does not', () => {
  for (const pattern of ['.*', '.+', 'https?://.*', '^.*$', '(.*)']) assert.ok(patternMatchesAnything(pattern), pattern);
  for (const pattern of ['', 'https://lab\\.example\\.com$', 'https://(a|b)\\.example\\.com', '[invalid']) assert.ok(!patternMatchesAnything(pattern), pattern);
});

test('named origins, an empty allow_origin and credentials alone are clean', () => {
  for (const text of ["c.ServerApp.allow_origin = 'https://lab.example.com'\nc.ServerApp.allow_credentials = True\n", "c.ServerApp.allow_origin = ''\n", "c.ServerApp.allow_origin_pat = ''\n"]) {
    assert.deepEqual(own(analyze(text, SERVER)), [], text);
  }
});
