import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_FIXTURES_DIR } from '../answer-key.js';
import { labSecrets } from '../../testing/lab-secrets.js';
import { TEST_CASES } from '../../testing/paths.js';
import { startLabServer, type RunningLab } from './server.js';
import { LabStore } from './store.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

// Real HTTP against a started server with a real SQLite file in a temporary folder.

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
const answers = JSON.parse(readFileSync(join(TEST_CASES, 'lab', 'answers-correct.json'), 'utf8')) as Record<string, unknown>;
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Lab {
  lab: RunningLab;
  store: LabStore;
  dir: string;
  base: string;
  csrf: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

async function start(dir = mkdtempSync(join(tmpdir(), 'mlops-lab-'))): Promise<Lab> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const store = new LabStore(dir);
  const lab = await startLabServer({ store, token: TOKEN, host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${lab.port}`;
  const session = (await (await fetch(`${base}/api/session`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { csrfToken: string };
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'X-CSRF-Token': session.csrfToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    lab,
    store,
    dir,
    base,
    csrf: session.csrfToken,
    call,
    stop: async () => {
      await lab.close();
      store.close();
    },
  };
}

test('every request needs the token; the first page load trades it for an HttpOnly SameSite=Strict cookie', async () => {
  const lab = await start();
  try {
    const bare = await fetch(`${lab.base}/api/session`);
    assert.equal(bare.status, 401);
    assert.equal((await fetch(`${lab.base}/api/drafts`, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
    assert.equal((await fetch(`${lab.base}/`)).status, 401, 'the page itself needs the token');
    assert.equal((await fetch(`${lab.base}/?token=wrong`, { redirect: 'manual' })).status, 401);

    const first = await fetch(lab.lab.url, { redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/', 'the token leaves the address bar');
    const cookie = first.headers.get('set-cookie')!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    const page = await fetch(`${lab.base}/`, { headers: { Cookie: pair } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    const api = await fetch(`${lab.base}/api/rubric`, { headers: { Cookie: pair } });
    assert.equal(api.status, 200);
    assert.equal(((await api.json()) as { max: number }).max, 100);
    // A request with a foreign Host header (DNS rebinding) is refused even with the token.
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: lab.lab.port, path: '/api/session', headers: { Authorization: `Bearer ${TOKEN}`, Host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    assert.equal(rebound, 400);
  } finally {
    await lab.stop();
  }
});

test('state-changing requests need the CSRF token and a same-origin Origin', async () => {
  const lab = await start();
  try {
    const body = JSON.stringify({ answer: { findings: [] } });
    const noCsrf = await fetch(`${lab.base}/api/drafts/1`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body });
    assert.equal(noCsrf.status, 403);
    assert.equal(((await noCsrf.json()) as { error: string }).error, 'csrf');
    const foreign = await lab.call('PUT', '/api/drafts/1', { answer: {} }, { Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(((await foreign.json()) as { error: string }).error, 'bad-origin');
    const crossSite = await lab.call('DELETE', '/api/drafts/1', undefined, { 'Sec-Fetch-Site': 'cross-site' });
    assert.equal(crossSite.status, 403);
    const same = await lab.call('PUT', '/api/drafts/1', { answer: {} }, { Origin: lab.base });
    assert.equal(same.status, 200);
    assert.equal(lab.store.drafts().length, 1, 'only the allowed request was saved');
  } finally {
    await lab.stop();
  }
});

test('a strict Content-Security-Policy and the other security headers are on every response', async () => {
  const lab = await start();
  try {
    for (const response of [await fetch(`${lab.base}/api/session`), await lab.call('GET', '/api/rubric'), await lab.call('GET', '/'), await lab.call('GET', '/api/nothing')]) {
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
      assert.match(CONTENT_SECURITY_POLICY, /default-src 'none'/);
      assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
    }
  } finally {
    await lab.stop();
  }
});

test('a body over 256 KB gets 413 and nothing is saved; bad JSON and bad fields get 400 naming the field', async () => {
  const lab = await start();
  try {
    const big = await lab.call('PUT', '/api/drafts/2', { answer: { correctedYaml: 'x'.repeat(300 * 1024) } });
    assert.equal(big.status, 413);
    assert.equal(lab.store.drafts().length, 0);

    const broken = await lab.call('PUT', '/api/drafts/2', '{"answer": ');
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { error: string }).error, 'invalid-json');

    const wrongType = await lab.call('PUT', '/api/drafts/1', { answer: { findings: [{ severity: 'catastrophic' }] } });
    assert.equal(wrongType.status, 400);
    const error = (await wrongType.json()) as { field: string; message: string };
    assert.equal(error.field, 'answer.findings[0].severity');
    assert.match(error.message, /must be one of critical, high, medium, low, info/);

    const unknown = await lab.call('PUT', '/api/drafts/1', { answer: {}, extra: 1 });
    assert.equal(((await unknown.json()) as { field: string }).field, 'body.extra');
    const step = await lab.call('PUT', '/api/drafts/9', { answer: {} });
    assert.equal(step.status, 400);
    assert.equal(((await step.json()) as { field: string }).field, 'step');
    const text = await lab.call('PUT', '/api/drafts/1', 'answer=1', { 'Content-Type': 'text/plain' });
    assert.equal(text.status, 415);
    const level = await lab.call('GET', '/api/hints/1?level=9');
    assert.equal(((await level.json()) as { field: string }).field, 'level');
  } finally {
    await lab.stop();
  }
});

test('drafts autosave per step and come back after a restart; one step can be reset', async () => {
  const first = await start();
  const dir = first.dir;
  for (const step of ['1', '2', '3', '4']) {
    const saved = await first.call('PUT', `/api/drafts/${step}`, { answer: answers[step] });
    assert.equal(saved.status, 200);
    assert.equal(((await saved.json()) as { revision: number }).revision, 1);
  }
  const again = await first.call('PUT', '/api/drafts/1', { answer: answers['1'] });
  assert.equal(((await again.json()) as { revision: number }).revision, 2);
  await first.stop();

  const second = await start(dir);
  try {
    const drafts = (await (await second.call('GET', '/api/drafts')).json()) as { drafts: Array<{ step: number; answer: unknown; revision: number }> };
    assert.deepEqual(drafts.drafts.map((draft) => draft.step), [1, 2, 3, 4]);
    assert.deepEqual(drafts.drafts[1]!.answer, answers['2']);
    assert.equal(drafts.drafts[0]!.revision, 2);
    const score = (await (await second.call('GET', '/api/score')).json()) as { score: number };
    assert.equal(score.score, 100);

    const reset = await second.call('DELETE', '/api/drafts/3');
    assert.deepEqual(await reset.json(), { step: 3, reset: true });
    assert.equal((await second.call('GET', '/api/drafts/3')).status, 404);
    assert.equal((await second.call('GET', '/api/drafts/2')).status, 200, 'other steps are kept');
    const after = (await (await second.call('GET', '/api/score')).json()) as { score: number; steps: Array<{ step: number; earned: number }> };
    assert.equal(after.steps.find((step) => step.step === 3)!.earned, 0);
    assert.equal(after.score, 75);
  } finally {
    await second.stop();
  }
});

test('a submission stores the score shown, never changes, and the history lists every one', async () => {
  const lab = await start();
  try {
    await lab.call('PUT', '/api/drafts/1', { answer: answers['1'] });
    await lab.call('PUT', '/api/drafts/4', { answer: answers['4'] });
    const shown = (await (await lab.call('GET', '/api/score')).json()) as { score: number; criteria: unknown[] };
    const submitted = await lab.call('POST', '/api/submissions');
    assert.equal(submitted.status, 201);
    const first = (await submitted.json()) as { id: number; score: number; createdAt: string; result: { score: number; criteria: unknown[] } };
    assert.equal(first.score, shown.score, 'the score shown equals the score stored');
    assert.deepEqual(first.result.criteria, shown.criteria);
    assert.ok(!Number.isNaN(Date.parse(first.createdAt)));

    // Later work does not change the earlier submission.
    await lab.call('PUT', '/api/drafts/2', { answer: answers['2'] });
    const second = (await (await lab.call('POST', '/api/submissions')).json()) as { id: number; score: number };
    assert.ok(second.score > first.score);
    const stored = (await (await lab.call('GET', `/api/submissions/${first.id}`)).json()) as { score: number; createdAt: string };
    assert.equal(stored.score, first.score);
    assert.equal(stored.createdAt, first.createdAt);
    const history = (await (await lab.call('GET', '/api/submissions')).json()) as { submissions: Array<{ id: number; score: number }> };
    assert.deepEqual(history.submissions.map((entry) => [entry.id, entry.score]), [[first.id, first.score], [second.id, second.score]]);

    assert.throws(() => lab.store.unsafeExec(`UPDATE submissions SET score = 100 WHERE id = ${first.id}`), /submissions are immutable/);
    assert.throws(() => lab.store.unsafeExec('DELETE FROM submissions'), /submissions are immutable/);
    assert.equal(lab.store.submission(first.id)!.score, first.score);
    assert.equal((await lab.call('PUT', `/api/submissions/${first.id}`, {})).status, 404, 'no route changes a submission');
  } finally {
    await lab.stop();
  }
});

test('learner text with <script> comes back as an inert JSON string and escaped in the Markdown export', async () => {
  const lab = await start();
  try {
    const evil = '<script>alert(document.cookie)</script> **bold** [x](javascript:alert(1))';
    const answer = structuredClone(answers['1']) as { findings: Array<Record<string, unknown>> };
    answer.findings[0]!.what = evil;
    await lab.call('PUT', '/api/drafts/1', { answer });
    await lab.call('PUT', '/api/drafts/4', { answer: answers['4'] });
    const response = await lab.call('GET', '/api/drafts/1');
    assert.match(response.headers.get('content-type')!, /^application\/json/);
    const raw = await response.text();
    const draft = JSON.parse(raw) as { answer: { findings: Array<{ what: string }> } };
    assert.equal(draft.answer.findings[0]!.what, evil, 'stored and returned as the text it was');

    const exported = await lab.call('GET', '/api/export.md');
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type')!, /^text\/markdown/);
    const markdown = await exported.text();
    assert.match(markdown, /^# MLOps Platform Security Assessment\n/);
    assert.ok(!markdown.includes('<script>'), 'no live tag in the export');
    assert.ok(markdown.includes('&lt;script&gt;alert\\(document.cookie\\)&lt;/script&gt;'));
    assert.ok(markdown.includes('\\*\\*bold\\*\\*'));
    assert.match(markdown, /\*\*Score: \d+\/100\*\*/);
    assert.match(markdown, /## Step 4: Apply least privilege to the inference IAM role \(25\/25\)/);
    assert.match(markdown, /### Hardening summary\n\n1\. \*\*critical\*\*: notebook-credential-leak\.ipynb/);
    assert.match(markdown, /```json\n\{\n {2}"Version": "2012-10-17"/);
  } finally {
    await lab.stop();
  }
});

