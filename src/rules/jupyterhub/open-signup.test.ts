import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('jupyterhub/open-signup');
const HUB = 'hub/jupyterhub_config.py';

test('NativeAuthenticator open_signup without an allowed list: high, fix waits for an admin', () => {
  const { file, text } = readCase('positive/native-open-signup/jupyterhub_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.NativeAuthenticator.open_signup = True').line);
  assert.equal(finding.severity, 'high');
  assert.match(finding.fix!.snippet, /open_signup = False/);
});

test('allow_all with GitHub OAuth lets every GitHub account in', () => {
  const { file, text } = readCase('positive/github-allow-all/jupyterhub_config.py');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'c.GitHubOAuthenticator.allow_all = True').line);
  assert.match(finding.message, /every account of that identity provider/);
  assert.match(finding.fix!.snippet, /allowed_organizations/);
});

test('an allowed list, admin approval, PAM/LDAP allow_all and allow_all False are clean', () => {
  for (const text of [
    "c.JupyterHub.authenticator_class = 'native'\nc.NativeAuthenticator.open_signup = True\nc.Authenticator.allowed_users = {'alice', 'bob'}\n",
    "c.JupyterHub.authenticator_class = 'native'\nc.NativeAuthenticator.open_signup = False\n",
    'c.Authenticator.allow_all = True\n',
    "c.JupyterHub.authenticator_class = 'ldapauthenticator.LDAPAuthenticator'\nc.Authenticator.allow_all = True\n",
    "c.JupyterHub.authenticator_class = 'github'\nc.GitHubOAuthenticator.allow_all = False\n",
  ]) {
    assert.deepEqual(own(analyze(text, HUB)), [], text);
  }
});
