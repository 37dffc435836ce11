import { posix } from 'node:path';
import type { Inventory, InventoryComponent, InventoryIdentity, InventoryStorage } from './inventory.js';

/** Components that run with an identity's permissions (a tracking server or registry is a place, not a workload). */
export type WorkloadKind = 'inference-service' | 'training-job' | 'notebook-server' | 'ci-pipeline';
export type Workload = InventoryComponent & { kind: WorkloadKind };
const WORKLOAD_KINDS: readonly string[] = ['inference-service', 'training-job', 'notebook-server', 'ci-pipeline'];

const WORKLOAD_NOUN: Record<WorkloadKind, string> = {
  'inference-service': 'inference service',
  'training-job': 'training job',
  'notebook-server': 'notebook server',
  'ci-pipeline': 'CI pipeline',
};

/** What rules may ask about the platform beyond the file they read (from the inventory, when there is one). */
export class Platform {
  /** `inventoryFile` is the inventory's path as the scan shows files, so its policyFiles resolve from its folder. */
  constructor(
    readonly inventory?: Inventory,
    readonly inventoryFile?: string,
  ) {}

  static empty(): Platform {
    return new Platform();
  }

  identityForAccessKey(accessKeyId: string): InventoryIdentity | undefined {
    return this.inventory?.identities.find((identity) => identity.accessKeyIds?.includes(accessKeyId));
  }

  /**
   * The identity whose `policyFiles` name this scanned file: resolved from the inventory's folder when the
   * scan knows where the inventory is, else by path suffix (an inventory given from elsewhere).
   */
  identityForPolicyFile(file: string): InventoryIdentity | undefined {
    const identities = this.inventory?.identities ?? [];
    const target = normalise(file);
    const folder = this.inventoryFile ? posix.dirname(normalise(this.inventoryFile)) : undefined;
    const listed = (identity: InventoryIdentity) => (identity.policyFiles ?? []).map(normalise);
    if (folder !== undefined) {
      const exact = identities.find((identity) => listed(identity).some((entry) => posix.normalize(posix.join(folder, entry)) === target));
      if (exact) return exact;
    }
    return identities.find((identity) => listed(identity).some((entry) => target === entry || target.endsWith(`/${entry.replace(/^(\.\.\/)+/, '')}`)));
  }

  /** The workloads that run as the identity: components it lists in usedBy and components that name it. */
  workloadOf(identity: InventoryIdentity | string): Workload[] {
    const id = typeof identity === 'string' ? identity : identity.id;
    const known = typeof identity === 'string' ? this.inventory?.identities.find((entry) => entry.id === id) : identity;
    const users = new Set(known?.usedBy ?? []);
    return (this.inventory?.components ?? []).filter((component): component is Workload => WORKLOAD_KINDS.includes(component.kind) && (users.has(component.id) || component.identity === id));
  }

  /** "the role inference-api of the FastAPI inference service": who a finding on the identity's policy is about. */
  describeIdentity(identity: InventoryIdentity): string {
    const kind = identity.kind === 'aws-iam-role' ? 'role' : identity.kind === 'aws-iam-user' ? 'IAM user' : identity.kind === 'ci-token' ? 'CI token' : 'service account';
    const workloads = this.workloadOf(identity).map((workload) => {
      const noun = WORKLOAD_NOUN[workload.kind];
      const name = workload.name ?? workload.id;
      return name.toLowerCase().includes(noun.toLowerCase()) ? `the ${name}` : `the ${noun} ${name}`;
    });
    return `the ${kind} ${identity.name ?? identity.id}${workloads.length ? ` of ${joinAnd(workloads)}` : ''}`;
  }

  /** Storage the identity's workloads use, for what a takeover of the identity reaches. */
  storageOf(identity: InventoryIdentity): InventoryStorage[] {
    const ids = new Set([identity.id, ...this.workloadOf(identity).map((workload) => workload.id)]);
    return this.storage().filter((store) => store.usedBy?.some((user) => ids.has(user)));
  }

  /** Where models and data live, for describing what an identity can reach. */
  storage(): InventoryStorage[] {
    return this.inventory?.storage ?? [];
  }

  /** A sentence on what a leaked AWS key reaches, computed from its owner's policies when the inventory knows them. */
  describeAwsKeyReach(accessKeyId: string): string | undefined {
    const identity = this.identityForAccessKey(accessKeyId);
    if (!identity) return undefined;
    const policies = identity.attachedPolicies ?? [];
    const admin = policies.some((policy) => /:policy\/AdministratorAccess$/.test(policy) || policy === 'AdministratorAccess');
    const who = `${identity.kind === 'aws-iam-role' ? 'IAM role' : 'IAM user'} ${identity.name ?? identity.id}`;
    const account = this.inventory?.platform?.account ? ` in account ${this.inventory.platform.account}` : '';
    const stores = this.storage().map((store) => `${store.name}${store.holds?.length ? ` (${store.holds.join(', ')})` : ''}`);
    if (admin) {
      return (
        `The key belongs to ${who}, which has AdministratorAccess: every action on every resource${account}` +
        (stores.length ? `, including ${stores.join(', ')}` : '') +
        ', plus IAM itself, so an attacker can mint new users and keys that outlive this one, overwrite the Production model and read all training data.'
      );
    }
    const names = policies.map((policy) => policy.split('/').pop()).join(', ');
    return `The key belongs to ${who}${account}${names ? `, with ${names}` : ''}; an attacker gets exactly what those policies allow.`;
  }
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
