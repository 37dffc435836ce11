// Shared by the rule tests, so each test file holds only its expectations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactKindFor } from '../artifacts/artifact.js';
import { analyzeText, type AnalyzeTextOptions } from '../core/scan.js';
import type { Finding } from '../core/finding.js';
import { TEST_CASES } from './paths.js';

export interface RuleKit {
  /** Findings of every rule; a parse error fails the test, so a broken case never passes as clean. */
  analyze(text: string, file?: string, options?: AnalyzeTextOptions): Finding[];
  /** The findings of this kit's rule. */
  own(findings: Finding[]): Finding[];
  /** The one finding of this kit's rule; the failure names what was found instead. */
  single(findings: Finding[]): Finding;
  /** A case under test-cases/<rule id>/; `file` is repository-relative, as findings show it. */
  readCase(path: string): { file: string; text: string };
}

export function ruleKit(ruleId: string): RuleKit {
  const own = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === ruleId);
  const defaultFile = ruleId.startsWith('workflow/') ? '.github/workflows/train.yml' : ruleId.startsWith('iam/') ? 'policies/policy.json' : 'notebooks/train.ipynb';
  return {
    analyze(text, file = defaultFile, options = {}) {
      const { findings, error } = analyzeText(file, text, artifactKindFor(file) ?? 'notebook', options);
      assert.equal(error, undefined, `${file} parses`);
      return findings;
    },
    own,
    single(findings) {
      const mine = own(findings);
      assert.equal(mine.length, 1, `one ${ruleId} finding, got: ${mine.map((finding) => finding.title).join('; ')}`);
      return mine[0]!;
    },
    readCase(path) {
      return { file: `test-cases/${ruleId}/${path}`, text: readFileSync(join(TEST_CASES, ruleId, path), 'utf8') };
    },
  };
}

/** 1-based line and column of a character offset in the file text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** 1-based line and column of `needle`, which must occur once, or the expected position would be ambiguous. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  assert.notEqual(at, -1, `${needle} is in the file`);
  assert.equal(text.indexOf(needle, at + 1), -1, `${needle} occurs once in the file`);
  return positionAt(text, at);
}

/** Checks every field, not only evidence: a secret must not leak through message, snippet or related. */
export function assertRedacted(finding: Finding, ...secrets: string[]): void {
  const serialised = JSON.stringify(finding);
  for (const secret of secrets) {
    assert.ok(!finding.evidence.includes(secret), `evidence ${finding.evidence} hides the secret`);
    assert.ok(!serialised.includes(secret), 'no field of the finding holds the whole secret');
  }
}
