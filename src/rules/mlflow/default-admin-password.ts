import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { DEFAULT_ADMIN_PASSWORD, type MlflowServerSettings, type Setting } from '../../mlflow/settings.js';
import { describeSource, serversIn, SERVER_KINDS, span } from './server-facts.js';

function defaults(settings: MlflowServerSettings): Array<{ setting: Setting<string>; name: string }> {
  const out: Array<{ setting: Setting<string>; name: string }> = [];
  if (settings.adminPassword?.value.trim() === DEFAULT_ADMIN_PASSWORD) {
    const name = settings.source === 'ini' ? 'admin_password' : settings.source === 'helm-bitnami' ? 'tracking.auth.password' : settings.source === 'helm-community' ? 'auth.adminPassword' : 'admin password';
    out.push({ setting: settings.adminPassword, name });
  }
  if (settings.trackingPassword?.value.trim() === DEFAULT_ADMIN_PASSWORD) out.push({ setting: settings.trackingPassword, name: 'MLFLOW_TRACKING_PASSWORD' });
  return out;
}

export default defineRule({
  id: 'mlflow/default-admin-password',
  artifact: SERVER_KINDS,
  title: 'MLflow admin account keeps the shipped default password',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-1392', 'CWE:CWE-798'),
  control:
    'Set the admin password of the basic-auth app from a secret at deploy time (and change it with the MLflow users API on an existing server); never keep the password shipped in MLflow\'s default basic_auth.ini.',
  docs: {
    summary:
      'Finds MLflow\'s basic-auth admin account configured with the password MLflow ships in its default basic_auth.ini (`password1234`): `admin_password` in basic_auth.ini, `auth.adminPassword` (community chart) or `tracking.auth.password` (bitnami chart) in Helm values, and MLFLOW_TRACKING_PASSWORD set to it (the client logs in with the default, so the server still has it). A password other than the default is never shown.',
    risk:
      'The default admin password is printed in MLflow\'s documentation and source. Authentication with it is authentication in name only: the admin can read everything, grant itself any permission, delete experiments and promote any model version.',
    bad: { language: 'ini', code: '[mlflow]\ndefault_permission = READ\nadmin_username = admin\nadmin_password = password1234' },
    good: {
      language: 'ini',
      code: '[mlflow]\ndefault_permission = READ\nadmin_username = admin\n# admin_password is written at deploy time from a secret store (for example an init container\n# that renders this file from /run/secrets/mlflow_admin_password), never committed.',
    },
    references: [{ title: 'MLflow authentication: configuration', url: 'https://mlflow.org/docs/latest/auth/index.html#configuration' }],
  },
  check({ artifact, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      for (const { setting, name } of defaults(settings)) {
        report({
          ...span(setting),
          message: `${name} in ${describeSource(settings)} is MLflow's shipped default admin password. Anyone who has read the MLflow documentation can log in as the admin, so the basic-auth app protects nothing. Render the admin password from a secret at deploy time and change it on the running server.`,
          evidence: `${name} = <MLflow's shipped default>`,
          blastRadius: 'Whoever reaches the server logs in as the MLflow admin: every experiment, run and artifact, every permission, and promotion of any model version to Production.',
          identity: `mlflow-default-admin:${name}`,
          recommendation: 'Generate a strong admin password, store it in your secret manager, render it into basic_auth.ini (or the chart\'s existing Secret) at deploy time, and on a running server change it with `mlflow.server.get_app_client("basic-auth").update_user_password(...)`.',
          fix: {
            description: 'Admin password from a secret instead of the shipped default',
            snippet: settings.source.startsWith('helm')
              ? settings.source === 'helm-bitnami'
                ? 'tracking:\n  auth:\n    enabled: true\n    existingSecret: mlflow-admin          # kubectl create secret generic mlflow-admin --from-literal=admin-password=…'
                : 'auth:\n  enabled: true\n  existingAdminSecret:\n    name: mlflow-admin\n    usernameKey: username\n    passwordKey: password'
              : '[mlflow]\ndefault_permission = READ\nadmin_username = admin\nadmin_password = ${MLFLOW_ADMIN_PASSWORD}   # rendered from the secret store at deploy time',
            language: settings.source.startsWith('helm') ? 'yaml' : 'ini',
          },
        });
      }
    }
  },
});
