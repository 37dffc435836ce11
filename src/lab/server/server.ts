import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAB_FIXTURES_DIR, loadAnswerKey } from '../answer-key.js';
import { HINTS, OVERVIEW, STEP_CONTENT } from '../content.js';
import { parseStep, validateAnswers, validateStepAnswer, ValidationError, type Answers, type StepNumber } from '../grading/answers.js';
import { grade } from '../grading/grade.js';
import { MAX_SCORE, rubric } from '../grading/rubric.js';
import { selfScore, validateSelfAssessment } from '../grading/self-assessment.js';
import { labFrameworkMap } from '../framework-map.js';
import { READING } from '../reading.js';
import { maskSecretsInText } from '../../secrets/secret-ranges.js';
import { VERSION } from '../../version.js';
import { assessmentMarkdown } from './markdown.js';
import { authenticated, checkCsrf, checkHost, HttpError, makeGuard, readJson, sessionCookie, setSecurityHeaders, type Guard } from './security.js';
import type { Backup, LabStore, SavedSelfAssessment, SelfAssessment } from './store.js';

// The lab's HTTP server (node:http, no framework): a JSON API under /api and the built front end as static
// files. Every request passes the Host check and the token check; state-changing ones also the CSRF check.

export interface LabServerOptions {
  store: LabStore;
  token: string;
  host: string;
  /** 0 for any free port. */
  port: number;
  /** Folder of the built front end (index.html and assets); a placeholder page when it does not exist. */
  webRoot?: string;
}

