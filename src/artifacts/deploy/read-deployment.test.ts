import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArtifact } from '../parse.js';
import type { DeploymentArtifact } from './deployment.js';
import { positionAt, positionOf } from '../../testing/rule-test-kit.js';

function read(text: string, file = 'deploy/compose.yaml'): DeploymentArtifact {
  const parsed = parseArtifact(file, text, 'yaml');
  assert.ok(parsed.ok, 'parses');
  assert.equal(parsed.artifact.kind, 'deployment');
  return parsed.artifact as DeploymentArtifact;
}

const at = (text: string, offset: number) => {
  const { line, column } = positionAt(text, offset);
  return `${line}:${column}`;
};
const where = (text: string, needle: string) => {
  const { line, column } = positionOf(text, needle);
  return `${line}:${column}`;
};

const COMPOSE = `services:
  mlflow:
    image: ghcr.io/mlflow/mlflow:v2.14.1
    entrypoint: ["/usr/bin/tini", "--"]
    command: mlflow server --host 0.0.0.0 --gunicorn-opts "--timeout 120"
    ports:
      - "127.0.0.1:5000:5000"
      - 8000-8010:9000-9010/tcp
      - "[::1]::6000"
      - target: 7000
        published: "7001"
        host_ip: 10.0.0.5
    expose:
      - "9090"
    environment:
      - MLFLOW_S3_ENDPOINT_URL=http://minio:9000
      - AWS_PROFILE
    env_file: [.env, {path: ./mlflow.env}]
    user: "0:0"
    labels:
      com.acme.team: ml
  worker:
    image: acme/worker:1.0
    network_mode: host
    environment:
      QUEUE: "train"
      TOKEN:
    command:
      - sh
      - -c
      - "python worker.py && echo done"
`;

test('compose: argv words keep their spans, quoted words decoded, entrypoint before command', () => {
  const artifact = read(COMPOSE);
  assert.equal(artifact.format, 'compose');
  const mlflow = artifact.workloads.find((workload) => workload.name === 'mlflow')!.containers[0]!;
  assert.deepEqual(
    mlflow.argv.map((word) => word.value),
    ['/usr/bin/tini', '--', 'mlflow', 'server', '--host', '0.0.0.0', '--gunicorn-opts', '--timeout 120'],
  );
  const server = mlflow.argv[3]!;
  assert.equal(COMPOSE.slice(server.start, server.end), 'server');
  assert.equal(at(COMPOSE, server.start), where(COMPOSE, 'server --host'));
  const opts = mlflow.argv[7]!;
  assert.equal(COMPOSE.slice(opts.start, opts.end), '"--timeout 120"');
  assert.equal(mlflow.argv[0]!.pointer, 'services.mlflow.entrypoint[0]');
  assert.deepEqual(mlflow.argvSources!.map((source) => [source.key, source.form]), [['entrypoint', 'list'], ['command', 'string']]);
  const worker = artifact.workloads.find((workload) => workload.name === 'worker')!.containers[0]!;
  assert.deepEqual(worker.argv.map((word) => word.value), ['sh', '-c', 'python worker.py && echo done'], 'a sh -c script stays one word');
});

test('compose: short and long port syntax, ranges, IPv6 loopback and expose', () => {
  const artifact = read(COMPOSE);
  const workload = artifact.workloads.find((candidate) => candidate.name === 'mlflow')!;
  const ports = workload.containers[0]!.ports;
  assert.deepEqual(
    ports.map((port) => [port.form, port.hostIp, port.hostPort, port.hostPortEnd, port.containerPort, port.containerPortEnd, at(COMPOSE, port.start)]),
    [
      ['short', '127.0.0.1', 5000, undefined, 5000, undefined, where(COMPOSE, '"127.0.0.1:5000:5000"')],
      ['short', undefined, 8000, 8010, 9000, 9010, where(COMPOSE, '8000-8010')],
      ['short', '::1', undefined, undefined, 6000, undefined, where(COMPOSE, '"[::1]::6000"')],
      ['long', '10.0.0.5', 7001, undefined, 7000, undefined, where(COMPOSE, 'target: 7000')],
      ['expose', undefined, undefined, undefined, 9090, undefined, where(COMPOSE, '"9090"')],
    ],
  );
  // Loopback bindings and expose are not exposures; every interface and a named host address are.
  assert.deepEqual(
    workload.exposures.map((exposure) => [exposure.kind, exposure.ports.length, at(COMPOSE, exposure.start)]),
    [
      ['published-port', 11, where(COMPOSE, '8000-8010')],
      ['published-port', 1, where(COMPOSE, 'target: 7000')],
    ],
  );
  assert.match(workload.exposures[1]!.description, /host address 10\.0\.0\.5/);
  const worker = artifact.workloads.find((candidate) => candidate.name === 'worker')!;
  assert.deepEqual(worker.exposures.map((exposure) => [exposure.kind, at(COMPOSE, exposure.start)]), [['host-network', where(COMPOSE, 'host\n')]]);
});

