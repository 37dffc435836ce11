import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentArtifact, Exposure } from '../artifacts/deploy/deployment.js';
import { parseArtifact } from '../artifacts/parse.js';
import { analyzeText } from '../core/scan.js';
import { settingsFromDeployment } from '../mlflow/from-deployment.js';
import { jupyterTargets } from '../rules/jupyter/targets.js';
import { reachOf, type Reach } from './exposures.js';

// Real readers, so the reach is judged on what a scan sees.
function read(text: string, file = 'k8s/app.yaml'): DeploymentArtifact {
  const parsed = parseArtifact(file, text, 'yaml');
  assert.ok(parsed.ok && parsed.artifact.kind === 'deployment', `${file} is a deployment`);
  return parsed.artifact as DeploymentArtifact;
}

const names = (list: Exposure[]) => list.map((exposure) => exposure.via ?? exposure.kind);

function reachIn(artifact: DeploymentArtifact, container: string): Reach {
  for (const workload of artifact.workloads) {
    const found = workload.containers.find((candidate) => candidate.name === container);
    if (found) return reachOf(workload, found);
  }
  throw new Error(`no container ${container}`);
}

function summary(reach: Reach) {
  return { open: names(reach.open), authenticated: names(reach.authenticated), restricted: names(reach.restricted), loopback: reach.loopback.map((port) => port.hostPort), internalOnly: reach.internalOnly };
}

