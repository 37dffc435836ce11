import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseJson } from '../artifacts/json/parse-json.js';
import { readDockerfile } from '../artifacts/text/dockerfile.js';
import { readIniFile } from '../artifacts/text/ini-file.js';
import { parseArtifact } from '../artifacts/parse.js';
import type { DeploymentArtifact } from '../artifacts/deploy/deployment.js';
import { composeArtifact } from '../testing/mlflow-deployment.js';
import { settingsFromArgv } from './from-argv.js';
import { settingsFromDeployment } from './from-deployment.js';
import { settingsFromDockerfile } from './from-dockerfile.js';
import { settingsFromHelm } from './from-helm.js';
import { settingsFromIni } from './from-ini.js';
import { settingsFromLabConfig } from './from-lab-config.js';
import { settingsFromScript } from './from-script.js';
import { bindsBeyondLoopback, hasAuthentication, hasTls, servesArtifacts } from './settings.js';

const words = (line: string) => [...line.matchAll(/\S+/g)].map((match) => ({ value: match[0], start: match.index, end: match.index + match[0].length }));

test('argv: --opt value and --opt=value both read, with the value span', () => {
  const line = 'mlflow server --host=0.0.0.0 --port 5000 --app-name basic-auth --no-serve-artifacts';
  const settings = settingsFromArgv(words(line))!;
  assert.equal(settings.host?.value, '0.0.0.0');
  assert.equal(line.slice(settings.host!.start, settings.host!.end), '0.0.0.0');
  assert.equal(settings.port?.value, '5000');
  assert.equal(settings.appName?.value, 'basic-auth');
  assert.equal(settings.serveArtifacts?.value, false);
  assert.ok(bindsBeyondLoopback(settings) && hasAuthentication(settings) && !servesArtifacts(settings));
  assert.equal(settingsFromArgv(words('mlflow run . --host 0.0.0.0')), undefined);
  assert.equal(bindsBeyondLoopback(settingsFromArgv(words('mlflow ui'))!), false, 'MLflow binds 127.0.0.1 by default');
});

test('script: continuation lines, exported env and TLS through gunicorn opts', () => {
  const text = '#!/bin/sh\n# mlflow server --host 0.0.0.0 in a comment\nexport MLFLOW_BACKEND_STORE_URI=postgresql://db/mlflow\nexec mlflow server \\\n  --host 0.0.0.0 \\\n  --gunicorn-opts "--certfile /tls/crt --keyfile /tls/key"\n';
  const [settings, extra] = settingsFromScript(text);
  assert.equal(extra, undefined, 'the commented command is not read');
  assert.equal(settings!.host?.value, '0.0.0.0');
  assert.equal(settings!.backendStoreUri?.value, 'postgresql://db/mlflow');
  assert.ok(hasTls(settings!));
});

test('Dockerfile: JSON array CMD after ENTRYPOINT, shell form, ENV and the image tag', () => {
  const json = 'FROM ghcr.io/mlflow/mlflow:v2.9.2\nENV MLFLOW_HOST=0.0.0.0\nENTRYPOINT ["mlflow"]\nCMD ["server", "--port", "5000"]\n';
  const [settings] = settingsFromDockerfile({ text: json, ...readDockerfile(json) });
  assert.equal(settings!.host?.value, '0.0.0.0');
  assert.equal(json.slice(settings!.port!.start, settings!.port!.end), '5000');
  assert.equal(settings!.version?.value, '2.9.2');
  const shell = 'FROM python:3.11-slim\nCMD mlflow server --host 0.0.0.0 \\\n    --app-name basic-auth\n';
  const [fromShell] = settingsFromDockerfile({ text: shell, ...readDockerfile(shell) });
  assert.equal(fromShell!.appName?.value, 'basic-auth');
});

test('basic_auth.ini [mlflow] section', () => {
  const text = '[mlflow]\ndefault_permission = EDIT\nadmin_username = admin\nadmin_password = s3cret-Value\ndatabase_uri = sqlite:///basic_auth.db\n';
  const settings = settingsFromIni(readIniFile(text))!;
  assert.equal(settings.defaultPermission?.value, 'EDIT');
  assert.equal(text.slice(settings.adminPassword!.start, settings.adminPassword!.end), 's3cret-Value');
  assert.equal(settingsFromIni(readIniFile('[other]\nx = 1\n')), undefined);
});

