import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyter/remote-access');
const SERVER = 'jupyter/jupyter_server_config.py';

test('0.0.0.0 without a token: medium, at the ip line, with a loopback fix', () => {
  const { file, text } = readCase('positive/shared-gpu-box/jupyter_server_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, "c.ServerApp.ip = '0.0.0.0'").line);
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /asks for no token or password/);
  assert.match(finding.fix!.snippet, /c\.ServerApp\.ip = '127\.0\.0\.1'/);
});

test('a wide binding with a token is low; ip * and empty string count as every interface', () => {
  assert.equal(single(analyze("c.ServerApp.ip = '0.0.0.0'\nc.IdentityProvider.token = os.environ['T']\n", SERVER)).severity, 'low');
  assert.match(single(analyze("c.ServerApp.ip = ''\nc.ServerApp.token = ''\n", SERVER)).message, /every network interface/);
  const legacy = readCase('positive/legacy-notebook/jupyter_notebook_config.py');
  assert.equal(single(analyze(legacy.text, legacy.file)).line, positionOf(legacy.text, "c.NotebookApp.ip = '*'").line);
});

test('allow_remote_access on a loopback server is about DNS rebinding; loopback and open_browser alone are clean', () => {
  const finding = single(analyze("c.ServerApp.allow_remote_access = True\nc.ServerApp.token = ''\n", SERVER));
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /DNS-rebinding/);
  for (const text of ["c.ServerApp.ip = '127.0.0.1'\n", "c.ServerApp.ip = 'localhost'\nc.ServerApp.open_browser = True\n", "c.ServerApp.ip = '::1'\n"]) {
    assert.deepEqual(own(analyze(text, SERVER)), [], text);
  }
});