test('compose: environment in list and map form, env_file, user root, labels', () => {
  const artifact = read(COMPOSE);
  const mlflow = artifact.workloads.find((workload) => workload.name === 'mlflow')!;
  const container = mlflow.containers[0]!;
  assert.deepEqual(
    container.env.map((env) => [env.name, env.value?.value, env.value ? COMPOSE.slice(env.value.start, env.value.end) : undefined, at(COMPOSE, env.start)]),
    [
      ['MLFLOW_S3_ENDPOINT_URL', 'http://minio:9000', 'http://minio:9000', where(COMPOSE, 'MLFLOW_S3_ENDPOINT_URL')],
      ['AWS_PROFILE', undefined, undefined, where(COMPOSE, 'AWS_PROFILE')],
    ],
  );
  assert.ok(container.env[1]!.fromReference, 'a bare name takes its value from the environment of compose');
  assert.deepEqual(container.envFrom, ['.env', './mlflow.env']);
  assert.equal(container.runsAsRoot?.value, '0:0');
  assert.deepEqual(mlflow.labels, { 'com.acme.team': 'ml' });
  const worker = artifact.workloads.find((workload) => workload.name === 'worker')!.containers[0]!;
  assert.deepEqual(worker.env.map((env) => [env.name, env.value?.value]), [['QUEUE', 'train'], ['TOKEN', undefined]]);
  const queue = worker.env[0]!.value!;
  assert.equal(COMPOSE.slice(queue.start, queue.end), '"train"');
});

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mlflow
spec:
  selector:
    matchLabels: {app: mlflow}
  template:
    metadata:
      labels:
        app: mlflow
        tier: registry
    spec:
      hostNetwork: false
      securityContext:
        runAsUser: 0
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.14.1
          command: ["mlflow"]
          args:
            - server
            - --host=0.0.0.0
            - --backend-store-uri=$(DB_URI)
          env:
            - name: DB_URI
              valueFrom:
                secretKeyRef: {name: mlflow-db, key: uri}
            - name: MLFLOW_S3_ENDPOINT_URL
              value: http://minio:9000
          envFrom:
            - secretRef: {name: mlflow-s3}
          ports:
            - name: http
              containerPort: 5000
        - name: oauth2-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          securityContext:
            runAsUser: 2000
          ports:
            - containerPort: 4180
              hostPort: 4180
---
apiVersion: v1
kind: Service
metadata:
  name: mlflow-public
spec:
  type: LoadBalancer
  selector:
    app: mlflow
  ports:
    - port: 443
      targetPort: 4180
---
apiVersion: v1
kind: Service
metadata:
  name: mlflow-internal
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-internal: "true"
spec:
  type: LoadBalancer
  selector:
    app: mlflow
  ports:
    - port: 5000
      targetPort: http
---
apiVersion: v1
kind: Service
metadata:
  name: mlflow
spec:
  selector:
    app: mlflow
  ports:
    - port: 80
      targetPort: 5000
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: mlflow
  annotations:
    traefik.ingress.kubernetes.io/router.middlewares: auth-forward-auth@kubernetescrd
spec:
  rules:
    - host: mlflow.acme.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: mlflow
                port: {number: 80}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
