import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/mlflow-unauthenticated',
  title: 'MLflow tracking server answers API reads without credentials',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-1188'),
  control:
    'Run the tracking server with authentication: `mlflow server --app-name basic-auth` with a basic_auth.ini whose admin password comes from a secret and whose default_permission is READ or NO_PERMISSIONS, or put it behind an authenticating proxy (OIDC) and bind it to a private address.',
  docs: {
    summary:
      'Sends read-only REST calls to a running MLflow tracking server (experiments search and registered-models search with max_results=1) without any credentials and reports the server when it answers them with HTTP 200. The evidence names the endpoint and the status; the content of the answer is not shown.',
    risk:
      'An MLflow server that answers without credentials also accepts writes from anyone who can reach it: new model versions, changed stage or alias, deleted runs. Whoever can reach the port can replace the model that serving loads, read experiment parameters (often with data paths and credentials) and download artifacts.',
    bad: { language: 'shell', code: 'mlflow server --host 0.0.0.0 --port 5000 --backend-store-uri postgresql://mlflow@db/mlflow\n# GET /api/2.0/mlflow/experiments/search?max_results=1 -> 200 without credentials' },
    good: {
      language: 'shell',
      code: 'MLFLOW_AUTH_CONFIG_PATH=/etc/mlflow/basic_auth.ini \\\n  mlflow server --app-name basic-auth --host 10.0.3.12 --port 5000 --backend-store-uri postgresql://mlflow@db/mlflow\n# GET /api/2.0/mlflow/experiments/search?max_results=1 -> 401',
      note: 'basic_auth.ini: `default_permission = READ`, `admin_username = admin`, and an admin password set from a secret at deploy time.',
    },
    references: [
      { title: 'MLflow: authentication with basic HTTP auth', url: 'https://mlflow.org/docs/latest/auth/index.html' },
      { title: 'MLflow REST API', url: 'https://mlflow.org/docs/latest/rest-api.html' },
    ],
  },
});
