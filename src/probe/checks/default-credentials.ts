import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/default-credentials',
  title: 'Service accepts the vendor default admin password',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-1392', 'CWE:CWE-798'),
  control:
    'Set the admin password from a secret at deploy time and change it on running servers (for MLflow: `PATCH /api/2.0/mlflow/users/update-password` as admin, or `admin_password` in basic_auth.ini before the first start); never keep the password the project ships in its default configuration.',
  docs: {
    summary:
      'Only with `--try-default-credentials`: repeats one read-only request (MLflow experiments search) with HTTP basic authentication as `admin` and the password MLflow ships in its default basic_auth.ini, and reports the server when that request is answered with HTTP 200 while the same request without credentials is refused. The password is never printed.',
    risk:
      'The default admin password is public. The admin account of the MLflow basic-auth app can read and change every experiment and registered model and manage users and permissions, so the authentication in front of the registry protects nothing.',
    bad: { language: 'ini', code: '[mlflow]\nadmin_username = admin\nadmin_password = password1234' },
    good: { language: 'ini', code: '[mlflow]\nadmin_username = admin\n# admin_password is written from the secret store at deploy time' },
    references: [{ title: 'MLflow: authentication with basic HTTP auth', url: 'https://mlflow.org/docs/latest/auth/index.html' }],
  },
});
