import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/jupyter-unauthenticated',
  title: 'Jupyter server answers kernel, contents or terminal APIs without a token',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-1188'),
  control:
    'Keep token or password authentication on (never start with an empty `--IdentityProvider.token=` / `--ServerApp.token=`), or run notebooks behind JupyterHub with a real authenticator; bind single-user servers to 127.0.0.1 or the pod network only.',
  docs: {
    summary:
      'Lists `/api/kernels`, `/api/contents` and `/api/terminals` (JupyterHub: `/hub/api/users`) of a running Jupyter Server, Notebook or JupyterHub without a token and reports the server when any of them answers with HTTP 200. Listing is read-only: no kernel or terminal is started and no file is opened.',
    risk:
      'A Jupyter server that lists its kernels without a token also starts them for anyone: opening a kernel or terminal is running arbitrary code as the notebook user, with its cloud credentials, data mounts and network reach. Exposed notebook servers are a common way into ML platforms (cryptominers, credential theft).',
    bad: { language: 'shell', code: 'jupyter server --ip 0.0.0.0 --IdentityProvider.token= --ServerApp.password=\n# GET /api/kernels -> 200 []' },
    good: { language: 'shell', code: 'jupyter server --ip 127.0.0.1   # a random token is generated and required\n# GET /api/kernels -> 403' },
    references: [{ title: 'Jupyter Server: security in the Jupyter Server', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html' }],
  },
});
