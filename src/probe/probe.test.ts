import { after, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { CLI, REPO_ROOT } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';
import { ProbeClient, ProbeNetworkError, SAFE_METHODS } from './http.js';
import { probeTargets } from './probe.js';

// Small stand-ins for the services that are not installed in the test environment (Ray, Ollama, vLLM,
// TorchServe, Triton) and for the probe's safety limits; the real MLflow, Jupyter and FastAPI are in
// probe-live.test.ts.

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const servers: Server[] = [];
after(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

async function serve(routes: Record<string, unknown | Handler>, seen: string[] = []): Promise<string> {
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const route = routes[request.url ?? '/'];
    if (typeof route === 'function') return (route as Handler)(request, response);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    }
    if (typeof route === 'string') response.writeHead(200, { 'content-type': 'text/plain' }).end(route);
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The CLI without blocking this process, whose fake servers must keep answering. */
function runCliAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const ids = (findings: Array<{ ruleId: string }>) => findings.map((finding) => finding.ruleId).sort();

test('Ray, Ollama and TorchServe management APIs answering without credentials are reported', async () => {
  const ray = await serve({ '/api/version': { ray_version: '2.9.0', version: '4' }, '/api/jobs/': [] });
  const ollama = await serve({ '/api/version': { version: '0.3.0' }, '/api/tags': { models: [{ name: 'llama3' }] } });
  const torchserve = await serve({ '/models': { models: [{ modelName: 'churn', modelUrl: 'churn.mar' }] }, '/ping': { status: 'Healthy' } });
  const result = await probeTargets([ray, ollama, torchserve]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.services.map((service) => service.service), ['ray', 'ollama', 'torchserve']);
  for (const target of [ray, ollama, torchserve]) {
    const finding = result.findings.find((candidate) => candidate.file === target);
    assert.equal(finding?.ruleId, 'probe/management-api-unauthenticated', target);
  }
  const ollamaFinding = result.findings.find((finding) => finding.file === ollama)!;
  assert.match(ollamaFinding.evidence, /GET \/api\/tags -> HTTP 200 .*1 model/);
  assert.match(ollamaFinding.recommendation, /OLLAMA_HOST=127\.0\.0\.1/);
});

test('vLLM and Triton: model routes without credentials are reported, an API key is not', async () => {
  const vllm = await serve({ '/v1/models': { object: 'list', data: [{ id: 'm', owned_by: 'vllm' }] }, '/version': { version: '0.6.0' } });
  const vllmKey = await serve({
    '/v1/models': (_request: IncomingMessage, response: ServerResponse) => response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Unauthorized: invalid API key"}'),
  });
  const triton = await serve({ '/v2': { name: 'triton', version: '2.40.0', extensions: ['classification'] }, '/v2/models/stats': { model_stats: [] } });
  const result = await probeTargets([vllm, vllmKey, triton]);
  assert.deepEqual(result.services.map((service) => service.service), ['vllm', 'vllm', 'triton']);
  assert.deepEqual(ids(result.findings.filter((finding) => finding.file === vllm)), ['probe/inference-unauthenticated']);
  assert.deepEqual(ids(result.findings.filter((finding) => finding.file === vllmKey)), []);
  assert.deepEqual(ids(result.findings.filter((finding) => finding.file === triton)), ['probe/inference-unauthenticated']);
});

test('an old MLflow version gets its advisories; the default admin password is tried only when asked, and never shown', async () => {
  const seen: string[] = [];
  const mlflow = await serve(
    {
      '/health': 'OK',
      '/version': '2.9.2',
      '/api/2.0/mlflow/experiments/search?max_results=1': (request: IncomingMessage, response: ServerResponse) => {
        const expected = `Basic ${Buffer.from('admin:password1234').toString('base64')}`;
        if (request.headers.authorization === expected) response.writeHead(200, { 'content-type': 'application/json' }).end('{"experiments":[]}');
        else response.writeHead(401, { 'www-authenticate': 'Basic realm="mlflow"' }).end('You are not authenticated.');
      },
    },
    seen,
  );
  const plain = await probeTargets([mlflow]);
  assert.deepEqual(ids(plain.findings), ['probe/vulnerable-version']);
  const version = plain.findings[0]!;
  assert.match(version.message, /mlflow 2\.9\.2/);
  assert.equal(version.location.request, 'GET /version');
  assert.ok(!seen.some((line) => line.includes('authorization')));

  const tried = await probeTargets([mlflow], { tryDefaultCredentials: true });
  assert.deepEqual(ids(tried.findings), ['probe/default-credentials', 'probe/vulnerable-version']);
  const defaults = tried.findings.find((finding) => finding.ruleId === 'probe/default-credentials')!;
  assert.match(defaults.evidence, /HTTP 401 without credentials, HTTP 200 with user admin/);
  assert.ok(!JSON.stringify(tried.findings).includes('password1234'), 'the default password is not printed');
});

test('CORS answering any origin is reported for a Jupyter server', async () => {
  const cors: Handler = (request, response) => {
    response.writeHead(request.method === 'OPTIONS' ? 204 : 403, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end(request.method === 'OPTIONS' ? undefined : '{"message":"Forbidden"}');
  };
  const jupyter = await serve({ '/api': { version: '2.14.0' }, '/api/kernels': cors });
  const result = await probeTargets([jupyter]);
  const finding = result.findings.find((candidate) => candidate.ruleId === 'probe/open-cors');
  assert.ok(finding, ids(result.findings).join());
  assert.match(finding.evidence, /OPTIONS \/api\/kernels with Origin: https:\/\/evil\.example -> HTTP 204, Access-Control-Allow-Origin: \*/);
  assert.ok(!result.findings.some((candidate) => candidate.ruleId === 'probe/jupyter-unauthenticated'));
});

test('only GET, HEAD and OPTIONS go out unless unsafe methods are allowed', async () => {
  const seen: string[] = [];
  const api = await serve(
    {
      '/openapi.json': { openapi: '3.1.0', paths: { '/predict': { post: {} }, '/models': { get: {} } } },
      '/models': { models: [] },
      '/predict': (_request: IncomingMessage, response: ServerResponse) => response.writeHead(422, { 'content-type': 'application/json' }).end('{"detail":[]}'),
    },
    seen,
  );
  const client = new ProbeClient();
  await assert.rejects(client.request(`${api}/predict`, { method: 'POST' }), (error: ProbeNetworkError) => error.kind === 'unsafe-method');
  const result = await probeTargets([api]);
  assert.ok(seen.every((line) => (SAFE_METHODS as readonly string[]).includes(line.split(' ')[0]!)), seen.join('\n'));
  const finding = result.findings.find((candidate) => candidate.ruleId === 'probe/inference-unauthenticated')!;
  assert.match(finding.evidence, /GET \/models -> HTTP 200 without credentials/);
  assert.match(finding.evidence, /POST \/predict declared without security \(listed, not called\)/);

  seen.length = 0;
  const unsafe = await probeTargets([api], { allowUnsafeMethods: true });
  assert.ok(seen.includes('POST /predict'));
  assert.match(unsafe.findings.find((candidate) => candidate.ruleId === 'probe/inference-unauthenticated')!.evidence, /POST \/predict \(empty body, --allow-unsafe-methods\) -> HTTP 422/);
});

test('redirects: same host followed at most 3 times, another host never', async () => {
  const seen: string[] = [];
  const other = await serve({ '/': 'elsewhere' }, seen);
  const hop = (to: string): Handler => (_request, response) => response.writeHead(302, { location: to }).end();
  const target = await serve({ '/a': hop('/b'), '/b': hop('/c'), '/c': hop('/d'), '/d': hop('/e'), '/e': 'end', '/x': hop('/y'), '/y': 'y', '/away': hop(`${other}/`) });
  const client = new ProbeClient();
  assert.equal((await client.request(`${target}/x`)).body, 'y');
  await assert.rejects(client.request(`${target}/a`), (error: ProbeNetworkError) => error.kind === 'redirect' && /more than 3 redirects/.test(error.message));
  await assert.rejects(client.request(`${target}/away`), (error: ProbeNetworkError) => error.kind === 'redirect' && /another host/.test(error.message));
  assert.deepEqual(seen, [], 'the other host was never contacted');
});

test('a large body is read only up to the cap, a slow answer times out, and concurrency is limited', async () => {
  let inFlight = 0;
  let most = 0;
  const endless: Handler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = 'x'.repeat(64 * 1024);
    const timer = setInterval(() => response.write(chunk), 1);
    response.on('close', () => clearInterval(timer));
  };
  const slow: Handler = (_request, response) => {
    inFlight++;
    most = Math.max(most, inFlight);
    setTimeout(() => {
      inFlight--;
      response.end('ok');
    }, 100);
  };
  const hang: Handler = () => undefined;
  const target = await serve({ '/big': endless, '/slow': slow, '/hang': hang });
  const client = new ProbeClient({ maxBody: 100_000, timeoutMs: 1000, concurrency: 4 });
  const big = await client.request(`${target}/big`);
  assert.equal(big.truncated, true);
  assert.equal(big.body.length, 100_000);
  await assert.rejects(client.request(`${target}/hang`), (error: ProbeNetworkError) => error.kind === 'timeout');
  await Promise.all(Array.from({ length: 10 }, () => client.request(`${target}/slow`)));
  assert.ok(most <= 4 && most >= 2, `at most 4 requests in flight (saw ${most})`);
});

test('unreachable, TLS-failing and unknown targets are clear errors, not findings', async () => {
  const closed = await serve({});
  const port = new URL(closed).port;
  await new Promise((resolve) => servers.pop()!.close(resolve));
  const plain = await serve({ '/': 'hello' });
  const result = await probeTargets([`http://127.0.0.1:${port}`, plain.replace('http:', 'https:'), plain, 'ftp://example.com', 'http://user:secret@127.0.0.1:1']);
  assert.deepEqual(result.findings, []);
  const byTarget = Object.fromEntries(result.errors.map((error) => [error.file, error]));
  assert.equal(byTarget[`http://127.0.0.1:${port}`]?.kind, 'unreachable');
  assert.match(byTarget[`http://127.0.0.1:${port}`]!.message, /unreachable \(ECONNREFUSED\)/);
  assert.equal(byTarget[plain.replace('http:', 'https:')]?.kind, 'tls');
  assert.equal(byTarget[plain]?.kind, 'unidentified');
  assert.equal(byTarget['ftp://example.com']?.kind, 'usage');
  assert.ok(!JSON.stringify(result.errors.filter((error) => error.kind !== 'usage')).includes('secret'));
});

test('probe --inventory probes the components\' URLs and reports unreachable lab hosts as errors', () => {
  const run = runCli(['probe', '--inventory', 'fixtures/mlops/mlops-inventory.json', '--format', 'json', '--timeout', '3000']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: Array<{ file: string; kind: string; message: string }> };
  assert.deepEqual(report.findings, []);
  assert.deepEqual(report.errors.map((error) => error.file).sort(), ['http://inference.ml.internal.example', 'http://mlflow.ml.internal.example:5000', 'https://jupyterhub.ml.internal.example']);
  for (const error of report.errors) assert.ok(['unreachable', 'timeout'].includes(error.kind), `${error.file}: ${error.kind} ${error.message}`);
  assert.match(run.stderr, /mlflow\.ml\.internal\.example/);

  const text = runCli(['probe', '--inventory', 'fixtures/mlops/mlops-inventory.json', '--timeout', '3000']);
  assert.match(text.stdout, /Not analysed/);
  assert.match(text.stdout, /jupyterhub\.ml\.internal\.example/);
});

test('probe without a target is a usage error', () => {
  const run = runCli(['probe']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /give one or more URLs/);
});

test('a query string (a Jupyter ?token=) is dropped from the target, and a URL is a SARIF location as is', async () => {
  const jupyter = await serve({ '/api': { version: '2.14.0' }, '/api/kernels': [] });
  const result = await probeTargets([`${jupyter}/?token=0123456789abcdef0123`]);
  assert.equal(result.findings[0]?.file, jupyter);
  assert.ok(!JSON.stringify(result).includes('0123456789abcdef0123'));
  const sarif = await runCliAsync(['probe', `${jupyter}/?token=0123456789abcdef0123`, '--format', 'sarif']);
  const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, jupyter);
  const markdown = await runCliAsync(['probe', jupyter, '--format', 'markdown']);
  assert.match(markdown.stdout, /probe\/jupyter-unauthenticated/);
  assert.match(markdown.stdout, /GET \/api\/kernels/);
});

test('--summary puts probe findings on the platform map, on the inventory component whose url was probed', async () => {
  const jupyter = await serve({ '/api': { version: '2.14.0' }, '/api/kernels': [], '/api/contents': { content: [] } });
  const folder = mkdtempSync(join(tmpdir(), 'probe-inventory-'));
  try {
    const inventory = join(folder, 'mlops-inventory.json');
    writeFileSync(inventory, JSON.stringify({ version: 1, identities: [], components: [{ id: 'research-notebooks', kind: 'notebook-server', name: 'Research notebooks', url: `${jupyter}/` }], storage: [] }));
    const run = await runCliAsync(['probe', '--inventory', inventory, '--format', 'json', '--summary']);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; fingerprint: string }>; platform: { model: { assignment: Record<string, string> }; issues: Array<{ title: string }> } };
    const finding = report.findings.find((candidate) => candidate.ruleId === 'probe/jupyter-unauthenticated')!;
    assert.equal(report.platform.model.assignment[finding.fingerprint], 'research-notebooks');
    assert.ok(report.platform.issues.length > 0);
    const text = await runCliAsync(['probe', '--inventory', inventory, '--summary']);
    assert.match(text.stdout, /Research notebooks/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the command line default timeout is the probe client default', async () => {
  const { DEFAULT_PROBE_TIMEOUT } = await import('../cli/formats.js');
  const { DEFAULT_TIMEOUT_MS } = await import('./http.js');
  assert.equal(DEFAULT_PROBE_TIMEOUT, String(DEFAULT_TIMEOUT_MS));
});
