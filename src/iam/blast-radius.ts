import type { Platform } from '../inventory/platform.js';
import { ACCESS_LEVELS, iamCatalog, type AccessLevel, type ActionInfo } from './catalog.js';
import { escalationPaths, pathLabel, type PresentPath } from './escalation.js';
import { grantsOn, grantsUnscoped, isAllActions, type StatementGrants } from './grants.js';

// The blast radius of a set of identity policies, counted: actions by access level (and how many on "*" or
// a wildcard ARN), services, escalation paths, and which of the platform's model and data stores and which
// secrets the grants reach. Computed once per set of grants and shared by every rule that reports on it.

export interface StoreReach {
  store: string;
  holds: string[];
  /** "s3:GetObject on *": the Action value and Resource value that grant it. */
  read?: string;
  write?: string;
}

export interface BlastRadius {
  actions: {
    /** Allowed without conditions. */
    total: number;
    /** Of those, on "*", a wildcard ARN or NotResource. */
    unscoped: number;
    /** Allowed only by statements with a Condition. */
    conditional: number;
    byLevel: Record<AccessLevel, { allowed: number; unscoped: number }>;
  };
  services: { count: number; top: Array<{ service: string; name: string; actions: number }> };
  /** Every action on every resource ("*" on "*"). */
  fullAdmin: boolean;
  escalations: PresentPath[];
  stores: StoreReach[];
  /** "secretsmanager:GetSecretValue on *": reads of secrets, parameters and keys on unscoped resources. */
  secrets: string[];
  /** SageMaker model registry writes allowed on unscoped resources. */
  registry: string[];
  /** One paragraph for Finding.blastRadius. */
  sentence: string;
}

const SECRET_READS = ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'kms:Decrypt'];
const REGISTRY_WRITES = ['sagemaker:CreateModelPackage', 'sagemaker:UpdateModelPackage', 'sagemaker:DeleteModelPackage'];

const cache = new WeakMap<readonly StatementGrants[], WeakMap<Platform, Map<string, BlastRadius>>>();

/** The blast radius of grants (from grantsOf / holderGrantsOf); `holderLabel` starts the sentence. Cached per grants, platform and label. */
export function blastRadius(grants: readonly StatementGrants[], platform: Platform, holderLabel = 'The policy'): BlastRadius {
  let perPlatform = cache.get(grants);
  if (!perPlatform) cache.set(grants, (perPlatform = new WeakMap()));
  let perLabel = perPlatform.get(platform);
  if (!perLabel) perPlatform.set(platform, (perLabel = new Map()));
  let result = perLabel.get(holderLabel);
  if (!result) perLabel.set(holderLabel, (result = compute(grants, platform, holderLabel)));
  return result;
}

function compute(grants: readonly StatementGrants[], platform: Platform, holderLabel: string): BlastRadius {
  const catalog = iamCatalog();
  const firm = grants.filter((grant) => !grant.conditional);
  const allowed = new Set<ActionInfo>();
  const unscoped = new Set<ActionInfo>();
  const totals = catalog.totals();
  const fullAdmin = firm.some((grant) => grant.statement.action?.some((value) => isAllActions(value.value)) && grant.statement.resource?.some((value) => value.value === '*') && grant.actions.size === totals.total);
  // Everything on "*": the catalog's own counts, without visiting 20,000 actions.
  if (!fullAdmin) for (const grant of firm) {
    // A statement granting everything on "*" makes every action unscoped; skip the per-action resource test.
    const everywhere = grant.statement.resource?.some((value) => value.value === '*') || grant.statement.notResource !== undefined;
    for (const info of grant.actions.keys()) {
      allowed.add(info);
      if (everywhere || grantsUnscoped(grant.statement, info)) unscoped.add(info);
    }
  }
  let conditional = 0;
  const seen = new Set<ActionInfo>();
  if (!fullAdmin) for (const grant of grants) if (grant.conditional) for (const info of grant.actions.keys()) if (!allowed.has(info) && !seen.has(info)) (seen.add(info), conditional++);

  const byLevel = Object.fromEntries(ACCESS_LEVELS.map((level) => [level, { allowed: 0, unscoped: 0 }])) as BlastRadius['actions']['byLevel'];
  const perService = new Map<string, number>(fullAdmin ? totals.perService : []);
  if (fullAdmin) for (const level of ACCESS_LEVELS) byLevel[level] = { allowed: totals.byLevel[level], unscoped: totals.byLevel[level] };
  for (const info of allowed) {
    byLevel[info.level].allowed++;
    if (unscoped.has(info)) byLevel[info.level].unscoped++;
    perService.set(info.service, (perService.get(info.service) ?? 0) + 1);
  }
  const top = [...perService.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 5)
    .map(([service, actions]) => ({ service, name: catalog.serviceName(service) ?? service, actions }));

  const grantOn = (id: string, arn: string): string | undefined => {
    const info = catalog.action(id);
    if (!info) return undefined;
    for (const grant of firm) {
      const value = grant.actions.get(info);
      if (!value || !grantsOn(grant.statement, arn)) continue;
      const resource = grant.statement.notResource ? `everything but ${grant.statement.notResource.map((entry) => entry.value).join(', ')}` : grant.statement.resource!.find((entry) => entry.value === '*' || grantsOn({ ...grant.statement, resource: [entry] }, arn))!.value;
      return `${value.value === 'NotAction' ? id : value.value} on ${resource}`;
    }
    return undefined;
  };
  const stores: StoreReach[] = [];
  for (const store of platform.storage()) {
    if (store.kind !== 's3-bucket') continue;
    const object = `arn:aws:s3:::${store.name}/${store.prefix ?? ''}model.tar.gz`;
    const read = grantOn('s3:GetObject', object);
    const write = grantOn('s3:PutObject', object);
    if (read || write) stores.push({ store: store.name, holds: store.holds ?? [], read, write });
  }
  const unscopedUse = (ids: string[]): string[] =>
    ids.flatMap((id) => {
      const info = catalog.action(id);
      if (!info || !unscoped.has(info)) return [];
      const grant = firm.find((entry) => entry.actions.has(info) && grantsUnscoped(entry.statement, info))!;
      const value = grant.actions.get(info)!.value;
      const resource = grant.statement.notResource ? 'NotResource' : grant.statement.resource!.find((entry) => entry.value === '*')?.value ?? grant.statement.resource![0]!.value;
      return [`${value === 'NotAction' ? id : value} on ${resource}`];
    });
  const secrets = [...new Set(unscopedUse(SECRET_READS))];
  const registry = [...new Set(unscopedUse(REGISTRY_WRITES))];
  const escalations = fullAdmin ? [] : escalationPaths(grants);

  const radius: BlastRadius = {
    actions: fullAdmin ? { total: totals.total, unscoped: totals.total, conditional: 0, byLevel } : { total: allowed.size, unscoped: unscoped.size, conditional, byLevel },
    services: { count: perService.size, top },
    fullAdmin,
    escalations,
    stores,
    secrets,
    registry,
    sentence: '',
  };
  radius.sentence = describe(radius, holderLabel);
  return radius;
}

