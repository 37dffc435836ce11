import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { bindsBeyondLoopback, hasAuthentication } from '../../mlflow/settings.js';
import { BASIC_AUTH_COMMAND, BASIC_AUTH_INI, describeSource, listening, serversIn, SERVER_KINDS, span } from './server-facts.js';

export default defineRule({
  id: 'mlflow/unauthenticated-tracking-server',
  artifact: SERVER_KINDS,
  title: 'MLflow tracking server and model registry without authentication',
  category: 'missing-authentication',
  severity: 'high',
  confidence: 'high',
  labSignal: 'unauthenticated model registry',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-306', 'CWE:CWE-1188'),
  control:
    'Start the server with `mlflow server --app-name basic-auth` and a basic_auth.ini (default_permission = READ, an admin password from a secret, a database_uri for the user store), or put an authenticating proxy in front; never bind an unauthenticated server beyond 127.0.0.1.',
  docs: {
    summary:
      'Finds MLflow tracking servers that accept connections from other machines with no authentication: an `mlflow server` command line (shell script, Dockerfile, compose or Kubernetes container) bound to a non-loopback host without `--app-name`, Helm values of the community chart with `auth.enabled` off (its default) and no LDAP or ingress auth, bitnami values with `tracking.auth.enabled: false`, and a JSON server config with `authentication.enabled: false`. Critical when the server is also published (LoadBalancer, NodePort, ingress, a port published on every interface); high when its only routes are an internal load balancer or one limited by source ranges, which deploy/exposed-without-auth leaves out, since everyone on that network still gets in without a login.',
    risk:
      'Open-source MLflow has no login unless the basic-auth app (or a proxy) is enabled. Anyone who reaches the port can read every experiment, parameter and artifact, register a new model version or move an alias or stage, so the inference service loads whatever they registered. With artifact proxying on, they also read and write the artifact store with the server\'s credentials.',
    bad: { language: 'shell', code: 'mlflow server --host 0.0.0.0 --port 5000 \\\n  --backend-store-uri postgresql://mlflow@db:5432/mlflow' },
    good: { language: 'shell', code: `${BASIC_AUTH_COMMAND}\n\n# /etc/mlflow/basic_auth.ini\n${BASIC_AUTH_INI}` },
    references: [
      { title: 'MLflow authentication (basic-auth app)', url: 'https://mlflow.org/docs/latest/auth/index.html' },
      { title: 'MLflow tracking server', url: 'https://mlflow.org/docs/latest/tracking/server.html' },
    ],
  },
  check({ artifact, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      // A .env file alone does not show how the server is started (the command line may add --app-name).
      if (!settings.isServer || settings.source === 'env' || hasAuthentication(settings) || !bindsBeyondLoopback(settings)) continue;
      // A published container is reported once, at the port or Service that publishes it, by deploy/exposed-without-auth.
      if (artifact.kind === 'deployment' && settings.published) continue;
      const published = settings.published;
      const where = describeSource(settings);
      const target = settings.authEnabled && !settings.authEnabled.value ? settings.authEnabled : settings.anchor;
      const helm = settings.source.startsWith('helm');
      const current = settings.authEnabled
        ? `${where} turns authentication off (${settings.source === 'lab-json' ? 'authentication.enabled' : settings.source === 'helm-bitnami' ? 'tracking.auth.enabled' : 'auth.enabled'} is false)`
        : helm
          ? `${where} leave authentication off (auth.enabled is not set; the chart's default is false)`
          : `${where} has no --app-name, so MLflow starts without authentication`;
      const fixSnippet = helm
        ? settings.source === 'helm-bitnami'
          ? 'tracking:\n  auth:\n    enabled: true\n    existingSecret: mlflow-admin   # admin password from a Secret'
          : 'auth:\n  enabled: true\n  defaultPermission: READ\n  existingAdminSecret:\n    name: mlflow-admin            # admin password from a Secret, not password1234\n  postgres:\n    enabled: true                 # user store in a database, not SQLite in the pod'
        : settings.source === 'lab-json'
          ? '"authentication": {\n  "enabled": true,\n  "app_name": "basic-auth"\n}'
          : `${BASIC_AUTH_COMMAND}\n\n# basic_auth.ini\n${BASIC_AUTH_INI}`;
      report({
        ...span(target),
        severity: published ? 'critical' : 'high',
        message: `${current[0]!.toUpperCase()}${current.slice(1)} while it listens on ${listening(settings)}${published ? ` and is published (${published.value})` : settings.restrictedTo ? ` and is reachable through ${settings.restrictedTo}` : ''}. Anyone who reaches it can read every run and artifact and register or promote models. Enable the basic-auth app (--app-name basic-auth) with a basic_auth.ini whose default_permission is READ.`,
        evidence: settings.authEnabled ? `${settings.source === 'lab-json' ? 'authentication.enabled' : 'auth.enabled'}: ${String(settings.authEnabled.value)}` : `${settings.anchor.value}${settings.host ? ` --host ${settings.host.value}` : ''} (no --app-name)`,
        blastRadius: `Every user of the network${published ? ', and with the published endpoint anyone on the internet,' : ''} can read all experiments, runs and model artifacts, register model versions and move them to Production: the inference service then serves whatever an attacker registered.`,
        identity: `mlflow-unauthenticated:${settings.source}:${settings.anchor.value}`,
        recommendation: helm
          ? 'Set auth.enabled: true in the values (admin credentials from an existing Secret, defaultPermission READ), and keep the service ClusterIP behind an ingress with TLS.'
          : 'Start the server with --app-name basic-auth, point MLFLOW_AUTH_CONFIG_PATH at a basic_auth.ini with default_permission = READ and a database_uri, change the admin password from a secret on first start, and set MLFLOW_FLASK_SERVER_SECRET_KEY.',
        fix: { description: 'Authentication on (MLflow basic-auth app)', snippet: fixSnippet, language: helm ? 'yaml' : settings.source === 'lab-json' ? 'json' : 'shell' },
      });
    }
  },
});
