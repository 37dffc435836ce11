import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLeast, SEVERITIES, summarize, type Finding, type Severity } from '../core/finding.js';
import { ruleHelpMarkdown, ruleHelpText } from '../report/rule-docs.js';
import { RULES, findRule } from '../rules/index.js';
import { notebook, stream } from '../testing/notebook-builder.js';
import { REPO_ROOT } from '../testing/paths.js';
import { runCli, type CliRun } from '../testing/run-cli.js';

// The command line as a user and a CI job meet it: usage errors, the rule catalogue, output files,
// colour, severity filtering and the exit status contract (0 clean, 1 findings at --fail-on, 2 usage).

const ANSI = /\u001b\[/;
// Relative to the repository root, where runCli runs: findings show fixtures/mlops/… paths.
const LAB = 'fixtures/mlops';

interface JsonReport {
  tool: { name: string; version: string };
  scannedFiles: number;
  findings: Finding[];
  errors: unknown[];
  summary: Record<Severity, number>;
}

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-cli-'));
  folders.push(folder);
  return folder;
}

function json(run: CliRun): JsonReport {
  assert.equal(run.stdout.trimStart()[0], '{', `stdout is a JSON document\n${run.stdout.slice(0, 500)}\n${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

/** Exit 2, nothing on stdout, one line on stderr matching `message`. */
function assertUsageError(args: string[], message: RegExp): void {
  const run = runCli(args);
  assert.equal(run.status, 2, `${args.join(' ')}: exit 2\n${run.stderr}`);
  assert.equal(run.stdout, '', `${args.join(' ')}: nothing on stdout`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${args.join(' ')}: one line on stderr, got\n${run.stderr}`);
  assert.match(lines[0]!, message, args.join(' '));
  assert.doesNotMatch(run.stderr, /internal error|\bat .*\.js:\d+/, `${args.join(' ')}: not a crash`);
}

const lab = json(runCli(['scan', LAB, '--format', 'json', '--fail-on', 'none']));

test('the lab fixtures report what the rest of these tests assume', () => {
  assert.ok(lab.findings.length > 0);
  assert.deepEqual(lab.errors, []);
  assert.deepEqual(lab.summary, summarize(lab.findings));
  // Today: 2 critical (the printed AWS key pair, in the notebook and its checkpoint) and 3 medium.
  assert.ok(lab.summary.critical >= 1, 'at least one critical finding');
  assert.ok(lab.findings.some((finding) => finding.severity !== 'critical'), 'and some below critical, for --min-severity');
});

test('usage errors exit 2 with a one-line message', () => {
  assertUsageError(['scan', LAB, '--format', 'xml'], /'xml' is invalid.*text, json, sarif, markdown/);
  assertUsageError(['frobnicate'], /unknown command 'frobnicate'/);
  assertUsageError(['scan', LAB, '--frobnicate'], /unknown option '--frobnicate'/);
  assertUsageError(['scan', LAB, '--max-file-size', 'lots'], /--max-file-size must be a size such as 20MB/);
  assertUsageError(['scan', LAB, '--max-file-size', '0'], /--max-file-size must be a size/);
  assertUsageError(['scan', LAB, '--fail-on', 'sometimes'], /'sometimes' is invalid.*critical, high, medium, low, info, none/);
  assertUsageError(['scan', LAB, '--min-severity', 'urgent'], /'urgent' is invalid/);
  assertUsageError(['explain', 'notebook/no-such-rule'], /no rule named notebook\/no-such-rule/);
  assertUsageError(['explain', 'output'], /no rule named output; did you mean .*notebook\/credential-in-output/);
  assertUsageError(['explain'], /missing required argument 'rule'/);
  assertUsageError(['rules', '--format', 'xml'], /'xml' is invalid/);
});

test('--output to a folder that does not exist is a one-line error, exit 2, without the temporary file name', () => {
  const folder = temporaryFolder();
  assertUsageError(['scan', LAB, '--output', join(folder, 'missing', 'report.json')], /cannot write the report to .*report\.json: its folder does not exist/);
  assertUsageError(['scan', LAB, '--output', folder], /cannot write the report to .*: it is a folder/);
  assert.deepEqual(readdirSync(folder), [], 'no temporary file is left behind');
});

test('--version prints the package version', () => {
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const run = runCli(['--version']);
  assert.equal(run.status, 0);
  assert.equal(run.stdout.trim(), version);
  assert.equal(lab.tool.version, version, 'the report carries the same version');
});

