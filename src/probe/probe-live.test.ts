import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Finding } from '../core/finding.js';
import { REPO_ROOT } from '../testing/paths.js';
import { freePort, pythonEnv, startService, type RunningService } from '../testing/python-services.js';
import { runCli } from '../testing/run-cli.js';
import { probeTargets, type ProbeResult } from './probe.js';
import { SAFE_METHODS } from './http.js';

// Against the real thing: MLflow (open and with --app-name basic-auth), Jupyter Server (without and with a
// token) and the lab's FastAPI inference app (open and hardened), from PyPI, on 127.0.0.1.

const MISSING_AUTH = ['probe/mlflow-unauthenticated', 'probe/jupyter-unauthenticated', 'probe/inference-unauthenticated', 'probe/management-api-unauthenticated', 'probe/default-credentials'];
const TIMEOUT = 30_000;

const work = mkdtempSync(join(tmpdir(), 'mlops-audit-probe-'));
const adminPassword = `t-${randomBytes(12).toString('hex')}`;
const jupyterToken = randomBytes(16).toString('hex');
const services: Record<string, RunningService> = {};

async function start(name: string, python: string, args: (port: number) => string[], env: Record<string, string> = {}, readyPath = '/'): Promise<void> {
  const port = await freePort();
  services[name] = await startService({ name, python, port, args: args(port), env, readyPath, cwd: work, timeoutMs: 180_000 });
}

function ruleIds(result: ProbeResult): string[] {
  return result.findings.map((finding) => finding.ruleId).sort();
}

function only(result: ProbeResult, target: string): Finding[] {
  return result.findings.filter((finding) => finding.file === target);
}

