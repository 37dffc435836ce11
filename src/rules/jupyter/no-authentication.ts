import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { authState, SERVER_POWER } from './settings.js';
import { appClass, configSnippet, inContainer, jupyterTargets, locationOf, written } from './targets.js';

const COMPOSE_TOKEN =
  '# drop the empty-token option from the command, and pass the token from a secret:\nenvironment:\n  JUPYTER_TOKEN: ${JUPYTER_TOKEN:?set from your secret store}';
const K8S_TOKEN =
  '# drop the empty-token option from args, and pass the token from a Secret:\nenv:\n  - name: JUPYTER_TOKEN\n    valueFrom:\n      secretKeyRef:\n        name: jupyter-token\n        key: token';
const HASHED = 'argon2:<output of `jupyter server password`, not the password itself>';

export default defineRule({
  id: 'jupyter/no-authentication',
  artifact: ['jupyter-config', 'deployment'],
  title: 'Jupyter server accepts anyone: empty token and no password',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-306', 'CWE:CWE-1188'),
  control:
    'Keep token authentication on: read the token from a secret (`c.IdentityProvider.token = os.environ["JUPYTER_TOKEN"]`) or set a hashed password made with `jupyter server password`, and for a shared or remote server put it behind JupyterHub or an authenticating proxy instead.',
  docs: {
    summary:
      'Reads `jupyter_server_config.py`, `jupyter_notebook_config.py` and their JSON forms and reports a server whose token is set to the empty string (`ServerApp.token`, `NotebookApp.token` or `IdentityProvider.token`) while no password is configured (`ServerApp.password`, `NotebookApp.password`, `PasswordIdentityProvider.hashed_password`). Jupyter then serves every request without a login. Critical when the same configuration binds the server beyond the loopback interface (`ip = \'0.0.0.0\'`, `\'*\'`, `\'\'` or a routable address), high otherwise (a port forward, a container port mapping or another local user still reaches it). A token or password read from the environment counts as set, and so does a custom identity provider or login handler; `disable_check_xsrf` on its own is not this finding (see `jupyter/xsrf-disabled`). In compose files and Kubernetes manifests the same options are read from a container\'s Jupyter command (`jupyter lab --ServerApp.token=`, `start-notebook.py --IdentityProvider.token=\'\'`, also inside `sh -c` scripts) together with its `JUPYTER_TOKEN` variable; there the severity follows the published ports and exposures of the workload instead of `ip`, and a container whose only routes without a login are an internal load balancer or one limited by source ranges is high (deploy/exposed-without-auth does not count those as exposed).',
    risk:
      'A Jupyter server is a remote shell by design. Without a token or password, anyone who reaches its port opens a terminal or a kernel and runs commands as the server user: they read the notebooks, training data and model files, take the cloud keys and tracking-server tokens in the environment, and can plant code in shared notebooks or models. Internet scanners look for exactly this, and cryptominers are the mildest outcome.',
    bad: { language: 'python', code: "c = get_config()  # noqa\nc.ServerApp.ip = '0.0.0.0'\nc.ServerApp.token = ''\nc.ServerApp.password = ''" },
    good: {
      language: 'python',
      code: "import os\n\nc = get_config()  # noqa\nc.ServerApp.ip = '127.0.0.1'\n# the token comes from a secret, never from the file\nc.IdentityProvider.token = os.environ['JUPYTER_TOKEN']",
      note: 'For a server several people use, run JupyterHub with a real authenticator (OAuth, LDAP) and let it start single-user servers, instead of sharing one token.',
    },
    references: [
      { title: 'Jupyter Server: security in the Jupyter Server', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html' },
      { title: 'Jupyter Server: running a public server', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/public-server.html' },
      { title: 'Jupyter Notebook (classic): security', url: 'https://jupyter-notebook.readthedocs.io/en/stable/security.html' },
    ],
  },
  check({ artifact, report }) {
    for (const target of jupyterTargets(artifact)) {
      if (target.flavor === 'hub') continue;
      const view = target.view;
      const auth = authState(view);
      if (auth.state !== 'off' || !auth.token) continue;
      const token = auth.token;
      const ip = target.remote;
      // Behind an internal or source-limited load balancer: deploy/exposed-without-auth does not count it as
      // exposed, but that network is still a crowd that gets a shell, so it is reported here as high.
      const limited = target.restricted;
      // A published container is reported once, at the port or Service that publishes it, by deploy/exposed-without-auth.
      if (target.container && ip) continue;
      const app = appClass(target, token);
      const passwordNote = view.last(['ServerApp.password', 'NotebookApp.password', 'PasswordIdentityProvider.hashed_password']) ? ' and the password is empty too' : ' and no password is set';
      const fix = configSnippet(
        target,
        `import os\n\nc = get_config()  # noqa\n# token from a secret (Kubernetes Secret, compose secret, vault), never from the file\nc.${app === 'NotebookApp' ? 'NotebookApp' : 'IdentityProvider'}.token = os.environ['JUPYTER_TOKEN']\n${ip ? `c.${app}.ip = '127.0.0.1'  # or keep '0.0.0.0' only behind JupyterHub or an authenticating proxy\n` : ''}`,
        app === 'NotebookApp'
          ? { NotebookApp: { ...(ip ? { ip: '127.0.0.1' } : {}), password: HASHED } }
          : { ...(ip ? { ServerApp: { ip: '127.0.0.1' } } : {}), PasswordIdentityProvider: { hashed_password: HASHED } },
        target.container?.format === 'kubernetes' ? K8S_TOKEN : COMPOSE_TOKEN,
      );
      report({
        start: token.start,
        end: token.end,
        location: locationOf(target, token),
        // Behind an authenticating ingress or proxy the login happens there; the open pod is still a second-layer gap.
        severity: ip ? 'critical' : target.proxiedBy ? 'low' : 'high',
        message: `\`${written(target, token)}\`${inContainer(target)} turns token authentication off${passwordNote}, so the server accepts every request without a login${ip ? `, and it is reachable on ${ip.description}` : limited ? `, and it is reachable through ${limited.description}, limited to ${limited.restrictedTo}` : ''}.`,
        evidence: `${token.key} = '' and no password${ip ? (target.container ? `; ${ip.literal}` : `; ip = '${ip.literal}'`) : limited ? `; ${limited.literal} limited to ${limited.restrictedTo}` : ''}`,
        blastRadius: `Anyone who ${ip ? 'can reach the host on the network' : limited ? 'is inside the network the route is limited to' : 'reaches the port (a port forward, a published container port or another user of the machine)'} can ${SERVER_POWER}.`,
        identity: `${target.container ? `${target.container.name}:` : ''}${token.key}:empty`,
        recommendation:
          target.format !== 'python'
            ? `Remove \`"token": ""\` so Jupyter generates a token (or pass one through the JUPYTER_TOKEN environment variable from a secret), or set a hashed password; ${ip ? 'bind to 127.0.0.1 unless the server sits behind JupyterHub or an authenticating proxy.' : 'for a shared server use JupyterHub.'}`
            : `Read the token from a secret, or set a hashed password (\`jupyter server password\`); ${ip ? 'bind to 127.0.0.1 unless the server sits behind JupyterHub or an authenticating proxy.' : 'for a shared server use JupyterHub.'}`,
        fix: { description: target.format === 'argv' ? 'Token from a secret in the environment, no empty token option' : target.format === 'json' ? 'Hashed password instead of an empty token' : 'Token from the environment instead of an empty one', ...fix },
        notes: ip ? undefined : limited ? [`The route is limited (${limited.restrictedTo}), so deploy/exposed-without-auth does not report it as exposed; a network limit is not a login, and everyone inside it still gets in.`] : target.proxiedBy ? [`Its routes from outside authenticate (${target.proxiedBy}); inside the cluster or compose network anything that reaches the pod still gets in without a login, so keep a token as a second layer.`] : [target.container ? 'This file does not publish the container\'s port; anything that reaches the pod or container network (a port forward, another container, an ingress defined elsewhere) gets in without a login.' : 'The server only listens on loopback per this file; a command-line `--ip=0.0.0.0` or a container port mapping would make it reachable from the network.'],
      });
    }
  },
});
