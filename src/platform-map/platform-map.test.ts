import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../core/finding.js';
import { scanPaths } from '../core/scan.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { analyzePlatform, platformInputFromScan, type PlatformAnalysis } from './index.js';
import { checkpointOriginal } from './model.js';

const lab = (async () => {
  const result = await scanPaths([LAB_FIXTURES]);
  return { result, analysis: analyzePlatform(await platformInputFromScan(result)) };
})();

const base = (file: string) => file.split('/').pop()!;

test('model: inventory components, identities and storage, with edges computed from the policies', async () => {
  const { analysis } = await lab;
  const { model } = analysis;
  assert.deepEqual(model.components.map((component) => component.id).sort(), ['inference-api', 'jupyterhub', 'mlflow', 'training-pipeline']);
  assert.deepEqual(model.storage.map((store) => store.id).sort(), ['mlflow-backend', 'model-artifacts', 'training-data']);
  const admin = model.identities.find((identity) => identity.id === 'ml-notebook')!;
  assert.equal(admin.reach?.fullAdmin, true, 'AdministratorAccess expanded from the managed policy');
  const ci = model.identities.find((identity) => identity.id === 'ci-training')!;
  assert.equal(ci.reach?.fullAdmin, false);
  assert.ok(ci.reach!.actions > 100 && ci.reach!.services > 1, 'S3 and SageMaker full access counted');
  const edge = (from: string, kind: string, to: string) => model.edges.find((entry) => entry.from === from && entry.kind === kind && entry.to === to);
  assert.ok(edge('ml-notebook', 'writes', 'model-artifacts'), 'admin writes the model bucket');
  assert.match(edge('ci-training', 'writes', 'model-artifacts')!.basis, /^s3:\*/, 'the grant that allows the write');
  assert.ok(edge('inference-api-role', 'reads', 'training-data'), 's3:GetObject on * reaches the training data');
  assert.equal(edge('inference-api-role', 'writes', 'model-artifacts'), undefined, 'the inference role cannot write');
  assert.ok(edge('model-artifacts', 'serves', 'inference-api'));
  assert.ok(edge('training-pipeline', 'promotes', 'mlflow'), 'the workflow promotes into the registry');
  for (const identity of model.identities) for (const key of identity.keys) assert.ok(key.includes('…'), 'key ids are shortened');
});

test('correlation: one credential in the notebook and its checkpoint is one credential with both locations and its owner', async () => {
  const { analysis } = await lab;
  const notebookKey = analysis.model.credentials.find((credential) => credential.owner === 'ml-notebook')!;
  assert.ok(notebookKey, 'the notebook key is tied to ml-notebook through the inventory accessKeyIds');
  assert.deepEqual(notebookKey.locations.map((location) => base(location.file)), ['notebook-credential-leak.ipynb', 'notebook-credential-leak-checkpoint.ipynb']);
  assert.ok(notebookKey.locations.every((location) => location.line === 136));
  const ciKey = analysis.model.credentials.find((credential) => credential.owner === 'ci-training')!;
  assert.notEqual(ciKey.hash, notebookKey.hash);
  const issue = analysis.issues.find((entry) => entry.credentials.includes(notebookKey.id))!;
  assert.equal(issue.severity, 'critical', 'account-wide owner makes the leak critical');
  assert.match(issue.blastRadius, /every action/, 'blast radius computed from the AdministratorAccess policy');
  assert.ok(issue.findings.some((finding) => finding.ruleId === 'iam/full-admin'), "the owner's policy finding joins the leak");
  assert.equal(analysis.issues.filter((entry) => entry.credentials.includes(notebookKey.id)).length, 1, 'one issue, not one per file');
});

test('attack path: notebook key -> administrator -> overwrite the Production model -> served by the inference API', async () => {
  const { analysis } = await lab;
  const path = analysis.attackPaths.find((entry) => entry.steps[0]!.text.includes('notebook-credential-leak.ipynb'))!;
  assert.ok(path, analysis.attackPaths.map((entry) => entry.title).join('\n'));
  assert.equal(path.severity, 'critical');
  assert.deepEqual(path.steps.map((step) => step.node).slice(1), ['ml-notebook', 'model-artifacts', 'inference-api']);
  assert.match(path.steps[2]!.text, /Overwrite the Production model in s3:\/\/acme-mlflow-artifacts/);
  assert.match(path.steps[3]!.text, /FastAPI inference service/);
  const reach = analysis.attackPaths.find((entry) => entry.steps[0]!.node === 'inference-api')!;
  assert.ok(reach.steps.some((step) => step.text.includes('acme-training-data')), 'the inference role reaches the training data');
});

