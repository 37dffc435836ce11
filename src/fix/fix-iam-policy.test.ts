import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { scanPaths } from '../core/scan.js';
import { findRule } from '../rules/index.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { runCli } from '../testing/run-cli.js';

// `mlops-audit fix` on IAM policy files, as a user runs it, on copies of the lab fixtures.

const POLICY = 'inference-iam-policy.json';
const INVENTORY = 'mlops-inventory.json';
const LOGS = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/inference/inference-api:*';
const EXPECTED = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadModelArtifacts', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-mlflow-artifacts/mlflow/*' },
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: LOGS },
  ],
};
/** The IAM rules whose findings on the lab policy the rewrite closes; written on another branch, a TODO until registered. */
const IAM_RULES = ['iam/unscoped-data-read', 'iam/reconnaissance-actions', 'iam/unscoped-resource'];

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function labCopy(names = [POLICY, INVENTORY]): string {
  const folder = mkdtempSync(join(tmpdir(), 'mlops-audit-fix-iam-'));
  folders.push(folder);
  for (const name of names) copyFileSync(join(LAB_FIXTURES, name), join(folder, name));
  return folder;
}

test('fix --write rewrites the lab policy atomically to the verified least-privilege policy, explaining each change', () => {
  const folder = labCopy();
  const run = runCli(['fix', '--write', join(folder, POLICY)]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '', 'nothing on stdout with --write');
  assert.equal(readFileSync(join(folder, POLICY), 'utf8'), `${JSON.stringify(EXPECTED, null, 2)}\n`);
  assert.deepEqual(readdirSync(folder).sort(), [POLICY, INVENTORY], 'no temporary file left behind');
  assert.match(run.stderr, /least-privilege policy for the inference service inference-api\n/);
  assert.match(run.stderr, /using log group \/aws\/inference\/inference-api \(default; pass --log-group/);
  assert.match(run.stderr, /iam:ListRoles removed: the inference service inference-api never lists roles; it only maps the account for an attacker\./);
  assert.match(run.stderr, /s3:GetObject narrowed from "\*" to arn:aws:s3:::acme-mlflow-artifacts\/mlflow\/\*/);
  assert.match(run.stderr, /verified by the evaluator: 3 required requests allowed, \d+ risky requests denied\n/);
  assert.match(run.stderr, /denied +iam:ListRoles on \* \(risky, was allowed; ok\)/);
  assert.match(run.stderr, /1 file changed\n/);

  const again = runCli(['fix', '--write', join(folder, POLICY)]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /note: already the least-privilege policy/);
});

for (const id of IAM_RULES) {
  test(`the rewritten lab policy has no ${id} finding, nor any IAM finding of medium or higher severity`, { todo: findRule(id) ? false : `${id} is not registered in src/rules/index.ts yet` }, async () => {
    const folder = labCopy();
    const run = runCli(['fix', '--write', join(folder, POLICY)]);
    assert.equal(run.status, 0, run.stderr);
    const result = await scanPaths([folder]);
    const iam = result.findings.filter((finding) => finding.file.endsWith(POLICY) && finding.ruleId.startsWith('iam/'));
    assert.deepEqual(iam.filter((finding) => ['critical', 'high', 'medium'].includes(finding.severity)).map((finding) => `${finding.ruleId} ${finding.line}`), []);
    assert.deepEqual(iam.filter((finding) => finding.ruleId === id), []);
  });
}

test('without --write fix prints a diff that turns the policy into the rewrite and leaves the file alone', () => {
  const folder = labCopy();
  const original = readFileSync(join(folder, POLICY), 'utf8');
  const run = runCli(['fix', folder]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readFileSync(join(folder, POLICY), 'utf8'), original);
  assert.deepEqual(JSON.parse(applyPatch(original, run.stdout) as string), EXPECTED);
  assert.match(run.stderr, /1 file would change; run again with --write/);
  assert.doesNotMatch(run.stderr, /mlops-inventory\.json/, 'the inventory in the folder is passed over quietly');
});

test('flags give the parameters when there is no inventory; --create-log-group adds CreateLogGroup on that group only', () => {
  const folder = labCopy([POLICY]);
  const file = join(folder, POLICY);
  const refused = runCli(['fix', file]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /cannot tell what the policy is for: pass --purpose/);
  const run = runCli(['fix', '--write', file, '--purpose', 'inference', '--bucket', 'models', '--prefix', 'prod', '--region', 'eu-west-1', '--account', '123456789012', '--log-group', '/svc/scorer', '--create-log-group']);
  assert.equal(run.status, 0, run.stderr);
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(written.Statement.map((statement: { Action: unknown; Resource: unknown }) => [statement.Action, statement.Resource]), [
    ['s3:GetObject', 'arn:aws:s3:::models/prod/*'],
    [['logs:CreateLogStream', 'logs:PutLogEvents'], 'arn:aws:logs:eu-west-1:123456789012:log-group:/svc/scorer:*'],
    ['logs:CreateLogGroup', ['arn:aws:logs:eu-west-1:123456789012:log-group:/svc/scorer', 'arn:aws:logs:eu-west-1:123456789012:log-group:/svc/scorer:*']],
  ]);
});

test('the MLflow artifact store beside the policy gives bucket and prefix', () => {
  const folder = labCopy([POLICY, 'mlflow-config.json']);
  const run = runCli(['fix', join(folder, POLICY), '--purpose', 'inference', '--account', '111122223333', '--service', 'inference-api']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /using model artifact bucket acme-mlflow-artifacts \(the MLflow artifact store\)/);
  assert.match(run.stdout, /"Resource": "arn:aws:s3:::acme-mlflow-artifacts\/mlflow\/\*"/);
});

test('trust and resource policies are left alone with a note', () => {
  const folder = labCopy([INVENTORY]);
  const trust = join(folder, 'trust.json');
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  writeFileSync(trust, text);
  const run = runCli(['fix', '--write', folder, '--purpose', 'inference', '--bucket', 'models']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /trust\.json: note: a trust policy, not a standalone identity policy; left alone/);
  assert.equal(readFileSync(trust, 'utf8'), text);
  const inventory = runCli(['fix', join(folder, INVENTORY)]);
  assert.match(inventory.stderr, /mlops-inventory\.json: note: an IAM inventory file, not a standalone identity policy; left alone/);
});

test('malformed IAM flags are usage errors: exit 2, one line, nothing written', () => {
  const folder = labCopy();
  const original = readFileSync(join(folder, POLICY), 'utf8');
  for (const [args, message] of [
    [['--purpose', 'admin'], /--purpose/],
    [['--bucket', 'Not_A_Bucket'], /--bucket must be an S3 bucket name/],
    [['--account', '12345'], /--account must be a 12-digit/],
    [['--region', 'moon'], /--region must be an AWS region/],
    [['--prefix', 'models/*'], /--prefix must be a literal key prefix/],
    [['--pass-role-arn', '*'], /--pass-role-arn must be one role ARN/],
  ] as const) {
    const run = runCli(['fix', '--write', join(folder, POLICY), ...args]);
    assert.equal(run.status, 2, `${args.join(' ')}\n${run.stderr}`);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, message);
  }
  assert.equal(readFileSync(join(folder, POLICY), 'utf8'), original);
});
