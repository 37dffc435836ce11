import jupyterUnauthenticated from '../checks/jupyter-unauthenticated.js';
import { parseVersion } from '../../advisories/versions.js';
import type { Identification } from '../identify.js';
import { countOf, describe, json, type ProbeTarget } from '../target.js';
import { checkCors, checkVersion } from './common.js';

const SERVER_APIS = [
  { path: '/api/kernels', what: 'running kernel(s)', key: 'kernels' },
  { path: '/api/contents', what: 'entries in the root folder', key: 'content' },
  { path: '/api/terminals', what: 'terminal(s)', key: 'terminals' },
  { path: '/api/sessions', what: 'session(s)', key: 'sessions' },
];
const HUB_APIS = [
  { path: '/hub/api/users', what: 'user(s)', key: 'users' },
  { path: '/hub/api/proxy', what: 'proxy route(s)', key: 'routes' },
];

export async function probeJupyter(target: ProbeTarget, identification: Identification): Promise<void> {
  const hub = identification.service === 'jupyterhub';
  const apis = hub ? HUB_APIS : SERVER_APIS;
  const answers = await Promise.all(apis.map(async (api) => ({ api, response: await target.get(api.path) })));
  const open = answers.filter(({ response }) => response?.status === 200 && json(response) !== undefined);
  if (open.length > 0) {
    const first = open[0]!;
    const name = hub ? 'JupyterHub' : 'Jupyter server';
    target.report(jupyterUnauthenticated, {
      url: target.url(first.api.path),
      request: `GET ${first.api.path}`,
      message: `The ${name} at ${target.target} answers ${open.map(({ api }) => api.path).join(', ')} without a token. Whoever reaches it can ${hub ? 'manage users and their servers' : 'start kernels and terminals, that is run any code as the notebook user, and read or change every file'}. Keep token or password authentication on (never an empty --IdentityProvider.token=), or put the server behind JupyterHub with a real authenticator.`,
      evidence: open.map(({ api, response }) => `GET ${api.path} -> ${describe(response!, `${countOf(json(response!), api.key) ?? '?'} ${api.what}`)}`).join('; '),
      blastRadius: hub ? `Every user server spawned by the hub at ${target.base.host}.` : `Code execution as the notebook user on ${target.base.host}, with its credentials, data mounts and network reach.`,
      identity: hub ? 'jupyterhub-api' : 'jupyter-api',
    });
  }
  if (hub) checkVersion(target, 'jupyterhub', 'jupyterhub', identification.version, 'GET /hub/api');
  else {
    // The classic Notebook (<7) reports its own version at /api; Jupyter Server and Notebook 7 report jupyter_server's.
    const major = identification.version ? parseVersion(identification.version)?.release?.[0] : undefined;
    checkVersion(target, 'jupyter', major !== undefined && major >= 5 ? 'notebook' : 'jupyter-server', identification.version, 'GET /api');
  }
  await checkCors(target, identification.service, hub ? '/hub/api/users' : '/api/kernels');
}
