import type { IamArtifact, IamPolicy } from '../../artifacts/iam/iam-artifact.js';
import { wildcardMatch } from '../../iam/catalog.js';
import type { ConditionClause, PolicyStatement } from '../../iam/policy.js';
import type { InventoryIdentity } from '../../inventory/inventory.js';
import type { Platform } from '../../inventory/platform.js';

// Facts the trust and resource-policy rules share: which statements let someone assume a role, which
// conditions narrow who that is, and whose role or bucket a finding is about.

export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML'] as const;

/** The assume actions an Allow statement grants (through wildcards too); NotAction grants all it does not list. */
export function assumeActionsOf(statement: PolicyStatement): string[] {
  if (statement.effect !== 'Allow') return [];
  if (statement.notAction) return ASSUME_ACTIONS.filter((action) => !statement.notAction!.some((pattern) => wildcardMatch(pattern.value, action)));
  return ASSUME_ACTIONS.filter((action) => statement.action?.some((pattern) => wildcardMatch(pattern.value, action)));
}

/** Principal "*", {"AWS": "*"}, or an Allow with NotPrincipal (everyone but the few it lists). */
export function opensToAnyone(statement: PolicyStatement): boolean {
  return statement.effect === 'Allow' && (statement.principal?.anyone === true || statement.notPrincipal !== undefined);
}

/** Negated operators (StringNotEquals, NotIpAddress, ArnNotLike) and Null only exclude, so they never pin a caller in an Allow. */
export function narrows(clause: ConditionClause): boolean {
  const operator = clause.operator.replace(/^For(All|Any)Values?:/i, '').replace(/IfExists$/i, '');
  if (/Not|^Null$/i.test(operator)) return false;
  // IfExists lets a request without the key through, which is every caller that does not send it.
  if (/IfExists$/i.test(clause.operator)) return false;
  const like = /Like$/i.test(operator);
  return clause.values.length > 0 && !clause.values.every((value) => value === '' || (like && /^\*+$/.test(value)));
}

export function clausesFor(statement: PolicyStatement, keys: readonly string[]): ConditionClause[] {
  const wanted = new Set(keys.map((key) => key.toLowerCase()));
  return statement.conditions.filter((clause) => wanted.has(clause.key.toLowerCase()));
}

/** Condition keys that tie a request to the caller's organisation, account, principal or source. */
export const CALLER_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'] as const;

/** Keys that tie a request to a network path: only callers inside it get through. */
export const NETWORK_KEYS = ['aws:SourceVpce', 'aws:SourceVpc', 'aws:SourceIp', 'aws:VpcSourceIp'] as const;

export interface Subject {
  /** "the role inference-api of the FastAPI inference service" */
  label: string;
  identity?: InventoryIdentity;
  /** What whoever gets in reaches, from the inventory, as a clause ("…, which reaches acme-mlflow-artifacts (model artifacts)"). */
  reach: string;
}

/** Whose trust policy this is: a role of the same file that names it, or the inventory identity that lists the file. */
export function trustSubject(artifact: IamArtifact, policy: IamPolicy, platform: Platform): Subject {
  const principal = artifact.principals.find((entry) => entry.trustPolicy === policy.id);
  const identities = platform.inventory?.identities ?? [];
  const identity =
    (principal && identities.find((entry) => (principal.arn && entry.arn === principal.arn) || entry.name === principal.name || entry.id === principal.id)) ??
    (principal ? undefined : platform.identityForPolicyFile(artifact.file));
  const label = identity ? platform.describeIdentity(identity) : principal ? `the role ${principal.name}` : 'this role';
  return { label, identity, reach: identityReach(identity, platform) };
}

export function identityReach(identity: InventoryIdentity | undefined, platform: Platform): string {
  if (!identity) return 'everything its permission policies allow';
  const policies = (identity.attachedPolicies ?? []).map((arn) => arn.split('/').pop()!);
  const stores = platform.storageOf(identity).map((store) => `${store.name}${store.holds?.length ? ` (${store.holds.join(', ')})` : ''}`);
  const parts = [policies.length ? `everything ${policies.join(', ')} allow${policies.length === 1 ? 's' : ''}` : 'everything its permission policies allow'];
  if (stores.length) parts.push(`the data its workloads use: ${stores.join('; ')}`);
  return parts.join(', including ');
}

/** The account a role lives in, from its ARN or the inventory's platform account. */
export function ownAccount(subject: Subject, platform: Platform): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(subject.identity?.arn ?? '')?.[1] ?? platform.inventory?.platform?.account;
}

/** 12-digit account of a root principal: "123456789012" or arn:aws:iam::123456789012:root. */
export function rootAccountOf(principal: string): string | undefined {
  return /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(principal)?.[1];
}

export function statementLabel(statement: PolicyStatement): string {
  return statement.sid ? `statement ${statement.sid}` : `statement ${statement.index + 1}`;
}
