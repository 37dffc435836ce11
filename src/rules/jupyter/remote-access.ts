import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { authState, describeBinding, JupyterView, remoteBinding } from './settings.js';
import { appClass, configSnippet, jupyterTargets, locationOf, written } from './targets.js';

export default defineRule({
  id: 'jupyter/remote-access',
  artifact: 'jupyter-config',
  title: 'Jupyter server listens beyond the loopback interface',
  category: 'public-exposure',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-668', 'CWE:CWE-1188'),
  control:
    'Bind a personal server to `127.0.0.1` and reach it through an SSH tunnel or `kubectl port-forward`; a server others must reach belongs behind JupyterHub or an authenticating proxy with TLS, with its token or password kept on.',
  docs: {
    summary:
      'Reports a Jupyter Server or classic Notebook configuration whose `ip` is `0.0.0.0`, `*`, `\'\'`, `::` or another non-loopback address, and one that sets `allow_remote_access = True` while listening on loopback (which turns off the Host-header check that protects a local server from DNS rebinding). The listening address only matters as much as the authentication in front of it: medium when the server has no token or password, low when it has one. `open_browser` has no security effect and is ignored. Inside a container, `0.0.0.0` is how the published port reaches the server; whether that port is published beyond the host is for the deployment rules.',
    risk:
      'A server on every interface is reachable from the whole network the machine is on: the office or VPC, other pods in the cluster, or the internet when the host has a public address. Its token then stands alone between any visitor and a shell; it is often printed in logs, shared in chat, or empty.',
    bad: { language: 'python', code: "c.ServerApp.ip = '0.0.0.0'\nc.ServerApp.token = ''" },
    good: { language: 'python', code: "c.ServerApp.ip = '127.0.0.1'\n# reach it with: ssh -L 8888:127.0.0.1:8888 gpu-box" },
    references: [
      { title: 'Jupyter Server: running a public server', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/public-server.html' },
      { title: 'Jupyter Server config: ip and allow_remote_access', url: 'https://jupyter-server.readthedocs.io/en/latest/other/full-config.html' },
    ],
  },
  check({ artifact, report }) {
    if (artifact.flavor === 'hub') return;
    const target = jupyterTargets(artifact)[0]!;
    const view = new JupyterView(artifact.settings);
    const auth = authState(view);
    const weak = auth.state === 'off';
    const ip = remoteBinding(view);
    if (ip) {
      const app = appClass(target, ip);
      report({
        start: ip.start,
        end: ip.end,
        location: locationOf(target, ip),
        severity: weak ? 'medium' : 'low',
        message: `\`${written(target, ip)}\` makes the server listen on ${describeBinding(ip)}${weak ? ', and it asks for no token or password' : '; it does ask for a token or password, which is then all that stands between the network and a shell'}.`,
        evidence: `${ip.key} = '${String(ip.literal)}'`,
        blastRadius: `Every machine that can route to this host${weak ? ' gets a Jupyter session without logging in' : ' can try the token or password'}; in a container this is needed for the published port, so check who can reach that port.`,
        identity: `${ip.key}:remote`,
        recommendation: 'Bind to 127.0.0.1 and use an SSH tunnel or `kubectl port-forward`, or keep the wide binding only behind JupyterHub or an authenticating proxy with TLS, with the token kept on.',
        fix: { description: 'Loopback only', ...configSnippet(target, `c.${app}.ip = '127.0.0.1'`, { [app]: { ip: '127.0.0.1' } }) },
      });
      return;
    }
    const remoteAccess = view.server('allow_remote_access');
    if (remoteAccess?.literal === true) {
      const app = appClass(target, remoteAccess);
      report({
        start: remoteAccess.start,
        end: remoteAccess.end,
        location: locationOf(target, remoteAccess),
        severity: weak ? 'medium' : 'low',
        message: `\`${written(target, remoteAccess)}\` turns off the Host-header check of a server that listens on loopback, which is what protects it from DNS-rebinding pages${weak ? '; the server asks for no token or password' : ''}.`,
        evidence: `${remoteAccess.key} = True`,
        blastRadius: weak ? 'A website the user opens can rebind its name to 127.0.0.1 and drive the server from the browser: notebooks, files and kernels.' : 'A rebinding page still needs the token, so the exposure is small.',
        identity: `${remoteAccess.key}:true`,
        recommendation: 'Remove `allow_remote_access = True` unless a proxy forwards requests with another Host name; then list that name in `local_hostnames`.',
        fix: { description: 'Host-header check on', ...configSnippet(target, `c.${app}.allow_remote_access = False\nc.${app}.local_hostnames = ['localhost']  # add the proxy's host name if one forwards to the server`, { [app]: { allow_remote_access: false } }) },
      });
    }
  },
});