test('the JSON backup imports again into a new data folder; a bad backup is refused whole', async () => {
  const source = await start();
  for (const step of ['1', '2', '3', '4']) await source.call('PUT', `/api/drafts/${step}`, { answer: answers[step] });
  await source.call('POST', '/api/submissions');
  const backupResponse = await source.call('GET', '/api/backup');
  assert.match(backupResponse.headers.get('content-disposition')!, /attachment/);
  const backup = (await backupResponse.json()) as { drafts: unknown[]; submissions: Array<{ score: number }> };
  await source.stop();

  const target = await start();
  try {
    await target.call('PUT', '/api/drafts/1', { answer: { findings: [] } });
    const imported = await target.call('POST', '/api/backup', backup);
    assert.equal(imported.status, 200);
    assert.deepEqual(await imported.json(), { restored: true, drafts: 4, submissionsAdded: 1, selfAssessment: false });
    const round = (await (await target.call('GET', '/api/backup')).json()) as typeof backup;
    assert.deepEqual(round.drafts, backup.drafts);
    assert.deepEqual(round.submissions, backup.submissions);
    const again = (await (await target.call('POST', '/api/backup', backup)).json()) as { submissionsAdded: number };
    assert.equal(again.submissionsAdded, 0, 'importing twice adds no duplicate history');

    // A tampered score and a bad draft are refused, and nothing of them is written.
    const tampered = structuredClone(backup) as { drafts: Array<{ answer: unknown }>; submissions: Array<{ score: number }> };
    tampered.drafts[0]!.answer = { findings: [] };
    tampered.submissions[0]!.score = 42;
    const refused = await target.call('POST', '/api/backup', tampered);
    assert.equal(refused.status, 400);
    const error = (await refused.json()) as { field: string; message: string };
    assert.equal(error.field, 'backup.submissions[0].score');
    assert.match(error.message, /is 42 but its answers score 100/);
    const invalid = structuredClone(backup) as { drafts: Array<{ answer: unknown }> };
    invalid.drafts[3]!.answer = { policy: 7 };
    const invalidResponse = await target.call('POST', '/api/backup', invalid);
    assert.equal(((await invalidResponse.json()) as { field: string }).field, 'backup.drafts[3].answer.policy');
    assert.deepEqual(((await (await target.call('GET', '/api/backup')).json()) as typeof backup).drafts, backup.drafts, 'unchanged');
  } finally {
    await target.stop();
  }
});

