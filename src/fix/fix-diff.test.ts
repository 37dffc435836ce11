import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { loadAnswerKey } from '../lab/answer-key.js';
import { maskInPlace } from '../secrets/redact.js';
import { labSecrets } from '../testing/lab-secrets.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { runCli, type CliRun } from '../testing/run-cli.js';
import { fixComposeText } from './fix-compose.js';
import { fixDiff, MASKED_NOTICE } from './fix-diff.js';
import { fixMlflowConfigText } from './fix-mlflow-config.js';

// The diff `fix` prints shows the old text of every line it changes and the lines around them: no secret
// may appear whole in it, or in anything else `fix` prints, unless --show-secrets asks for the raw diff.

const WORKFLOW = 'training-pipeline.yml';
const original = readFileSync(join(LAB_FIXTURES, WORKFLOW), 'utf8');

/**
 * The workflow's secrets as the answer key locates them: the secret-exposure findings at env values, whose
 * `match` on the line is either `NAME: value` or the text just before the value (a URI up to its password).
 */
function answerKeySecrets(): string[] {
  const lines = original.split('\n');
  return loadAnswerKey()
    .findings.filter((finding) => finding.file === WORKFLOW && finding.category === 'secret-exposure' && /^env\.\w+$/.test(finding.location?.yamlPath ?? ''))
    .map((finding) => {
      const line = lines[finding.line - 1]!;
      assert.ok(line.includes(finding.match), `${finding.id}: the match is on line ${finding.line}`);
      const rest = line.slice(line.indexOf(finding.match) + finding.match.length);
      return rest.trim() === '' ? finding.match.slice(finding.match.indexOf(': ') + 2) : /^\s*([^\s@]+)/.exec(rest)![1]!;
    });
}

const SECRETS = [...new Set([...answerKeySecrets(), ...labSecrets()])];
const WORKFLOW_SECRETS = SECRETS.filter((secret) => original.includes(secret));

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function labCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-fix-diff-'));
  folders.push(folder);
  cpSync(LAB_FIXTURES, folder, { recursive: true });
  return folder;
}

