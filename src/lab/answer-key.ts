import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactLocation, Category, Severity } from '../core/finding.js';

// The lab fixtures' expected findings live in fixtures/mlops/expected-findings.json: the tests, the
// reports' hardening summary and the lab's grader all read it through this module.

export interface ExpectedFinding {
  id: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Path relative to the fixtures folder. */
  file: string;
  line: number;
  column?: number;
  /** Text that must appear on that line of the fixture. */
  match: string;
  location?: ArtifactLocation;
  /** The issue whose rules report this finding. */
  introducedBy: number;
}

export interface SummaryEntry {
  rank: number;
  severity: Severity;
  fixture: string;
  title: string;
  findings: string[];
  blastRadius: string;
  control: string;
  why: string;
}

export interface AnswerKey {
  lab: string;
  title: string;
  fixtures: Array<{ file: string; kind: string; step: number; title: string }>;
  supporting: Array<{ file: string; title: string }>;
  signals: Array<{ id: string; name: string; findings: string[] }>;
  findings: ExpectedFinding[];
  hardeningSummary: SummaryEntry[];
}

export const LAB_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/mlops/', import.meta.url));

export function loadAnswerKey(path = join(LAB_FIXTURES_DIR, 'expected-findings.json')): AnswerKey {
  return JSON.parse(readFileSync(path, 'utf8')) as AnswerKey;
}
