import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArtifact } from '../artifacts/parse.js';
import type { ScanError } from './finding.js';
import { scanPaths } from './scan.js';
import { notebook, stream } from '../testing/notebook-builder.js';
import { CLI } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';

// One folder of good and bad inputs. The promise: every bad file is one clear entry in the report's
// errors (and on the terminal), the good files are still analysed, no file is modified, and a file that
// cannot be parsed never turns the exit status into 2.

// Fake credentials with the shapes of real ones.
const AWS_KEY_ID = 'AKIAFAKE4TEST5KEY6ZQ';
const AWS_SECRET = 'Fake7SecretKey/ForTests0nly+NotRealAbCdE';
const GITHUB_TOKEN = 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO';

const MAX_FILE_SIZE = '6MB';
const FIVE_MB = 5 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'mlops-audit-bad-input-'));
after(() => {
  try {
    chmodSync(join(dir, 'unreadable.ipynb'), 0o644);
  } catch {
    // Not created when running as root.
  }
  rmSync(dir, { recursive: true, force: true });
});

function put(name: string, content: string | Buffer): void {
  writeFileSync(join(dir, name), content);
}

/** A YAML "billion laughs": ten levels of anchors, each alias list nine times the one before. */
function billionLaughs(): string {
  const names = 'abcdefghij'.split('');
  const lines = [`${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

// --- the good files ---
put('good.ipynb', notebook([{ source: 'creds = boto3.Session().get_credentials()\nprint(creds)', outputs: [stream(`Access key: ${AWS_KEY_ID}\nSecret: ${AWS_SECRET}\n`)] }]));
// 5 MB of output on one line with a token at its end: analysed, not refused or truncated.
put('long-output.ipynb', notebook([{ source: 'print(blob)', outputs: [stream(`${'x'.repeat(FIVE_MB)} ${GITHUB_TOKEN}\n`)] }]));
// Valid JSON that is not a notebook, under a .json name: an ordinary JSON artifact, not an error.
put('config.json', '{"tracking_uri": "http://mlflow:5000", "experiments": [1, 2, 3]}\n');
// Hostile but valid YAML: aliases are never expanded, so it parses in microseconds.
put('laughs.yaml', billionLaughs());

// --- the bad files, with what the report must say about each ---
interface Expected {
  kind: string | RegExp;
  message: RegExp;
  line?: number;
  column?: number;
}
const EXPECTED: Record<string, Expected> = {};
function bad(name: string, content: string | Buffer, expected: Expected): void {
  put(name, content);
  EXPECTED[name] = expected;
}

bad('broken.ipynb', '{\n "cells": [\n    ,\n ]\n}\n', { kind: 'parse', message: /^not valid JSON at line 3 column 5: expected a value$/, line: 3, column: 5 });
bad('not-a-notebook.ipynb', '{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n', { kind: 'parse', message: /not a Jupyter notebook: no "cells" array/ });
bad('array.ipynb', '[1, 2, 3]\n', { kind: 'parse', message: /not a Jupyter notebook: the top level is not a JSON object/ });
bad('nbformat3.ipynb', `${JSON.stringify({ metadata: {}, nbformat: 3, nbformat_minor: 0, worksheets: [{ cells: [] }] }, null, 1)}\n`, {
  kind: 'parse',
  message: /nbformat 3 notebooks are not supported.*nbconvert/,
});
bad('empty.ipynb', '', { kind: 'parse', message: /empty/ });
bad('blank.ipynb', '\n  \n', { kind: 'parse', message: /empty/ });
bad('binary.ipynb', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), { kind: 'binary', message: /binary/ });
bad('latin1.ipynb', Buffer.concat([Buffer.from('{\n "cells": [],\n "metadata": {"author": "Ren'), Buffer.from([0xe9]), Buffer.from('e"}\n}\n')]), {
  kind: 'encoding',
  message: /^not valid UTF-8: bad byte 0xe9 at line 3 column 29$/,
  line: 3,
  column: 29,
});
bad('huge.json', `[${'1234567,'.repeat(Math.ceil((6.5 * 1024 * 1024) / 8))}0]`, { kind: 'too-large', message: /6\.5 MiB is over the 6\.0 MiB size cap.*--max-file-size/ });
bad('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, { kind: 'too-deep', message: /nested too deeply/ });
bad('deep-object.ipynb', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, { kind: 'too-deep', message: /nested too deeply/ });
bad('broken.yml', 'name: train\non:\n  push:\n    branches: [main\njobs: {}\n', { kind: 'parse', message: /^not valid YAML at line \d+ column \d+: / });
bad('block-header.yml', 'env:\n  AWS_SECRET_ACCESS_KEY: |Fake7SecretKey/ForTests0nly+NotRealAbCdE\n', { kind: 'parse', message: /^not valid YAML at line 2 column \d+: Block scalar header includes extra characters$/, line: 2, column: 27 });
bad('duplicate.yaml', 'jobs:\n  train: 1\n  train: 2\n', { kind: 'parse', message: /^not valid YAML at line 3 column 3: .*unique/i, line: 3, column: 3 });
bad('deep-flow.yaml', `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, { kind: 'too-deep', message: /YAML nested too deeply/ });
bad('deep-compact.yaml', `${'- '.repeat(100_000)}x\n`, { kind: 'too-deep', message: /YAML nested too deeply/ });

// Links and special files.
mkdirSync(join(dir, 'nested'));
put(join('nested', 'clean.ipynb'), notebook([{ source: 'x = 1' }]));
symlinkSync('..', join(dir, 'nested', 'up'), 'dir');
EXPECTED['nested/up'] = { kind: 'loop', message: /loop/ };
symlinkSync(join(dir, 'deleted.ipynb'), join(dir, 'dangling.ipynb'));
EXPECTED['dangling.ipynb'] = { kind: 'read', message: /broken symbolic link/ };

// Running as root, chmod 000 does not stop a read, so EACCES cannot be produced; a FIFO named like a
// notebook stands in for an unreadable file (opening it would block until something writes to it).
const isRoot = process.getuid?.() === 0;
if (!isRoot && process.platform !== 'win32') {
  put('unreadable.ipynb', notebook([{ source: 'x = 1' }]));
  chmodSync(join(dir, 'unreadable.ipynb'), 0o000);
  EXPECTED['unreadable.ipynb'] = { kind: 'read', message: /permission denied/ };
}
let haveFifo = false;
try {
  execFileSync('mkfifo', [join(dir, 'pipe.ipynb')]);
  haveFifo = true;
  EXPECTED['pipe.ipynb'] = { kind: 'special-file', message: /not a regular file/ };
} catch {
  // No mkfifo (Windows): the FIFO case is left out.
}

const BAD_FILES = Object.keys(EXPECTED).sort();

/** Every entry under the folder with what would show a change: type, size, mode, mtime, link target, content hash. */
function snapshot(): Map<string, string> {
  const entries = new Map<string, string>();
  const visit = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const info = lstatSync(path);
      let detail = '';
      if (info.isSymbolicLink()) detail = `-> ${readlinkSync(path)}`;
      else if (info.isFile()) {
        try {
          detail = createHash('sha256').update(readFileSync(path)).digest('hex');
        } catch {
          detail = 'unreadable';
        }
      }
      entries.set(relative(dir, path), `${info.mode} ${info.size} ${info.mtimeMs} ${detail}`);
      if (info.isDirectory()) visit(path);
    }
  };
  visit(dir);
  return entries;
}
const before = snapshot();

