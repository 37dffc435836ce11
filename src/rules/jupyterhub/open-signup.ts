import type { JupyterSetting } from '../../artifacts/jupyter/jupyter-config.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { JupyterView } from '../jupyter/settings.js';
import { jupyterTargets, locationOf, written } from '../jupyter/targets.js';

// Authenticators where "allow all" means anyone with an account at a public provider.
const OAUTH = /oauth|github|gitlab|google|bitbucket|globus|auth0|azuread|cilogon|openshift|mediawiki|okpy|generic/i;

function nonEmptyList(setting: JupyterSetting | undefined): boolean {
  if (!setting) return false;
  if (Array.isArray(setting.literal)) return setting.literal.length > 0;
  // {'alice', 'bob'} and other non-literal collections count as a list someone wrote on purpose.
  return setting.literal === undefined && !/^(?:set\(\)|\[\]|\{\}|\(\))$/.test(setting.value.value.replace(/\s+/g, ''));
}

export default defineRule({
  id: 'jupyterhub/open-signup',
  artifact: 'jupyter-config',
  title: 'JupyterHub lets anyone create an account or log in',
  category: 'missing-authentication',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM10:2025', 'MITRE-ATLAS:AML.T0012', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-284'),
  control:
    'Let only known people in: with NativeAuthenticator keep `open_signup = False` so an admin approves each sign-up (or set `allowed_users`); with OAuth replace `allow_all = True` by `allowed_users`, `allowed_groups` or `allowed_organizations`.',
  docs: {
    summary:
      'Reports a `jupyterhub_config.py` where `NativeAuthenticator.open_signup = True` with no `allowed_users` list (anyone can register and is authorised at once), and `allow_all = True` on any authenticator class (`Authenticator`, `OAuthenticator`, `GitHubOAuthenticator`…) while the hub logs in through an OAuth provider: then every account at GitHub, Google or the provider is let in. `allow_all` with PAM or LDAP only admits accounts that already exist there and is not reported; the DummyAuthenticator is `jupyterhub/dummy-authenticator`.',
    risk:
      'A hub with open sign-up hands out notebook servers (CPU, GPU, network position, and whatever cloud credentials and data mounts the spawner attaches) to strangers. They mine cryptocurrency on the GPUs, read shared data volumes and use the hub as a foothold inside the network.',
    bad: { language: 'python', code: "c.JupyterHub.authenticator_class = 'github'\nc.GitHubOAuthenticator.allow_all = True" },
    good: { language: 'python', code: "c.JupyterHub.authenticator_class = 'github'\nc.GitHubOAuthenticator.allowed_organizations = {'acme-ml'}" },
    references: [
      { title: 'OAuthenticator: allowing access', url: 'https://oauthenticator.readthedocs.io/en/latest/tutorials/general-setup.html' },
      { title: 'NativeAuthenticator: options', url: 'https://native-authenticator.readthedocs.io/en/latest/options.html' },
      { title: 'JupyterHub: authentication and user basics', url: 'https://jupyterhub.readthedocs.io/en/stable/tutorial/getting-started/authenticators-users-basics.html' },
    ],
  },
  check({ artifact, report }) {
    if (artifact.flavor !== 'hub') return;
    const view = new JupyterView(artifact.settings);
    const target = jupyterTargets(artifact)[0]!;
    const authenticator = view.last(['JupyterHub.authenticator_class']);
    const authName = authenticator ? (typeof authenticator.literal === 'string' ? authenticator.literal : authenticator.value.value) : '';
    const allowed = view.anyClass('Authenticator', 'allowed_users');

    const signup = view.anyClass('NativeAuthenticator', 'open_signup');
    if (signup?.literal === true && /native/i.test(authName || 'native') && !nonEmptyList(allowed)) {
      report({
        start: signup.start,
        end: signup.end,
        location: locationOf(target, signup),
        message: `\`${written(target, signup)}\` lets anyone who finds the hub register an account and use it at once, with no admin approval and no \`allowed_users\` list.`,
        evidence: `${signup.key} = True`,
        blastRadius: 'Anyone who reaches the sign-up page gets a notebook server with the compute, data mounts and credentials the spawner gives users.',
        identity: `${signup.key}:true`,
        recommendation: 'Set `open_signup = False` so an admin authorises each new account at /hub/authorize, or list the people allowed in `allowed_users`.',
        fix: {
          description: 'Sign-ups wait for an admin',
          language: 'python',
          snippet: "c.NativeAuthenticator.open_signup = False  # an admin approves each sign-up at /hub/authorize\nc.Authenticator.admin_users = {'platform-admin'}",
        },
      });
    }

    const allowAll = view.anyClass('Authenticator', 'allow_all');
    if (allowAll?.literal === true && OAUTH.test(authName)) {
      report({
        start: allowAll.start,
        end: allowAll.end,
        location: locationOf(target, allowAll),
        message: `\`${written(target, allowAll)}\` with the ${authName.replace(/^.*\./, '')} authenticator lets every account of that identity provider log in, not only your people.`,
        evidence: `${allowAll.key} = True; authenticator_class = ${authName}`,
        blastRadius: 'Anyone with an account at the provider (for GitHub or Google, anyone on the internet) gets a notebook server with the compute, data mounts and credentials the spawner gives users.',
        identity: `${allowAll.key}:true`,
        recommendation: 'Replace `allow_all = True` by an explicit list: `allowed_organizations` or `allowed_teams` (GitHub), `allowed_groups` (generic OAuth, Google), or `allowed_users`.',
        fix: {
          description: 'Only your organisation logs in',
          language: 'python',
          snippet: `c.${allowAll.key.split('.')[0]}.allow_all = False\nc.GitHubOAuthenticator.allowed_organizations = {'acme-ml'}  # GitHub; generic OAuth: c.GenericOAuthenticator.allowed_groups = {'ml-platform-users'}`,
        },
      });
    }
  },
});
