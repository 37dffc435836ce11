import type { Container, DeploymentArtifact, Exposure, Workload } from '../../artifacts/deploy/deployment.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { redact } from '../../secrets/redact.js';
import { identifyContainer, isLoopbackHost, type ServiceIdentity } from '../../deploy/identify.js';
import { reachOf } from '../../deploy/exposures.js';

// Reads the whole picture of one workload: what the container runs, whether it checks credentials itself,
// where it listens, and every way the compose file or the manifests make it reachable from outside.

const REPORTED = new Set(['mlflow', 'jupyter', 'inference-api', 'kserve-predictor', 'ml-dashboard']);

function what(identity: ServiceIdentity, container: Container, format: DeploymentArtifact['format'], workload: Workload): string {
  const where = format === 'compose' ? `Service \`${container.name}\`` : `Container \`${container.name}\` of ${workload.name}`;
  const command = container.argv.length ? ` (\`${safeCommand(container.argv.map((word) => word.value).join(' '))}\`)` : container.image ? ` (image \`${container.image.value}\`)` : '';
  return `${where} runs ${identity.label}${command}`;
}

/** The command line for a message: passwords in URIs and values of secret-looking options masked, long lines cut. */
export function safeCommand(command: string): string {
  const masked = command
    .replace(/(\w+:\/\/[^:@/\s]*:)([^@\s]+)@/g, (_all, head: string, secret: string) => `${head}${redact(secret)}@`)
    .replace(/(--?[\w.-]*(?:password|token|secret|api[-_]?key)[\w.-]*[= ])(\S+)/gi, (_all, head: string, secret: string) => (/^(''|""|)$/.test(secret) ? `${head}${secret}` : `${head}${redact(secret)}`));
  return masked.length > 140 ? `${masked.slice(0, 137)}...` : masked;
}