function byFile(errors: readonly ScanError[], shown: (file: string) => string): Map<string, ScanError> {
  const map = new Map<string, ScanError>();
  for (const error of errors) {
    const file = shown(error.file);
    assert.ok(!map.has(file), `${file} is reported once, got ${JSON.stringify(errors.filter((other) => shown(other.file) === file))}`);
    map.set(file, error);
  }
  return map;
}

function assertErrors(errors: readonly ScanError[], shown: (file: string) => string): void {
  const reported = byFile(errors, shown);
  assert.deepEqual([...reported.keys()].sort(), BAD_FILES, 'exactly the bad files are in errors');
  for (const [file, expected] of Object.entries(EXPECTED)) {
    const error = reported.get(file)!;
    if (typeof expected.kind === 'string') assert.equal(error.kind, expected.kind, `${file}: kind`);
    else assert.match(error.kind, expected.kind, `${file}: kind`);
    assert.match(error.message, expected.message, `${file}: message`);
    assert.ok(error.message.length < 200 && !error.message.includes('\n'), `${file}: one short line, got ${error.message}`);
    assert.doesNotMatch(error.message, /\bat (?:Object\.|async |[A-Za-z]+ \()|node:internal|undefined|\[object /, `${file}: no stack trace or internals`);
    if (expected.line !== undefined) assert.equal(error.line, expected.line, `${file}: line`);
    if (expected.column !== undefined) assert.equal(error.column, expected.column, `${file}: column`);
    // Wherever a message names a position, the error carries the same position as fields.
    const named = /line (\d+) column (\d+)/.exec(error.message);
    if (named) assert.deepEqual([error.line, error.column], [Number(named[1]), Number(named[2])], `${file}: line and column fields`);
  }
}

test('scanPaths: every bad file is one clear error, the good files are still analysed', { timeout: 60_000 }, async () => {
  const started = Date.now();
  const result = await scanPaths([dir], { maxFileSize: 6 * 1024 * 1024 });
  assert.ok(Date.now() - started < 30_000, `the scan finishes promptly (${Date.now() - started} ms)`);
  assertErrors(result.errors, (file) => relative(dir, file).split('\\').join('/'));

  const output = result.findings.filter((finding) => finding.ruleId === 'notebook/credential-in-output');
  const good = output.find((finding) => finding.file.endsWith('/good.ipynb'));
  assert.ok(good, 'the AWS key pair in good.ipynb is found');
  assert.equal(good.severity, 'critical');
  const long = output.find((finding) => finding.file.endsWith('/long-output.ipynb'));
  assert.ok(long, 'the token at the end of the 5 MB output line is found');
  assert.ok(long.column > FIVE_MB, `its column (${long.column}) is past the 5 MB of output`);
  assert.ok(JSON.stringify(long).length < 20_000, 'the finding does not carry the 5 MB line');
  assert.ok(!result.findings.some((finding) => /config\.json|laughs\.yaml|clean\.ipynb/.test(finding.file)), 'no findings in the clean files');
});

test('CLI --format json: stdout is only the report, errors list the bad files, stderr names them, exit 1 for the critical finding', { timeout: 120_000 }, () => {
  const run = runCli(['scan', dir, '--format', 'json', '--max-file-size', MAX_FILE_SIZE, '--no-progress']);
  assert.equal(run.status, 1, run.stderr);
  assert.ok(run.stdout.startsWith('{') && run.stdout.endsWith('}\n'), 'stdout holds the JSON document and nothing else');
  const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; file: string; severity: string }>; errors: ScanError[]; summary: Record<string, number>; scannedFiles: number };
  assertErrors(report.errors, (file) => relative(dir, file).split('\\').join('/'));
  assert.ok(report.findings.some((finding) => finding.file.endsWith('/good.ipynb') && finding.severity === 'critical'), 'the good notebook is still reported');
  assert.ok(report.findings.some((finding) => finding.file.endsWith('/long-output.ipynb')), 'the long notebook is still analysed');
  assert.ok((report.summary.critical ?? 0) >= 1);
  for (const error of report.errors) {
    assert.ok(run.stderr.includes(`${error.file}: ${error.message}`), `stderr names ${error.file}: ${error.message}\n--- stderr ---\n${run.stderr}`);
  }
  assert.doesNotMatch(run.stderr, /internal error|\n\s+at /, 'no crash on stderr');
});

