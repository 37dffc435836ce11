import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { bindsBeyondLoopback, hasTls } from '../../mlflow/settings.js';
import { describeSource, listening, serversIn, span } from './server-facts.js';

export default defineRule({
  id: 'mlflow/no-tls',
  artifact: ['json', 'yaml', 'script', 'deployment'],
  title: 'MLflow tracking server reachable over plain HTTP',
  category: 'insecure-transport',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-319'),
  control:
    'Terminate TLS for the tracking server: an ingress or load balancer with a certificate in front of it, or `--gunicorn-opts "--certfile … --keyfile …"` on the server itself; keep plain HTTP only on 127.0.0.1.',
  docs: {
    summary:
      'Finds MLflow servers reachable beyond loopback with no TLS anywhere on the path: a JSON server config with `tls.enabled: false` and a non-loopback host, a shell script starting `mlflow server` on a non-loopback host without `--certfile`/`--keyfile` in `--gunicorn-opts` (or `--ssl-certfile` in `--uvicorn-opts`), Helm values that publish the server through a LoadBalancer, NodePort or an ingress without `tls`, and published containers of compose or Kubernetes files without TLS. Dockerfiles are not judged: the image does not decide how it is published.',
    risk:
      'MLflow basic auth sends the username and password with every request, and clients send MLFLOW_TRACKING_PASSWORD the same way. Over plain HTTP anyone on the path (a shared VPC, a compromised pod, Wi-Fi) reads the credentials and can alter model artifacts and metrics in transit.',
    bad: { language: 'shell', code: 'mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000' },
    good: { language: 'shell', code: 'mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000 \\\n  --gunicorn-opts "--certfile /etc/mlflow/tls/tls.crt --keyfile /etc/mlflow/tls/tls.key"' },
    references: [{ title: 'MLflow server: gunicorn options', url: 'https://mlflow.org/docs/latest/cli.html#mlflow-server' }],
  },
  check({ artifact, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      if (!settings.isServer || settings.source === 'env' || hasTls(settings) || !bindsBeyondLoopback(settings)) continue;
      const helm = settings.source.startsWith('helm') || artifact.kind === 'deployment';
      // In a cluster, plain HTTP between pods is common; report only when the server is published.
      if (helm && !settings.published) continue;
      const target = settings.tls && !settings.tls.value ? settings.tls : (settings.published ?? settings.host ?? settings.anchor);
      report({
        ...span(target),
        message: `${describeSource(settings)[0]!.toUpperCase()}${describeSource(settings).slice(1)} serves MLflow on ${listening(settings)}${settings.published ? ` (published: ${settings.published.value})` : ''} without TLS. Tracking credentials, tokens and model artifacts cross the network in clear text. Terminate TLS at an ingress or load balancer, or give gunicorn a certificate.`,
        evidence: settings.tls ? 'tls.enabled: false' : settings.published ? `${settings.published.value} without tls` : `--host ${settings.host?.value ?? ''} without --certfile/--keyfile`,
        blastRadius: 'Anyone on the network path reads MLflow passwords and tokens sent with every request, and can tamper with model artifacts and metrics on the wire.',
        identity: `mlflow-no-tls:${settings.source}`,
        recommendation: helm
          ? 'Publish the server only through an ingress with a TLS certificate (ingress.tls with a cert-manager issued secret) and keep the service ClusterIP.'
          : 'Put the server behind a TLS-terminating proxy, or pass --gunicorn-opts "--certfile … --keyfile …", and give clients an https:// MLFLOW_TRACKING_URI.',
        fix: {
          description: 'TLS in front of the tracking server',
          snippet: helm
            ? 'ingress:\n  enabled: true\n  annotations:\n    cert-manager.io/cluster-issuer: internal-ca\n  tls:\n    - secretName: mlflow-tls\n      hosts: [mlflow.internal.example]'
            : settings.source === 'lab-json'
              ? '"tls": { "enabled": true }'
              : 'mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000 \\\n  --gunicorn-opts "--certfile /etc/mlflow/tls/tls.crt --keyfile /etc/mlflow/tls/tls.key"',
          language: helm ? 'yaml' : settings.source === 'lab-json' ? 'json' : 'shell',
        },
      });
    }
  },
});
