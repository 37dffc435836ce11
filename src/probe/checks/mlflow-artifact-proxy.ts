import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/mlflow-artifact-proxy',
  title: 'MLflow serves its artifact store to anonymous callers through the artifact proxy',
  category: 'public-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MANAGE 2.4', 'CWE:CWE-306', 'CWE:CWE-668'),
  control:
    'Require authentication on the tracking server (`--app-name basic-auth` or an authenticating proxy) before it proxies artifacts, or turn the proxy off with `--no-serve-artifacts` when clients use their own storage credentials.',
  docs: {
    summary:
      'Lists the root of the artifact proxy (`GET /api/2.0/mlflow-artifacts/artifacts`) of a running MLflow server without credentials. An HTTP 200 with a file listing means the server is proxying its artifact store (`--serve-artifacts`, on by default since MLflow 2.0) to anyone who can reach it.',
    risk:
      'Through the proxy the server reads and writes the artifact store with its own storage credentials, so an anonymous caller can download every model file and upload a replacement (a pickled model runs code when it is loaded) without holding any cloud credential.',
    bad: { language: 'shell', code: 'mlflow server --host 0.0.0.0 --artifacts-destination s3://ml-artifacts/mlflow\n# GET /api/2.0/mlflow-artifacts/artifacts -> 200 {"files": [...]}' },
    good: { language: 'shell', code: 'mlflow server --app-name basic-auth --host 10.0.3.12 --artifacts-destination s3://ml-artifacts/mlflow\n# GET /api/2.0/mlflow-artifacts/artifacts -> 401' },
    references: [{ title: 'MLflow: artifact proxy (tracking server)', url: 'https://mlflow.org/docs/latest/tracking/artifacts-stores.html' }],
  },
});
