import { workflowSecrets } from '../../artifacts/workflow/workflow-secrets.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeWorkflowSecret, secretNameFor } from './describe-secret.js';

export default defineRule({
  id: 'workflow/credentials-in-uri',
  artifact: 'workflow',
  title: 'Password embedded in a URI in a workflow',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  labSignal: 'CI secret in plaintext',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-798', 'CWE:CWE-522'),
  control:
    'Keep the URI free of credentials and pass them separately from GitHub Secrets: for MLflow, MLFLOW_TRACKING_URI without user:password plus MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) from ${{ secrets.* }}.',
  docs: {
    summary:
      'Finds user:password@host credentials inside URIs in workflows, notably MLFLOW_TRACKING_URI=https://user:pass@mlflow…, database URIs (postgresql, mysql, mongodb, redis) and artifact-store endpoints, in env, inputs, scripts and any other value. Template references such as ${{ secrets.X }} or $VAR in the password position are not reported.',
    risk:
      'A URI travels further than a password: it is printed by tools, written to MLflow run metadata, logged by HTTP clients and copied into notebooks. With the tracking server\'s credentials an attacker can read every run and register or promote models.',
    bad: { language: 'yaml', code: 'env:\n  MLFLOW_TRACKING_URI: https://ci-user:…@mlflow.internal.example' },
    good: {
      language: 'yaml',
      code: 'env:\n  MLFLOW_TRACKING_URI: https://mlflow.internal.example\n  MLFLOW_TRACKING_USERNAME: ci-user\n  MLFLOW_TRACKING_PASSWORD: ${{ secrets.MLFLOW_TRACKING_PASSWORD }}',
    },
    references: [{ title: 'MLflow authentication: environment variables', url: 'https://mlflow.org/docs/latest/auth/index.html' }],
  },
  check({ artifact, platform, report }) {
    for (const secret of workflowSecrets(artifact)) {
      if (secret.match?.detector.id !== 'uri-password') continue;
      const described = describeWorkflowSecret(secret, artifact, platform);
      const host = /@([^/\s]+)/.exec(secret.match.display ?? '')?.[1] ?? 'host';
      const scheme = /^([a-z0-9+.-]+):/i.exec(secret.match.display ?? '')?.[1] ?? 'https';
      const user = /:\/\/([^:]+):/.exec(secret.match.display ?? '')?.[1] ?? 'user';
      const mlflow = /MLFLOW/i.test(secret.name ?? '');
      const base = (secret.name ?? secretNameFor(secret)).replace(/_URI$|_URL$/i, '');
      report({
        ...described,
        title: mlflow ? 'MLflow tracking credentials in plain text in the tracking URI' : 'Password embedded in a URI in a workflow',
        severity: 'high',
        recommendation: mlflow
          ? `Set MLFLOW_TRACKING_URI to ${scheme}://${host} and pass MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD from GitHub Secrets; then change the tracking user's password. Revoke the exposed value first: ${secret.match.detector.revoke}.`
          : `Remove the password from the URI and pass it from a GitHub Secret (\`gh secret set ${base}_PASSWORD\`). Revoke the exposed value first: ${secret.match.detector.revoke}.`,
        fix: mlflow
          ? {
              description: 'Tracking URI without credentials; username and password from GitHub Secrets',
              snippet: `MLFLOW_TRACKING_URI: ${scheme}://${host}\nMLFLOW_TRACKING_USERNAME: ${user}\nMLFLOW_TRACKING_PASSWORD: \${{ secrets.MLFLOW_TRACKING_PASSWORD }}`,
              language: 'yaml',
            }
          : { description: 'URI without the password, which comes from a GitHub Secret', snippet: `${secret.name ?? 'URI'}: ${scheme}://${user}:\${{ secrets.${base}_PASSWORD }}@${host}`, language: 'yaml' },
      });
    }
  },
});
