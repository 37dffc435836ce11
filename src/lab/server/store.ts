import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers, StepAnswer, StepNumber } from '../grading/answers.js';
import type { GradeResult } from '../grading/grade.js';

// The lab's progress in one SQLite file: drafts (one per step, overwritten by autosave) and submissions
// (inserted once, never changed: triggers refuse UPDATE and DELETE) and the learner's self-assessment
// (which rubric criteria they believe they met). WAL with synchronous=FULL makes each
// committed statement durable before the server answers 200, so a killed server loses no acknowledged save.

export const DATABASE_FILE = 'lab.sqlite';
const SCHEMA_VERSION = 2;

export interface Draft {
  step: StepNumber;
  answer: StepAnswer;
  revision: number;
  updatedAt: string;
}

/** The rubric criteria a learner ticked as met, and the score that claims. */
export interface SelfAssessment {
  met: string[];
  score: number;
}

export interface SavedSelfAssessment extends SelfAssessment {
  revision: number;
  updatedAt: string;
}

export interface Submission {
  id: number;
  createdAt: string;
  score: number;
  max: number;
  answers: Answers;
  result: GradeResult;
  /** The self-assessment at the time of submission; absent when the learner had not made one. */
  selfAssessment?: SelfAssessment;
}

export interface Backup {
  format: 'mlops-audit-lab-backup';
  /** 1: drafts and submissions; 2 adds the self-assessment. Both are imported. */
  version: 1 | 2;
  lab: string;
  exportedAt: string;
  drafts: Draft[];
  submissions: Submission[];
  selfAssessment?: SavedSelfAssessment;
}

interface DraftRow {
  step: number;
  answer: string;
  revision: number;
  updated_at: string;
}
interface SubmissionRow {
  id: number;
  created_at: string;
  score: number;
  max: number;
  answers: string;
  result: string;
  self_assessment: string | null;
}
interface SelfAssessmentRow {
  met: string;
  score: number;
  revision: number;
  updated_at: string;
}

