import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { parseArtifact } from '../artifacts/parse.js';
import { workflowSecrets } from '../artifacts/workflow/workflow-secrets.js';
import { scanPaths, type ScanResult } from '../core/scan.js';
import { findRule } from '../rules/index.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { runCli, type CliRun } from '../testing/run-cli.js';

// `mlops-audit fix` as a user runs it, on copies of the lab fixtures: the fixed workflow must scan clean for
// every rule the fixes address, hold no credential, keep its comments, parse, and stay as it is when fixed again.

/** The rules the fixes address. Others write them; one that is not registered yet is a TODO, never a pass. */
const FIXED_RULES = ['workflow/plaintext-secret', 'workflow/credentials-in-uri', 'workflow/long-lived-cloud-keys', 'workflow/excessive-permissions', 'workflow/checkout-persists-credentials'];
const WORKFLOW = 'training-pipeline.yml';
const INVENTORY = 'mlops-inventory.json';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-fix-'));
  folders.push(folder);
  return folder;
}
function labCopy(): { folder: string; workflow: string } {
  const folder = temporaryFolder();
  for (const name of [WORKFLOW, INVENTORY]) copyFileSync(join(LAB_FIXTURES, name), join(folder, name));
  return { folder, workflow: join(folder, WORKFLOW) };
}

const original = readFileSync(join(LAB_FIXTURES, WORKFLOW), 'utf8');
const parsedOriginal = parseArtifact(WORKFLOW, original, 'yaml');
assert.ok(parsedOriginal.ok && parsedOriginal.artifact.kind === 'workflow');
/** Every credential the scanner finds in the lab workflow, and the access key ID paired with the secret key. */
const VALUES = workflowSecrets(parsedOriginal.artifact).flatMap((secret) => [secret.value, ...(secret.match?.partner ? [secret.match.partner.secret] : [])]);

let lab: { folder: string; workflow: string; fixed: string; run: CliRun; before: ScanResult; after: ScanResult };
before(async () => {
  const { folder, workflow } = labCopy();
  const scanBefore = await scanPaths([folder]);
  const run = runCli(['fix', '--write', folder]);
  lab = { folder, workflow, fixed: readFileSync(workflow, 'utf8'), run, before: scanBefore, after: await scanPaths([folder]) };
});

for (const id of FIXED_RULES) {
  const registered = findRule(id) !== undefined;
  test(`the fixed lab workflow has no ${id} finding`, { todo: registered ? false : `${id} is not registered in src/rules/index.ts yet` }, (t) => {
    assert.ok(findRule(id), `${id} is registered`);
    const count = (result: ScanResult) => result.findings.filter((finding) => finding.ruleId === id && finding.file.endsWith(WORKFLOW));
    t.diagnostic(`${id}: ${count(lab.before).length} finding(s) before the fix`);
    assert.deepEqual(
      count(lab.after).map((finding) => `${finding.line}:${finding.column} ${finding.title}`),
      [],
    );
  });
}

