import { posix } from 'node:path';
import type { Finding, Severity } from '../core/finding.js';
import { describeIdentity, joinAnd } from './issues.js';
import { isModelStore, type MapComponent, type MapStorage, type PlatformModel } from './model.js';
import { isAccountWide } from './reach.js';

// Attack paths: chains across the platform map, each step a node and what the attacker does there.
// They start where the findings say an attacker can get in (an exposed credential, an unauthenticated
// registry, a public bucket, a foothold in a workload) and follow the computed edges to the served model.

export interface AttackStep {
  node: string;
  text: string;
}

export interface AttackPath {
  id: string;
  severity: Severity;
  title: string;
  steps: AttackStep[];
}

export function attackPaths(findings: readonly Finding[], model: PlatformModel): AttackPath[] {
  const paths: AttackPath[] = [];
  const components = new Map(model.components.map((component) => [component.id, component]));
  const identities = new Map(model.identities.map((identity) => [identity.id, identity]));
  const servedBy = (store: MapStorage): MapComponent[] =>
    model.edges.filter((edge) => edge.kind === 'serves' && edge.from === store.id).map((edge) => components.get(edge.to)).filter((entry): entry is MapComponent => entry !== undefined);
  const serveSteps = (store: MapStorage): AttackStep[] => {
    const services = servedBy(store);
    return services.length ? [{ node: services[0]!.id, text: `The poisoned model is served by ${joinAnd(services.map((service) => `${service.name}${service.url ? ` (${service.url})` : ''}`))} to every caller.` }] : [];
  };

  // 1. An exposed credential -> its owner -> the stores the owner may write -> the service that serves them.
  for (const credential of model.credentials) {
    const owner = credential.owner ? identities.get(credential.owner) : undefined;
    if (!owner?.reach) continue;
    const where = credential.locations.map((location) => `${posix.basename(location.file)}${location.where ? ` ${location.where}` : ''}`);
    const start: AttackStep = { node: credential.id, text: `Read ${credential.label} from ${joinAnd(where.filter((entry, i) => where.indexOf(entry) === i))}.` };
    const rights = owner.reach.fullAdmin ? 'every action on every resource (AdministratorAccess)' : `${owner.reach.actions} actions in ${owner.reach.services} services`;
    const act: AttackStep = { node: owner.id, text: `Sign in as ${describeIdentity(owner)}, which may do ${rights}.` };
    const writable = owner.reach.stores.filter((store) => store.write).map((store) => model.storage.find((entry) => entry.name === store.store)).filter((entry): entry is MapStorage => entry !== undefined && isModelStore(entry));
    const severity: Severity = isAccountWide(owner.reach) ? 'critical' : 'high';
    for (const store of writable) {
      const grant = owner.reach.stores.find((entry) => entry.store === store.name)!.write!;
      paths.push({
        id: `path:${credential.hash}:${store.id}`,
        severity,
        title: `${credential.label.split(' ').slice(0, 4).join(' ')} in ${posix.basename(credential.locations[0]!.file)} → ${describeIdentity(owner)} → overwrite the Production model in ${store.name}${servedBy(store).length ? ` → served by ${servedBy(store)[0]!.name}` : ''}`,
        steps: [start, act, { node: store.id, text: `Overwrite the Production model in s3://${store.name}/${store.prefix ?? ''} (${grant}).` }, ...serveSteps(store)],
      });
    }
    if (writable.length === 0) {
      const reads = owner.reach.stores.filter((store) => store.read);
      if (reads.length) {
        paths.push({
          id: `path:${credential.hash}:read`,
          severity,
          title: `${credential.label.split(' ').slice(0, 4).join(' ')} → ${describeIdentity(owner)} → read ${joinAnd(reads.map((store) => store.store))}`,
          steps: [start, act, ...reads.map((store) => ({ node: model.storage.find((entry) => entry.name === store.store)?.id ?? store.store, text: `Read ${store.store} (${store.holds.join(', ') || 'objects'}) with ${store.read}.` }))],
        });
      }
    }
  }

  // 2. An unauthenticated registry -> register or promote a version -> the store -> the served model.
  const byNode = (node: string) => findings.filter((finding) => model.assignment[finding.fingerprint] === node);
  for (const registry of model.components.filter((component) => component.kind === 'tracking-server' || component.kind === 'model-registry')) {
    const own = byNode(registry.id);
    const open = own.find((finding) => finding.category === 'missing-authentication');
    if (!open) continue;
    const gate = own.find((finding) => finding.category === 'missing-approval-gate');
    const stores = model.edges.filter((edge) => edge.from === registry.id && edge.kind === 'stores').map((edge) => model.storage.find((store) => store.id === edge.to)).filter((store): store is MapStorage => store !== undefined && isModelStore(store));
    const steps: AttackStep[] = [
      { node: registry.id, text: `Call ${registry.name}${registry.url ? ` at ${registry.url}` : ''} without credentials (${open.file}:${open.line}).` },
      { node: registry.id, text: gate ? `Register a model version and move it to Production: no approval is required (${gate.file}:${gate.line}).` : 'Register a model version and move it to a serving stage.' },
    ];
    const store = stores[0];
    if (store) steps.push({ node: store.id, text: `The version's artifacts land in s3://${store.name}/${store.prefix ?? ''}.` }, ...serveSteps(store));
    paths.push({ id: `path:${registry.id}:unauthenticated`, severity: 'high', title: `Unauthenticated ${registry.name} → promote to Production${store && servedBy(store).length ? ` → served by ${servedBy(store)[0]!.name}` : ''}`, steps });
  }

  // 3. A foothold in a workload -> its identity -> every store its policies can read (the role's reach joined with the buckets).
  for (const component of model.components) {
    const identity = component.identity ? identities.get(component.identity) : undefined;
    if (!identity?.reach || component.kind !== 'inference-service') continue;
    const extra = identity.reach.stores.filter((store) => store.read && !model.storage.find((entry) => entry.name === store.store)?.usedBy.includes(component.id));
    if (extra.length === 0) continue;
    paths.push({
      id: `path:${component.id}:reach`,
      severity: 'medium',
      title: `Foothold in ${component.name} → ${describeIdentity(identity)} → read ${joinAnd(extra.map((store) => store.store))}`,
      steps: [
        { node: component.id, text: `Compromise ${component.name} (for example through the model it loads or its request handling).` },
        { node: identity.id, text: `Use its ${describeIdentity(identity)}.` },
        ...extra.map((store) => ({ node: model.storage.find((entry) => entry.name === store.store)?.id ?? store.store, text: `Read ${store.store} (${store.holds.join(', ') || 'objects'}), which the service does not need, with ${store.read}.` })),
      ],
    });
  }

  // 4. A public store: anyone downloads the models.
  for (const store of model.storage.filter((entry) => entry.publicRead)) {
    paths.push({ id: `path:${store.id}:public`, severity: 'high', title: `Public ${store.name} → download every model artifact`, steps: [{ node: store.id, text: `Anyone on the internet lists and downloads s3://${store.name}/.` }] });
  }
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  return paths.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