test('rules lists every rule id; rules --format json parses and has them all', () => {
  const text = runCli(['rules']);
  assert.equal(text.status, 0, text.stderr);
  for (const rule of RULES) assert.match(text.stdout, new RegExp(`^${rule.id}\\s+${rule.severity}\\s`, 'm'), rule.id);
  assert.match(text.stdout, new RegExp(`${RULES.length} rules`));

  const run = runCli(['rules', '--format', 'json']);
  assert.equal(run.status, 0, run.stderr);
  const list = JSON.parse(run.stdout) as Array<{ id: string; severity: string; title: string; frameworks: unknown[] }>;
  assert.deepEqual(
    list.map((rule) => rule.id),
    RULES.map((rule) => rule.id),
  );
  for (const entry of list) {
    const rule = findRule(entry.id)!;
    assert.equal(entry.title, rule.title);
    assert.equal(entry.severity, rule.severity);
    assert.deepEqual(entry.frameworks, rule.frameworks);
  }
});

test('explain prints the rule documentation, by full id or by its last part', () => {
  const rule = findRule('notebook/credential-in-output')!;
  const run = runCli(['explain', 'notebook/credential-in-output']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, ruleHelpText(rule));
  assert.match(run.stdout, /^notebook\/credential-in-output: /);
  assert.match(run.stdout, /Why it matters/);
  assert.match(run.stdout, /Control/);
  assert.equal(runCli(['explain', 'credential-in-output']).stdout, run.stdout);
  const markdown = runCli(['explain', 'notebook/credential-in-output', '--format', 'markdown']);
  assert.equal(markdown.status, 0);
  assert.equal(markdown.stdout, ruleHelpMarkdown(rule));
});