test('Helm values recognised by shape: community and bitnami charts', () => {
  const community = 'service:\n  type: LoadBalancer\nbackendStore:\n  postgres:\n    enabled: true\nauth:\n  enabled: false\ningress:\n  enabled: true\n  tls: []\n';
  const settings = settingsFromHelm(parseDocument(community) as never, community)!;
  assert.equal(settings.source, 'helm-community');
  assert.equal(settings.authEnabled?.value, false);
  assert.equal(settings.authEnabled?.location.yamlPath, 'auth.enabled');
  assert.equal(settings.published?.value, 'ingress');
  assert.equal(hasTls(settings), false);
  const bitnami = 'tracking:\n  host: 0.0.0.0\n  tls:\n    enabled: true\n  service:\n    type: ClusterIP\n';
  const fromBitnami = settingsFromHelm(parseDocument(bitnami) as never, bitnami)!;
  assert.equal(fromBitnami.source, 'helm-bitnami');
  assert.ok(hasAuthentication(fromBitnami), 'the bitnami chart enables auth by default');
  assert.ok(hasTls(fromBitnami));
  const other = 'service:\n  type: LoadBalancer\nimage:\n  repository: nginx\n';
  assert.equal(settingsFromHelm(parseDocument(other) as never, other), undefined);
});

test('lab JSON config by shape, under any file name', () => {
  const text = '{\n  "tracking_server": { "host": "0.0.0.0", "authentication": { "enabled": false }, "tls": { "enabled": true } },\n  "model_registry": { "stage_transitions": { "Production": { "require_approval": true, "allowed_roles": ["release-ci"] } } }\n}\n';
  const parsed = parseJson(text);
  assert.ok(parsed.ok);
  const settings = settingsFromLabConfig(parsed.root, 'config/registry.json')!;
  assert.equal(settings.authEnabled?.value, false);
  assert.equal(settings.authEnabled?.location.jsonPointer, '/tracking_server/authentication/enabled');
  assert.equal(settings.stageTransitions?.[0]?.stage, 'Production');
  assert.deepEqual(settings.stageTransitions?.[0]?.allowedRoles?.value, ['release-ci']);
  const other = parseJson('{"Version": "2012-10-17"}');
  assert.ok(other.ok);
  assert.equal(settingsFromLabConfig(other.root, 'policy.json'), undefined);
});

test('deployment containers (hand-built artifacts; the compose/Kubernetes reader lands separately)', () => {
  const open = settingsFromDeployment(composeArtifact({ command: 'mlflow server --host 0.0.0.0 --port 5000', ports: '5000:5000' }));
  assert.equal(open.length, 1);
  assert.match(open[0]!.published?.value ?? '', /published on every interface/);
  const local = settingsFromDeployment(composeArtifact({ command: 'mlflow server --host 0.0.0.0 --port 5000', ports: '127.0.0.1:5000:5000' }));
  assert.equal(local[0]!.published, undefined);
  assert.equal(bindsBeyondLoopback(local[0]!), false, 'published only on loopback is not reachable from other machines');
  const env = settingsFromDeployment(composeArtifact({ command: 'mlflow server --host 0.0.0.0', env: { MLFLOW_BACKEND_STORE_URI: 'postgresql://db/mlflow' } }));
  assert.equal(env[0]!.backendStoreUri?.value, 'postgresql://db/mlflow');
  assert.equal(env[0]!.version?.value, '2.9.2');
});

test('an image whose entrypoint is mlflow runs `server …` as its command: read like `mlflow server …`', () => {
  const read = (command: string, image: string) => {
    const text = `services:\n  tracking:\n    image: ${image}\n    command: ${command}\n    ports: ["5000:5000"]\n`;
    const parsed = parseArtifact('docker-compose.yml', text, 'yaml');
    assert.ok(parsed.ok);
    return { text, settings: settingsFromDeployment(parsed.artifact as DeploymentArtifact) };
  };
  const { text, settings } = read('["server", "--host", "0.0.0.0", "--port", "5000"]', 'bitnami/mlflow:2.9.2');
  assert.equal(settings.length, 1);
  assert.equal(settings[0]!.host?.value, '0.0.0.0');
  assert.equal(settings[0]!.version?.value, '2.9.2');
  assert.match(settings[0]!.published?.value ?? '', /5000/);
  assert.match(text.slice(settings[0]!.anchor!.start), /^"?server"?, "--host"/, 'anchored at the command word');
  assert.deepEqual(read('["server", "--host", "0.0.0.0"]', 'python:3.11-slim').settings, [], 'only an MLflow image');
  assert.deepEqual(read('["serve", "--host", "0.0.0.0"]', 'bitnami/mlflow:2.9.2').settings, [], 'only its server command');
});