test('CLI: --fail-on none exits 0 despite the finding; unparseable files alone exit 0, never 2', { timeout: 120_000 }, () => {
  const none = runCli(['scan', dir, '--format', 'json', '--max-file-size', MAX_FILE_SIZE, '--fail-on', 'none']);
  assert.equal(none.status, 0, none.stderr);
  JSON.parse(none.stdout);

  // Only the bad files (and a path that does not exist): nothing to fail on, nothing wrong with the tool.
  const paths = BAD_FILES.filter((file) => !file.includes('/')).map((file) => join(dir, file));
  const onlyBad = runCli(['scan', ...paths, join(dir, 'missing.ipynb'), '--format', 'json', '--max-file-size', MAX_FILE_SIZE, '--fail-on', 'info']);
  assert.equal(onlyBad.status, 0, onlyBad.stderr);
  const report = JSON.parse(onlyBad.stdout) as { findings: unknown[]; errors: ScanError[] };
  assert.equal(report.findings.length, 0);
  const missing = report.errors.find((error) => error.file.endsWith('missing.ipynb'));
  assert.ok(missing, 'the missing path is reported');
  assert.equal(missing.kind, 'not-found');
  assert.match(onlyBad.stderr, /missing\.ipynb: no such file/);
  assert.equal(report.errors.length, paths.length + 1, JSON.stringify(report.errors.map((error) => error.file)));
});