const pod = (containers: string, services = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
${containers}${services}`;

const service = (name: string, targetPort: number | string, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}${extra}}
spec:
  type: LoadBalancer
  selector: {app: app}
  ports: [{port: 80, targetPort: ${targetPort}}]
`;

test('compose: open, loopback-only and internal-only services', () => {
  const artifact = read(
    'services:\n  open:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0\n    ports: ["5000:5000"]\n' +
      '  local:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0\n    ports: ["127.0.0.1:5001:5000"]\n' +
      '  inside:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0\n    expose: ["5000"]\n',
    'compose.yaml',
  );
  assert.deepEqual(summary(reachIn(artifact, 'open')), { open: ['published-port'], authenticated: [], restricted: [], loopback: [], internalOnly: undefined });
  assert.deepEqual(summary(reachIn(artifact, 'local')), { open: [], authenticated: [], restricted: [], loopback: [5001], internalOnly: undefined });
  assert.deepEqual(summary(reachIn(artifact, 'inside')), { open: [], authenticated: [], restricted: [], loopback: [], internalOnly: 'the compose network' });
});

test('kubernetes: each route is open, authenticated or restricted, and reaches only the container behind its port', () => {
  const text =
    pod(
      '        - name: mlflow\n          image: ghcr.io/mlflow/mlflow:v2.14.1\n          args: [mlflow, server, --host, 0.0.0.0]\n          ports: [{name: http, containerPort: 5000}]\n' +
        '        - name: proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0\n          ports: [{containerPort: 4180}]\n',
      service('public', 4180) + service('vpc', 'http', ', annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}') + service('office', 5000) + '  loadBalancerSourceRanges: [203.0.113.0/24]\n',
    );
  const artifact = read(text);
  assert.deepEqual(summary(reachIn(artifact, 'mlflow')), { open: [], authenticated: [], restricted: ['Service/vpc', 'Service/office'], loopback: [], internalOnly: undefined });
  assert.deepEqual(summary(reachIn(artifact, 'proxy')), { open: [], authenticated: ['Service/public'], restricted: [], loopback: [], internalOnly: undefined });
  assert.deepEqual(summary(reachIn(read(pod('        - name: api\n          image: acme/api:1.0\n          ports: [{containerPort: 8080}]\n'), 'k8s/api.yaml'), 'api')), { open: [], authenticated: [], restricted: [], loopback: [], internalOnly: 'the cluster network' });
});

test('a port the container declares or its server listens on matches; with neither, the route reaches it unless another container claims the port', () => {
  const mlflow = (ports: string) => `        - name: mlflow\n          image: ghcr.io/mlflow/mlflow:v2.14.1\n          args: [mlflow, server, --host, 0.0.0.0, --port, "5000"]\n${ports}`;
  const api = '        - name: api\n          image: acme/api:1.0\n';
  const metrics = '          ports: [{containerPort: 9090}]\n';
  // MLflow declares only a metrics port: the Service to 5000 reaches it through its --port.
  const listening = read(pod(mlflow(metrics) + api, service('lb', 5000)));
  assert.deepEqual(names(reachIn(listening, 'mlflow').open), ['Service/lb']);
  assert.deepEqual(names(reachIn(listening, 'api').open), [], 'MLflow claims port 5000');
  // A Service to a port only the other container may listen on.
  const other = read(pod(mlflow('') + api, service('lb', 8080)));
  assert.deepEqual(names(reachIn(other, 'mlflow').open), []);
  assert.deepEqual(names(reachIn(other, 'api').open), ['Service/lb']);
  // One container that declares 8080 and a Service to 5000: nothing shows a server there.
  const mismatch = read(pod('        - name: api\n          image: acme/api:1.0\n          ports: [{containerPort: 8080}]\n', service('lb', 5000)));
  assert.deepEqual(names(reachIn(mismatch, 'api').open), []);
});

test('a hostPort bound to the node loopback is loopback, as in compose', () => {
  const artifact = read(pod('        - name: api\n          image: acme/api:1.0\n          ports: [{containerPort: 8080, hostPort: 8080, hostIP: 127.0.0.1}, {containerPort: 9090, hostPort: 9090}]\n'));
  assert.deepEqual(summary(reachIn(artifact, 'api')), { open: ['published-port'], authenticated: [], restricted: [], loopback: [8080], internalOnly: undefined });
  assert.equal(reachIn(artifact, 'api').open[0]!.ports[0], 9090);
});

test('the deploy rule, the MLflow settings and the Jupyter targets read the same reach', () => {
  const mlflowPod = (services: string) => pod('        - name: mlflow\n          image: ghcr.io/mlflow/mlflow:v2.14.1\n          args: [mlflow, server, --host, 0.0.0.0]\n          ports: [{containerPort: 5000}]\n', services);
  const jupyterPod = (services: string) => pod("        - name: lab\n          image: quay.io/jupyter/base-notebook:2024-07-29\n          args: [start-notebook.py, \"--ServerApp.token=''\"]\n          ports: [{containerPort: 8888}]\n", services);
  const internal = ', annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true"}';
  const cases = [
    { name: 'open', services: (port: number) => service('lb', port) },
    { name: 'internal', services: (port: number) => service('lb', port, internal) },
    { name: 'other port', services: () => service('lb', 9999) },
    { name: 'none', services: () => '' },
  ];
  for (const { name, services } of cases) {
    const mlflowText = mlflowPod(services(5000));
    const deployMlflow = analyzeText('k8s/mlflow.yaml', mlflowText, 'yaml').findings.filter((finding) => finding.ruleId === 'deploy/exposed-without-auth');
    const settings = settingsFromDeployment(read(mlflowText))[0]!;
    assert.equal(deployMlflow.length > 0, name === 'open', `deploy rule on MLflow, ${name}`);
    assert.equal(deployMlflow.length > 0, settings.published !== undefined && settings.publishedAuth === undefined, `MLflow, ${name}`);
    assert.equal(settings.restrictedTo !== undefined, name === 'internal', `MLflow restrictedTo, ${name}`);
    const jupyterText = jupyterPod(services(8888));
    const deployJupyter = analyzeText('k8s/lab.yaml', jupyterText, 'yaml').findings.filter((finding) => finding.ruleId === 'deploy/exposed-without-auth');
    const target = jupyterTargets(read(jupyterText))[0]!;
    assert.equal(deployJupyter.length > 0, name === 'open', `deploy rule on Jupyter, ${name}`);
    assert.equal(deployJupyter.length > 0, target.remote !== undefined, `Jupyter, ${name}`);
    assert.equal(target.restricted !== undefined, name === 'internal', `Jupyter restricted, ${name}`);
  }
});