export interface RunningLab {
  server: Server;
  port: number;
  /** The URL to open, token included. */
  url: string;
  close(): Promise<void>;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
};

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MLOps Platform Security Lab</title></head>
<body><main><h1>MLOps Platform Security Lab</h1><p>The lab server is running. The web front end is not built in this copy; the API is described in docs/lab-api.md.</p></main></body></html>
`;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, type: string, text: string | Buffer, extra: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...extra });
  response.end(text);
}

function numberParam(value: string | null, name: string, min: number, max: number, fallback: number): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new HttpError(400, 'invalid', `${name} must be a whole number from ${min} to ${max}`, name);
  return Number(value);
}

function validateBackup(value: unknown): Backup {
  const fail = (field: string, message: string): never => {
    throw new ValidationError(field, message);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('backup', 'must be an object');
  const backup = value as Record<string, unknown>;
  if (backup.format !== 'mlops-audit-lab-backup') fail('backup.format', 'must be "mlops-audit-lab-backup"');
  if (backup.version !== 1 && backup.version !== 2) fail('backup.version', 'must be 1 or 2');
  if (!Array.isArray(backup.drafts)) fail('backup.drafts', 'must be an array');
  if (!Array.isArray(backup.submissions)) fail('backup.submissions', 'must be an array');
  const seen = new Set<number>();
  const drafts = (backup.drafts as unknown[]).map((raw, i) => {
    const path = `backup.drafts[${i}]`;
    if (typeof raw !== 'object' || raw === null) return fail(path, 'must be an object');
    const draft = raw as Record<string, unknown>;
    const step = parseStep(draft.step, `${path}.step`);
    if (seen.has(step)) fail(`${path}.step`, `step ${step} appears twice`);
    seen.add(step);
    if (!Number.isInteger(draft.revision) || (draft.revision as number) < 1) fail(`${path}.revision`, 'must be a whole number from 1');
    if (typeof draft.updatedAt !== 'string' || Number.isNaN(Date.parse(draft.updatedAt))) fail(`${path}.updatedAt`, 'must be an ISO date');
    return { step, answer: validateStepAnswer(step, draft.answer, `${path}.answer`), revision: draft.revision as number, updatedAt: draft.updatedAt as string };
  });
  if ((backup.submissions as unknown[]).length > 10_000) fail('backup.submissions', 'has too many entries');
  const submissions = (backup.submissions as unknown[]).map((raw, i) => {
    const path = `backup.submissions[${i}]`;
    if (typeof raw !== 'object' || raw === null) return fail(path, 'must be an object');
    const submission = raw as Record<string, unknown>;
    if (typeof submission.createdAt !== 'string' || Number.isNaN(Date.parse(submission.createdAt))) fail(`${path}.createdAt`, 'must be an ISO date');
    const answers = validateAnswers(submission.answers, `${path}.answers`);
    // The score is not taken on trust: the answers are graded again and must give the recorded score.
    const result = grade(answers);
    if (submission.score !== result.score) fail(`${path}.score`, `is ${String(submission.score)} but its answers score ${result.score}`);
    const self = submission.selfAssessment === undefined || submission.selfAssessment === null ? undefined : backupSelf(submission.selfAssessment, `${path}.selfAssessment`);
    return { id: 0, createdAt: submission.createdAt as string, score: result.score, max: result.max, answers, result, ...(self ? { selfAssessment: self } : {}) };
  });
  let selfAssessment: SavedSelfAssessment | undefined;
  if (backup.selfAssessment !== undefined && backup.selfAssessment !== null) {
    const raw = backup.selfAssessment as Record<string, unknown>;
    const self = backupSelf(raw, 'backup.selfAssessment');
    if (!Number.isInteger(raw.revision) || (raw.revision as number) < 1) fail('backup.selfAssessment.revision', 'must be a whole number from 1');
    if (typeof raw.updatedAt !== 'string' || Number.isNaN(Date.parse(raw.updatedAt))) fail('backup.selfAssessment.updatedAt', 'must be an ISO date');
    selfAssessment = { ...self, revision: raw.revision as number, updatedAt: raw.updatedAt as string };
  }
  return { format: 'mlops-audit-lab-backup', version: backup.version as 1 | 2, lab: String(backup.lab ?? ''), exportedAt: String(backup.exportedAt ?? ''), drafts, submissions, ...(selfAssessment ? { selfAssessment } : {}) };
}

/** A self-assessment inside a backup: its claimed score is recomputed from the rubric and must match. */
function backupSelf(value: unknown, path: string): SelfAssessment {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(path, 'must be an object');
  const { met, score, revision: _revision, updatedAt: _updatedAt, ...rest } = value as Record<string, unknown>;
  const { met: valid } = validateSelfAssessment({ met, ...rest }, path);
  if (score !== selfScore(valid)) throw new ValidationError(`${path}.score`, `is ${String(score)} but the criteria ticked are worth ${selfScore(valid)}`);
  return { met: valid, score: selfScore(valid) };
}

export function createLabHandler(options: LabServerOptions, guard: Guard): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { store } = options;
  const key = loadAnswerKey();
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  const frameworkMap = labFrameworkMap(key);
  const fixtureFiles = new Set([...key.fixtures.map((fixture) => fixture.file), ...key.supporting.map((entry) => entry.file), 'mlops-inventory.json']);

  // Fixtures are shown with their secrets masked in place (same length, so line picking is unchanged):
  // no answer needs a whole secret, and the page must not show one.
  const shownFixtures = new Map<string, string[]>();
  function fixtureLines(file: string): string[] {
    let lines = shownFixtures.get(file);
    if (!lines) {
      const text = readFileSync(join(LAB_FIXTURES_DIR, file), 'utf8');
      const kind = file.endsWith('.ipynb') ? 'notebook' : /\.ya?ml$/.test(file) ? 'yaml' : 'json';
      lines = maskSecretsInText(file, kind, text).replace(/\n$/, '').split('\n');
      shownFixtures.set(file, lines);
    }
    return lines;
  }

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const route = `${method} /${parts.map((part, i) => (i > 0 && (parts[0] === 'drafts' || parts[0] === 'hints' || parts[0] === 'submissions' || parts[0] === 'fixtures') ? ':param' : part)).join('/')}`;
    const param = parts.slice(1).map(decodeURIComponent).join('/');

    switch (route) {
      case 'GET /session':
        return sendJson(response, 200, { csrfToken: guard.csrfToken, lab: key.lab, title: key.title, version: VERSION });
      case 'GET /lab':
        return sendJson(response, 200, {
          lab: key.lab,
          title: key.title,
          ...OVERVIEW,
          signals: key.signals.map((signal) => ({ id: signal.id, name: signal.name })),
          fixtures: key.fixtures.map((fixture) => ({ file: fixture.file, step: fixture.step, title: fixture.title })),
          supporting: key.supporting.map((entry) => ({ file: entry.file, title: entry.title })),
          steps: STEP_CONTENT.map((step) => ({ ...step, hintLevels: HINTS[step.step].length })),
        });
      case 'GET /fixtures/:param': {
        if (!fixtureFiles.has(param)) throw new HttpError(404, 'not-found', `no fixture named ${param}`, 'file');
        return sendJson(response, 200, { file: param, lines: fixtureLines(param) });
      }
      case 'GET /rubric':
        return sendJson(response, 200, rubric());
      case 'GET /reading':
        return sendJson(response, 200, READING);
      case 'GET /frameworks':
        return sendJson(response, 200, frameworkMap);
      case 'GET /self-assessment': {
        const self = store.selfAssessment();
        return sendJson(response, 200, { max: MAX_SCORE, ...(self ?? { met: [], score: 0, revision: 0, updatedAt: null }) });
      }
      case 'PUT /self-assessment': {
        const { met } = validateSelfAssessment(await readJson(request));
        const saved = store.saveSelfAssessment({ met, score: selfScore(met) });
        return sendJson(response, 200, { max: MAX_SCORE, ...saved });
      }
      case 'GET /hints/:param': {
        const step = parseStep(param);
        const hints = HINTS[step];
        const level = numberParam(url.searchParams.get('level'), 'level', 1, hints.length, 1);
        return sendJson(response, 200, { step, level, levels: hints.length, hint: hints[level - 1], shown: hints.slice(0, level) });
      }
      case 'GET /drafts':
        return sendJson(response, 200, { drafts: store.drafts() });
      case 'GET /drafts/:param': {
        const step = parseStep(param);
        const draft = store.draft(step);
        if (!draft) throw new HttpError(404, 'not-found', `no draft saved for step ${step}`);
        return sendJson(response, 200, draft);
      }
      case 'PUT /drafts/:param': {
        const step = parseStep(param);
        const body = await readJson(request);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be an object {"answer": {...}}');
        const unknown = Object.keys(body).filter((name) => name !== 'answer');
        if (unknown.length > 0) throw new ValidationError(`body.${unknown[0]}`, 'is not a known field (expected answer)');
        if (!('answer' in body)) throw new ValidationError('answer', 'is required');
        const answer = validateStepAnswer(step, (body as { answer: unknown }).answer);
        const draft = store.saveDraft(step, answer);
        return sendJson(response, 200, { step: draft.step, revision: draft.revision, updatedAt: draft.updatedAt });
      }
      case 'DELETE /drafts/:param': {
        const step = parseStep(param);
        return sendJson(response, 200, { step, reset: store.resetDraft(step) });
      }
      case 'GET /score':
        return sendJson(response, 200, grade(store.answers()));
      case 'POST /submissions': {
        const answers: Answers = store.answers();
        const submission = store.submit(answers, grade(answers));
        return sendJson(response, 201, submission);
      }
      case 'GET /submissions':
        return sendJson(response, 200, { submissions: store.submissions().map(({ id, createdAt, score, max, selfAssessment }) => ({ id, createdAt, score, max, ...(selfAssessment ? { selfScore: selfAssessment.score } : {}) })) });
      case 'GET /submissions/:param': {
        const id = numberParam(param, 'id', 1, Number.MAX_SAFE_INTEGER, 0);
        const submission = store.submission(id);
        if (!submission) throw new HttpError(404, 'not-found', `no submission ${id}`);
        return sendJson(response, 200, submission);
      }
      case 'GET /export.md': {
        const id = url.searchParams.get('submission');
        const submission = id === null ? undefined : store.submission(numberParam(id, 'submission', 1, Number.MAX_SAFE_INTEGER, 0));
        if (id !== null && !submission) throw new HttpError(404, 'not-found', `no submission ${id}`);
        const answers = submission?.answers ?? store.answers();
        const result = submission?.result ?? grade(answers);
        const self = submission ? submission.selfAssessment : store.selfAssessment();
        const markdown = assessmentMarkdown(answers, result, { title: key.title, generatedAt: new Date().toISOString(), submission, selfAssessment: self && { met: self.met, score: self.score } });
        return sendText(response, 200, 'text/markdown; charset=utf-8', markdown, { 'Content-Disposition': 'attachment; filename="mlops-platform-security-assessment.md"' });
      }
      case 'GET /backup': {
        const text = JSON.stringify(store.backup(key.lab), null, 2);
        return sendText(response, 200, 'application/json; charset=utf-8', text, { 'Content-Disposition': 'attachment; filename="mlops-audit-lab-backup.json"' });
      }
      case 'POST /backup': {
        const backup = validateBackup(await readJson(request));
        const restored = store.restore(backup);
        return sendJson(response, 200, { restored: true, ...restored });
      }
      default:
        throw new HttpError(404, 'not-found', `no route ${method} ${url.pathname}`);
    }
  }

  function staticFile(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'method-not-allowed', 'only GET is allowed here');
    const root = normalize(webRoot);
    const wanted = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const path = normalize(join(root, wanted));
    if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) throw new HttpError(404, 'not-found', 'not found');
    if (existsSync(path) && statSync(path).isFile()) return sendText(response, 200, TYPES[extname(path)] ?? 'application/octet-stream', readFileSync(path));
    // Routes of a single-page front end fall back to its index.html; without a build, a placeholder.
    const index = join(root, 'index.html');
    if (!extname(wanted) || wanted === 'index.html') return sendText(response, 200, TYPES['.html']!, existsSync(index) ? readFileSync(index) : PLACEHOLDER);
    throw new HttpError(404, 'not-found', 'not found');
  }

  return async (request, response) => {
    setSecurityHeaders(response);
    try {
      checkHost(guard, request);
      const url = new URL(request.url ?? '/', 'http://lab.invalid');
      const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
      if (!isApi && request.method === 'GET' && url.searchParams.has('token')) {
        // First load: trade the token in the URL for an HttpOnly cookie and drop it from the address bar.
        const given = url.searchParams.get('token') ?? '';
        if (!(given.length === guard.token.length && authenticatedWith(given))) throw new HttpError(401, 'unauthorized', 'wrong token: use the URL the lab printed');
        url.searchParams.delete('token');
        response.writeHead(303, { 'Set-Cookie': sessionCookie(guard), Location: `${url.pathname}${url.search}` });
        response.end();
        return;
      }
      if (!authenticated(guard, request)) throw new HttpError(401, 'unauthorized', 'open the lab with the URL it printed (with ?token=...) or send Authorization: Bearer <token>');
      checkCsrf(guard, request);
      if (isApi) await api(request, response, url);
      else staticFile(request, response, url);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof ValidationError) return sendJson(response, 400, { error: 'invalid', field: error.field, message: error.message });
      if (error instanceof HttpError) {
        if (error.status === 413) response.setHeader('Connection', 'close');
        return sendJson(response, error.status, { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
      }
      sendJson(response, 500, { error: 'internal', message: 'the lab server failed on this request; the data on disk is unchanged' });
    }
  };

  function authenticatedWith(given: string): boolean {
    return authenticated(guard, { headers: { authorization: `Bearer ${given}` } } as IncomingMessage);
  }
}

export async function startLabServer(options: LabServerOptions): Promise<RunningLab> {
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 });
  let handler: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;
  let port = options.port;
  server.on('request', (request, response) => {
    if (handler) void handler(request, response);
    else response.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      // Set up before any request is read: 'listening' comes first.
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : options.port;
      handler = createLabHandler(options, makeGuard(options.token, options.host, port));
      server.off('error', reject);
      resolve();
    });
  });
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    port,
    url: `http://${shown}:${port}/?token=${encodeURIComponent(options.token)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
