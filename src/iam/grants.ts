import type { IamArtifact, IamPolicy, IamPrincipal } from '../artifacts/iam/iam-artifact.js';
import { iamCatalog, wildcardMatch, type ActionInfo } from './catalog.js';
import type { Located, PolicyStatement } from './policy.js';

// A static reading of identity policies for the rules and the blast radius: which actions each Allow
// statement grants (after unconditional explicit denies) and whether it grants them on an unscoped
// resource. It answers "is this allowed on some unscoped resource", not "is this request allowed"
// (that is the evaluator's job), so it never needs a request context.

/** One Allow statement of an identity policy, with what it grants. */
export interface StatementGrants {
  policy: IamPolicy;
  statement: PolicyStatement;
  /** The statement has a Condition block: what it grants depends on the request. */
  conditional: boolean;
  /** Actions granted, with the Action value that grants each (the statement itself for NotAction). */
  actions: ReadonlyMap<ActionInfo, Located<string>>;
}

/**
 * "*", or an ARN whose resource part names no particular resource, in any account or one:
 * arn:aws:iam::*:role/*, arn:aws:iam::111122223333:role/*, arn:aws:s3:::*, arn:aws:logs:…:log-group:*.
 * A wildcard around literal text (arn:aws:s3:::*sagemaker*, role/ml-*, secret:AmazonSageMaker-*) is a name
 * filter, so it counts as scoped even when the account part is "*".
 */
export function isWildcardResource(value: string): boolean {
  if (value === '*') return true;
  const parts = value.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return /^[*?]+$/.test(value);
  const resource = parts.slice(5).join(':');
  if (!/[*?]/.test(resource)) return false;
  // S3 ARNs have no resource type: "bucket/*" is one bucket.
  const rest = parts[2] === 's3' ? resource : resource.replace(/^[A-Za-z][\w-]*[/:]/, '');
  return /^[*?/:]*$/.test(rest);
}

/** A Resource value can match resources of the action's service: "*", or an ARN whose service part matches. */
export function resourceApplies(value: string, info: ActionInfo): boolean {
  if (value === '*') return true;
  const service = value.split(':')[2];
  return service === undefined || wildcardMatch(service, info.service);
}

/** The statement grants the action on "*", a wildcard ARN, or everything but some resources (NotResource). */
export function grantsUnscoped(statement: PolicyStatement, info: ActionInfo): boolean {
  if (statement.notResource) return true;
  return (statement.resource ?? []).some((entry) => resourceApplies(entry.value, info) && isWildcardResource(entry.value));
}

/** The Resource values that apply to the action and are unscoped (empty for NotResource). */
export function unscopedResources(statement: PolicyStatement, info: ActionInfo): string[] {
  return (statement.resource ?? []).filter((entry) => resourceApplies(entry.value, info) && isWildcardResource(entry.value)).map((entry) => entry.value);
}

/** A statement grants the action on this ARN (wildcards in the statement's resources). */
export function grantsOn(statement: PolicyStatement, arn: string): boolean {
  if (statement.notResource) return !statement.notResource.some((entry) => wildcardMatch(entry.value, arn, true));
  return (statement.resource ?? []).some((entry) => entry.value === '*' || wildcardMatch(entry.value, arn, true));
}

const statementCache = new WeakMap<PolicyStatement, ReadonlyMap<ActionInfo, Located<string>>>();

/**
 * Every catalog action, granted by one "*" value. Lookups and the size need no expansion; the 20,000-entry
 * map is built only if someone iterates it, which keeps a scan that meets AdministratorAccess fast.
 */
class EveryAction implements ReadonlyMap<ActionInfo, Located<string>> {
  private full?: Map<ActionInfo, Located<string>>;
  constructor(private readonly value: Located<string>) {}
  get size(): number {
    return iamCatalog().totals().total;
  }
  has(info: ActionInfo): boolean {
    return iamCatalog().action(info.id) === info;
  }
  get(info: ActionInfo): Located<string> | undefined {
    return this.has(info) ? this.value : undefined;
  }
  private map(): Map<ActionInfo, Located<string>> {
    this.full ??= new Map(iamCatalog().allActions().map((info) => [info, this.value]));
    return this.full;
  }
  forEach(callback: (value: Located<string>, key: ActionInfo, map: ReadonlyMap<ActionInfo, Located<string>>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.map()) callback.call(thisArg, value, key, this);
  }
  keys(): MapIterator<ActionInfo> {
    return this.map().keys();
  }
  values(): MapIterator<Located<string>> {
    return this.map().values();
  }
  entries(): MapIterator<[ActionInfo, Located<string>]> {
    return this.map().entries();
  }
  [Symbol.iterator](): MapIterator<[ActionInfo, Located<string>]> {
    return this.map().entries();
  }
}