test('rubric, hints, lab overview and fixtures are served; hints come one level at a time', async () => {
  const lab = await start();
  try {
    const overview = (await (await lab.call('GET', '/api/lab')).json()) as { steps: Array<{ step: number; fixture: string }>; signals: unknown[] };
    assert.deepEqual(overview.steps.map((step) => step.fixture), ['notebook-credential-leak.ipynb', 'training-pipeline.yml', 'mlflow-config.json', 'inference-iam-policy.json']);
    assert.equal(overview.signals.length, 6);
    const hint1 = (await (await lab.call('GET', '/api/hints/2')).json()) as { level: number; shown: string[]; levels: number };
    const hint3 = (await (await lab.call('GET', '/api/hints/2?level=3')).json()) as { level: number; shown: string[] };
    assert.equal(hint1.shown.length, 1);
    assert.equal(hint3.shown.length, 3);
    assert.match(hint3.shown[2]!, /id-token: write/);
    const fixture = (await (await lab.call('GET', '/api/fixtures/inference-iam-policy.json')).json()) as { lines: string[] };
    assert.match(fixture.lines[5]!, /iam:ListRoles/);
    assert.equal((await lab.call('GET', '/api/fixtures/..%2F..%2Fpackage.json')).status, 404);
    // Every viewable file is served with its secrets masked in place: same lines, same lengths, no whole secret.
    const secrets = labSecrets();
    assert.ok(secrets.length >= 5, 'the fixtures plant secrets');
    const overviewFiles = overview as unknown as { fixtures: Array<{ file: string }>; supporting: Array<{ file: string }> };
    for (const file of [...overviewFiles.fixtures, ...overviewFiles.supporting].map((entry) => entry.file)) {
      const raw = readFileSync(join(LAB_FIXTURES_DIR, file), 'utf8').replace(/\n$/, '').split('\n');
      const served = ((await (await lab.call('GET', `/api/fixtures/${encodeURIComponent(file)}`)).json()) as { lines: string[] }).lines;
      assert.equal(served.length, raw.length, file);
      served.forEach((line, i) => {
        assert.equal(line.length, raw[i]!.length, `${file}:${i + 1} keeps its length`);
        for (const secret of secrets) assert.ok(!line.includes(secret), `${file}:${i + 1} shows a whole secret`);
        if (!secrets.some((secret) => raw[i]!.includes(secret))) assert.equal(line, raw[i], `${file}:${i + 1} unchanged`);
      });
    }
    const notebook = ((await (await lab.call('GET', '/api/fixtures/notebook-credential-leak.ipynb')).json()) as { lines: string[] }).lines;
    assert.match(notebook[135]!, /Secret: wJal•+/, 'the learner still sees where the key is');
    assert.equal((await lab.call('GET', '/api/fixtures/expected-findings.json')).status, 404, 'the answer key is not served');
  } finally {
    await lab.stop();
  }
});

