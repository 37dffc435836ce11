import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, LabStore } from './store.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-lab-store-'));
  dirs.push(dir);
  return dir;
}

// The schema the first release wrote (user_version 1), kept here verbatim so the upgrade path stays tested.
const VERSION_1 = `
  CREATE TABLE drafts (step INTEGER PRIMARY KEY CHECK (step BETWEEN 1 AND 4), answer TEXT NOT NULL, revision INTEGER NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE submissions (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, score INTEGER NOT NULL, max INTEGER NOT NULL, answers TEXT NOT NULL, result TEXT NOT NULL);
  CREATE TRIGGER submissions_immutable_update BEFORE UPDATE ON submissions BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END;
  CREATE TRIGGER submissions_immutable_delete BEFORE DELETE ON submissions BEGIN SELECT RAISE(ABORT, 'submissions are immutable'); END;
  PRAGMA user_version = 1;
`;

test('a database from the first release is upgraded in place: drafts and history kept, still immutable', () => {
  const dir = folder();
  const old = new Database(join(dir, DATABASE_FILE));
  old.exec(VERSION_1);
  old.prepare('INSERT INTO drafts VALUES (1, ?, 3, ?)').run(JSON.stringify({ findings: [{ what: 'key in output' }] }), '2026-11-01T10:00:00.000Z');
  old.prepare('INSERT INTO submissions (created_at, score, max, answers, result) VALUES (?, 12, 100, ?, ?)').run('2026-11-01T11:00:00.000Z', '{}', JSON.stringify({ score: 12, max: 100, steps: [], criteria: [] }));
  old.close();

  const store = new LabStore(dir);
  try {
    assert.equal(store.draft(1)!.revision, 3);
    const [submission] = store.submissions();
    assert.equal(submission!.score, 12);
    assert.equal(submission!.selfAssessment, undefined, 'old submissions have no self-assessment');
    assert.equal(store.selfAssessment(), undefined);
    store.saveSelfAssessment({ met: ['s1-location'], score: 5 });
    assert.equal(store.submit({}, { score: 0, max: 100, steps: [], criteria: [] }).selfAssessment!.score, 5);
    assert.throws(() => store.unsafeExec('DELETE FROM submissions'), /submissions are immutable/);
  } finally {
    store.close();
  }
  // Opening again does not migrate twice.
  new LabStore(dir).close();
});

test('a database from a newer release is refused with a clear message, not changed', () => {
  const dir = folder();
  const future = new Database(join(dir, DATABASE_FILE));
  future.pragma('user_version = 99');
  future.close();
  assert.throws(() => new LabStore(dir), /written by a newer mlops-audit \(schema 99\); upgrade to open it/);
});
