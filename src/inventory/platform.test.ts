import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from '../testing/paths.js';
import { parseInventory, type Inventory } from './inventory.js';
import { Platform } from './platform.js';

const loaded = parseInventory(readFileSync(join(LAB_FIXTURES, 'mlops-inventory.json'), 'utf8'));
assert.ok(loaded.ok);
const lab: Inventory = loaded.inventory;

test('identityForPolicyFile resolves policyFiles from the inventory folder', () => {
  const platform = new Platform(lab, 'fixtures/mlops/mlops-inventory.json');
  assert.equal(platform.identityForPolicyFile('fixtures/mlops/inference-iam-policy.json')?.id, 'inference-api-role');
  assert.equal(platform.identityForPolicyFile('./fixtures/mlops/inference-iam-policy.json')?.id, 'inference-api-role');
  assert.equal(platform.identityForPolicyFile('fixtures/mlops/mlflow-config.json'), undefined);
  assert.equal(platform.identityForPolicyFile('elsewhere/other-policy.json'), undefined);
});

test('identityForPolicyFile falls back to the path suffix, and resolves ../ entries from the folder', () => {
  const inventory: Inventory = {
    ...lab,
    identities: [
      { id: 'trainer', kind: 'aws-iam-role', name: 'trainer', policyFiles: ['../iam/trainer-policy.json'], usedBy: ['nightly-train'] },
      { id: 'deployer', kind: 'aws-iam-role', name: 'deployer', policyFiles: ['iam/deployer.json'] },
    ],
  };
  const platform = new Platform(inventory, 'platform/mlops-inventory.json');
  assert.equal(platform.identityForPolicyFile('iam/trainer-policy.json')?.id, 'trainer');
  assert.equal(platform.identityForPolicyFile('repo/platform/iam/deployer.json')?.id, 'deployer', 'suffix');
  assert.equal(platform.identityForPolicyFile('xiam/deployer.json'), undefined, 'a suffix matches whole path parts');
  const noFolder = new Platform(lab);
  assert.equal(noFolder.identityForPolicyFile('/tmp/copy/inference-iam-policy.json')?.id, 'inference-api-role');
  assert.equal(Platform.empty().identityForPolicyFile('inference-iam-policy.json'), undefined);
});

test('workloadOf lists the components that run as an identity, with their kind', () => {
  const platform = new Platform(lab, 'fixtures/mlops/mlops-inventory.json');
  assert.deepEqual(platform.workloadOf('inference-api-role').map((workload) => [workload.id, workload.kind]), [['inference-api', 'inference-service']]);
  assert.deepEqual(platform.workloadOf(lab.identities.find((identity) => identity.id === 'ml-notebook')!).map((workload) => [workload.id, workload.kind]), [['jupyterhub', 'notebook-server']]);
  assert.deepEqual(platform.workloadOf('ci-training').map((workload) => [workload.id, workload.kind]), [['training-pipeline', 'ci-pipeline']]);
  assert.deepEqual(platform.workloadOf('nobody'), []);
  // A tracking server is where data lives, not something that runs with a role's permissions.
  const withTracking = new Platform({ ...lab, components: [...lab.components, { id: 'registry', kind: 'model-registry', identity: 'inference-api-role' }, { id: 'retrain', kind: 'training-job', identity: 'inference-api-role' }] });
  assert.deepEqual(withTracking.workloadOf('inference-api-role').map((workload) => workload.id), ['inference-api', 'retrain']);
});

test('describeIdentity names the identity and its workload, and storageOf what the workload uses', () => {
  const platform = new Platform(lab, 'fixtures/mlops/mlops-inventory.json');
  const role = platform.identityForPolicyFile('fixtures/mlops/inference-iam-policy.json')!;
  assert.equal(platform.describeIdentity(role), 'the role inference-api of the FastAPI inference service');
  assert.deepEqual(platform.storageOf(role).map((store) => store.name), ['acme-mlflow-artifacts']);
  assert.equal(platform.describeIdentity(lab.identities[0]!), 'the IAM user ml-notebook of the notebook server JupyterHub');
});