/** Actions an Allow statement names (Action) or leaves (NotAction), expanded over the catalog; cached per statement. */
export function actionsOf(statement: PolicyStatement): ReadonlyMap<ActionInfo, Located<string>> {
  const cachedMap = statementCache.get(statement);
  if (cachedMap) return cachedMap;
  if (statement.action?.length === 1 && isAllActions(statement.action[0]!.value)) {
    const every = new EveryAction(statement.action[0]!);
    statementCache.set(statement, every);
    return every;
  }
  const cached = new Map<ActionInfo, Located<string>>();
  const catalog = iamCatalog();
  if (statement.action) {
    for (const value of statement.action) for (const info of catalog.expand(value.value)) if (!cached.has(info)) cached.set(info, value);
  } else if (statement.notAction) {
    const excluded = new Set(statement.notAction.flatMap((value) => catalog.expand(value.value)));
    const at: Located<string> = { value: 'NotAction', start: statement.start, end: statement.end, pointer: statement.pointer };
    for (const info of catalog.allActions()) if (!excluded.has(info)) cached.set(info, at);
  }
  statementCache.set(statement, cached);
  return cached;
}

/** An unconditional Deny statement removes the action from an Allow statement when it covers all the Allow's resources. */
function denies(deny: PolicyStatement, info: ActionInfo, allow: PolicyStatement): boolean {
  if (!actionsOf(deny).has(info)) return false;
  if (deny.notResource) return false;
  const denied = deny.resource ?? [];
  if (denied.some((entry) => entry.value === '*')) return true;
  if (allow.notResource) return false;
  const applying = (allow.resource ?? []).filter((entry) => resourceApplies(entry.value, info));
  return applying.length > 0 && applying.every((entry) => denied.some((d) => wildcardMatch(d.value, entry.value, true)));
}

/** The Allow statements of a set of identity policies, each with the actions left after unconditional explicit denies. */
export function grantsOf(policies: readonly IamPolicy[]): StatementGrants[] {
  const identity = policies.filter((policy) => policy.kind === 'identity');
  const denyStatements = identity.flatMap((policy) => policy.document.statements).filter((statement) => statement.effect === 'Deny' && statement.conditions.length === 0);
  const result: StatementGrants[] = [];
  for (const policy of identity) {
    for (const statement of policy.document.statements) {
      if (statement.effect !== 'Allow') continue;
      let actions: ReadonlyMap<ActionInfo, Located<string>> = actionsOf(statement);
      if (denyStatements.length > 0) {
        const kept = new Map<ActionInfo, Located<string>>();
        for (const [info, value] of actions) if (!denyStatements.some((deny) => denies(deny, info, statement))) kept.set(info, value);
        actions = kept;
      }
      result.push({ policy, statement, conditional: statement.conditions.length > 0, actions });
    }
  }
  return result;
}

/** Who a set of policies belongs to: a principal of the artifact, or the lone policy file itself. */
export interface Holder {
  principal?: IamPrincipal;
  policies: IamPolicy[];
}

/** Principals with their identity policies, plus one holder per identity policy attached to nobody (a lone policy file). */
export function holdersOf(artifact: IamArtifact): Holder[] {
  const byId = new Map(artifact.policies.map((policy) => [policy.id, policy]));
  const holders: Holder[] = artifact.principals.map((principal) => ({ principal, policies: principal.policies.map((id) => byId.get(id)).filter((policy): policy is IamPolicy => policy?.kind === 'identity') }));
  const attached = new Set(holders.flatMap((holder) => holder.policies));
  for (const policy of artifact.policies) if (policy.kind === 'identity' && !attached.has(policy)) holders.push({ policies: [policy] });
  return holders;
}

const holderGrants = new WeakMap<IamArtifact, Map<Holder['principal'] | IamPolicy, StatementGrants[]>>();

/** grantsOf for a holder, cached per artifact so every rule shares one expansion. */
export function holderGrantsOf(artifact: IamArtifact, holder: Holder): StatementGrants[] {
  let perArtifact = holderGrants.get(artifact);
  if (!perArtifact) holderGrants.set(artifact, (perArtifact = new Map()));
  const key = holder.principal ?? holder.policies[0]!;
  let grants = perArtifact.get(key);
  if (!grants) perArtifact.set(key, (grants = grantsOf(holder.policies)));
  return grants;
}

/** A value like "s3:*" or "sagemaker-geospatial:*": a whole service. */
export function isServiceWildcard(value: string): boolean {
  return /^[a-z0-9-]+:\*+$/i.test(value);
}

/** "*" or "*:*": every action. */
export function isAllActions(value: string): boolean {
  return /^\*(?::\*)?$/.test(value.trim());
}