/** The printed diff cut per file, each with whether the masking notice stood above it. */
function fileDiffs(stdout: string): Array<{ file: string; masked: boolean; text: string }> {
  const out: Array<{ file: string; masked: boolean; text: string }> = [];
  let notice = false;
  for (const part of stdout.split(/^(?=--- a\/|# mlops-audit)/m)) {
    if (part === MASKED_NOTICE) notice = true;
    else if (part !== '') {
      out.push({ file: /^--- a\/(.*)$/m.exec(part)![1]!, masked: notice, text: part });
      notice = false;
    }
  }
  return out;
}

function assertNoWholeSecret(run: CliRun, what: string, streams: Array<'stdout' | 'stderr'> = ['stdout', 'stderr']): void {
  for (const stream of streams) {
    for (const secret of SECRETS) assert.ok(!run[stream].includes(secret), `${what}: ${stream} shows ${secret.slice(0, 4)}… whole`);
  }
}

test('the answer key and the fixture agree on the lab workflow secrets: the URI password and the AWS key pair', () => {
  const fromKey = answerKeySecrets();
  assert.equal(fromKey.length, 3, fromKey.map((secret) => secret.slice(0, 4)).join(', '));
  for (const secret of fromKey) assert.ok(labSecrets().includes(secret), `${secret.slice(0, 4)}… is among the planted secrets`);
  assert.deepEqual([...WORKFLOW_SECRETS].sort(), [...fromKey].sort());
});

test('fix on the lab prints a diff with every secret masked, says so, and the masked diff does not apply', () => {
  const folder = labCopy();
  const run = runCli(['fix', folder]);
  assert.equal(run.status, 0, run.stderr);
  assertNoWholeSecret(run, 'fix');
  const diffs = fileDiffs(run.stdout);
  assert.deepEqual(diffs.map((diff) => `${diff.file.slice(diff.file.lastIndexOf('/') + 1)} ${diff.masked ? 'masked' : 'plain'}`).sort(), [
    'inference-iam-policy.json plain',
    'mlflow-config.json plain',
    `${WORKFLOW} masked`,
  ]);
  for (const diff of diffs) if (!diff.masked) assert.ok(!diff.text.includes('•'), `${diff.file}: no notice, nothing masked`);
  const workflowDiff = diffs.find((diff) => diff.file.endsWith(WORKFLOW))!.text;
  // The lines are shown, masked as code frames mask them (same length, a few characters at each end).
  for (const secret of WORKFLOW_SECRETS) assert.ok(workflowDiff.split('\n').some((line) => line.startsWith('-') && line.includes(maskInPlace(secret))), `${secret.slice(0, 4)}… appears masked on a removed line`);
  assert.equal(applyPatch(original, workflowDiff), false, 'a masked diff is for reading: it must not apply');
});

test('--show-secrets prints the raw diff, which applies to the original and gives the fixed text; stderr warns', () => {
  const folder = labCopy();
  const file = join(folder, WORKFLOW);
  const run = runCli(['fix', '--show-secrets', file]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!run.stdout.includes(MASKED_NOTICE.trim()));
  for (const secret of WORKFLOW_SECRETS) assert.ok(run.stdout.includes(secret), 'the raw diff holds the real text');
  const written = join(labCopy(), WORKFLOW);
  assert.equal(runCli(['fix', '--write', written]).status, 0);
  const fixed = readFileSync(written, 'utf8');
  assert.notEqual(fixed, original);
  assert.equal(applyPatch(original, run.stdout), fixed, 'the raw diff gives what --write writes');
  assert.match(run.stderr, /warning: --show-secrets: the diff of .*training-pipeline\.yml shows secrets whole/);
  assertNoWholeSecret(run, 'fix --show-secrets', ['stderr']);
  assert.equal(readFileSync(file, 'utf8'), original, 'printing a diff writes nothing');
});

test('a file without secrets prints the plain diff: no masking notice, and --show-secrets changes nothing', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-fix-diff-'));
  folders.push(folder);
  const file = join(folder, 'ci.yml');
  const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
  writeFileSync(file, text);
  const run = runCli(['fix', file]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^--- a\//, 'the diff starts at once');
  assert.ok(!run.stdout.includes('masked') && !run.stderr.includes('masked'));
  assert.equal(runCli(['fix', '--show-secrets', file]).stdout, run.stdout);
  assert.doesNotMatch(runCli(['fix', '--show-secrets', file]).stderr, /warning/);
  assert.match(applyPatch(text, run.stdout) as string, /persist-credentials: false/);
});

test('--show-secrets with --write is a usage error, and nothing is written', () => {
  const folder = labCopy();
  const run = runCli(['fix', '--write', '--show-secrets', join(folder, WORKFLOW)]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--show-secrets only changes the printed diff/);
  assert.equal(readFileSync(join(folder, WORKFLOW), 'utf8'), original);
});

test('compose and Helm values: secrets on changed lines, in context, under secret names and in env lists are masked; the raw diff applies', () => {
  const compose = [
    'services:',
    '  db:',
    '    environment:',
    '      POSTGRES_PASSWORD: Db-Passw0rd-2024',
    '  mlflow:',
    '    image: ghcr.io/mlflow/mlflow:v2.9.2',
    '    command: mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow:Db-Passw0rd-2024@db/mlflow',
    '    environment:',
    '      - MLFLOW_TRACKING_PASSWORD=Track-Pass-99',
    '      - AWS_SECRET_ACCESS_KEY=Fake7SecretKey/ForTests0nly+NotRealAbCdE',
    '    ports:',
    '      - "5000:5000"',
    '',
  ].join('\n');
  const values = 'backendStore:\n  postgres:\n    enabled: true\nauth:\n  enabled: false\n  adminUsername: admin\n  adminPassword: Adm1n-Pass-Word\n';
  const composeFix = fixComposeText('compose.yaml', compose);
  const helmFix = fixMlflowConfigText('values.yaml', values);
  assert.ok(composeFix.status === 'changed' && helmFix?.status === 'fixed');
  for (const [file, before, after, secrets] of [
    ['compose.yaml', compose, composeFix.text, ['Db-Passw0rd-2024', 'Track-Pass-99', 'Fake7SecretKey/ForTests0nly+NotRealAbCdE']],
    ['values.yaml', values, helmFix.text, ['Adm1n-Pass-Word']],
  ] as const) {
    const diff = fixDiff(file, 'yaml', before, after);
    for (const secret of secrets) {
      assert.ok(diff.raw.includes(secret), `${file}: the diff shows the line holding ${secret.slice(0, 4)}…`);
      assert.ok(!diff.masked.includes(secret), `${file}: ${secret.slice(0, 4)}… is masked`);
      assert.ok(diff.masked.includes(maskInPlace(secret)), `${file}: masked in place`);
    }
    assert.equal(applyPatch(before, diff.raw), after);
    assert.equal(applyPatch(before, diff.masked), false);
  }
  // Only values: the layout, keys and non-secret values of the masked diff stay readable.
  assert.match(fixDiff('compose.yaml', 'yaml', compose, composeFix.text).masked, /^\+ {4}command: mlflow server --app-name basic-auth --host 0\.0\.0\.0 --backend-store-uri postgresql:\/\/mlflow:Db-P•+2024@db\/mlflow$/m);
});

test('a diff of lines without secrets is the same masked or raw', () => {
  const before = '{\n  "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }],\n  "token_name": "ci"\n}\n';
  const after = before.replace('"s3:*"', '"s3:GetObject"');
  const diff = fixDiff('policy.json', 'json', before, after);
  assert.equal(diff.masked, diff.raw);
  assert.equal(applyPatch(before, diff.raw), after);
});

/** Every option `fix` takes, by what it does to the output. A new option must be placed here. */
const OUTPUT_MODES = ['--write', '--show-secrets'];
const PARAMETERS = [
  '--aws-role-arn', '--aws-region', '--inventory', '--max-file-size', '--no-gitignore', '--purpose', '--bucket', '--prefix', '--data-bucket',
  '--data-prefix', '--log-group', '--region', '--account', '--service', '--create-log-group', '--ecr-repository', '--pass-role-arn', '--endpoint',
  '--model-package-group', '--help',
];

test('no output mode of fix leaks a whole secret: diff, --write, notes, errors (a new mode must join this test)', () => {
  const help = runCli(['fix', '--help']);
  const options = [...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]!);
  assert.ok(options.includes('--write'), help.stdout);
  for (const option of options) {
    assert.ok(
      OUTPUT_MODES.includes(option) || PARAMETERS.includes(option),
      `fix has a new option ${option}: if it prints or writes file text (JSON, --output, a patch file), run it in this test and check it for secrets; then list it above`,
    );
  }

  const folder = labCopy();
  assertNoWholeSecret(runCli(['fix', folder]), 'the diff');
  const written = labCopy();
  const write = runCli(['fix', '--write', written]);
  assert.equal(write.status, 0, write.stderr);
  assertNoWholeSecret(write, 'fix --write');
  assertNoWholeSecret(runCli(['fix', '--show-secrets', folder]), 'fix --show-secrets', ['stderr']);
  // Files fix does not handle, named on the command line, and files that do not parse: one line each, no content.
  assertNoWholeSecret(runCli(['fix', join(folder, 'notebook-credential-leak.ipynb')]), 'a notebook named explicitly');
  writeFileSync(join(folder, 'broken.yml'), original.replace(/(AWS_SECRET_ACCESS_KEY: )/, '$1|'));
  writeFileSync(join(folder, 'broken.json'), readFileSync(join(LAB_FIXTURES, 'notebook-credential-leak.ipynb'), 'utf8').replace('"cells"', '"cells" "'));
  const broken = runCli(['fix', join(folder, 'broken.yml'), join(folder, 'broken.json')]);
  assert.match(broken.stderr, /broken\.yml: not valid YAML/);
  assertNoWholeSecret(broken, 'files that do not parse');
});