test('fix --write on the lab: no credential left or printed, comments kept, the result parses, the secrets are listed', () => {
  const { run, fixed, folder } = lab;
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '', 'with --write nothing goes to stdout');
  assert.ok(VALUES.length >= 3, 'the lab workflow holds the URI password and the AWS key pair');
  for (const value of VALUES) {
    assert.ok(!fixed.includes(value), `${value.slice(0, 4)}… is gone from the file`);
    assert.ok(!run.stdout.includes(value) && !run.stderr.includes(value), `${value.slice(0, 4)}… is not printed`);
  }
  for (const comment of original.split('\n').filter((line) => /^\s*#/.test(line))) assert.ok(fixed.includes(comment), `comment kept: ${comment}`);
  const parsed = parseArtifact(WORKFLOW, fixed, 'yaml');
  assert.ok(parsed.ok && parsed.artifact.kind === 'workflow', 'the fixed file is still a workflow');
  assert.deepEqual(lab.after.errors, []);

  assert.match(run.stderr, /gh secret set MLFLOW_TRACKING_URI\b/);
  assert.doesNotMatch(run.stderr, /gh secret set AWS_/, 'the AWS keys are replaced by OIDC, not by secrets');
  assert.match(run.stderr, new RegExp(`fixed .*${WORKFLOW}\\n1 file changed`));
  assert.match(fixed, /MLFLOW_TRACKING_URI: \$\{\{ secrets\.MLFLOW_TRACKING_URI \}\}/);
  assert.match(fixed, /role-to-assume: arn:aws:iam::111122223333:role\/ci-training\n/, 'the role is named after the key’s owner in the inventory');
  assert.match(fixed, /aws-region: us-east-1\n/);
  assert.deepEqual(readdirSync(folder).sort(), [INVENTORY, WORKFLOW], 'no temporary file left behind');
});

test('fixing the fixed lab workflow again changes nothing', () => {
  const again = runCli(['fix', lab.folder]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, '', 'no diff');
  assert.match(again.stderr, /nothing to fix/);
  const rewrite = runCli(['fix', '--write', lab.workflow]);
  assert.equal(rewrite.status, 0);
  assert.equal(readFileSync(lab.workflow, 'utf8'), lab.fixed);
});

test('by default fix prints a unified diff and changes no file; with --show-secrets the diff gives what --write writes', () => {
  const { folder, workflow } = labCopy();
  const { mtimeMs } = statSync(workflow);
  const masked = runCli(['fix', workflow]);
  assert.equal(masked.status, 0, masked.stderr);
  assert.match(masked.stdout, /^# mlops-audit: secrets below are masked.*\n--- a\/.*training-pipeline\.yml\n\+\+\+ b\/.*training-pipeline\.yml\n@@ /);
  for (const value of VALUES) assert.ok(!masked.stdout.includes(value), `${value.slice(0, 4)}… is masked in the diff`);
  const run = runCli(['fix', '--show-secrets', workflow]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^--- a\/.*training-pipeline\.yml\n\+\+\+ b\/.*training-pipeline\.yml\n@@ /);
  assert.match(run.stderr, /1 file would change; run again with --write/);
  assert.equal(readFileSync(workflow, 'utf8'), original, 'the file is untouched');
  assert.equal(statSync(workflow).mtimeMs, mtimeMs);
  assert.deepEqual(readdirSync(folder).sort(), [INVENTORY, WORKFLOW]);
  assert.equal(applyPatch(original, run.stdout), lab.fixed);
  for (const value of VALUES) assert.ok(!run.stderr.includes(value), 'no value in the notes');
});

test('a file that cannot be parsed is reported and left alone; the other workflows are still fixed', () => {
  const folder = temporaryFolder();
  const broken = 'on: push\njobs:\n  build: [\n';
  const plain = 'settings:\n  retries: 3\n';
  const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
  writeFileSync(join(folder, 'broken.yml'), broken);
  writeFileSync(join(folder, 'settings.yaml'), plain);
  writeFileSync(join(folder, 'ci.yml'), workflow);
  const run = runCli(['fix', '--write', folder]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /broken\.yml: not valid YAML at line \d+ column \d+.*; skipped\n/);
  assert.equal(readFileSync(join(folder, 'broken.yml'), 'utf8'), broken);
  assert.equal(readFileSync(join(folder, 'settings.yaml'), 'utf8'), plain);
  assert.doesNotMatch(run.stderr, /settings\.yaml/, 'YAML that is not a workflow is passed over quietly in a folder');
  assert.match(readFileSync(join(folder, 'ci.yml'), 'utf8'), /persist-credentials: false/);
  assert.match(run.stderr, /fixed .*ci\.yml/);

  const named = runCli(['fix', join(folder, 'settings.yaml')]);
  assert.equal(named.status, 0);
  assert.match(named.stderr, /settings\.yaml: not a GitHub Actions workflow/);
});

test('--aws-role-arn and --aws-region go into the OIDC step', () => {
  const { workflow } = labCopy();
  const run = runCli(['fix', workflow, '--aws-role-arn', 'arn:aws:iam::123456789012:role/gha-training', '--aws-region', 'eu-west-1']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^\+ +role-to-assume: arn:aws:iam::123456789012:role\/gha-training$/m);
  assert.match(run.stdout, /^\+ +aws-region: eu-west-1$/m);
});

test('usage errors exit 2 with one line on stderr and nothing written', () => {
  const { folder, workflow } = labCopy();
  for (const [args, message] of [
    [['fix', workflow, '--aws-role-arn', 'admin'], /--aws-role-arn must be a role ARN/],
    [['fix', workflow, '--aws-region', 'mars'], /--aws-region must be an AWS region/],
    [['fix', join(folder, 'missing.yml')], /missing\.yml: no such file or directory/],
    [['fix', workflow, '--inventory', join(folder, 'missing.json')], /cannot read the inventory .*missing\.json/],
    [['fix', workflow, '--frobnicate'], /unknown option '--frobnicate'/],
  ] as const) {
    const run = runCli([...args, '--write']);
    assert.equal(run.status, 2, `${args.join(' ')}\n${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, message);
  }
  assert.equal(readFileSync(workflow, 'utf8'), original);
});
