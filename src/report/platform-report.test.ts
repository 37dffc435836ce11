import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { scanPaths } from '../core/scan.js';
import { LAB_FIXTURES_DIR, loadAnswerKey, type ExpectedFinding } from '../lab/answer-key.js';
import { analyzePlatform, platformInputFromScan, type PlatformAnalysis } from '../platform-map/index.js';
import { findRule } from '../rules/index.js';
import { labSecrets } from '../testing/lab-secrets.js';
import { runCli } from '../testing/run-cli.js';
import { renderPlatformMarkdown } from './platform-markdown.js';
import { buildReport } from './report.js';

// The hardening summary on the lab fixtures, checked against the answer key (expected-findings.json):
// the issues in the recorded order, each holding its recorded findings, the six signals named, and the
// attack path from the notebook key to the served model. Entries whose rules have not landed are pending.

const key = loadAnswerKey();
const prefix = `${LAB_FIXTURES_DIR.replace(/\/$/, '')}/`;
const relative = (file: string) => (file.startsWith(prefix) ? file.slice(prefix.length) : file);
const implemented = (id: string) => {
  const expected = key.findings.find((entry) => entry.id === id)!;
  return findRule(expected.ruleId) !== undefined;
};
const matches = (expected: ExpectedFinding) => (finding: { ruleId: string; file: string; line: number }) => finding.ruleId === expected.ruleId && relative(finding.file) === expected.file && finding.line === expected.line;

const scanned = (async () => {
  const result = await scanPaths([LAB_FIXTURES_DIR]);
  return { result, analysis: analyzePlatform(await platformInputFromScan(result)) };
})();

/** The issue that holds an answer-key finding. */
function issueOf(analysis: PlatformAnalysis, id: string) {
  const expected = key.findings.find((entry) => entry.id === id)!;
  return analysis.issues.find((issue) => issue.findings.some(matches(expected)));
}

function checkSummary(analysis: PlatformAnalysis, entries: typeof key.hardeningSummary) {
  const shown = analysis.issues.filter((issue) => entries.some((entry) => entry.fixture === relative(issue.primaryFile)));
  assert.deepEqual(
    shown.map((issue) => relative(issue.primaryFile)),
    entries.map((entry) => entry.fixture),
    'the fixture issues in the answer key order',
  );
  assert.deepEqual(analysis.issues.map((issue) => issue.rank), analysis.issues.map((_, i) => i + 1));
  entries.forEach((entry, i) => {
    const issue = shown[i]!;
    assert.equal(issue.severity, entry.severity, `${entry.fixture}: severity`);
    for (const id of entry.findings.filter((finding) => implemented(finding) || analysis.issues.some((candidate) => candidate.findings.some(matches(key.findings.find((e) => e.id === finding)!))))) {
      assert.equal(issueOf(analysis, id), issue, `${entry.fixture}: holds ${id}`);
    }
    assert.ok(issue.blastRadius.length > 40 && issue.control.length > 20 && issue.evidence.length > 0, `${entry.fixture}: evidence, blast radius and control`);
  });
}

test('hardening summary: the lab fixture issues in the order of expected-findings.json (pending rules left out)', async () => {
  const { analysis } = await scanned;
  const ready = key.hardeningSummary.filter((entry) => entry.findings.some(implemented));
  assert.ok(ready.length >= 3);
  checkSummary(analysis, ready);
  assert.equal(analysis.issues.length, ready.length, 'no other platform issue on the lab fixtures');
});

test('hardening summary with every answer-key finding present: four issues in order, six signals', async () => {
  // Until the pending rules land, stand in for their findings with what the answer key records for them.
  const { result } = await scanned;
  const stand = key.findings
    .filter((expected) => !implemented(expected.id))
    .map(
      (expected): Finding => ({
        ruleId: expected.ruleId,
        category: expected.category,
        severity: expected.severity,
        confidence: 'high',
        title: expected.ruleId,
        message: '',
        file: join(LAB_FIXTURES_DIR, expected.file).replace(/\\/g, '/'),
        line: expected.line,
        column: expected.column ?? 1,
        endLine: expected.line,
        endColumn: 2,
        location: expected.location ?? {},
        evidence: expected.match,
        blastRadius: `what ${expected.ruleId} reaches on the registry and its store`,
        recommendation: `the control of ${expected.ruleId}.`,
        frameworks: [],
        fingerprint: `stand-in:${expected.id}`,
      }),
    );
  const analysis = analyzePlatform(await platformInputFromScan(result, [...result.findings, ...stand]));
  checkSummary(analysis, key.hardeningSummary);
  assert.equal(analysis.issues.length, 4);
  for (const signal of key.signals) {
    const named = analysis.signals.find((entry) => entry.id === signal.id);
    assert.ok(named && named.issues.length > 0, `signal ${signal.name} shown`);
    for (const id of signal.findings) assert.ok(named.issues.includes(issueOf(analysis, id)!.rank), `${signal.id}: issue holding ${id}`);
  }
});

