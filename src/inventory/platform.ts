import type { Inventory, InventoryIdentity, InventoryStorage } from './inventory.js';

/** What rules may ask about the platform beyond the file they read (from the inventory, when there is one). */
export class Platform {
  constructor(readonly inventory?: Inventory) {}

  static empty(): Platform {
    return new Platform();
  }

  identityForAccessKey(accessKeyId: string): InventoryIdentity | undefined {
    return this.inventory?.identities.find((identity) => identity.accessKeyIds?.includes(accessKeyId));
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
