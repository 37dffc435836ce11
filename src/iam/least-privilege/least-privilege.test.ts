import { scanPaths } from '../../core/scan.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArtifact } from '../../artifacts/parse.js';
import type { IamArtifact } from '../../artifacts/iam/iam-artifact.js';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES } from '../../testing/paths.js';
import { leastPrivilege, leastPrivilegeFixFor, standaloneIdentityPolicy } from './least-privilege.js';
import { artifactStoreFromMlflowConfig, normalisePrefix, resolveParameters } from './parameters.js';
import { buildProfile, type ProfileParameters } from './profiles.js';
import { rewritePolicy } from './rewrite.js';
import { documentFromText, verifyPolicy } from './verify.js';

const POLICY = 'inference-iam-policy.json';
const labText = readFileSync(join(LAB_FIXTURES, POLICY), 'utf8');
const inventory = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
assert.ok(inventory.ok);
const lab = new Platform(inventory.inventory);

function iam(file: string, text: string): IamArtifact {
  const parsed = parseArtifact(file, text, 'json');
  assert.ok(parsed.ok && parsed.artifact.kind === 'iam', `${file} reads as IAM`);
  return parsed.artifact;
}
const labArtifact = iam(`fixtures/mlops/${POLICY}`, labText);
const labDocument = standaloneIdentityPolicy(labArtifact)!;