test('Kubernetes routes: an open one wins over an authenticating one, and a limited one without a login is neither published nor internal', () => {
  const manifests = (services: string) => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mlflow}\nspec:\n  selector: {matchLabels: {app: mlflow}}\n  template:\n    metadata: {labels: {app: mlflow}}\n    spec:\n      containers:\n        - name: mlflow\n          image: ghcr.io/mlflow/mlflow:v2.14.1\n          args: [mlflow, server, --host, 0.0.0.0]\n          ports: [{containerPort: 5000}]\n${services}`;
    const parsed = parseArtifact('k8s/mlflow.yaml', text, 'yaml');
    assert.ok(parsed.ok);
    return settingsFromDeployment(parsed.artifact as DeploymentArtifact)[0]!;
  };
  const service = (name: string, type: string, annotations = '{}') => `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, annotations: ${annotations}}\nspec:\n  type: ${type}\n  selector: {app: mlflow}\n  ports: [{port: 80, targetPort: 5000}]\n`;
  const ingress = '---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: mlflow\n  annotations: {nginx.ingress.kubernetes.io/auth-url: "https://sso.example/auth"}\nspec:\n  tls: [{hosts: [mlflow.example]}]\n  defaultBackend: {service: {name: mlflow, port: {number: 80}}}\n';
  const both = manifests(service('mlflow', 'ClusterIP') + ingress + service('debug', 'NodePort'));
  assert.match(both.published?.value ?? '', /Service debug of type NodePort/);
  assert.equal(both.publishedAuth, undefined, 'the NodePort skips the ingress login');
  assert.equal(hasAuthentication(both), false);
  const behindIngress = manifests(service('mlflow', 'ClusterIP') + ingress);
  assert.equal(behindIngress.publishedAuth, 'ingress annotation nginx.ingress.kubernetes.io/auth-url');
  const internal = manifests(service('mlflow', 'ClusterIP') + ingress + service('vpc', 'LoadBalancer', '{service.beta.kubernetes.io/aws-load-balancer-internal: "true"}'));
  assert.equal(internal.published, undefined);
  assert.equal(internal.internalOnly, undefined);
  assert.match(internal.restrictedTo ?? '', /Service vpc of type LoadBalancer gives it an internal load balancer address .*limited to an internal load balancer/);
  assert.equal(hasAuthentication(internal), false, 'the internal load balancer skips the ingress login');
  assert.ok(bindsBeyondLoopback(internal));
  assert.equal(manifests(service('mlflow', 'ClusterIP')).internalOnly, 'the cluster network');
});

test('odd input never crashes a reader', async () => {
  const { analyzeText } = await import('../core/scan.js');
  const cases: Array<[string, string]> = [
    ['a/mlflow-config.json', '{"tracking_server": [], "model_registry": {"stage_transitions": {"Production": 5}}}'],
    ['b/mlflow-config.json', '{"tracking_server": {"host": 0, "authentication": null, "tls": "no"}, "model_registry": {"stage_transitions": []}}'],
    ['c/values.yaml', 'backendStore: 1\nartifactRoot:\n  s3: [1, 2]\nauth: [true]\ningress:\n  enabled: "maybe"\n  annotations: 7\n'],
    ['d/values.yaml', 'tracking:\n  auth: {}\n  ingress: {enabled: true, tls: true}\nextraArgs: ~\n'],
    ['e/Dockerfile', 'FROM x\nCMD ["mlflow", "server", "--host"\nENTRYPOINT [1, 2]\n'],
    ['f/run.sh', 'mlflow server --host'],
    ['g/basic_auth.ini', '[mlflow]\n=\n'],
    ['h/.env', 'MLFLOW_HOST\nMLFLOW_TRACKING_URI=\n'],
  ];
  for (const [file, text] of cases) {
    const kind = file.endsWith('.json') ? 'json' : file.endsWith('.yaml') ? 'yaml' : file.endsWith('Dockerfile') ? 'dockerfile' : file.endsWith('.sh') ? 'script' : file.endsWith('.ini') ? 'ini' : 'env';
    const result = analyzeText(file, text, kind);
    assert.equal(result.error, undefined, `${file}: ${result.error?.message}`);
  }
});