test('checklist and backlog: failures carry evidence, unknowns say why, backlog follows the summary', async () => {
  const { analysis } = await lab;
  const item = (id: string) => analysis.checklist.find((entry) => entry.id === id)!;
  assert.equal(item('notebook-secrets').status, 'fail');
  assert.match(item('notebook-secrets').evidence[0]!, /notebook\/credential-in-output/);
  assert.equal(item('ci-secrets').status, 'fail');
  assert.equal(item('iam-serving').status, 'fail');
  assert.equal(item('ci-injection').status, 'pass', 'workflow scanned, injection rules quiet');
  assert.equal(item('rollback').status, 'unknown');
  assert.deepEqual(analysis.backlog.map((entry) => entry.order), analysis.issues.map((issue) => issue.rank));
  assert.ok(analysis.backlog.every((entry) => entry.owner && ['S', 'M', 'L'].includes(entry.effort)));
  assert.ok(analysis.promotionReview.promoters.some((promoter) => promoter.who === 'IAM user ml-notebook'));
  assert.ok(analysis.serving.endpoints[0]!.reads.some((read) => read.startsWith('acme-training-data')));
});

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'category' | 'severity' | 'file'>): Finding {
  return {
    confidence: 'high',
    title: partial.ruleId,
    message: '',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    location: {},
    evidence: '',
    blastRadius: `blast of ${partial.ruleId}`,
    recommendation: `control of ${partial.ruleId}.`,
    frameworks: [],
    fingerprint: `${partial.ruleId}:${partial.file}:${partial.line ?? 1}`,
    ...partial,
  };
}

test('synthetic: no inventory, the same secret in a notebook and an env file is one issue listing both', () => {
  const shared = 'sha256:0123456789abcdef';
  const findings = [
    finding({ ruleId: 'notebook/credential-in-output', category: 'secret-exposure', severity: 'critical', file: 'a/analysis.ipynb', line: 10, location: { cell: 2, output: 0, part: 'output' }, subjects: { credential: shared } }),
    finding({ ruleId: 'env/plaintext-secret', category: 'secret-exposure', severity: 'high', file: 'b/.env', line: 3, subjects: { credential: shared } }),
    finding({ ruleId: 'workflow/unpinned-action', category: 'missing-artifact-integrity', severity: 'low', file: '.github/workflows/ci.yml', line: 5 }),
  ];
  const analysis = analyzePlatform({ findings, scanned: [{ file: 'a/analysis.ipynb', kind: 'notebook' }, { file: 'b/.env', kind: 'env' }, { file: '.github/workflows/ci.yml', kind: 'workflow' }] });
  assert.equal(analysis.model.credentials.length, 1);
  assert.deepEqual(analysis.model.credentials[0]!.locations.map((location) => location.file).sort(), ['a/analysis.ipynb', 'b/.env']);
  assert.equal(analysis.issues.length, 2, 'the credential issue and the pipeline issue');
  assert.deepEqual(analysis.issues[0]!.files.sort(), ['a/analysis.ipynb', 'b/.env']);
  assert.equal(analysis.issues[0]!.severity, 'critical', 'unknown owner: the finding severity stands');
  assert.match(analysis.issues[0]!.why, /owner/);
  assert.equal(analysis.issues[1]!.severity, 'low');
  assert.equal(analysis.model.components.find((component) => component.files.includes('a/analysis.ipynb'))?.kind, 'notebook-server');
  assert.equal(analysis.attackPaths.length, 0, 'no owner, no computed path');
});

