import type { JupyterSetting } from '../../artifacts/jupyter/jupyter-config.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { JupyterView } from '../jupyter/settings.js';
import { jupyterTargets, locationOf, written } from '../jupyter/targets.js';

/** True for the authenticator_class values that select the DummyAuthenticator. */
export function isDummyAuthenticator(setting: JupyterSetting): boolean {
  const value = typeof setting.literal === 'string' ? setting.literal.trim() : setting.literal === undefined ? setting.value.value.replace(/\s+/g, '') : '';
  return /^dummy$/i.test(value) || /(?:^|\.)DummyAuthenticator$/.test(value);
}

export default defineRule({
  id: 'jupyterhub/dummy-authenticator',
  artifact: 'jupyter-config',
  title: 'JupyterHub uses the DummyAuthenticator: any user name logs in',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0012', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-1392'),
  control:
    'Configure a real authenticator for the hub, such as OAuth against your identity provider (`oauthenticator.generic.GenericOAuthenticator`, `GitHubOAuthenticator` with `allowed_organizations`) or LDAP, with an explicit `allowed_users` / group list; keep the DummyAuthenticator for local tests only.',
  docs: {
    summary:
      'Reports a `jupyterhub_config.py` whose `JupyterHub.authenticator_class` selects the DummyAuthenticator: the `\'dummy\'` entry point, the class name, `\'jupyterhub.auth.DummyAuthenticator\'` or `\'dummyauthenticator.DummyAuthenticator\'`. Setting `DummyAuthenticator.password` does not make it safe: that one shared password logs in as any user name, including an admin\'s, and the finding says so. The NullAuthenticator is not reported: it lets nobody log in through the hub (used for hubs that only run services or sit behind an external login) and is a deliberate choice.',
    risk:
      'The DummyAuthenticator accepts any user name with any password (or with the one shared password). On a hub that spawns notebook servers, every visitor gets a server with the CPU, GPU and cloud credentials the spawner gives it, and can log in as an existing user to read their notebooks, data and tokens, or as an admin when admin names are known.',
    bad: { language: 'python', code: "c.JupyterHub.authenticator_class = 'dummy'\nc.DummyAuthenticator.password = 'workshop'" },
    good: {
      language: 'python',
      code: "import os\n\nc.JupyterHub.authenticator_class = 'github'\nc.GitHubOAuthenticator.oauth_callback_url = 'https://hub.example.com/hub/oauth_callback'\nc.GitHubOAuthenticator.client_id = os.environ['GITHUB_CLIENT_ID']\nc.GitHubOAuthenticator.client_secret = os.environ['GITHUB_CLIENT_SECRET']\nc.GitHubOAuthenticator.allowed_organizations = {'acme-ml'}",
    },
    references: [
      { title: 'JupyterHub: authenticators', url: 'https://jupyterhub.readthedocs.io/en/stable/reference/authenticators.html' },
      { title: 'JupyterHub: security overview', url: 'https://jupyterhub.readthedocs.io/en/stable/explanation/websecurity.html' },
      { title: 'OAuthenticator documentation', url: 'https://oauthenticator.readthedocs.io/' },
    ],
  },
  check({ artifact, report }) {
    if (artifact.flavor !== 'hub') return;
    const view = new JupyterView(artifact.settings);
    const target = jupyterTargets(artifact)[0]!;
    const setting = view.last(['JupyterHub.authenticator_class']);
    if (!setting || !isDummyAuthenticator(setting)) return;
    const password = view.anyClass('DummyAuthenticator', 'password');
    const shared = password !== undefined && password.literal !== '' && password.literal !== null;
    report({
      start: setting.start,
      end: setting.end,
      location: locationOf(target, setting),
      message: `\`${written(target, setting)}\` makes the hub accept ${shared ? 'any user name with one shared password (`DummyAuthenticator.password` is set)' : 'any user name with any password'}; nothing checks who logs in.`,
      evidence: `JupyterHub.authenticator_class = ${setting.literal === undefined ? setting.value.value : `'${String(setting.literal)}'`}${shared ? '; DummyAuthenticator.password = <redacted>' : ''}`,
      blastRadius:
        'Anyone who reaches the hub gets a notebook server with the resources and credentials the spawner gives it, and can log in under an existing user\'s name (an admin\'s included) to read their notebooks, data and tokens.',
      identity: 'JupyterHub.authenticator_class:dummy',
      recommendation: 'Switch to an authenticator backed by your identity provider (OAuth or LDAP) and allow only named users, groups or organisations.',
      notes: shared ? ['A shared DummyAuthenticator password is still dummy authentication: whoever knows it can log in as any user name.'] : undefined,
      fix: {
        description: 'OAuth login limited to your organisation',
        language: 'python',
        snippet:
          "import os\n\nc.JupyterHub.authenticator_class = 'generic-oauth'  # or 'github', 'ldapauthenticator.LDAPAuthenticator'\nc.GenericOAuthenticator.client_id = os.environ['OAUTH_CLIENT_ID']\nc.GenericOAuthenticator.client_secret = os.environ['OAUTH_CLIENT_SECRET']\nc.GenericOAuthenticator.oauth_callback_url = 'https://hub.example.com/hub/oauth_callback'\nc.GenericOAuthenticator.allowed_groups = {'ml-platform-users'}\nc.GenericOAuthenticator.admin_users = {'platform-admin'}",
      },
    });
  },
});