test('signals: every signal whose findings are implemented is named with the issue that shows it', async () => {
  const { analysis } = await scanned;
  for (const signal of key.signals) {
    const ready = signal.findings.filter(implemented);
    if (ready.length === 0) continue;
    const named = analysis.signals.find((entry) => entry.name === signal.name)!;
    assert.ok(named, `${signal.name} named`);
    for (const id of ready) assert.ok(named.issues.includes(issueOf(analysis, id)!.rank), `${signal.name} -> ${id}`);
  }
});

test('markdown report on the lab fixtures: six signals, ordered summary, the notebook key attack path, no secret', async () => {
  const { result, analysis } = await scanned;
  const markdown = renderPlatformMarkdown(buildReport(result), analysis);
  for (const signal of key.signals) assert.ok(markdown.includes(`| ${signal.name} |`), `names ${signal.name}`);
  const summary = markdown.slice(markdown.indexOf('## Hardening summary'), markdown.indexOf('### 1.'));
  const positions = key.hardeningSummary.filter((entry) => entry.findings.some(implemented)).map((entry) => summary.indexOf(`\`${prefix}${entry.fixture}\``));
  assert.ok(positions.every((position) => position > 0), 'every ready fixture in the summary table');
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'in the recorded order');
  assert.match(markdown, /### CRITICAL: AWS access key pair in notebook-credential-leak\.ipynb → IAM user ml-notebook → overwrite the Production model in acme-mlflow-artifacts → served by FastAPI inference service/);
  for (const heading of ['MLOps security checklist', 'Platform control assessment', 'Registry promotion review', 'Serving endpoint findings', 'Remediation backlog']) assert.ok(markdown.includes(`## ${heading}`), heading);
  for (const secret of labSecrets()) assert.ok(!markdown.includes(secret), `no whole secret (${secret.slice(0, 4)}…)`);
});

test('CLI: report --format json keeps the contract fields and adds platform; scan --summary prints the summary', () => {
  const run = runCli(['report', 'fixtures/mlops', '--format', 'json', '--no-progress']);
  assert.equal(run.status, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  for (const field of ['tool', 'scannedFiles', 'findings', 'errors', 'summary']) assert.ok(field in document, field);
  assert.equal(document.platform.issues[0].severity, 'critical');
  assert.ok(document.platform.attackPaths.length > 0);
  assert.ok(document.platform.model.components.length >= 4);
  for (const secret of labSecrets()) assert.ok(!run.stdout.includes(secret), `no whole secret in JSON (${secret.slice(0, 4)}…)`);

  const text = runCli(['scan', 'fixtures/mlops', '--summary', '--fail-on', 'none', '--no-progress']);
  assert.equal(text.status, 0, text.stderr);
  const at = text.stdout.indexOf('Hardening summary');
  assert.ok(at > 0);
  assert.match(text.stdout.slice(at), /1\. CRITICAL {2}AWS access key pair of IAM user ml-notebook/);
  const plain = runCli(['scan', 'fixtures/mlops', '--fail-on', 'none', '--no-progress']);
  assert.ok(!plain.stdout.includes('Hardening summary'), 'only with --summary');

  const bad = runCli(['report', 'fixtures/mlops', '--format', 'pdf']);
  assert.equal(bad.status, 2);
});

test('HTML report escapes what files put into findings', async () => {
  const { renderHtmlReport } = await import('./html-report.js');
  const hostile: Finding = {
    ruleId: 'workflow/plaintext-secret', category: 'secret-exposure', severity: 'high', confidence: 'high',
    title: 'Token <img src=x onerror=alert(1)> in a workflow', message: '', file: 'a"b<c>.yml', line: 1, column: 1, endLine: 1, endColumn: 2,
    location: {}, evidence: '</code><script>alert(1)</script>', blastRadius: 'x', recommendation: 'y.', frameworks: [], fingerprint: 'f',
  };
  const report = buildReport({ scannedFiles: 1, findings: [hostile], errors: [] });
  const html = renderHtmlReport(report, analyzePlatform({ findings: [hostile], scanned: [{ file: hostile.file, kind: 'workflow' }] }));
  assert.ok(!html.includes('<img src=x'), 'title escaped');
  assert.ok(!html.includes('<script>'), 'evidence escaped');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});