test('synthetic: a clean scan has no issues, no paths, and passes what it could check', () => {
  const analysis = analyzePlatform({ findings: [], scanned: [{ file: 'n.ipynb', kind: 'notebook' }, { file: '.github/workflows/ci.yml', kind: 'workflow' }] });
  assert.deepEqual(analysis.issues, []);
  assert.deepEqual(analysis.attackPaths, []);
  assert.ok(analysis.signals.every((signal) => signal.issues.length === 0));
  const status = (id: string) => analysis.checklist.find((entry) => entry.id === id)!.status;
  assert.equal(status('notebook-secrets'), 'pass');
  assert.equal(status('ci-secrets'), 'pass');
  assert.equal(status('iam-serving'), 'unknown', 'no serving identity was scanned');
});

test('synthetic: a policy gap needs a foothold, so its platform severity is one step lower', () => {
  const findings = [finding({ ruleId: 'iam/unscoped-data-read', category: 'excessive-privilege', severity: 'high', file: 'role.json' })];
  const analysis: PlatformAnalysis = analyzePlatform({ findings, scanned: [{ file: 'role.json', kind: 'iam' }] });
  assert.equal(analysis.issues[0]!.severity, 'medium');
  assert.equal(analysis.issues[0]!.findings[0]!.platformSeverity, 'medium');
  assert.equal(analysis.model.identities[0]!.kind, 'policy-file');
});

test('checkpoint copies map to their notebook', () => {
  assert.equal(checkpointOriginal('x/.ipynb_checkpoints/train-checkpoint.ipynb'), 'x/train.ipynb');
  assert.equal(checkpointOriginal('.ipynb_checkpoints/train-checkpoint.ipynb'), 'train.ipynb');
  assert.equal(checkpointOriginal('train.ipynb'), undefined);
});

test('an inventory given from elsewhere still ties keys to owners and policy files to roles', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-map-'));
  mkdirSync(join(dir, 'infra'));
  writeFileSync(
    join(dir, 'infra', 'inventory.json'),
    JSON.stringify({ version: 1, identities: [{ id: 'svc', kind: 'aws-iam-role', name: 'svc', policyFiles: ['../policies/svc.json'] }], components: [{ id: 'api', kind: 'inference-service', identity: 'svc' }], storage: [{ id: 'm', kind: 's3-bucket', name: 'models-bucket', holds: ['model artifacts'], usedBy: ['api'] }] }),
  );
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'svc.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }));
  const result = await scanPaths([join(dir, 'policies')], { inventoryPath: join(dir, 'infra', 'inventory.json') });
  const analysis = analyzePlatform(await platformInputFromScan(result));
  const svc = analysis.model.identities.find((identity) => identity.id === 'svc')!;
  assert.ok(svc.reach, 'reach computed from the policy file the inventory names');
  assert.ok(analysis.model.edges.some((edge) => edge.from === 'svc' && edge.kind === 'writes' && edge.to === 'm'));
  assert.ok(analysis.issues.every((issue) => issue.nodes.includes('api')), 'policy findings are about the service that uses the role');
});

test('CI OIDC role checked against its trust policy: an unpinned sub fails the control, a pinned one passes', async () => {
  const run = async (condition: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-oidc-'));
    writeFileSync(
      join(dir, 'mlops-inventory.json'),
      JSON.stringify({ version: 1, identities: [{ id: 'ci-deploy', kind: 'aws-iam-role', name: 'ci-deploy', policyFiles: ['ci-trust.json'] }], components: [{ id: 'deploy', kind: 'ci-pipeline', identity: 'ci-deploy' }] }),
    );
    writeFileSync(
      join(dir, 'ci-trust.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
      }),
    );
    const result = await scanPaths([dir]);
    return analyzePlatform(await platformInputFromScan(result));
  };
  const open = await run({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } });
  const item = open.checklist.find((entry) => entry.id === 'ci-oidc-trust')!;
  assert.equal(item.status, 'fail', JSON.stringify(open.checklist.find((entry) => entry.id === 'ci-oidc-trust')));
  assert.match(item.evidence[0]!, /iam\/github-oidc-trust/);
  assert.ok(open.issues.some((issue) => issue.nodes.includes('deploy')), "the trust finding is about the pipeline that assumes the role");
  const pinned = await run({ StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/ml:ref:refs/heads/main' } });
  assert.equal(pinned.checklist.find((entry) => entry.id === 'ci-oidc-trust')!.status, 'pass');
});