function describe(radius: BlastRadius, holder: string): string {
  const n = thousands;
  const { actions, services } = radius;
  const parts: string[] = [];
  if (actions.total === 0) parts.push(`${holder} allows no action without conditions${actions.conditional ? ` (${n(actions.conditional)} under conditions)` : ''}.`);
  else {
    const levels = ACCESS_LEVELS.filter((level) => actions.byLevel[level].allowed > 0)
      .map((level) => `${level} ${n(actions.byLevel[level].allowed)}`)
      .join(', ');
    const serviceNames = services.top.slice(0, 4).map((entry) => entry.service);
    const head = radius.fullAdmin
      ? `${holder} allows every action, ${n(actions.total)} in ${n(services.count)} services, on every resource (${levels})`
      : `${holder} allows ${n(actions.total)} action${actions.total === 1 ? '' : 's'} in ${n(services.count)} service${services.count === 1 ? '' : 's'} (${serviceNames.join(', ')}${services.count > 4 ? ', …' : ''}) — ${levels} — ${actions.unscoped === actions.total ? (actions.total === 1 ? 'on "*" or a wildcard resource' : 'all on "*" or wildcard resources') : `${n(actions.unscoped)} of them on "*" or wildcard resources`}`;
    parts.push(`${head}${actions.conditional ? `, and ${n(actions.conditional)} more under conditions` : ''}.`);
  }
  const permissions = actions.byLevel['Permissions management'];
  if (!radius.fullAdmin && permissions.allowed > 0) parts.push(`${n(permissions.allowed)} of them are permissions management (${n(permissions.unscoped)} unscoped).`);
  if (radius.escalations.length > 0) {
    const shown = radius.escalations.slice(0, 4).map((present) => pathLabel(present.path));
    parts.push(`Privilege escalation: ${shown.join('; ')}${radius.escalations.length > shown.length ? `; and ${radius.escalations.length - shown.length} more paths` : ''}.`);
  }
  if (radius.fullAdmin) {
    const stores = radius.stores.map((store) => `${store.store}${store.holds.length ? ` (${store.holds.join(', ')})` : ''}`);
    parts.push(`That reaches ${stores.length ? `${joinAnd(stores)} to read and overwrite, ` : ''}every secret, parameter and KMS key, the SageMaker model registry, and IAM itself: it can create users and keys that outlive this one.`);
    return parts.join(' ');
  }
  const byGrant = new Map<string, string[]>();
  const writes = new Map<string, string[]>();
  for (const store of radius.stores) {
    const name = `${store.store}${store.holds.length ? ` (${store.holds.join(', ')})` : ''}`;
    if (store.read) byGrant.set(store.read, [...(byGrant.get(store.read) ?? []), name]);
    if (store.write) writes.set(store.write, [...(writes.get(store.write) ?? []), name]);
  }
  for (const [grant, names] of byGrant) parts.push(`${grant} reaches ${joinAnd(names)}.`);
  for (const [grant, names] of writes) parts.push(`${grant} can overwrite ${joinAnd(names)}.`);
  if (radius.secrets.length > 0) parts.push(`Secrets: ${radius.secrets.join(', ')} read every secret, parameter or key the account's policies do not deny.`);
  if (radius.registry.length > 0) parts.push(`Model registry: ${radius.registry.join(', ')} can register or approve any SageMaker model package.`);
  return parts.join(' ');
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** 22091 -> "22,091". Not toLocaleString: loading ICU's locale data costs a cold CLI run about 20 ms. */
export function thousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