function recommendation(identity: ServiceIdentity, format: DeploymentArtifact['format'], exposure: Exposure, container: Container): { text: string; snippet: string; language: string } {
  const port = exposure.ports[0] ?? container.ports[0]?.containerPort ?? (identity.service === 'mlflow' ? 5000 : identity.service === 'jupyter' ? 8888 : 8080);
  const ownAuth =
    identity.service === 'mlflow'
      ? 'turn on MLflow authentication with `--app-name basic-auth` (and a basic_auth.ini with `default_permission = NO_PERMISSIONS` and a changed admin password)'
      : identity.service === 'jupyter'
        ? 'remove the empty token option and set a token (JUPYTER_TOKEN from a secret) or a hashed password'
        : identity.service === 'inference-api' || identity.service === 'kserve-predictor'
          ? 'require a credential on every inference route (an API key or OIDC dependency in the app, or an auth-enabled route)'
          : 'add authentication';
  if (format === 'compose') {
    if (exposure.kind === 'host-network') {
      return {
        text: `Drop \`network_mode: host\` and publish only the port you need on the loopback address (\`127.0.0.1:${port}:${port}\`), reaching it through an SSH tunnel or an authenticating proxy; or ${ownAuth}.`,
        snippet: `ports:\n  - "127.0.0.1:${port}:${port}"`,
        language: 'yaml',
      };
    }
    const snippet =
      identity.service === 'mlflow'
        ? `command: mlflow server --host 0.0.0.0 --port ${port} --app-name basic-auth ...\nports:\n  - "127.0.0.1:${port}:${port}"\nenvironment:\n  MLFLOW_AUTH_CONFIG_PATH: /etc/mlflow/basic_auth.ini\n# basic_auth.ini:\n# [mlflow]\n# default_permission = NO_PERMISSIONS\n# database_uri = sqlite:///basic_auth.db\n# admin_username = admin\n# admin_password = <set from a secret, not the shipped default>`
        : `ports:\n  - "127.0.0.1:${port}:${port}"`;
    return {
      text: `Publish the port on the loopback address only (\`127.0.0.1:${port}:${port}\`) and reach it through an SSH tunnel or an authenticating proxy (oauth2-proxy) that is the only published service; and ${ownAuth}.`,
      snippet,
      language: 'yaml',
    };
  }
  if (exposure.kind === 'route') {
    return {
      text: `Keep the InferenceService inside the cluster with the label \`networking.kserve.io/visibility: cluster-local\` and let outside callers in only through a gateway that authenticates them (an Istio RequestAuthentication with an AuthorizationPolicy that requires a principal, or the platform's auth-enabled route such as \`security.opendatahub.io/enable-auth: "true"\`); and ${ownAuth}.`,
      snippet: `metadata:\n  labels:\n    networking.kserve.io/visibility: cluster-local\n---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: require-jwt\nspec:\n  selector:\n    matchLabels:\n      serving.kserve.io/inferenceservice: <name>\n  action: ALLOW\n  rules:\n    - from:\n        - source:\n            requestPrincipals: ["*"]`,
      language: 'yaml',
    };
  }
  return {
    text: `Make the Service \`type: ClusterIP\` (no hostNetwork or hostPort) and publish it through an Ingress that authenticates (for ingress-nginx: \`nginx.ingress.kubernetes.io/auth-url\` and \`auth-signin\` pointing at oauth2-proxy) and terminates TLS, or put an oauth2-proxy sidecar in front of the port; and ${ownAuth}.`,
    snippet:
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${container.name}\n  annotations:\n    nginx.ingress.kubernetes.io/auth-url: "https://oauth2.example.com/oauth2/auth"\n    nginx.ingress.kubernetes.io/auth-signin: "https://oauth2.example.com/oauth2/start?rd=$escaped_request_uri"\nspec:\n  tls:\n    - hosts: [${container.name}.example.com]\n      secretName: ${container.name}-tls\n  rules:\n    - host: ${container.name}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: <the ClusterIP service>\n                port:\n                  number: ${port}`,
    language: 'yaml',
  };
}

function impact(identity: ServiceIdentity): string {
  switch (identity.service) {
    case 'mlflow':
      return 'Anyone who reaches the port can read every experiment, parameter and metric, download registered models and artifacts, register a poisoned model version, move the Production alias to it, or delete runs and models; the server also hands out the artifact store through its proxy.';
    case 'jupyter':
      return identity.auth === 'off'
        ? 'Anyone who reaches the port gets a Python shell in the container: they run code with its credentials (cloud keys, tokens, mounted data), read the notebooks and data, and can pivot to the rest of the network.'
        : 'If the token or password is weak or leaks (it is printed in the logs), whoever reaches the port gets a Python shell in the container.';
    case 'ml-dashboard':
      return 'Anyone who reaches the port reads the training runs, metrics and sample data shown there.';
    default:
      return 'Anyone who reaches the port can query the model as much as they like (extraction of the model through its answers, cost), probe it with crafted inputs, and use any admin or reload routes the server has.';
  }
}

export default defineRule({
  id: 'deploy/exposed-without-auth',
  artifact: 'deployment',
  title: 'ML service reachable from outside without authentication',
  category: 'missing-authentication',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM10:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'MITRE-ATLAS:AML.T0040', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-306', 'CWE:CWE-668'),
  control:
    'Keep ML services off public interfaces: publish compose ports on 127.0.0.1 (`"127.0.0.1:5000:5000"`) or use a ClusterIP Service, and let users in only through an authenticating proxy or ingress (oauth2-proxy, ingress auth annotations) with TLS; turn on the service\'s own authentication as well (`mlflow server --app-name basic-auth`, a Jupyter token or password).',
  docs: {
    summary:
      'Reads docker-compose files and Kubernetes manifests (Deployments, StatefulSets, Pods, Services, Ingresses, KServe InferenceServices) as a whole and finds MLflow tracking servers, Jupyter servers, TensorBoard and inference APIs (uvicorn/FastAPI, TorchServe, Triton, vLLM, KServe predictors) that are reachable from outside and do not authenticate callers. Reachable means: a compose port published without a loopback host address, `network_mode: host`, Traefik router labels on a compose service, a `LoadBalancer` or `NodePort` Service that selects the pod, an Ingress routed to such a Service, `hostNetwork` or `hostPort`, or a KServe route that is not cluster-local; a route that names ports reaches the container that declares one of them or whose server listens on one (MLflow\'s `--port`, 5000 by default). It is not reported when the process listens only on loopback, when the port is published on 127.0.0.1, when an ingress auth annotation (nginx auth-url/auth-type, Traefik forward-auth middleware on the Ingress or the compose router, ALB OIDC) or an oauth2-proxy sidecar owns the exposed port, when a load balancer is internal or limited by source ranges (an open MLflow or Jupyter server behind one is reported by its own rule), or when the service authenticates by itself (`--app-name basic-auth`, a Jupyter token, which is the default). Critical for MLflow without its auth app and for Jupyter with the token explicitly emptied; high otherwise (inference APIs whose code may check credentials are reported with medium confidence).',
    risk:
      'Open-source MLflow has no login unless started with its basic-auth app, so a published tracking server lets anyone read every experiment, download models, register a poisoned version and point the production alias at it. A Jupyter server with an empty token is a remote Python shell with the pod\'s cloud credentials. An open inference endpoint invites model extraction, abuse of GPU capacity and probing with adversarial inputs. Scanners find such ports within hours of them going up.',
    bad: {
      language: 'yaml',
      code: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0 --port 5000\n    ports:\n      - "5000:5000"',
    },
    good: {
      language: 'yaml',
      code: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0 --port 5000 --app-name basic-auth\n    environment:\n      MLFLOW_AUTH_CONFIG_PATH: /etc/mlflow/basic_auth.ini\n    ports:\n      - "127.0.0.1:5000:5000"',
      note: 'basic_auth.ini sets `default_permission = NO_PERMISSIONS` and an admin password of your own; `mlops-audit fix compose.yaml` makes the two compose changes.',
    },
    references: [
      { title: 'MLflow authentication (basic-auth app)', url: 'https://mlflow.org/docs/latest/auth/index.html' },
      { title: 'Docker Compose: ports (host IP binding)', url: 'https://docs.docker.com/reference/compose-file/services/#ports' },
      { title: 'Jupyter Server security', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html' },
      { title: 'ingress-nginx external authentication', url: 'https://kubernetes.github.io/ingress-nginx/examples/auth/oauth-external-auth/' },
    ],
  },
  check({ artifact, report }) {
    for (const workload of artifact.workloads) {
      for (const container of workload.containers) {
        const identity = identifyContainer(container, { workloadKind: workload.kind });
        if (!REPORTED.has(identity.service) || identity.auth === 'on') continue;
        const open = reachOf(workload, container).open;
        // A process that listens only on loopback cannot be reached through a published port (host networking aside).
        const loopback = isLoopbackHost(identity.listenHost);
        const exposures = loopback ? open.filter((exposure) => exposure.kind === 'host-network') : open;
        const first = exposures[0];
        if (!first) continue;
        const critical = (identity.service === 'mlflow' && identity.auth === 'off') || (identity.service === 'jupyter' && identity.authOff === 'explicit');
        const fix = recommendation(identity, artifact.format, first, container);
        const reachable = exposures.map((exposure) => exposure.description).join('; ');
        const tlsNote = exposures.some((exposure) => exposure.kind === 'ingress' && !exposure.tls) ? ['The ingress has no `tls:` section, so credentials and data would also cross the network in clear text.'] : [];
        const defaultHost = identity.listenHostSource === 'default' && identity.listenHost && !loopback ? [`${identity.label} listens on ${identity.listenHost} by default.`] : [];
        report({
          start: first.start,
          end: first.end,
          location: { yamlPath: first.pointer },
          severity: critical ? 'critical' : 'high',
          confidence: identity.auth === 'unknown' ? 'medium' : 'high',
          title: `${identity.label.replace(/^(the|a|an) /, '').replace(/^./, (c) => c.toUpperCase())} reachable from outside without authentication`,
          message:
            `${what(identity, container, artifact.format, workload)}; ${identity.auth === 'off' ? 'it does not authenticate callers' : 'nothing in front of it authenticates callers'}: ${identity.authReason}. ` +
            `It is reachable from outside: ${reachable}${identity.listenHost ? `, and it listens on ${identity.listenHost}` : ''}. ${impact(identity)} ` +
            `Recommended: ${fix.text}`,
          evidence: `${artifact.text.slice(first.start, first.end).split('\n')[0]!.trim()} -> ${identity.label}, ${identity.auth === 'off' ? 'no authentication' : 'authentication unknown'}`,
          blastRadius: `${impact(identity)} ${first.kind === 'published-port' || first.kind === 'host-network' ? 'Reachable by anyone who can reach the host on that port (the internet, if the host has a public address and no firewall).' : first.kind === 'ingress' ? `Reachable by anyone who can resolve and reach the ingress host${first.tls ? '' : ', over plain HTTP'}.` : first.kind === 'route' ? 'Reachable by anyone who can reach the cluster\'s ingress gateway, usually the internet.' : 'Reachable by anyone who can reach the cluster nodes or the load balancer address.'}`,
          identity: `${workload.name}:${container.name}:${identity.service}:exposed`,
          recommendation: fix.text,
          related: [
            ...exposures.slice(1).map((exposure) => ({ start: exposure.start, location: { yamlPath: exposure.pointer }, message: exposure.description })),
            ...(identity.authEvidence ? [{ start: identity.authEvidence.start, location: { yamlPath: identity.authEvidence.pointer }, message: identity.authReason }] : []),
          ],
          notes: [...defaultHost, ...tlsNote],
          fix: { description: artifact.format === 'compose' ? 'Port published on loopback only (and the service\'s own authentication)' : first.kind === 'route' ? 'Cluster-local InferenceService behind an authenticating gateway' : 'ClusterIP Service behind an authenticating ingress with TLS', snippet: fix.snippet, language: fix.language },
        });
      }
    }
  },
});