test('the self-assessment ticks rubric criteria, is scored from the rubric, and goes into submissions, the export and the backup', async () => {
  const lab = await start();
  try {
    const empty = (await (await lab.call('GET', '/api/self-assessment')).json()) as { met: string[]; score: number; max: number; revision: number };
    assert.deepEqual([empty.met, empty.score, empty.max, empty.revision], [[], 0, 100, 0]);

    // Refused: unknown criterion, a repeat, a client-chosen score.
    const unknown = await lab.call('PUT', '/api/self-assessment', { met: ['s1-location', 's9-nothing'] });
    assert.equal(unknown.status, 400);
    assert.deepEqual(await unknown.json(), { error: 'invalid', message: 'body.met[1]: is not a rubric criterion id (see GET /api/rubric)', field: 'body.met[1]' });
    assert.equal(((await (await lab.call('PUT', '/api/self-assessment', { met: ['s1-what', 's1-what'] })).json()) as { field: string }).field, 'body.met[1]');
    assert.equal(((await (await lab.call('PUT', '/api/self-assessment', { met: [], score: 100 })).json()) as { field: string }).field, 'body.score');

    // The learner claims all of step 1 and the blast radius is wrong in their answer: the export shows the gap.
    const poor = structuredClone(answers['1']) as { findings: Array<Record<string, unknown>> };
    poor.findings[0]!.blastRadius = 'The notebook user.';
    await lab.call('PUT', '/api/drafts/1', { answer: poor });
    const claim = ['s1-severity', 's1-location', 's1-what', 's1-blast-radius', 's1-controls'];
    const saved = (await (await lab.call('PUT', '/api/self-assessment', { met: claim })).json()) as { met: string[]; score: number; revision: number };
    assert.deepEqual(saved.met, ['s1-location', 's1-what', 's1-severity', 's1-blast-radius', 's1-controls'], 'kept in rubric order');
    assert.equal(saved.score, 25, 'the points of the ticked criteria');
    assert.equal(saved.revision, 1);

    const submission = (await (await lab.call('POST', '/api/submissions')).json()) as { id: number; score: number; selfAssessment: { score: number; met: string[] } };
    assert.equal(submission.selfAssessment.score, 25);
    assert.equal(submission.score, 19, 'graded: everything but the blast radius');
    // Unticking later leaves the submitted claim as it was.
    await lab.call('PUT', '/api/self-assessment', { met: [] });
    const stored = (await (await lab.call('GET', `/api/submissions/${submission.id}`)).json()) as { selfAssessment: { score: number } };
    assert.equal(stored.selfAssessment.score, 25);

    const markdown = await (await lab.call('GET', `/api/export.md?submission=${submission.id}`)).text();
    assert.match(markdown, /\*\*Score: 19\/100\*\* \(self-assessed: 25\/100\)/);
    assert.match(markdown, /## Self-assessment/);
    assert.match(markdown, /\| 1 \| Blast radius \| 6 \| met \| 0\/6 \| claimed, not earned \|/);
    assert.match(markdown, /\| 1 \| Location \| 5 \| met \| 5\/5 \| agrees \|/);

    const backup = (await (await lab.call('GET', '/api/backup')).json()) as { version: number; selfAssessment: { met: string[]; revision: number }; submissions: Array<{ selfAssessment: { score: number } }> };
    assert.equal(backup.version, 2);
    assert.deepEqual(backup.selfAssessment.met, []);
    assert.equal(backup.selfAssessment.revision, 2);
    assert.equal(backup.submissions[0]!.selfAssessment.score, 25);
    const forged = structuredClone(backup);
    forged.submissions[0]!.selfAssessment.score = 100;
    const refused = await lab.call('POST', '/api/backup', forged);
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { error: 'invalid', message: 'backup.submissions[0].selfAssessment.score: is 100 but the criteria ticked are worth 25', field: 'backup.submissions[0].selfAssessment.score' });
  } finally {
    await lab.stop();
  }
});

