import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORIES, CONFIDENCES, SEVERITIES, type Finding } from '../core/finding.js';
import { runCli } from '../testing/run-cli.js';
import { REPO_ROOT } from '../testing/paths.js';
import type { Report } from './report.js';

const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function scanJson(args: string[]): { report: Report; status: number | null; stderr: string } {
  const run = runCli(['scan', ...args, '--format', 'json']);
  return { report: JSON.parse(run.stdout) as Report, status: run.status, stderr: run.stderr };
}

test('the JSON report follows the contract on the lab fixtures', () => {
  const { report, status } = scanJson(['fixtures/mlops']);
  assert.equal(status, 1, 'critical findings fail the default --fail-on high');
  assert.deepEqual({ name: report.tool.name, version: report.tool.version }, { name: 'mlops-audit', version: packageVersion });
  assert.deepEqual(report.tool.data?.map((data) => data.name), ['AWS action catalog', 'AWS managed policies'], 'the lab has IAM content, so the data is dated');
  assert.equal(report.scannedFiles, 7);
  assert.deepEqual(report.errors, []);
  for (const finding of report.findings) {
    assert.match(finding.ruleId, /^[a-z-]+\/[a-z-]+$/);
    assert.ok(CATEGORIES.includes(finding.category));
    assert.ok(SEVERITIES.includes(finding.severity));
    assert.ok(CONFIDENCES.includes(finding.confidence));
    for (const field of ['title', 'message', 'evidence', 'blastRadius', 'recommendation', 'fingerprint'] as const) {
      assert.equal(typeof finding[field], 'string', field);
      assert.ok(finding[field].length > 0, field);
    }
    assert.ok(finding.file.startsWith('fixtures/mlops/'), 'file as given, / separated');
    assert.ok(Number.isInteger(finding.line) && finding.line >= 1);
    assert.ok(Number.isInteger(finding.column) && finding.column >= 1);
    assert.equal(typeof finding.location, 'object');
    assert.ok(finding.frameworks.length > 0);
    for (const ref of finding.frameworks) for (const field of ['framework', 'id', 'name'] as const) assert.equal(typeof ref[field], 'string');
  }
  const counted = Object.fromEntries(SEVERITIES.map((severity) => [severity, report.findings.filter((finding) => finding.severity === severity).length]));
  assert.deepEqual(report.summary, counted);
  const severities = report.findings.map((finding) => SEVERITIES.indexOf(finding.severity));
  assert.deepEqual(severities, [...severities].sort((a, b) => a - b), 'findings ordered by severity');
});

test('the cell-7 credential leak is critical, with cell, output, file line and an LLM Top 10 2025 mapping', () => {
  const { report } = scanJson(['fixtures/mlops']);
  const leak = report.findings.find((finding) => finding.file === 'fixtures/mlops/notebook-credential-leak.ipynb' && finding.ruleId === 'notebook/credential-in-output');
  assert.ok(leak);
  assert.equal(leak.severity, 'critical');
  assert.equal(leak.category, 'secret-exposure');
  assert.equal(leak.location.cell, 7);
  assert.equal(leak.location.output, 0);
  const lines = readFileSync(join(REPO_ROOT, leak.file), 'utf8').split('\n');
  assert.match(lines[leak.line - 1]!, /Secret: wJal/, 'the reported line holds the secret key');
  assert.equal(lines[leak.line - 1]!.indexOf('wJal') + 1, leak.column);
  assert.equal(leak.evidence, 'AKIA…MPLE / wJal…EKEY');
  assert.match(leak.blastRadius, /AdministratorAccess/);
  assert.match(leak.recommendation, /pre-commit/);
  assert.match(leak.recommendation, /short-lived credentials/);
  assert.ok(leak.frameworks.some((ref) => /^LLM\d\d:2025$/.test(ref.id)));
  assert.ok(leak.frameworks.some((ref) => ref.id === 'CWE-532'));
});

test('--output writes the same document as standard output, atomically, and nothing to stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-audit-json-'));
  try {
    const out = join(dir, 'report.json');
    const run = runCli(['scan', 'fixtures/mlops', '--format', 'json', '--output', out]);
    assert.equal(run.stdout, '');
    const written = JSON.parse(readFileSync(out, 'utf8')) as Report;
    const { report } = scanJson(['fixtures/mlops']);
    assert.deepEqual(written, report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fingerprints survive unrelated edits that move the secret to another line and cell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-audit-fp-'));
  try {
    const notebookPath = join(dir, 'train.ipynb');
    cpSync(join(REPO_ROOT, 'fixtures/mlops/notebook-credential-leak.ipynb'), notebookPath);
    const before = leakOf(scanJson([notebookPath]).report.findings);
    const notebook = JSON.parse(readFileSync(notebookPath, 'utf8')) as { cells: unknown[] };
    notebook.cells.splice(1, 0, { cell_type: 'markdown', id: 'new-cell', metadata: {}, source: ['A new note\n', 'over two lines'] });
    writeFileSync(notebookPath, JSON.stringify(notebook, null, 2));
    const after = leakOf(scanJson([notebookPath]).report.findings);
    assert.notEqual(after.line, before.line, 'the secret moved');
    assert.equal(after.location.cell, 8, 'and is now in cell 8');
    assert.equal(after.fingerprint, before.fingerprint);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function leakOf(findings: Finding[]): Finding {
  const leak = findings.find((finding) => finding.ruleId === 'notebook/credential-in-output');
  assert.ok(leak);
  return leak;
}
