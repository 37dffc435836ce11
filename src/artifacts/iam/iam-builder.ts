import { awsManagedPolicy, isAwsManagedReference } from '../../iam/managed-policies.js';
import { policyFromValue, type PolicyDocument, type Span } from '../../iam/policy.js';
import type { IamPolicy, IamPrincipal } from './iam-artifact.js';
import type { IamContent } from './read-iam-json.js';

// Collects principals and policies while a format reader walks its file, then applies what only the whole
// file knows: group membership (a user gets its groups' policies) and attachments named before their target.

export class IamBuilder {
  readonly principals = new Map<string, IamPrincipal>();
  readonly policies = new Map<string, IamPolicy>();
  readonly unknownManagedPolicies: IamContent['unknownManagedPolicies'] = [];
  readonly notes: string[] = [];
  /** user id -> group ids */
  private readonly memberships = new Map<string, Set<string>>();

  constructor(readonly format: IamContent['format']) {}

  principal(principal: Omit<IamPrincipal, 'policies'> & { policies?: string[] }): IamPrincipal {
    const existing = this.principals.get(principal.id);
    if (existing) return existing;
    const added: IamPrincipal = { ...principal, policies: principal.policies ?? [] };
    this.principals.set(added.id, added);
    return added;
  }

  policy(policy: Omit<IamPolicy, 'attachedTo'> & { attachedTo?: string[] }): IamPolicy {
    let id = policy.id;
    for (let n = 2; this.policies.has(id); n++) id = `${policy.id}#${n}`;
    const added: IamPolicy = { ...policy, id, attachedTo: policy.attachedTo ?? [] };
    this.policies.set(id, added);
    return added;
  }

  /** Grants an identity policy to a principal (permissions boundaries and trust policies are set by the caller). */
  attach(policyId: string, principalId: string): void {
    const policy = this.policies.get(policyId);
    const principal = this.principals.get(principalId);
    if (!policy || !principal) return;
    if (!policy.attachedTo.includes(principalId)) policy.attachedTo.push(principalId);
    if (policy.kind === 'identity' && !principal.policies.includes(policyId)) principal.policies.push(policyId);
  }

  member(userId: string, groupId: string): void {
    let groups = this.memberships.get(userId);
    if (!groups) this.memberships.set(userId, (groups = new Set()));
    groups.add(groupId);
  }

  /**
   * An AWS managed policy named by an attachment: expanded from the bundled data with the attachment's
   * span, or listed as unknown. Returns the policy, or undefined when it is not an AWS managed reference.
   */
  managed(reference: string, at: Span, id: string, kind: IamPolicy['kind'] = 'identity'): IamPolicy | undefined {
    const managed = awsManagedPolicy(reference);
    if (!managed) {
      if (/:iam::aws:policy\//.test(reference) || (isAwsManagedReference(reference) && !reference.includes(':'))) this.unknownManagedPolicies.push({ name: reference, ...at });
      return undefined;
    }
    const document = policyFromValue(managed.document, at)!;
    return this.policy({ id, name: managed.name, kind, document, managed: { arn: managed.arn, name: managed.name, version: managed.version, updated: managed.updated }, ...at });
  }

  finish(): (IamContent & { notes?: string[] }) | undefined {
    for (const [userId, groups] of this.memberships) {
      for (const groupId of groups) {
        for (const policyId of this.principals.get(groupId)?.policies ?? []) this.attach(policyId, userId);
      }
    }
    if (this.principals.size === 0 && this.policies.size === 0 && this.notes.length === 0) return undefined;
    return {
      format: this.format,
      principals: [...this.principals.values()],
      policies: [...this.policies.values()],
      unknownManagedPolicies: this.unknownManagedPolicies,
      ...(this.notes.length ? { notes: this.notes } : {}),
    };
  }
}

export type { PolicyDocument };