test('a version 1 backup (before the self-assessment) still imports', async () => {
  const lab = await start();
  try {
    await lab.call('PUT', '/api/drafts/4', { answer: answers['4'] });
    const backup = (await (await lab.call('GET', '/api/backup')).json()) as Record<string, unknown>;
    delete backup.selfAssessment;
    backup.version = 1;
    const imported = await lab.call('POST', '/api/backup', backup);
    assert.equal(imported.status, 200);
    assert.deepEqual(await imported.json(), { restored: true, drafts: 1, submissionsAdded: 0, selfAssessment: false });
    assert.equal(((await (await lab.call('POST', '/api/backup', { ...backup, version: 3 })).json()) as { field: string }).field, 'backup.version');
  } finally {
    await lab.stop();
  }
});

test('the reading module and the framework mappings are served', async () => {
  const lab = await start();
  try {
    const reading = (await (await lab.call('GET', '/api/reading')).json()) as { sections: Array<{ id: string; items: unknown[] }> };
    assert.deepEqual(reading.sections.map((section) => section.id), ['breaks', 'inspect', 'ask', 'test', 'controls', 'evidence', 'outputs']);
    const map = (await (await lab.call('GET', '/api/frameworks')).json()) as { frameworks: Array<{ id: string }>; signals: Array<{ signal: string; refs: Record<string, Array<{ id: string }>> }>; olderNames: Array<{ seed: string; current: Array<{ id: string }> }> };
    assert.deepEqual(map.frameworks.map((entry) => entry.id), ['OWASP-LLM-2025', 'MITRE-ATLAS', 'NIST-AI-RMF', 'ISO-42001']);
    assert.equal(map.signals.length, 6);
    const registry = map.signals.find((entry) => entry.signal === 'unauthenticated-model-registry')!;
    assert.ok(registry.refs['MITRE-ATLAS']!.some((ref) => ref.id === 'AML.T0010'));
    assert.deepEqual(map.olderNames.find((entry) => entry.seed.startsWith('LLM03'))!.current.map((ref) => ref.id), ['LLM04:2025', 'LLM03:2025']);
  } finally {
    await lab.stop();
  }
});
