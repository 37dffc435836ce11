import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyterhub/dummy-authenticator');
const HUB = 'hub/jupyterhub_config.py';

test('DummyAuthenticator class with a shared password: critical, the password never shown', () => {
  const { file, text } = readCase('positive/workshop/jupyterhub_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.JupyterHub.authenticator_class = DummyAuthenticator').line);
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'missing-authentication');
  assert.match(finding.message, /one shared password/);
  assert.match(finding.notes![0]!, /still dummy/);
  assert.match(finding.fix!.snippet, /allowed_groups/);
  assertRedacted(finding, 'workshop-2024');
});

test("'dummy', dotted class strings and module attributes are the DummyAuthenticator", () => {
  for (const value of ["'dummy'", '"jupyterhub.auth.DummyAuthenticator"', "'dummyauthenticator.DummyAuthenticator'", 'jupyterhub.auth.DummyAuthenticator']) {
    const finding = single(analyze(`c.JupyterHub.authenticator_class = ${value}\n`, HUB));
    assert.match(finding.message, /any user name with any password/, value);
  }
});

test('the NullAuthenticator, real authenticators and server configs are not reported', () => {
  const services = readCase('clean/services-only/jupyterhub_config.py');
  assert.deepEqual(own(analyze(services.text, services.file)), []);
  for (const value of ["'null'", "'github'", "'ldapauthenticator.LDAPAuthenticator'", "'acme.DummyAuthenticatorWrapper'"]) {
    assert.deepEqual(own(analyze(`c.JupyterHub.authenticator_class = ${value}\n`, HUB)), [], value);
  }
  assert.deepEqual(own(analyze("c.JupyterHub.authenticator_class = 'dummy'\n", 'jupyter_server_config.py')), []);
});
