import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArtifact } from '../../core/analyze.js';
import { composeArtifact } from '../../testing/mlflow-deployment.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';
import { RULES } from '../index.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/no-tls');

test('lab JSON tls.enabled false on 0.0.0.0 is reported at line 15', () => {
  const { file, text } = readCase('positive/mlflow-config.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, 15);
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.location.jsonPointer, '/tracking_server/tls/enabled');
});

test('script on 0.0.0.0 without certfile; Helm ingress without tls', () => {
  const script = readCase('positive/run-server.sh');
  assert.equal(single(analyze(script.text, script.file)).line, positionOf(script.text, '--host=0.0.0.0').line);
  const helm = readCase('positive/ingress-values.yaml');
  const finding = single(analyze(helm.text, helm.file));
  assert.equal(finding.location.yamlPath, 'ingress.enabled');
  assert.match(finding.fix!.snippet, /secretName: mlflow-tls/);
});

test('TLS through gunicorn, ingress tls, or an in-cluster service is clean', () => {
  for (const name of ['clean/run-server.sh', 'clean/ingress-values.yaml', 'clean/internal-values.yaml', 'clean/mlflow-config.json']) {
    const { file, text } = readCase(name);
    assert.deepEqual(own(analyze(text, file)), [], name);
  }
});

test('deployment (hand-built): a published port without TLS is reported, an ingress with TLS is not', () => {
  const mine = (artifact: ReturnType<typeof composeArtifact>) => analyzeArtifact(artifact, RULES).filter((finding) => finding.ruleId === 'mlflow/no-tls');
  assert.equal(mine(composeArtifact({ command: 'mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000', ports: '5000:5000' })).length, 1);
  const behindTls = composeArtifact({ command: 'mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000', exposure: { kind: 'ingress', ports: [5000], description: 'ingress', tls: true, pointer: 'ingress' } });
  assert.deepEqual(mine(behindTls), []);
});

test('Kubernetes (real reader): plain HTTP through a public LoadBalancer is reported, through an internal one not', () => {
  const manifest = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mlflow
spec:
  selector:
    matchLabels: { app: mlflow }
  template:
    metadata:
      labels: { app: mlflow }
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.17.2
          args: ["mlflow", "server", "--host", "0.0.0.0", "--port", "5000", "--app-name", "basic-auth"]
          ports:
            - containerPort: 5000
---
apiVersion: v1
kind: Service
metadata:
  name: mlflow
${annotations}spec:
  type: LoadBalancer
  selector: { app: mlflow }
  ports:
    - port: 80
      targetPort: 5000
`;
  const open = own(analyze(manifest(''), 'k8s/mlflow.yaml'));
  assert.equal(open.length, 1);
  assert.match(open[0]!.message, /LoadBalancer|load balancer/i);
  const internal = manifest('  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n');
  assert.deepEqual(own(analyze(internal, 'k8s/mlflow.yaml')), []);
});