export class LabStore {
  readonly file: string;
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.file = join(dataDir, DATABASE_FILE);
    this.db = new Database(this.file);
    try {
      chmodSync(this.file, 0o600);
    } catch {
      // Best effort: some file systems have no modes.
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${this.file} was written by a newer mlops-audit (schema ${version}); upgrade to open it`);
    if (version === SCHEMA_VERSION) return;
    // Each step brings a database from one version to the next, in one transaction.
    this.db.transaction(() => {
      if (version < 1) {
        this.db.exec(`
          CREATE TABLE drafts (
            step INTEGER PRIMARY KEY CHECK (step BETWEEN 1 AND 4),
            answer TEXT NOT NULL,
            revision INTEGER NOT NULL,
            updated_at TEXT NOT NULL
          );
          CREATE TABLE submissions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            score INTEGER NOT NULL,
            max INTEGER NOT NULL,
            answers TEXT NOT NULL,
            result TEXT NOT NULL
          );
          CREATE TRIGGER submissions_immutable_update BEFORE UPDATE ON submissions
            BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END;
          CREATE TRIGGER submissions_immutable_delete BEFORE DELETE ON submissions
            BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END;
        `);
      }
      if (version < 2) {
        this.db.exec(`
          ALTER TABLE submissions ADD COLUMN self_assessment TEXT;
          CREATE TABLE self_assessment (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            met TEXT NOT NULL,
            score INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            updated_at TEXT NOT NULL
          );
        `);
      }
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  close(): void {
    this.db.close();
  }

  drafts(): Draft[] {
    return (this.db.prepare('SELECT step, answer, revision, updated_at FROM drafts ORDER BY step').all() as DraftRow[]).map(toDraft);
  }

  draft(step: StepNumber): Draft | undefined {
    const row = this.db.prepare('SELECT step, answer, revision, updated_at FROM drafts WHERE step = ?').get(step) as DraftRow | undefined;
    return row ? toDraft(row) : undefined;
  }

  answers(): Answers {
    const answers: Answers = {};
    for (const draft of this.drafts()) (answers as Record<number, StepAnswer>)[draft.step] = draft.answer;
    return answers;
  }

  /** Saves a step's draft; the revision goes up by one with each save of that step. */
  saveDraft(step: StepNumber, answer: StepAnswer, now = new Date()): Draft {
    const row = this.db
      .prepare(
        `INSERT INTO drafts (step, answer, revision, updated_at) VALUES (@step, @answer, 1, @now)
         ON CONFLICT(step) DO UPDATE SET answer = excluded.answer, revision = drafts.revision + 1, updated_at = excluded.updated_at
         RETURNING step, answer, revision, updated_at`,
      )
      .get({ step, answer: JSON.stringify(answer), now: now.toISOString() }) as DraftRow;
    return toDraft(row);
  }

  /** Forgets one step's draft; submissions keep their own copy of it. */
  resetDraft(step: StepNumber): boolean {
    return this.db.prepare('DELETE FROM drafts WHERE step = ?').run(step).changes > 0;
  }

  /** Records an immutable submission: the answers as graded, the result that was shown and the self-assessment. */
  submit(answers: Answers, result: GradeResult, now = new Date()): Submission {
    return this.db.transaction(() => {
      const own = this.selfAssessment();
      const self = own ? JSON.stringify({ met: own.met, score: own.score }) : null;
      const row = this.db
        .prepare(`INSERT INTO submissions (created_at, score, max, answers, result, self_assessment) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${SUBMISSION_COLUMNS}`)
        .get(now.toISOString(), result.score, result.max, JSON.stringify(answers), JSON.stringify(result), self) as SubmissionRow;
      return toSubmission(row);
    })();
  }

  submissions(): Submission[] {
    return (this.db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions ORDER BY id`).all() as SubmissionRow[]).map(toSubmission);
  }

  submission(id: number): Submission | undefined {
    const row = this.db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE id = ?`).get(id) as SubmissionRow | undefined;
    return row ? toSubmission(row) : undefined;
  }

  selfAssessment(): SavedSelfAssessment | undefined {
    const row = this.db.prepare('SELECT met, score, revision, updated_at FROM self_assessment WHERE id = 1').get() as SelfAssessmentRow | undefined;
    return row ? toSelfAssessment(row) : undefined;
  }

  /** Saves the self-assessment; the revision goes up by one with each save. */
  saveSelfAssessment(self: SelfAssessment, now = new Date()): SavedSelfAssessment {
    const row = this.db
      .prepare(
        `INSERT INTO self_assessment (id, met, score, revision, updated_at) VALUES (1, @met, @score, 1, @now)
         ON CONFLICT(id) DO UPDATE SET met = excluded.met, score = excluded.score, revision = self_assessment.revision + 1, updated_at = excluded.updated_at
         RETURNING met, score, revision, updated_at`,
      )
      .get({ met: JSON.stringify(self.met), score: self.score, now: now.toISOString() }) as SelfAssessmentRow;
    return toSelfAssessment(row);
  }

  backup(lab: string, now = new Date()): Backup {
    return this.db.transaction(() => {
      const self = this.selfAssessment();
      return { format: 'mlops-audit-lab-backup' as const, version: 2 as const, lab, exportedAt: now.toISOString(), drafts: this.drafts(), submissions: this.submissions(), ...(self ? { selfAssessment: self } : {}) };
    })();
  }

  /**
   * Restores a validated backup in one transaction: drafts (and the self-assessment, when the backup has
   * one) are replaced by the backup's; submissions the database does not have yet (same time and score and
   * answers) are added, since history is never deleted.
   */
  restore(backup: Backup): { drafts: number; submissionsAdded: number; selfAssessment: boolean } {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM drafts').run();
      const insertDraft = this.db.prepare('INSERT INTO drafts (step, answer, revision, updated_at) VALUES (?, ?, ?, ?)');
      for (const draft of backup.drafts) insertDraft.run(draft.step, JSON.stringify(draft.answer), draft.revision, draft.updatedAt);
      if (backup.selfAssessment) {
        const self = backup.selfAssessment;
        this.db.prepare('INSERT OR REPLACE INTO self_assessment (id, met, score, revision, updated_at) VALUES (1, ?, ?, ?, ?)').run(JSON.stringify(self.met), self.score, self.revision, self.updatedAt);
      }
      const exists = this.db.prepare('SELECT 1 FROM submissions WHERE created_at = ? AND score = ? AND answers = ?');
      const insert = this.db.prepare('INSERT INTO submissions (created_at, score, max, answers, result, self_assessment) VALUES (?, ?, ?, ?, ?, ?)');
      let added = 0;
      for (const submission of backup.submissions) {
        const answers = JSON.stringify(submission.answers);
        if (exists.get(submission.createdAt, submission.score, answers)) continue;
        insert.run(submission.createdAt, submission.score, submission.max, answers, JSON.stringify(submission.result), submission.selfAssessment ? JSON.stringify(submission.selfAssessment) : null);
        added += 1;
      }
      return { drafts: backup.drafts.length, submissionsAdded: added, selfAssessment: backup.selfAssessment !== undefined };
    })();
  }

  /** For tests: raw access to prove the triggers refuse changes to history. */
  unsafeExec(sql: string): void {
    this.db.exec(sql);
  }
}

function toDraft(row: DraftRow): Draft {
  return { step: row.step as StepNumber, answer: JSON.parse(row.answer) as StepAnswer, revision: row.revision, updatedAt: row.updated_at };
}

const SUBMISSION_COLUMNS = 'id, created_at, score, max, answers, result, self_assessment';

function toSubmission(row: SubmissionRow): Submission {
  const submission: Submission = { id: row.id, createdAt: row.created_at, score: row.score, max: row.max, answers: JSON.parse(row.answers) as Answers, result: JSON.parse(row.result) as GradeResult };
  if (row.self_assessment) submission.selfAssessment = JSON.parse(row.self_assessment) as SelfAssessment;
  return submission;
}

function toSelfAssessment(row: SelfAssessmentRow): SavedSelfAssessment {
  return { met: JSON.parse(row.met) as string[], score: row.score, revision: row.revision, updatedAt: row.updated_at };
}