`;

test('kubernetes: containers with command + args words, env with valueFrom, envFrom, ports, root', () => {
  const artifact = read(MANIFESTS, 'k8s/mlflow.yaml');
  assert.equal(artifact.format, 'kubernetes');
  assert.deepEqual(artifact.notes, ['ConfigMap/settings: not a kind mlops-audit reads; skipped']);
  const workload = artifact.workloads[0]!;
  assert.equal(workload.name, 'Deployment/mlflow');
  assert.deepEqual(workload.labels, { app: 'mlflow', tier: 'registry' });
  const [mlflow, proxy] = workload.containers;
  assert.deepEqual(mlflow!.argv.map((word) => [word.value, at(MANIFESTS, word.start), word.pointer]), [
    ['mlflow', where(MANIFESTS, '"mlflow"]'), 'spec.template.spec.containers[0].command[0]'],
    ['server', where(MANIFESTS, 'server'), 'spec.template.spec.containers[0].args[0]'],
    ['--host=0.0.0.0', where(MANIFESTS, '--host=0.0.0.0'), 'spec.template.spec.containers[0].args[1]'],
    ['--backend-store-uri=$(DB_URI)', where(MANIFESTS, '--backend-store-uri'), 'spec.template.spec.containers[0].args[2]'],
  ]);
  assert.deepEqual(mlflow!.env.map((env) => [env.name, env.value?.value, env.fromReference]), [
    ['DB_URI', undefined, 'secret mlflow-db/uri'],
    ['MLFLOW_S3_ENDPOINT_URL', 'http://minio:9000', undefined],
  ]);
  assert.deepEqual(mlflow!.envFrom, ['secret mlflow-s3']);
  assert.deepEqual(mlflow!.ports.map((port) => [port.name, port.containerPort]), [['http', 5000]]);
  assert.equal(mlflow!.runsAsRoot?.value, '0', 'pod-level runAsUser 0 applies');
  assert.equal(at(MANIFESTS, mlflow!.runsAsRoot!.start), where(MANIFESTS, '0\n      containers'));
  assert.equal(proxy!.runsAsRoot, undefined, 'its own runAsUser wins');
});

test('kubernetes: Services by selector, named targetPorts, internal load balancers, ingress auth annotations, sidecars, hostPort', () => {
  const artifact = read(MANIFESTS, 'k8s/mlflow.yaml');
  const exposures = artifact.workloads[0]!.exposures;
  assert.deepEqual(
    exposures.map((exposure) => [exposure.kind, exposure.via, exposure.ports, exposure.authenticatedBy, exposure.restrictedTo, exposure.tls]),
    [
      ['published-port', undefined, [4180], undefined, undefined, undefined],
      ['load-balancer', 'Service/mlflow-public', [4180], 'oauth2-proxy sidecar (quay.io/oauth2-proxy/oauth2-proxy:v7.6.0)', undefined, undefined],
      ['load-balancer', 'Service/mlflow-internal', [5000], undefined, 'an internal load balancer (service.beta.kubernetes.io/aws-load-balancer-internal)', undefined],
      ['ingress', 'Ingress/mlflow', [5000], 'ingress annotation traefik.ingress.kubernetes.io/router.middlewares', undefined, false],
    ],
  );
  assert.equal(at(MANIFESTS, exposures[0]!.start), where(MANIFESTS, 'containerPort: 4180'));
  assert.equal(at(MANIFESTS, exposures[1]!.start), positionOfNth(MANIFESTS, 'LoadBalancer', 0));
  assert.equal(at(MANIFESTS, exposures[3]!.start), where(MANIFESTS, 'mlflow\n                port'));
});

function positionOfNth(text: string, needle: string, n: number): string {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
  return at(text, index);
}

test('KServe InferenceService: predictor model and containers, route unless cluster-local', () => {
  const text = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn
spec:
  predictor:
    model:
      modelFormat: {name: sklearn}
      storageUri: oci://registry.acme.internal/models/churn:latest
  transformer:
    containers:
      - name: feast
        image: acme/feast-transformer:0.3
        args: [--feast_url, http://feast:6566]
`;
  const artifact = read(text, 'k8s/isvc.yaml');
  const workload = artifact.workloads[0]!;
  assert.equal(workload.name, 'InferenceService/churn');
  assert.deepEqual(workload.containers.map((container) => [container.name, container.image?.value]), [
    ['predictor.model', 'registry.acme.internal/models/churn:latest'],
    ['feast', 'acme/feast-transformer:0.3'],
  ]);
  assert.equal(at(text, workload.containers[0]!.image!.start), where(text, 'oci://'));
  assert.deepEqual(workload.exposures.map((exposure) => [exposure.kind, exposure.restrictedTo, at(text, exposure.start)]), [['route', undefined, where(text, 'InferenceService\n')]]);
});

test('other YAML stays yaml: workflows, CloudFormation, Helm values, plain config', () => {
  const cases: Array<[string, string, string]> = [
    ['.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n    steps: [{run: echo}]\n', 'workflow'],
    ['helm/values.yaml', 'image:\n  repository: ghcr.io/mlflow/mlflow\n  tag: latest\nservice:\n  type: LoadBalancer\n  port: 5000\n', 'yaml'],
    ['helm/values-services.yaml', 'services:\n  mlflow:\n    image:\n      repository: ghcr.io/mlflow/mlflow\n      tag: v2\n    command: [mlflow]\n', 'yaml'],
    ['config/app.yaml', 'services:\n  - name: a\n    url: http://a\n', 'yaml'],
    ['k8s/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n', 'yaml'],
  ];
  for (const [file, text, kind] of cases) {
    const parsed = parseArtifact(file, text, 'yaml');
    assert.ok(parsed.ok, file);
    assert.equal(parsed.artifact.kind, kind, file);
  }
});

test('odd values do not crash the reader', () => {
  const text = 'services:\n  a:\n    image: x:1\n    ports: [{}, "not-a-port", 5000, [1]]\n    environment: 7\n    command: {a: 1}\n  b: null\n  c:\n    build: .\n    ports: ["abc:5000:5000"]\n';
  const artifact = read(text);
  assert.deepEqual(artifact.workloads.map((workload) => workload.name), ['a', 'c']);
  assert.deepEqual(artifact.workloads[0]!.containers[0]!.ports.map((port) => port.containerPort), [5000]);
  assert.equal(artifact.workloads[1]!.containers[0]!.ports[0]!.hostIp, 'abc');
});

test('kubernetes: a hostPort bound to the node loopback (hostIP 127.0.0.1) is not an exposure, as in compose', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: api}\nspec:\n  containers:\n    - name: api\n      image: acme/api:1.0\n      ports:\n        - {containerPort: 8080, hostPort: 8080, hostIP: 127.0.0.1}\n        - {containerPort: 9090, hostPort: 9090, hostIP: 10.0.0.5}\n';
  const workload = read(text, 'k8s/api.yaml').workloads[0]!;
  assert.deepEqual(workload.exposures.map((exposure) => exposure.description), ['hostPort 9090 opens container port 9090 on the node at 10.0.0.5']);
  assert.equal(workload.containers[0]!.ports[0]!.hostIp, '127.0.0.1');
});
