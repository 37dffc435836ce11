import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast } from '../../core/finding.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const { analyze, own, single, readCase } = ruleKit('deploy/exposed-without-auth');

test('open MLflow compose: critical at the published port, message reads config -> risk -> change', () => {
  const { file, text } = readCase('positive/mlflow-compose.yaml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'missing-authentication');
  assert.deepEqual([finding.line, finding.column], Object.values(positionOf(text, '"5000:5000"')));
  assert.equal(finding.location.yamlPath, 'services.mlflow.ports[0]');
  assert.match(finding.message, /MLflow tracking server .*no `--app-name basic-auth`.*every host interface.*Recommended: Publish the port on the loopback address only \(`127\.0\.0\.1:5000:5000`\)/s);
  assert.match(finding.message, /MLFLOW_FLASK_SERVER_SECRET_KEY only signs sessions; it is not authentication/);
  assert.match(finding.fix!.snippet, /"127\.0\.0\.1:5000:5000"/);
  assert.match(finding.fix!.snippet, /--app-name basic-auth/);
  assert.match(finding.fix!.snippet, /default_permission = NO_PERMISSIONS/);
  assert.ok(finding.frameworks.some((ref) => ref.id === 'CWE-306'));
});

test('its hardened twins (loopback binding, basic-auth) have no medium-or-higher finding from any rule', () => {
  for (const name of ['clean/mlflow-compose-hardened.yaml', 'clean/mlflow-compose-loopback.yaml', 'clean/jupyter-ingress-auth.yaml', 'clean/compose-oauth2-proxy.yaml']) {
    const { file, text } = readCase(name);
    assert.deepEqual(
      analyze(text, file)
        .filter((finding) => atLeast(finding.severity, 'medium'))
        .map((finding) => `${finding.ruleId} ${finding.line}: ${finding.title}`),
      [],
      name,
    );
  }
});

test('Jupyter behind a LoadBalancer with the token emptied: critical at the Service type, the empty token related', () => {
  const { file, text } = readCase('positive/jupyter-loadbalancer.yaml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.deepEqual([finding.line, finding.column], Object.values(positionOf(text, 'LoadBalancer')));
  assert.match(finding.message, /`--ServerApp\.token=''` turns the token off/);
  assert.match(finding.message, /Service research-notebook of type LoadBalancer .*port 8888/);
  assert.equal(finding.related?.[0]?.line, positionOf(text, "--ServerApp.token=''").line);
  assert.match(finding.fix!.snippet, /nginx\.ingress\.kubernetes\.io\/auth-url/);
});

test('uvicorn API on a NodePort: high with medium confidence (the code may check credentials)', () => {
  const { file, text } = readCase('positive/inference-nodeport.yaml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.confidence, 'medium');
  assert.match(finding.message, /application code/);
  assert.deepEqual([finding.line, finding.column], Object.values(positionOf(text, 'NodePort')));
});

test('KServe InferenceService without cluster-local visibility is reported; cluster-local is not', () => {
  const open = readCase('positive/kserve-inferenceservice.yaml');
  const finding = single(analyze(open.text, open.file));
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /KServe predictor/);
  assert.match(finding.message, /Recommended: Keep the InferenceService inside the cluster with the label `networking\.kserve\.io\/visibility: cluster-local`/);
  assert.match(finding.fix!.snippet, /AuthorizationPolicy/);
  const local = readCase('clean/kserve-cluster-local.yaml');
  assert.deepEqual(own(analyze(local.text, local.file)), []);
});

test('the whole picture: default loopback listeners, ClusterIP without ingress, default Jupyter token, sidecar proxy', () => {
  const compose = (command: string, port = '"5000:5000"') => `services:\n  svc:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: ${command}\n    ports:\n      - ${port}\n`;
  // mlflow server listens on 127.0.0.1 unless told otherwise: the published port reaches nothing.
  assert.deepEqual(own(analyze(compose('mlflow server --port 5000'), 'compose.yaml')), []);
  assert.equal(own(analyze(compose('mlflow server --host 0.0.0.0'), 'compose.yaml')).length, 1);
  assert.deepEqual(own(analyze(compose('mlflow server --host 0.0.0.0', '"127.0.0.1:5000:5000"'), 'compose.yaml')), []);
  assert.deepEqual(own(analyze(compose('mlflow server --host 0.0.0.0 --app-name basic-auth'), 'compose.yaml')), []);
  // Images whose entrypoint is mlflow: `command: server …`; ports written with variables and defaults.
  assert.equal(own(analyze(compose('server --host 0.0.0.0'), 'compose.yaml')).length, 1);
  assert.equal(own(analyze(compose('mlflow server --host 0.0.0.0', '"${MLFLOW_PORT:-5000}:5000"'), 'compose.yaml')).length, 1);
  assert.deepEqual(own(analyze(compose('mlflow server --host 0.0.0.0', '"127.0.0.1:${MLFLOW_PORT:-5000}:5000"'), 'compose.yaml')), []);
  // A Jupyter image with its default random token authenticates; JUPYTER_TOKEN too.
  const jupyter = (extra: string) => `services:\n  lab:\n    image: quay.io/jupyter/scipy-notebook:2024-07-29\n    ports: ["8888:8888"]\n${extra}`;
  assert.deepEqual(own(analyze(jupyter(''), 'compose.yaml')), []);
  assert.deepEqual(own(analyze(jupyter('    environment:\n      JUPYTER_TOKEN: ${JUPYTER_TOKEN}\n'), 'compose.yaml')), []);
  const off = own(analyze(jupyter("    command: start-notebook.py --IdentityProvider.token=''\n"), 'compose.yaml'));
  assert.equal(off.length, 1);
  assert.equal(off[0]!.severity, 'critical');
  // An oauth2-proxy sidecar that owns the LoadBalancer's target port.
  const sidecar = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: lab}\nspec:\n  selector: {matchLabels: {app: lab}}\n  template:\n    metadata: {labels: {app: lab}}\n    spec:\n      containers:\n        - name: lab\n          image: quay.io/jupyter/base-notebook:2024-07-29\n          args: ["start-notebook.py", "--ServerApp.token=''", "--ServerApp.ip=127.0.0.1"]\n          ports: [{containerPort: 8888}]\n        - name: proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0\n          ports: [{containerPort: 4180}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: lab}\nspec:\n  type: LoadBalancer\n  selector: {app: lab}\n  ports: [{port: 443, targetPort: 4180}]\n`;
  assert.deepEqual(own(analyze(sidecar, 'k8s/lab.yaml')), []);
  // The same without the proxy: reported.
  assert.equal(own(analyze(sidecar.replace('4180}]\n`', '8888}]\n').replace(/targetPort: 4180/, 'targetPort: 8888').replace('"--ServerApp.ip=127.0.0.1"', '"--ServerApp.ip=0.0.0.0"'), 'k8s/lab.yaml')).length, 1);
});

test('compose services routed by Traefik: reported at the labels unless a router uses an auth middleware', () => {
  const { file, text } = readCase('positive/compose-traefik.yaml');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.location.yamlPath, 'services.lab.labels');
  assert.equal(finding.line, positionOf(text, '- traefik.enable=true').line);
  assert.match(finding.message, /Traefik routes Host\(`lab\.acme\.example`\) to it over TLS/);
  const clean = readCase('clean/compose-traefik-forward-auth.yaml');
  assert.deepEqual(own(analyze(clean.text, clean.file)), []);
});

test('passwords in the command line are not repeated in the message', () => {
  const text = 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:Sup3rS3cretPassw0rd@db/mlflow\n    ports: ["5000:5000"]\n';
  const finding = single(analyze(text, 'compose.yaml'));
  assertRedacted(finding, 'Sup3rS3cretPassw0rd');
});
