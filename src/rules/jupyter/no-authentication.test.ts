import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyter/no-authentication');
const SERVER = 'jupyter/jupyter_server_config.py';

test('empty token and empty password on 0.0.0.0: critical, at the token line, with a token-from-secret fix', () => {
  const { file, text } = readCase('positive/shared-gpu-box/jupyter_server_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, "c.ServerApp.token = ''").line);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'missing-authentication');
  assert.match(finding.message, /`c\.ServerApp\.token = ''` turns token authentication off and the password is empty too/);
  assert.match(finding.message, /every network interface/);
  assert.match(finding.blastRadius, /can reach the host on the network can run any code/);
  assert.equal(finding.fix?.language, 'python');
  assert.match(finding.fix!.snippet, /c\.IdentityProvider\.token = os\.environ\['JUPYTER_TOKEN'\]/);
  assert.match(finding.fix!.snippet, /c\.ServerApp\.ip = '127\.0\.0\.1'/);
  assert.ok(finding.frameworks.some((ref) => ref.id === 'CWE-306'));
});

test('legacy NotebookApp: empty token without password, ip *; the fix keeps NotebookApp', () => {
  const { file, text } = readCase('positive/legacy-notebook/jupyter_notebook_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.NotebookApp.token = ""').line);
  assert.equal(finding.severity, 'critical');
  assert.match(finding.message, /no password is set/);
  assert.match(finding.fix!.snippet, /c\.NotebookApp\.token = os\.environ/);
});

test('JSON config: pointer to the token, JSON fix with a hashed password', () => {
  const { file, text } = readCase('positive/json/jupyter_server_config.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.location.jsonPointer, '/ServerApp/token');
  assert.equal(finding.line, positionOf(text, '"token": ""').line);
  assert.equal(finding.fix?.language, 'json');
  assert.match(JSON.parse(finding.fix!.snippet).PasswordIdentityProvider.hashed_password, /^argon2:/);
});

test('loopback only is high, not critical, and says a port mapping could still expose it', () => {
  const finding = single(analyze("c.ServerApp.token = ''\n", SERVER));
  assert.equal(finding.severity, 'high');
  assert.match(finding.notes![0]!, /--ip=0\.0\.0\.0/);
  assert.equal(single(analyze("c.ServerApp.ip = 'localhost'\nc.IdentityProvider.token = ''\n", SERVER)).severity, 'high');
});

test('a password, an environment token, a custom identity provider or a later token turn the finding off', () => {
  for (const text of [
    "c.ServerApp.token = ''\nc.PasswordIdentityProvider.hashed_password = 'argon2:$argon2id$v=19$abc'\n",
    "c.ServerApp.token = os.environ.get('JUPYTER_TOKEN')\n",
    "c.ServerApp.token = ''\nc.ServerApp.identity_provider_class = 'acme.sso.SSOIdentityProvider'\n",
    "c.ServerApp.token = ''\nc.ServerApp.token = os.environ['T']\n",
    'c.ServerApp.disable_check_xsrf = True\n',
    '# c.ServerApp.token = ""\n',
  ]) {
    assert.deepEqual(own(analyze(text, SERVER)), [], text);
  }
});

test('a secret written next to the empty token is masked in the code frame', () => {
  const secret = 'c0okie-S3cret-for-the-lab-9f2e';
  const text = `c.ServerApp.ip = '0.0.0.0'\nc.ServerApp.token = ''\nc.ServerApp.cookie_secret = '${secret}'\n`;
  const finding = single(analyze(text, SERVER));
  assert.equal(finding.snippet!.lines.length, 3);
  assertRedacted(finding, secret);
});

test('a JupyterHub config is not a Jupyter server config', () => {
  assert.deepEqual(own(analyze("c.ServerApp.token = ''\n", 'hub/jupyterhub_config.py')), []);
});

test('on an internal load balancer: high here, as deploy/exposed-without-auth does not count a limited route; the twin with a token is clean', () => {
  const { file, text } = readCase('positive/internal-loadbalancer/notebook.yaml');
  const findings = analyze(text, file);
  const finding = single(findings);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.line, positionOf(text, "--IdentityProvider.token=''").line);
  assert.match(finding.message, /reachable through Service team-notebook of type LoadBalancer gives it an internal load balancer address \(port 8888\), limited to an internal load balancer/);
  assert.match(finding.notes![0]!, /a network limit is not a login/);
  assert.deepEqual(findings.filter((other) => other.ruleId === 'deploy/exposed-without-auth'), []);
  const clean = readCase('clean/internal-loadbalancer/notebook.yaml');
  assert.deepEqual(own(analyze(clean.text, clean.file)), []);
});