const LOGS = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/inference/inference-api';
const LAB_EXPECTED = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadModelArtifacts', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-mlflow-artifacts/mlflow/*' },
    { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${LOGS}:*` },
  ],
};

test('the lab inference policy becomes object reads on the model prefix and log writes to one group, and nothing else, verified', () => {
  const outcome = leastPrivilege(labArtifact.file, labDocument, {}, lab);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  assert.deepEqual(outcome.result.document, LAB_EXPECTED);
  assert.equal(outcome.result.text, `${JSON.stringify(LAB_EXPECTED, null, 2)}\n`);
  assert.ok(outcome.result.verification.ok);
  const checks = outcome.result.verification.checks;
  assert.deepEqual(
    checks.filter((check) => check.kind === 'required').map((check) => `${check.action} ${check.actual}`),
    ['s3:GetObject allowed', 'logs:CreateLogStream allowed', 'logs:PutLogEvents allowed'],
  );
  // Each finding on the lab policy is closed: allowed before, denied now.
  for (const action of ['iam:ListRoles', 'iam:GetRole', 'ec2:DescribeInstances', 'ec2:DescribeVpcs', 'logs:CreateLogGroup']) {
    const check = checks.find((entry) => entry.kind === 'risky' && entry.action === action);
    assert.ok(check, `${action} is checked`);
    assert.equal(check.before, 'allowed', `${action} was allowed by the original`);
    assert.equal(check.actual, 'denied', `${action} is denied now`);
  }
  const otherBucket = checks.find((entry) => entry.action === 's3:GetObject' && entry.resource.startsWith('arn:aws:s3:::another-bucket/'));
  assert.equal(otherBucket?.actual, 'denied');
  assert.equal(checks.find((entry) => entry.resource === 'arn:aws:s3:::acme-training-data/export.csv')?.actual, 'denied', "the platform's training data bucket is out of reach");
  const sibling = checks.find((entry) => entry.resource.includes('/mlflow-backup/'));
  assert.equal(sibling?.actual, 'denied', 'the prefix ends in "/" so a sibling prefix is not readable');
  assert.equal(checks.find((entry) => entry.action === 's3:PutObject')?.actual, 'denied', 'inference cannot overwrite models');
  assert.ok(outcome.result.sources.includes('log group /aws/inference/inference-api (default; pass --log-group if the workload logs elsewhere)'));
});

test('--create-log-group adds logs:CreateLogGroup on that one group and no other', () => {
  const outcome = leastPrivilege(labArtifact.file, labDocument, { createLogGroup: true }, lab);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  assert.deepEqual(outcome.result.document.Statement.slice(0, 2), LAB_EXPECTED.Statement);
  assert.deepEqual(outcome.result.document.Statement.slice(2), [{ Sid: 'CreateLogGroup', Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: [LOGS, `${LOGS}:*`] }]);
  const checks = outcome.result.verification.checks;
  assert.equal(checks.find((entry) => entry.action === 'logs:CreateLogGroup' && entry.kind === 'required')?.actual, 'allowed');
  assert.equal(checks.find((entry) => entry.action === 'logs:CreateLogGroup' && entry.resource.endsWith('/aws/other-service'))?.actual, 'denied');
  const explanation = outcome.result.explanations.find((entry) => entry.action === 'logs:CreateLogGroup');
  assert.equal(explanation?.outcome, 'narrowed');
});

test('the explanations say what was kept, narrowed, removed and added, and why', () => {
  const outcome = leastPrivilege(labArtifact.file, labDocument, {}, lab);
  assert.ok(outcome.ok);
  const byAction = new Map(outcome.result.explanations.map((entry) => [entry.action, entry]));
  assert.equal(byAction.get('s3:GetObject')?.outcome, 'narrowed');
  assert.match(byAction.get('s3:GetObject')!.text, /^s3:GetObject narrowed from "\*" to arn:aws:s3:::acme-mlflow-artifacts\/mlflow\/\*: .*loads model artifacts/);
  assert.equal(byAction.get('iam:ListRoles')?.text, 'iam:ListRoles removed: the inference service inference-api never lists roles; it only maps the account for an attacker.');
  for (const action of ['ec2:DescribeInstances', 'ec2:DescribeVpcs', 'iam:GetRole', 'logs:CreateLogGroup']) assert.equal(byAction.get(action)?.outcome, 'removed', action);
  assert.match(byAction.get('logs:CreateLogGroup')!.text, /created beforehand.*--create-log-group/);
  assert.equal(byAction.get('logs:PutLogEvents')?.outcome, 'added');
  assert.equal(byAction.get('ec2:DescribeInstances')?.statement?.pointer, '/Statement/1', 'points at the original statement');
  assert.equal(outcome.result.explanations.length, 8, 'one per original action plus the two added');
});

const PARAMETERS: ProfileParameters = {
  purpose: 'inference',
  account: '123456789012',
  region: 'eu-west-1',
  service: 'scorer',
  logGroup: '/aws/inference/scorer',
  createLogGroup: false,
  artifacts: { bucket: 'models-bucket', prefix: 'registry/' },
  data: { bucket: 'data-bucket', prefix: 'churn/' },
};
const ADMIN = documentFromText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }));

const PROFILES: Array<[string, Partial<ProfileParameters>, string[]]> = [
  ['inference', {}, ['ReadModelArtifacts', 'WriteLogs']],
  ['training-job', { purpose: 'training-job' }, ['ReadTrainingData', 'WriteModelArtifacts', 'WriteLogs']],
  ['training-job with ECR and a role to pass', { purpose: 'training-job', ecrRepository: 'trainer', passRole: { arn: 'arn:aws:iam::123456789012:role/sm-exec', service: 'sagemaker.amazonaws.com' } }, ['ReadTrainingData', 'WriteModelArtifacts', 'EcrLogin', 'PullTrainingImage', 'PassExecutionRole', 'WriteLogs']],
  ['notebook', { purpose: 'notebook' }, ['ReadData', 'TrackExperiments', 'WriteLogs']],
  ['ci-deployer', { purpose: 'ci-deployer', endpoint: 'Churn-Prod', modelPackageGroup: 'churn', passRole: { arn: 'arn:aws:iam::123456789012:role/sm-exec', service: 'sagemaker.amazonaws.com' } }, ['WriteModelVersion', 'UpdateEndpoint', 'RegisterModelVersion', 'PassExecutionRole', 'WriteLogs']],
];

for (const [name, overrides, sids] of PROFILES) {
  test(`the ${name} profile: every required request allowed, every risky request denied (rewriting "*" on "*")`, () => {
    const profile = buildProfile({ ...PARAMETERS, ...overrides });
    const rewrite = rewritePolicy(ADMIN, profile);
    assert.deepEqual(rewrite.document.Statement.map((statement) => statement.Sid), sids);
    const verification = verifyPolicy(rewrite.text, profile, ADMIN);
    const failed = verification.checks.filter((check) => !check.ok);
    assert.deepEqual(failed, [], 'no failed check');
    assert.ok(verification.checks.filter((check) => check.kind === 'risky').length >= 15);
    for (const check of verification.checks.filter((entry) => entry.kind === 'risky')) assert.equal(check.before, 'allowed', `${check.action} was allowed by "*"`);
    assert.equal(rewrite.explanations.length, 1);
    assert.match(rewrite.explanations[0]!.text, /^"\*" narrowed to the \d+ actions? the .* needs \(.*\), each on its own resource; every other action in AWS removed\.$/);
  });
}

test('a role to pass is limited to one ARN and to SageMaker through iam:PassedToService', () => {
  const arn = 'arn:aws:iam::123456789012:role/sm-exec';
  const profile = buildProfile({ ...PARAMETERS, purpose: 'ci-deployer', endpoint: 'prod', passRole: { arn, service: 'sagemaker.amazonaws.com' } });
  const statement = rewritePolicy(ADMIN, profile).document.Statement.find((entry) => entry.Sid === 'PassExecutionRole');
  assert.deepEqual(statement, { Sid: 'PassExecutionRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: arn, Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } });
  const risky = profile.risky.filter((entry) => entry.action === 'iam:PassRole').map((entry) => `${entry.resource} ${entry.context?.['iam:PassedToService']}`);
  assert.ok(risky.includes(`${arn} ec2.amazonaws.com`), 'the same role to EC2 is a risky request');
  const without = buildProfile({ ...PARAMETERS, purpose: 'training-job' });
  assert.ok(!without.statements.some((entry) => entry.actions.includes('iam:PassRole')), 'no PassRole unless told');
});

test('Deny statements are kept, NotAction and wildcard patterns are explained', () => {
  const original = documentFromText(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*', 'logs:*'], Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      ],
    }),
  );
  const rewrite = rewritePolicy(original, buildProfile(PARAMETERS));
  assert.deepEqual(rewrite.document.Statement.at(-1), { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
  const texts = rewrite.explanations.map((entry) => entry.text);
  assert.ok(texts.some((text) => text.startsWith('s3:Get* narrowed to s3:GetObject from "*" to arn:aws:s3:::models-bucket/registry/*')), texts.join('\n'));
  assert.ok(texts.some((text) => text.startsWith('logs:* narrowed to logs:PutLogEvents')));
  assert.ok(texts.some((text) => text.startsWith('Allow with NotAction iam:* removed: it grants every other action')));
  assert.ok(texts.includes('Deny statement NoDeletes kept: an explicit Deny only takes permissions away.'));
  assert.ok(!rewrite.explanations.some((entry) => entry.outcome === 'added'), 'everything needed was covered by the original');
});

test('a rewrite that fails verification is an error, not a result', () => {
  const original = documentFromText(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] }));
  const outcome = leastPrivilege('policy.json', original, { purpose: 'inference', bucket: 'models-bucket', prefix: 'm', account: '123456789012', region: 'eu-west-1' });
  assert.equal(outcome.ok, false);
  assert.match(!outcome.ok ? outcome.message : '', /failed verification: s3:GetObject on arn:aws:s3:::models-bucket\/m\/\S+ is denied, expected allowed/);
});

test('parameters come from flags, else the inventory, else the MLflow artifact store, and missing ones name their flag', () => {
  const store = artifactStoreFromMlflowConfig(JSON.parse(readFileSync(join(LAB_FIXTURES, 'mlflow-config.json'), 'utf8')));
  assert.deepEqual(store, { bucket: 'acme-mlflow-artifacts', prefix: 'mlflow', region: 'us-east-1' });
  const fromStore = resolveParameters('svc-policy.json', { purpose: 'inference', account: '123456789012' }, undefined, store);
  assert.deepEqual(fromStore.parameters.artifacts, { bucket: 'acme-mlflow-artifacts', prefix: 'mlflow/' });
  assert.equal(fromStore.parameters.region, 'us-east-1');
  assert.ok(fromStore.sources.includes('model artifact bucket acme-mlflow-artifacts (the MLflow artifact store)'));
  const flagged = resolveParameters(POLICY, { bucket: 'other-models', prefix: '/prod', logGroup: '/svc/logs', region: 'eu-west-1' }, lab);
  assert.equal(flagged.parameters.purpose, 'inference', 'purpose still from the inventory');
  assert.deepEqual(flagged.parameters.artifacts, { bucket: 'other-models', prefix: 'prod/' });
  assert.equal(flagged.parameters.logGroup, '/svc/logs');
  assert.equal(flagged.parameters.region, 'eu-west-1');
  assert.throws(() => resolveParameters('x.json', {}), /pass --purpose/);
  assert.throws(() => resolveParameters('x.json', { purpose: 'inference' }), /--account/);
  assert.throws(() => buildProfile({ ...PARAMETERS, artifacts: undefined }), /--bucket/);
  assert.equal(normalisePrefix('mlflow'), 'mlflow/');
  assert.equal(normalisePrefix(''), '');
  assert.throws(() => normalisePrefix('ml*'), /wildcard/);
});

test('leastPrivilegeFixFor gives the verified policy as a JSON fix for the lab file, and nothing for other IAM files', () => {
  const fix = leastPrivilegeFixFor(labArtifact, lab);
  assert.ok(fix);
  assert.equal(fix.language, 'json');
  assert.deepEqual(JSON.parse(fix.snippet), LAB_EXPECTED);
  assert.match(fix.description, /^Replace the policy with the least-privilege policy for the inference service inference-api: 1 narrowed, 5 removed; verified by evaluation \(3 required requests allowed, \d+ risky requests denied\)/);
  assert.match(fix.description, /mlops-audit fix \S*inference-iam-policy\.json` writes it and explains each change/);
  assert.equal(leastPrivilegeFixFor(labArtifact, Platform.empty()), undefined, 'no purpose known without the inventory');
  const trust = iam('trust.json', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }));
  assert.equal(leastPrivilegeFixFor(trust, lab), undefined);
  const inventoryArtifact = iam('mlops-inventory.json', readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
  assert.equal(leastPrivilegeFixFor(inventoryArtifact, lab), undefined);
});

test('scanning the lab: every finding on the inference policy carries the same verified least-privilege policy', async () => {
  const result = await scanPaths([LAB_FIXTURES]);
  const onPolicy = result.findings.filter((finding) => finding.file.endsWith('inference-iam-policy.json'));
  assert.equal(onPolicy.length, 4);
  for (const finding of onPolicy) {
    assert.ok(finding.fix, `${finding.ruleId} at line ${finding.line} has a fix`);
    assert.deepEqual(JSON.parse(finding.fix.snippet), LAB_EXPECTED);
  }
});