test('CLI text format lists the bad files under "Not analysed", with their line and column', { timeout: 120_000 }, () => {
  const run = runCli(['scan', dir, '--max-file-size', MAX_FILE_SIZE]);
  assert.equal(run.status, 1, run.stderr);
  const lines = run.stdout.split('\n');
  const heading = lines.indexOf('Not analysed');
  assert.ok(heading >= 0, `a "Not analysed" heading\n${run.stdout.slice(-3000)}`);
  const section = lines.slice(heading + 1, lines.indexOf('', heading));
  for (const file of BAD_FILES) {
    const line = section.find((entry) => entry.trim().startsWith(`${dir}/${file}`.split('\\').join('/')));
    assert.ok(line, `${file} is listed under Not analysed`);
    const expected = EXPECTED[file]!;
    if (expected.line !== undefined) assert.ok(line.includes(`${file}:${expected.line}:${expected.column}`), `${line} shows the position`);
  }
  assert.match(run.stdout, new RegExp(`· ${BAD_FILES.length} not analysed`));
  assert.ok(run.stdout.includes('good.ipynb'), 'the finding is still shown');
  assert.equal(run.stdout.length < 200_000, true, 'the 5 MB output line is not echoed');
  assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when not on a terminal');
});

test('CLI scanning a relative path outside any repository finishes and reports paths as given', { timeout: 120_000 }, () => {
  // A regression: finding the repository root walked up 'a.ipynb' -> '.' -> '..' -> '../..' forever.
  const run = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json', '--max-file-size', MAX_FILE_SIZE], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, 'the scan ended on its own');
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: Array<{ file: string }>; errors: ScanError[] };
  assert.ok(report.findings.some((finding) => finding.file === 'good.ipynb'));
  assertErrors(report.errors, (file) => file);
});

test('the billion laughs YAML is scanned in a small heap, quickly', { timeout: 60_000 }, () => {
  const started = Date.now();
  const run = runCli(['scan', join(dir, 'laughs.yaml'), join(dir, 'deep-flow.yaml'), join(dir, 'deep-compact.yaml'), '--format', 'json'], {
    env: { NODE_OPTIONS: '--max-old-space-size=64' },
  });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(Date.now() - started < 20_000, `finished in ${Date.now() - started} ms`);
  const report = JSON.parse(run.stdout) as { errors: ScanError[]; scannedFiles: number };
  assert.equal(report.scannedFiles, 3);
  assert.deepEqual(report.errors.map((error) => [error.file.split('/').pop(), error.kind]), [
    ['deep-flow.yaml', 'too-deep'],
    ['deep-compact.yaml', 'too-deep'],
  ]);
});

test('YAML nesting refusal does not count brackets in quotes, comments or ordinary nesting', () => {
  const brackets = '['.repeat(5000);
  const texts = [
    `pattern: "${brackets}"\n`,
    `pattern: '${brackets}'\n`,
    `# ${brackets}\nkey: value\n`,
    `key: value  # ${brackets}\n`,
    `rows: ${'[1, '.repeat(50)}1${']'.repeat(50)}\n`,
    `${'- '.repeat(20)}x\n`,
    `${Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')} 1\n`,
  ];
  for (const text of texts) {
    const parsed = parseArtifact('x.yaml', text, 'yaml');
    assert.ok(parsed.ok, `${text.slice(0, 40)}: ${parsed.ok ? '' : parsed.error.message}`);
  }
});

test('no file in the folder was changed, added or removed by the scans', { skip: !before.size }, () => {
  const after = snapshot();
  assert.deepEqual([...after.keys()], [...before.keys()], 'the same entries');
  for (const [path, state] of before) assert.equal(after.get(path), state, `${path} is unchanged`);
  if (haveFifo) assert.ok(before.has('pipe.ipynb'));
});