describe('probe against real services', { timeout: 20 * 60_000 }, () => {
  before(async () => {
    const python = await pythonEnv();
    const jupyterEnv = (name: string) => {
      const home = join(work, name);
      for (const sub of ['config', 'data', 'runtime', 'root']) mkdirSync(join(home, sub), { recursive: true });
      return { JUPYTER_CONFIG_DIR: join(home, 'config'), JUPYTER_DATA_DIR: join(home, 'data'), JUPYTER_RUNTIME_DIR: join(home, 'runtime'), JUPYTER_PLATFORM_DIRS: '1' };
    };
    writeFileSync(join(work, 'notes.txt'), 'lab notes\n');
    writeFileSync(
      join(work, 'basic_auth.ini'),
      `[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///${join(work, 'auth.db')}\nadmin_username = admin\nadmin_password = ${adminPassword}\nauthorization_function = mlflow.server.auth:authenticate_request_basic_auth\n`,
    );
    const jupyter = (name: string, token: string) => (port: number) => ['-m', 'jupyter_server', '--no-browser', '--allow-root', '--ip', '127.0.0.1', '--port', String(port), `--ServerApp.root_dir=${join(work, name, 'root')}`, `--IdentityProvider.token=${token}`, '--ServerApp.password=', '--ServerApp.port_retries=0'];
    const uvicorn = (app: string) => (port: number) => ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--app-dir', join(REPO_ROOT, 'test-cases', 'serving', 'apps', app)];
    const jupyterOpen = jupyterEnv('jupyter-open');
    const jupyterToken_ = jupyterEnv('jupyter-token');
    writeFileSync(join(work, 'jupyter-open', 'root', 'train.py'), 'print("train")\n');
    await Promise.all([
      start('mlflowOpen', python, (port) => ['-m', 'mlflow', 'server', '--host', '127.0.0.1', '--port', String(port), '--backend-store-uri', `sqlite:///${join(work, 'open.db')}`, '--workers', '1'], {}, '/health'),
      start('mlflowAuth', python, (port) => ['-m', 'mlflow', 'server', '--app-name', 'basic-auth', '--host', '127.0.0.1', '--port', String(port), '--backend-store-uri', `sqlite:///${join(work, 'auth-store.db')}`, '--workers', '1'], { MLFLOW_AUTH_CONFIG_PATH: join(work, 'basic_auth.ini'), MLFLOW_FLASK_SERVER_SECRET_KEY: randomBytes(16).toString('hex') }, '/health'),
      start('jupyterOpen', python, jupyter('jupyter-open', ''), jupyterOpen, '/api'),
      start('jupyterToken', python, jupyter('jupyter-token', jupyterToken), jupyterToken_, '/api'),
      start('fastapiOpen', python, uvicorn('open'), { MODEL_PATH: join(work, 'absent-model.pkl') }, '/health'),
      start('fastapiHardened', python, uvicorn('hardened'), { INFERENCE_API_KEY: randomBytes(16).toString('hex'), MODEL_DIR: join(work, 'model') }, '/healthz'),
    ]);
    // Some state to compare: an experiment and a registered model in each MLflow.
    await mlflowPost(services.mlflowOpen!, '/api/2.0/mlflow/experiments/create', { name: 'churn' });
    await mlflowPost(services.mlflowOpen!, '/api/2.0/mlflow/registered-models/create', { name: 'churn-model' });
    await mlflowPost(services.mlflowAuth!, '/api/2.0/mlflow/experiments/create', { name: 'churn' }, true);
  });

  after(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  async function mlflowPost(service: RunningService, path: string, body: unknown, auth = false): Promise<void> {
    const response = await fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? adminAuth() : {}) }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, `${service.name} ${path}: ${await response.text()}`);
  }

  function adminAuth(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`admin:${adminPassword}`).toString('base64')}` };
  }

  async function snapshot(): Promise<Record<string, string>> {
    const reads: Array<[string, string, Record<string, string>]> = [
      ['mlflowOpen', '/api/2.0/mlflow/experiments/search?max_results=1000', {}],
      ['mlflowOpen', '/api/2.0/mlflow/registered-models/search?max_results=1000', {}],
      ['mlflowOpen', '/api/2.0/mlflow-artifacts/artifacts', {}],
      ['mlflowAuth', '/api/2.0/mlflow/experiments/search?max_results=1000', adminAuth()],
      ['mlflowAuth', '/api/2.0/mlflow/registered-models/search?max_results=1000', adminAuth()],
      ['mlflowAuth', '/api/2.0/mlflow/users/get?username=admin', adminAuth()],
      ['jupyterOpen', '/api/contents', {}],
      ['jupyterOpen', '/api/kernels', {}],
      ['jupyterOpen', '/api/sessions', {}],
      ['jupyterOpen', '/api/terminals', {}],
      ['jupyterToken', '/api/contents', { authorization: `token ${jupyterToken}` }],
      ['jupyterToken', '/api/kernels', { authorization: `token ${jupyterToken}` }],
      ['jupyterToken', '/api/terminals', { authorization: `token ${jupyterToken}` }],
    ];
    const state: Record<string, string> = {};
    for (const [name, path, headers] of reads) {
      const response = await fetch(`${services[name]!.url}${path}`, { headers });
      state[`${name} ${path}`] = `${response.status} ${await response.text()}`;
    }
    return state;
  }

  test('the protected twins are really protected and the open ones open (test setup)', async () => {
    assert.equal((await fetch(`${services.mlflowAuth!.url}/api/2.0/mlflow/experiments/search?max_results=1`)).status, 401);
    assert.equal((await fetch(`${services.mlflowOpen!.url}/api/2.0/mlflow/experiments/search?max_results=1`)).status, 200);
    assert.equal((await fetch(`${services.jupyterToken!.url}/api/kernels`)).status, 403);
    assert.equal((await fetch(`${services.jupyterOpen!.url}/api/kernels`)).status, 200);
  });

  test('default mode: open services are reported with evidence, protected twins are not, and no state changes', async () => {
    const targets = Object.values(services).map((service) => service.url);
    const before = await snapshot();
    const result = await probeTargets(targets, { timeoutMs: TIMEOUT, tryDefaultCredentials: true });
    const afterState = await snapshot();
    assert.deepEqual(afterState, before, 'server state is unchanged by the probe');
    assert.deepEqual(result.errors, []);
    for (const request of result.requests) assert.ok((SAFE_METHODS as readonly string[]).includes(request.method), `${request.method} ${request.url}`);

    const kinds = Object.fromEntries(result.services.map((service) => [service.target, service.service]));
    assert.equal(kinds[services.mlflowOpen!.url], 'mlflow');
    assert.equal(kinds[services.mlflowAuth!.url], 'mlflow');
    assert.equal(kinds[services.jupyterOpen!.url], 'jupyter');
    assert.equal(kinds[services.jupyterToken!.url], 'jupyter');
    assert.equal(kinds[services.fastapiOpen!.url], 'fastapi');
    assert.equal(kinds[services.fastapiHardened!.url], 'fastapi');

    const mlflow = only(result, services.mlflowOpen!.url);
    const unauthenticated = mlflow.find((finding) => finding.ruleId === 'probe/mlflow-unauthenticated');
    assert.ok(unauthenticated, `open MLflow: ${ruleIds(result)}`);
    assert.equal(unauthenticated.category, 'missing-authentication');
    assert.equal(unauthenticated.location.request, 'GET /api/2.0/mlflow/experiments/search?max_results=1');
    assert.match(unauthenticated.evidence, /experiments\/search\?max_results=1 -> HTTP 200 .*1 experiment/);
    assert.match(unauthenticated.evidence, /registered-models\/search\?max_results=1 -> HTTP 200 .*1 registered model/);
    assert.match(unauthenticated.message, /--app-name basic-auth/);
    assert.ok(mlflow.some((finding) => finding.ruleId === 'probe/mlflow-artifact-proxy'), 'artifact proxy on by default');

    const jupyter = only(result, services.jupyterOpen!.url).find((finding) => finding.ruleId === 'probe/jupyter-unauthenticated');
    assert.ok(jupyter, 'open Jupyter is reported');
    assert.equal(jupyter.severity, 'critical');
    assert.match(jupyter.evidence, /GET \/api\/kernels -> HTTP 200/);
    assert.match(jupyter.evidence, /GET \/api\/contents -> HTTP 200 .*1 entries in the root folder/);
    assert.match(jupyter.evidence, /GET \/api\/terminals -> HTTP 200/);

    const inference = only(result, services.fastapiOpen!.url);
    const open = inference.find((finding) => finding.ruleId === 'probe/inference-unauthenticated');
    assert.ok(open, 'open FastAPI app is reported');
    assert.match(open.evidence, /no securitySchemes; POST \/predict, POST \/reload .*not called/);
    const docs = inference.find((finding) => finding.ruleId === 'probe/exposed-api-docs');
    assert.ok(docs);
    assert.match(docs.evidence, /GET \/openapi\.json -> HTTP 200/);
    assert.match(docs.evidence, /GET \/docs -> HTTP 200/);

    for (const twin of ['mlflowAuth', 'jupyterToken', 'fastapiHardened']) {
      const own = only(result, services[twin]!.url);
      assert.deepEqual(own.filter((finding) => MISSING_AUTH.includes(finding.ruleId) || finding.category === 'missing-authentication').map((finding) => finding.ruleId), [], `${twin}: no missing-authentication finding`);
      assert.deepEqual(own.filter((finding) => finding.severity !== 'info' && finding.severity !== 'low').map((finding) => finding.ruleId), [], `${twin}: nothing medium or higher`);
    }
    // No token, password or admin secret in anything reported.
    const text = JSON.stringify(result.findings);
    assert.ok(!text.includes(adminPassword) && !text.includes(jupyterToken), 'no secret in the findings');
  });

  test('the CLI reports the open services in JSON and SARIF and fails on them', () => {
    const json = runCli(['probe', services.mlflowOpen!.url, services.jupyterToken!.url, '--format', 'json', '--timeout', String(TIMEOUT)]);
    assert.equal(json.status, 1, json.stderr);
    const report = JSON.parse(json.stdout) as { findings: Finding[]; errors: unknown[] };
    assert.deepEqual(report.errors, []);
    assert.ok(report.findings.some((finding) => finding.ruleId === 'probe/mlflow-unauthenticated' && finding.file === services.mlflowOpen!.url && finding.line === 1));
    assert.ok(report.findings.every((finding) => finding.file === services.mlflowOpen!.url));
    assert.match(json.stderr, /MLflow tracking server 3\.17\.2/);

    const sarif = runCli(['probe', services.fastapiOpen!.url, '--format', 'sarif', '--timeout', String(TIMEOUT)]);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string }> }> };
    assert.ok(log.runs[0]!.results.some((result) => result.ruleId === 'probe/inference-unauthenticated'));
    assert.ok(log.runs[0]!.tool.driver.rules.some((rule) => rule.id === 'probe/inference-unauthenticated'));

    const clean = runCli(['probe', services.fastapiHardened!.url, services.mlflowAuth!.url, '--timeout', String(TIMEOUT)]);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /0 findings/);
  });
});