test('--output FILE writes the document stdout would hold, prints nothing on stdout and names the file on stderr', () => {
  const folder = temporaryFolder();
  for (const format of ['json', 'sarif', 'markdown', 'text'] as const) {
    const target = join(folder, `report.${format}`);
    const toStdout = runCli(['scan', LAB, '--format', format]);
    const toFile = runCli(['scan', LAB, '--format', format, '--output', target]);
    assert.equal(toFile.status, toStdout.status, `${format}: same exit status`);
    assert.equal(toFile.stdout, '', `${format}: nothing on stdout`);
    assert.equal(readFileSync(target, 'utf8'), toStdout.stdout, `${format}: the file holds what stdout would`);
    assert.match(toFile.stderr, new RegExp(`${lab.findings.length} findings written to .*report\\.${format}`));
  }
  assert.deepEqual(readdirSync(folder).sort(), ['report.json', 'report.markdown', 'report.sarif', 'report.text'], 'no temporary files left');
  const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as JsonReport;
  assert.deepEqual(report, lab);

  // An existing file is replaced whole.
  writeFileSync(join(folder, 'report.json'), 'x'.repeat(100_000));
  runCli(['scan', LAB, '--format', 'json', '--output', join(folder, 'report.json')]);
  assert.deepEqual(JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')), lab);
});

test('no ANSI escapes with NO_COLOR or when stdout is not a terminal; --color forces them', () => {
  const notTty = runCli(['scan', LAB], { env: { NO_COLOR: '', FORCE_COLOR: '' } });
  assert.doesNotMatch(notTty.stdout, ANSI, 'not a terminal: no colour');
  assert.doesNotMatch(notTty.stderr, ANSI, 'no progress line off a terminal');
  const noColor = runCli(['scan', LAB], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
  assert.doesNotMatch(noColor.stdout, ANSI, 'NO_COLOR wins over FORCE_COLOR');
  for (const args of [['rules'], ['explain', 'notebook/credential-in-output'], ['scan', LAB, '--format', 'markdown']]) {
    assert.doesNotMatch(runCli(args, { env: { NO_COLOR: '', FORCE_COLOR: '' } }).stdout, ANSI, args.join(' '));
  }
  // The check above means something: the same output does carry colour when asked for.
  assert.match(runCli(['scan', LAB, '--color']).stdout, ANSI);
  assert.match(runCli(['scan', LAB], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout, ANSI);
  // JSON is never coloured.
  assert.doesNotMatch(runCli(['scan', LAB, '--format', 'json', '--color']).stdout, ANSI);
});

test('--min-severity keeps the findings at or above it, and the summary counts what is shown', () => {
  for (const minimum of SEVERITIES) {
    const report = json(runCli(['scan', LAB, '--format', 'json', '--min-severity', minimum, '--fail-on', 'none']));
    const expected = lab.findings.filter((finding) => atLeast(finding.severity, minimum));
    assert.deepEqual(
      report.findings.map((finding) => finding.fingerprint),
      expected.map((finding) => finding.fingerprint),
      minimum,
    );
    assert.deepEqual(report.summary, summarize(report.findings), `${minimum}: summary matches the findings`);
    for (const below of SEVERITIES.filter((severity) => !atLeast(severity, minimum))) assert.equal(report.summary[below], 0, `${minimum}: no ${below}`);
  }
  const critical = json(runCli(['scan', LAB, '--format', 'json', '--min-severity', 'critical']));
  assert.equal(critical.findings.length, lab.summary.critical);
  const text = runCli(['scan', LAB, '--min-severity', 'critical']);
  assert.match(text.stdout, new RegExp(`${lab.summary.critical} findings? \\(${lab.summary.critical} critical, 0 high, 0 medium, 0 low, 0 info\\)`));
  assert.doesNotMatch(text.stdout, /\bMEDIUM\b/);
});

/** The exit status the contract gives for the findings that are reported. */
function expectedStatus(findings: readonly Finding[], failOn: string): number {
  if (failOn === 'none') return 0;
  return findings.some((finding) => atLeast(finding.severity, failOn as Severity)) ? 1 : 0;
}

test('--fail-on thresholds on the lab fixtures: 1 at or below the worst finding, 0 with none', () => {
  for (const failOn of ['critical', 'high', 'medium', 'low', 'info', 'none']) {
    const expected = expectedStatus(lab.findings, failOn);
    for (const format of ['json', 'text']) {
      const run = runCli(['scan', LAB, '--format', format, '--fail-on', failOn]);
      assert.equal(run.status, expected, `--fail-on ${failOn} --format ${format}\n${run.stderr}`);
    }
  }
  // With today's fixtures (critical findings), every threshold fails but none.
  assert.equal(runCli(['scan', LAB, '--fail-on', 'critical']).status, 1);
  assert.equal(runCli(['scan', LAB, '--fail-on', 'none']).status, 0);
  assert.equal(runCli(['scan', LAB]).status, 1, 'the default threshold is high');
});

test('--fail-on counts only reported findings, and a folder with only low findings passes the default threshold', () => {
  const folder = temporaryFolder();
  writeFileSync(join(folder, 'plain.ipynb'), notebook([{ source: 'print(1 + 1)', outputs: [stream('2\n')] }]));
  const report = json(runCli(['scan', folder, '--format', 'json', '--fail-on', 'none']));
  assert.ok(report.findings.length > 0, 'the stored output is a finding');
  assert.ok(report.findings.every((finding) => !atLeast(finding.severity, 'high')), 'nothing high or critical');
  for (const failOn of ['critical', 'high', 'medium', 'low', 'info', 'none']) {
    assert.equal(runCli(['scan', folder, '--fail-on', failOn]).status, expectedStatus(report.findings, failOn), `--fail-on ${failOn}`);
  }
  assert.equal(runCli(['scan', folder]).status, 0, 'default --fail-on high passes');
  assert.equal(runCli(['scan', folder, '--fail-on', 'info']).status, 1);
  // Filtered-out findings do not fail the run.
  assert.equal(runCli(['scan', folder, '--fail-on', 'info', '--min-severity', 'critical']).status, 0);
  // And on the lab fixtures, a high threshold still fails when only critical findings are shown.
  assert.equal(runCli(['scan', LAB, '--fail-on', 'medium', '--min-severity', 'critical']).status, 1);
});

test('scan without paths scans the current folder, with paths shown relative to it', () => {
  const folder = temporaryFolder();
  writeFileSync(join(folder, 'plain.ipynb'), notebook([{ source: 'print(1 + 1)', outputs: [stream('2\n')] }]));
  const report = json(runCli(['scan', '--format', 'json'], { cwd: folder }));
  assert.equal(report.scannedFiles, 1);
  assert.ok(report.findings.every((finding) => finding.file === 'plain.ipynb'));
});

test('a clean scan exits 0 and says so', () => {
  const folder = temporaryFolder();
  writeFileSync(join(folder, 'clean.ipynb'), notebook([{ source: 'x = 1' }]));
  const run = runCli(['scan', folder]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /0 findings/);
  const report = json(runCli(['scan', folder, '--format', 'json', '--fail-on', 'info']));
  assert.deepEqual(report.findings, []);
});
