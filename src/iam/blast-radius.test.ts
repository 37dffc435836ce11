import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IamPolicy } from '../artifacts/iam/iam-artifact.js';
import { Platform } from '../inventory/platform.js';
import type { Inventory } from '../inventory/inventory.js';
import { blastRadius } from './blast-radius.js';
import { iamCatalog } from './catalog.js';
import { ESCALATION_PATHS } from './escalation-paths.js';
import { grantsOf, isWildcardResource } from './grants.js';
import { policyFromValue } from './policy.js';
import { CREDENTIAL_ACTIONS, DATA_READ_ACTIONS, RECON_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from './sensitive-actions.js';

const anchor = { start: 0, end: 0, pointer: '' };
function policy(document: unknown, id = 'p'): IamPolicy {
  return { id, name: `${id}.json`, kind: 'identity', document: policyFromValue(document, anchor)!, attachedTo: [], ...anchor };
}
const inventory: Inventory = {
  version: 1,
  identities: [],
  components: [],
  storage: [
    { id: 'model-artifacts', kind: 's3-bucket', name: 'acme-mlflow-artifacts', prefix: 'mlflow/', holds: ['model artifacts', 'registry versions'] },
    { id: 'training-data', kind: 's3-bucket', name: 'acme-training-data', prefix: 'churn/', holds: ['training data'] },
  ],
};
const platform = new Platform(inventory);
const lab = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    { Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeVpcs'], Resource: '*' },
    { Effect: 'Allow', Action: ['iam:ListRoles', 'iam:GetRole'], Resource: '*' },
    { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' },
  ],
};

test('the lab policy: six actions by level, four services, both buckets in reach', () => {
  const radius = blastRadius(grantsOf([policy(lab)]), platform, 'The inference role');
  assert.equal(radius.actions.total, 6);
  assert.equal(radius.actions.unscoped, 6);
  assert.deepEqual(radius.actions.byLevel, {
    'Permissions management': { allowed: 0, unscoped: 0 },
    Write: { allowed: 1, unscoped: 1 },
    Tagging: { allowed: 0, unscoped: 0 },
    Read: { allowed: 2, unscoped: 2 },
    List: { allowed: 3, unscoped: 3 },
  });
  assert.deepEqual(radius.services.top.map((entry) => entry.service).sort(), ['ec2', 'iam', 'logs', 's3']);
  assert.deepEqual(radius.stores.map((store) => [store.store, store.read, store.write]), [
    ['acme-mlflow-artifacts', 's3:GetObject on *', undefined],
    ['acme-training-data', 's3:GetObject on *', undefined],
  ]);
  assert.deepEqual(radius.escalations, []);
  assert.match(radius.sentence, /^The inference role allows 6 actions in 4 services/);
  assert.match(radius.sentence, /s3:GetObject on \* reaches acme-mlflow-artifacts \(model artifacts, registry versions\) and acme-training-data \(training data\)\./);
});

test('a tight policy reaches only its own prefix and nothing unscoped', () => {
  const tight = policy({
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-mlflow-artifacts/mlflow/*' },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:us-east-1:111122223333:log-group:/ml/inference-api:*' },
    ],
  });
  const radius = blastRadius(grantsOf([tight]), platform);
  assert.equal(radius.actions.total, 3);
  assert.equal(radius.actions.unscoped, 0);
  assert.deepEqual(radius.stores.map((store) => store.store), ['acme-mlflow-artifacts']);
  assert.deepEqual(radius.secrets, []);
});

test('"*" on "*" is full admin over the whole catalog, fast, and cached per set of grants', () => {
  const grants = grantsOf([policy({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })]);
  const started = performance.now();
  const radius = blastRadius(grants, platform, 'Admin');
  const elapsed = performance.now() - started;
  assert.equal(radius.fullAdmin, true);
  assert.equal(radius.actions.total, iamCatalog().allActions().length);
  assert.ok(radius.actions.total > 15_000);
  assert.ok(elapsed < 1_000, `computed in ${elapsed.toFixed(0)} ms`);
  assert.equal(blastRadius(grants, platform, 'Admin'), radius, 'second call is the cached object');
  assert.match(radius.sentence, /acme-mlflow-artifacts .* to read and overwrite/);
});

test('unconditional explicit deny removes actions; conditional statements are counted apart', () => {
  const grants = grantsOf([
    policy({
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' },
        { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'ml' } } },
      ],
    }),
  ]);
  const radius = blastRadius(grants, platform);
  assert.equal(radius.actions.total, 1);
  assert.equal(radius.actions.conditional, 1);
  assert.deepEqual(radius.stores.map((store) => store.write), [undefined, undefined]);
  assert.deepEqual(radius.secrets, []);
});

test('escalation paths in the blast radius: PassRole on arn:aws:iam::*:role/* with CreateTrainingJob', () => {
  const grants = grantsOf([
    policy({
      Statement: [
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::*:role/*' },
        { Effect: 'Allow', Action: 'sagemaker:CreateTrainingJob', Resource: '*' },
      ],
    }),
  ]);
  const radius = blastRadius(grants, platform);
  assert.deepEqual(radius.escalations.map((present) => [present.path.id, present.severity]), [['passrole-sagemaker-training', 'critical']]);
  assert.equal(radius.actions.byLevel['Permissions management'].allowed, 1, 'PassRole is rated permissions management');
});

test('wildcard resources: "*", type-only wildcards in any account; name filters are scoped', () => {
  for (const value of ['*', 'arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/*', 'arn:aws:s3:::*', 'arn:aws:s3:::*/*', 'arn:aws:logs:us-east-1:111122223333:log-group:*']) assert.ok(isWildcardResource(value), value);
  for (const value of ['arn:aws:s3:::acme-mlflow-artifacts/mlflow/*', 'arn:aws:s3:::*sagemaker*', 'arn:aws:iam::111122223333:role/ml-*', 'arn:aws:secretsmanager:*:*:secret:AmazonSageMaker-*', 'arn:aws:iam::111122223333:role/inference-api']) assert.ok(!isWildcardResource(value), value);
});

test('every action the data files name exists in the catalog, and every path cites a source', () => {
  const catalog = iamCatalog();
  for (const id of [...DATA_READ_ACTIONS, ...CREDENTIAL_ACTIONS, ...RESOURCE_EXPOSURE_ACTIONS, ...RECON_ACTIONS, ...ESCALATION_PATHS.flatMap((path) => path.actions)]) {
    assert.equal(catalog.action(id)?.id.toLowerCase(), id.toLowerCase(), id);
  }
  for (const path of ESCALATION_PATHS) assert.match(path.source, /^https:\/\//, path.id);
});
