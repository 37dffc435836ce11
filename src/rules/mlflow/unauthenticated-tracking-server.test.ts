import { analyzeText } from '../../core/scan.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeArtifact } from '../../core/analyze.js';
import { atLeast } from '../../core/finding.js';
import { composeArtifact } from '../../testing/mlflow-deployment.js';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';
import { RULES } from '../index.js';

const { analyze, own, single, readCase } = ruleKit('mlflow/unauthenticated-tracking-server');

test('lab JSON: authentication.enabled false is reported at its line with a basic-auth recommendation', () => {
  const { file, text } = readCase('positive/mlflow-config.json');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, 11);
  assert.equal(finding.severity, 'high');
  assert.equal(finding.location.jsonPointer, '/tracking_server/authentication/enabled');
  assert.match(finding.message, /turns authentication off .* 0\.0\.0\.0:5000.*--app-name basic-auth/s);
  assert.match(finding.fix!.snippet, /"app_name": "basic-auth"/);
});

test('shell script: mlflow server on 0.0.0.0 without --app-name, continuation lines read', () => {
  const { file, text } = readCase('positive/start-mlflow.sh');
  const finding = single(analyze(text, file));
  assert.equal(finding.line, positionOf(text, 'exec mlflow server').line);
  assert.match(finding.evidence, /--host 0\.0\.0\.0 \(no --app-name\)/);
  assert.match(finding.fix!.snippet, /--app-name basic-auth[\s\S]*default_permission = READ/);
});

test('Dockerfile CMD in JSON form', () => {
  const { file, text } = readCase('positive/Dockerfile.mlflow');
  assert.equal(single(analyze(text, file)).line, positionOf(text, 'CMD').line);
});

test('Helm: community chart open release is critical (LoadBalancer, auth off); bitnami auth off is high', () => {
  const open = readCase('positive/open-release-values.yaml');
  const finding = single(analyze(open.text, open.file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.location.yamlPath, 'auth.enabled');
  assert.match(finding.message, /published \(LoadBalancer\)/);
  assert.match(finding.fix!.snippet, /enabled: true/);
  const bitnami = readCase('positive/bitnami-values.yaml');
  const fromBitnami = single(analyze(bitnami.text, bitnami.file));
  assert.equal(fromBitnami.severity, 'high');
  assert.equal(fromBitnami.location.yamlPath, 'tracking.auth.enabled');
});

test('hardened twins yield no medium-or-higher finding from any rule', () => {
  for (const name of ['clean/hardened-release-values.yaml', 'clean/mlflow-config.json', 'clean/start-mlflow.sh', 'clean/bitnami-values.yaml', 'clean/Dockerfile.mlflow']) {
    const { file, text } = readCase(name);
    const serious = analyze(text, file).filter((finding) => atLeast(finding.severity, 'medium'));
    assert.deepEqual(serious.map((finding) => `${finding.ruleId}:${finding.line}`), [], name);
  }
});

test('loopback-only servers are not reported', () => {
  const { file, text } = readCase('clean/local-only.sh');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('compose files (real reader): a published open server is one finding, at the port, by deploy/exposed-without-auth; loopback and internal-only are not reported', () => {
  const auth = (text: string) =>
    analyzeText('docker-compose.yml', text, 'yaml').findings.filter((finding) => /^(mlflow\/unauthenticated-tracking-server|deploy\/exposed-without-auth)$/.test(finding.ruleId)).map((finding) => `${finding.ruleId}:${finding.severity}`);
  const open = 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.17.2\n    command: mlflow server --host 0.0.0.0 --port 5000\n    ports:\n      - "5000:5000"\n';
  assert.deepEqual(auth(open), ['deploy/exposed-without-auth:critical']);
  assert.deepEqual(auth(open.replace('"5000:5000"', '"127.0.0.1:5000:5000"')), []);
  assert.deepEqual(auth(open.replace('    ports:\n      - "5000:5000"\n', '    expose:\n      - "5000"\n')), []);
  // The hand-built path (an exposure the reader marks as authenticated) stays covered too.
  const mine = (artifact: ReturnType<typeof composeArtifact>) => analyzeArtifact(artifact, RULES).filter((finding) => finding.ruleId === 'mlflow/unauthenticated-tracking-server');
  const proxied = composeArtifact({
    command: 'mlflow server --host 0.0.0.0 --port 5000',
    exposure: { kind: 'ingress', ports: [5000], description: 'ingress mlflow.example.com', authenticatedBy: 'oauth2-proxy', tls: true, pointer: 'ingress' },
  });
  assert.deepEqual(mine(proxied), []);
});

test('Kubernetes: behind an internal load balancer only, the open server is reported here as high (deploy/exposed-without-auth leaves limited routes out)', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: mlflow}
spec:
  selector: {matchLabels: {app: mlflow}}
  template:
    metadata: {labels: {app: mlflow}}
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.17.2
          args: [mlflow, server, --host, 0.0.0.0, --port, "5000"]
---
apiVersion: v1
kind: Service
metadata:
  name: mlflow
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {app: mlflow}
  ports: [{port: 80, targetPort: 5000}]
`;
  const findings = analyzeText('k8s/mlflow.yaml', text, 'yaml').findings;
  assert.deepEqual(findings.filter((finding) => finding.ruleId === 'deploy/exposed-without-auth'), []);
  const finding = single(findings);
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /listens on 0\.0\.0\.0:5000 and is reachable through Service mlflow of type LoadBalancer .*limited to loadBalancerSourceRanges 10\.0\.0\.0\/8/);
});
