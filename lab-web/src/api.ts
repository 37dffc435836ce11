// The lab's JSON API (docs/lab-api.md). The session cookie comes from the first page load; every write
// carries the CSRF token from GET /api/session.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info' | '';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface Finding {
  file?: string;
  lines?: number[];
  what?: string;
  severity?: Severity;
  blastRadius?: string;
  control?: string;
  current?: string;
  risk?: string;
  change?: string;
}
export interface SummaryEntry {
  fixture?: string;
  title?: string;
  severity?: Severity;
  control?: string;
}
export interface Answer {
  findings?: Finding[];
  correctedYaml?: string;
  recommendedConfig?: string;
  policy?: string;
  summary?: SummaryEntry[];
}
export interface StepInfo {
  step: number;
  title: string;
  fixture: string;
  task: string;
  evidencePrompt: string;
  fields: string[];
  hintLevels: number;
}
export interface Overview {
  mission: string;
  scenario: string;
  objectives: string[];
  prerequisites: string[];
  signals: { id: string; name: string }[];
  fixtures: { file: string; step: number; title: string }[];
  supporting: { file: string; title: string }[];
  steps: StepInfo[];
}
export interface Criterion {
  id: string;
  step: number;
  title: string;
  points: number;
  earned: number;
  reasons: string[];
}
export interface Grade {
  score: number;
  max: number;
  steps: { step: number; earned: number; points: number }[];
  criteria: Criterion[];
}
export interface SubmissionRow {
  id: number | string;
  createdAt: string;
  score: number;
  max: number;
  /** The self-assessed score at submission, when there was one. */
  selfScore?: number;
}

export interface ReadingItem {
  text: string;
  steps?: number[];
  rules?: string[];
  tool?: string;
}
export interface Reading {
  title: string;
  summary: string[];
  sections: { id: string; title: string; intro: string; items: ReadingItem[] }[];
}
export interface MappedRef {
  id: string;
  name: string;
  url?: string;
}
export interface FrameworkMap {
  frameworks: { id: string; title: string }[];
  signals: { signal: string; name: string; steps: number[]; rules: string[]; refs: Record<string, MappedRef[]> }[];
  olderNames: { framework: string; seed: string; current: MappedRef[]; note: string }[];
}
export interface RubricCriterion {
  id: string;
  step: number;
  title: string;
  points: number;
  checks: string;
}
export interface Rubric {
  max: number;
  steps: { step: number; points: number; criteria: RubricCriterion[] }[];
}
export interface SelfAssessment {
  met: string[];
  score: number;
  max: number;
  revision: number;
  updatedAt: string | null;
}
export interface RestoreResult {
  restored: true;
  drafts: number;
  submissionsAdded: number;
  selfAssessment: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let csrf = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (data ?? {}) as { error?: string; message?: string; field?: string };
    throw new ApiError(response.status, error.error ?? 'error', error.message ?? `HTTP ${response.status}`, error.field);
  }
  return data as T;
}

export const api = {
  async session(): Promise<{ csrfToken: string; title: string; version: string }> {
    const session = await call<{ csrfToken: string; title: string; version: string }>('GET', '/api/session');
    csrf = session.csrfToken;
    return session;
  },
  overview: () => call<Overview>('GET', '/api/lab'),
  fixture: (file: string) => call<{ file: string; lines: string[] }>('GET', `/api/fixtures/${encodeURIComponent(file)}`),
  drafts: () => call<{ drafts: { step: number; answer: Answer; revision: number; updatedAt: string }[] }>('GET', '/api/drafts'),
  saveDraft: (step: number, answer: Answer) => call<{ step: number; revision: number; updatedAt: string }>('PUT', `/api/drafts/${step}`, { answer }),
  saveDraftOnExit(step: number, answer: Answer): void {
    void fetch(`/api/drafts/${step}`, { method: 'PUT', keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify({ answer }) }).catch(() => undefined);
  },
  resetDraft: (step: number) => call<{ step: number; reset: boolean }>('DELETE', `/api/drafts/${step}`),
  score: () => call<Grade>('GET', '/api/score'),
  hint: (step: number, level: number) => call<{ step: number; level: number; levels: number; shown: string[] }>('GET', `/api/hints/${step}?level=${level}`),
  submit: () => call<SubmissionRow & { result: Grade }>('POST', '/api/submissions'),
  submissions: () => call<{ submissions: SubmissionRow[] }>('GET', '/api/submissions'),
  reading: () => call<Reading>('GET', '/api/reading'),
  frameworks: () => call<FrameworkMap>('GET', '/api/frameworks'),
  rubric: () => call<Rubric>('GET', '/api/rubric'),
  selfAssessment: () => call<SelfAssessment>('GET', '/api/self-assessment'),
  saveSelfAssessment: (met: string[]) => call<SelfAssessment>('PUT', '/api/self-assessment', { met }),
  importBackup: (backup: unknown) => call<RestoreResult>('POST', '/api/backup', backup),
};
