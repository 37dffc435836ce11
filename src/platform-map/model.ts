import { posix } from 'node:path';
import type { ArtifactKind } from '../artifacts/artifact.js';
import type { Finding, Severity } from '../core/finding.js';
import type { Inventory, InventoryComponent, InventoryIdentity } from '../inventory/inventory.js';
import { Platform } from '../inventory/platform.js';
import { redact } from '../secrets/redact.js';
import { identityReach, type IdentityReach, type PolicySource } from './reach.js';

// The platform model: what runs (components), as whom (identities and the credentials that stand for them),
// where models and data live (storage), and the edges between them. Built from the inventory when there is
// one and from the scanned files and their findings otherwise, so a scan without an inventory still maps.

export type ComponentKind = InventoryComponent['kind'] | 'other';
export type NodeType = 'component' | 'identity' | 'storage' | 'credential';

export interface MapComponent {
  id: string;
  kind: ComponentKind;
  name: string;
  files: string[];
  identity?: string;
  url?: string;
  /** Declared in the inventory, or inferred from a scanned file. */
  source: 'inventory' | 'scan';
}

export interface MapIdentity {
  id: string;
  kind: InventoryIdentity['kind'] | 'policy-file';
  name: string;
  /** Shortened access key ids (never whole). */
  keys: string[];
  policies: string[];
  reach?: IdentityReach;
  source: 'inventory' | 'scan';
}

export interface MapStorage {
  id: string;
  kind: string;
  name: string;
  prefix?: string;
  holds: string[];
  usedBy: string[];
  /** Public, from a public-exposure finding on the store or its configuration. */
  publicRead?: boolean;
}

/** A secret seen in one or more files, known by a one-way hash prefix. */
export interface MapCredential {
  id: string;
  /** "AWS access key pair AKIA…MPLE": a label with redacted evidence only. */
  label: string;
  hash: string;
  owner?: string;
  locations: Array<{ file: string; line: number; column: number; where: string; ruleId: string; severity: Severity }>;
}

export type EdgeKind = 'uses credential' | 'authenticates as' | 'exposes' | 'reads' | 'writes' | 'promotes' | 'serves' | 'stores';

export interface MapEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** What the edge rests on: the grant, the inventory entry or the finding. */
  basis: string;
}

export interface PlatformModel {
  name?: string;
  account?: string;
  components: MapComponent[];
  identities: MapIdentity[];
  storage: MapStorage[];
  credentials: MapCredential[];
  edges: MapEdge[];
  /** Fingerprint of each finding -> the node (component or identity) it is about. */
  assignment: Record<string, string>;
  /** Scanned files and the node each belongs to (files without findings included). */
  files: Array<{ file: string; kind?: ArtifactKind; node?: string }>;
}

export interface PlatformInput {
  findings: readonly Finding[];
  inventory?: Inventory;
  /** The inventory's path as the scan shows files. */
  inventoryFile?: string;
  /** Text of the inventory, for expanding the identities' attached managed policies. */
  inventoryText?: string;
  /** Identity policy files named by the inventory's policyFiles, with their text. */
  policyFiles?: PolicySource[];
  /** Every scanned file and its kind, so the model knows what was looked at even when it was clean. */
  scanned?: Array<{ file: string; kind: ArtifactKind }>;
}

const KIND_BY_PREFIX: Array<[RegExp, ComponentKind]> = [
  [/^notebook\//, 'notebook-server'],
  [/^jupyter(hub)?\//, 'notebook-server'],
  [/^workflow\//, 'ci-pipeline'],
  [/^mlflow\//, 'tracking-server'],
  [/^registry\//, 'model-registry'],
  [/^(serving|deploy)\//, 'inference-service'],
  [/^probe\/mlflow-/, 'tracking-server'],
  [/^probe\/jupyter-/, 'notebook-server'],
  [/^probe\/(inference-unauthenticated|exposed-api-docs)$/, 'inference-service'],
];

const KIND_BY_ARTIFACT: Partial<Record<ArtifactKind, ComponentKind>> = {
  notebook: 'notebook-server',
  'jupyter-config': 'notebook-server',
  workflow: 'ci-pipeline',
  deployment: 'inference-service',
};

export const COMPONENT_NOUN: Record<ComponentKind, string> = {
  'notebook-server': 'notebook server',
  'tracking-server': 'tracking server and registry',
  'model-registry': 'model registry',
  'ci-pipeline': 'pipeline',
  'inference-service': 'inference service',
  'training-job': 'training job',
  other: 'component',
};

export function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** A Jupyter autosave copy stands for the notebook it copies: .ipynb_checkpoints/x-checkpoint.ipynb -> x.ipynb. */
export function checkpointOriginal(file: string): string | undefined {
  const match = /^(.*?)(?:^|\/)\.ipynb_checkpoints\/(.+)-checkpoint\.ipynb$/.exec(normalisePath(file));
  if (!match) return undefined;
  return match[1] ? `${match[1]}/${match[2]}.ipynb` : `${match[2]}.ipynb`;
}

export function buildPlatformModel(input: PlatformInput): PlatformModel {
  const inventory = input.inventory;
  const platform = new Platform(inventory, input.inventoryFile);
  const folder = input.inventoryFile ? posix.dirname(normalisePath(input.inventoryFile)) : undefined;
  const resolve = (entry: string) => (folder !== undefined && folder !== '.' ? posix.normalize(posix.join(folder, entry)) : posix.normalize(normalisePath(entry)));

  const components: MapComponent[] = (inventory?.components ?? []).map((component) => ({
    id: component.id,
    kind: component.kind,
    name: component.name ?? component.id,
    files: (component.files ?? []).map(resolve),
    identity: component.identity,
    url: component.url,
    source: 'inventory',
  }));
  const identities: MapIdentity[] = (inventory?.identities ?? []).map((identity) => ({
    id: identity.id,
    kind: identity.kind,
    name: identity.name ?? identity.id,
    keys: (identity.accessKeyIds ?? []).map((key) => redact(key)),
    policies: [...(identity.attachedPolicies ?? []).map((arn) => arn.split('/').pop() ?? arn), ...(identity.policyFiles ?? [])],
    source: 'inventory',
  }));
  const storage: MapStorage[] = (inventory?.storage ?? []).map((store) => ({ id: store.id, kind: store.kind, name: store.name, prefix: store.prefix, holds: store.holds ?? [], usedBy: store.usedBy ?? [] }));

  const componentById = new Map(components.map((component) => [component.id, component]));
  const identityById = new Map(identities.map((identity) => [identity.id, identity]));

  const fileComponent = (file: string): MapComponent | undefined => {
    const target = normalisePath(file);
    const candidates = [target, checkpointOriginal(target)].filter((entry): entry is string => entry !== undefined);
    return components.find((component) => component.files.some((entry) => candidates.some((candidate) => candidate === entry || candidate.endsWith(`/${entry}`) || entry.endsWith(`/${candidate}`))));
  };
  const workloadOfIdentity = (id: string): MapComponent | undefined => {
    const workload = platform.workloadOf(id)[0];
    return workload ? componentById.get(workload.id) : components.find((component) => component.identity === id);
  };
  const inferred = (kind: ComponentKind, file: string): MapComponent => {
    // One inventory component of the kind takes the file; otherwise each file is its own component.
    const only = components.filter((component) => component.kind === kind && component.source === 'inventory');
    if (only.length === 1) return only[0]!;
    const id = `${kind}:${normalisePath(file)}`;
    let component = componentById.get(id);
    if (!component) {
      component = { id, kind, name: `${capitalise(COMPONENT_NOUN[kind])} ${posix.basename(normalisePath(file))}`, files: [normalisePath(file)], source: 'scan' };
      components.push(component);
      componentById.set(id, component);
    }
    return component;
  };
  const policyIdentity = (file: string): MapIdentity => {
    const id = `policy:${normalisePath(file)}`;
    let identity = identityById.get(id);
    if (!identity) {
      identity = { id, kind: 'policy-file', name: `policy ${posix.basename(normalisePath(file))}`, keys: [], policies: [normalisePath(file)], source: 'scan' };
      identities.push(identity);
      identityById.set(id, identity);
    }
    return identity;
  };

  /** The identity an IAM finding concerns: its subject, the inventory entry it points into, or the identity whose policy file it is. */
  const identityOfFinding = (finding: Finding): string | undefined => {
    if (finding.subjects?.identity && identityById.has(finding.subjects.identity)) return finding.subjects.identity;
    if (input.inventoryFile && normalisePath(finding.file) === normalisePath(input.inventoryFile)) {
      const index = /^\/identities\/(\d+)/.exec(finding.location.jsonPointer ?? '')?.[1];
      const entry = index === undefined ? undefined : inventory?.identities[Number(index)];
      if (entry) return entry.id;
    }
    return platform.identityForPolicyFile(finding.file)?.id;
  };

  const assignment: Record<string, string> = {};
  const nodeForFile = (file: string, kind: ArtifactKind | undefined, ruleId?: string): string | undefined => {
    const declared = fileComponent(file);
    if (declared) return declared.id;
    const owner = platform.identityForPolicyFile(file);
    if (owner) return workloadOfIdentity(owner.id)?.id ?? owner.id;
    const byRule = ruleId ? KIND_BY_PREFIX.find(([pattern]) => pattern.test(ruleId))?.[1] : undefined;
    const byKind = kind ? KIND_BY_ARTIFACT[kind] : undefined;
    const componentKind = byRule ?? byKind;
    if (componentKind) return inferred(componentKind, file).id;
    if (ruleId?.startsWith('iam/') || kind === 'iam') return policyIdentity(file).id;
    return undefined;
  };

  const kindOf = new Map((input.scanned ?? []).map((entry) => [normalisePath(entry.file), entry.kind]));
  for (const finding of input.findings) {
    let node: string | undefined;
    if (finding.ruleId.startsWith('iam/') || finding.category === 'excessive-privilege') {
      const identity = identityOfFinding(finding);
      if (identity) node = workloadOfIdentity(identity)?.id ?? identity;
    }
    // A live probe finding belongs to the inventory component whose url was probed.
    if (finding.location.url) node ??= components.find((component) => component.url !== undefined && sameService(component.url, finding.file))?.id;
    node ??= nodeForFile(finding.file, kindOf.get(normalisePath(finding.file)), finding.ruleId);
    node ??= inferred(kindFromFileName(finding.file), finding.file).id;
    assignment[finding.fingerprint] = node;
  }
  const files = (input.scanned ?? []).map((entry) => ({ file: entry.file, kind: entry.kind, node: input.inventoryFile && normalisePath(entry.file) === normalisePath(input.inventoryFile) ? undefined : nodeForFile(entry.file, entry.kind) }));

  // Credentials: one per secret hash, with every place it appears and, when the inventory knows, its owner.
  const credentials = new Map<string, MapCredential>();
  for (const finding of input.findings) {
    const hash = finding.subjects?.credential;
    if (!hash || finding.category !== 'secret-exposure') continue;
    let credential = credentials.get(hash);
    if (!credential) {
      credential = { id: `credential:${hash}`, label: credentialLabel(finding), hash, locations: [] };
      credentials.set(hash, credential);
    }
    credential.owner ??= finding.subjects?.identity;
    const where = [finding.location.cell !== undefined ? `cell ${finding.location.cell}` : '', finding.location.yamlPath ?? ''].filter(Boolean).join(' ');
    if (!credential.locations.some((location) => location.file === finding.file && location.line === finding.line && location.column === finding.column)) {
      credential.locations.push({ file: finding.file, line: finding.line, column: finding.column, where, ruleId: finding.ruleId, severity: finding.severity });
    }
  }

  for (const credential of credentials.values()) credential.locations.sort((a, b) => Number(checkpointOriginal(a.file) !== undefined) - Number(checkpointOriginal(b.file) !== undefined) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  // Reach: what each identity's policies allow, from the IAM evaluator and blast radius, never from prose.
  for (const identity of identities) {
    if (identity.source !== 'inventory') continue;
    identity.reach = identityReach(identity.id, { platform, inventoryFile: input.inventoryFile, inventoryText: input.inventoryText, policyFiles: input.policyFiles ?? [] });
  }

  const edges: MapEdge[] = [];
  const addEdge = (edge: MapEdge) => {
    if (!edges.some((existing) => existing.from === edge.from && existing.to === edge.to && existing.kind === edge.kind)) edges.push(edge);
  };
  for (const component of components) {
    if (component.identity && identityById.has(component.identity)) addEdge({ from: component.id, to: component.identity, kind: 'uses credential', basis: `inventory: ${component.id}.identity` });
  }
  for (const identity of inventory?.identities ?? []) {
    for (const user of identity.usedBy ?? []) if (componentById.has(user)) addEdge({ from: user, to: identity.id, kind: 'uses credential', basis: `inventory: ${identity.id}.usedBy` });
  }
  for (const identity of identities) {
    for (const store of identity.reach?.stores ?? []) {
      const node = storage.find((entry) => entry.name === store.store);
      if (!node) continue;
      if (store.write) addEdge({ from: identity.id, to: node.id, kind: 'writes', basis: store.write });
      else if (store.read) addEdge({ from: identity.id, to: node.id, kind: 'reads', basis: store.read });
    }
  }
  for (const store of storage) {
    for (const user of store.usedBy) {
      const component = componentById.get(user);
      if (!component) continue;
      if (component.kind === 'inference-service' && isModelStore(store)) addEdge({ from: store.id, to: component.id, kind: 'serves', basis: `inventory: ${store.id}.usedBy` });
      else if (component.kind === 'tracking-server' || component.kind === 'model-registry') addEdge({ from: component.id, to: store.id, kind: 'stores', basis: `inventory: ${store.id}.usedBy` });
      else addEdge({ from: component.id, to: store.id, kind: 'reads', basis: `inventory: ${store.id}.usedBy` });
    }
  }
  // A pipeline whose findings show it promoting models promotes into the registry.
  const registries = components.filter((component) => component.kind === 'tracking-server' || component.kind === 'model-registry');
  for (const finding of input.findings) {
    const component = componentById.get(assignment[finding.fingerprint]!);
    if (component?.kind !== 'ci-pipeline' || !promotes(finding)) continue;
    for (const registry of registries) addEdge({ from: component.id, to: registry.id, kind: 'promotes', basis: `${finding.ruleId} at ${finding.file}:${finding.line}` });
    if (registries.length === 0) for (const store of storage.filter(isModelStore)) addEdge({ from: component.id, to: store.id, kind: 'promotes', basis: `${finding.ruleId} at ${finding.file}:${finding.line}` });
  }
  for (const credential of credentials.values()) {
    for (const location of credential.locations) {
      const node = assignmentFor(input.findings, assignment, location.file);
      if (node) addEdge({ from: node, to: credential.id, kind: 'exposes', basis: `${location.file}:${location.line}` });
    }
    if (credential.owner && identityById.has(credential.owner)) addEdge({ from: credential.id, to: credential.owner, kind: 'authenticates as', basis: 'inventory: accessKeyIds of the owner' });
  }
  for (const finding of input.findings) {
    if (finding.category !== 'public-exposure') continue;
    const node = assignment[finding.fingerprint];
    const stored = new Set(edges.filter((edge) => edge.from === node && edge.kind === 'stores').map((edge) => edge.to));
    for (const store of storage) {
      const named = finding.evidence.includes(store.name) || finding.message.includes(store.name);
      if (named || (stored.has(store.id) && store.kind === 's3-bucket' && isModelStore(store))) store.publicRead = true;
    }
  }

  return {
    name: inventory?.platform?.name,
    account: inventory?.platform?.account,
    components,
    identities,
    storage,
    credentials: [...credentials.values()],
    edges,
    assignment,
    files,
  };
}

function assignmentFor(findings: readonly Finding[], assignment: Record<string, string>, file: string): string | undefined {
  const finding = findings.find((entry) => entry.file === file && entry.category === 'secret-exposure');
  return finding ? assignment[finding.fingerprint] : undefined;
}

export function isModelStore(store: { holds: string[]; name: string }): boolean {
  return store.holds.some((holds) => /model|registry|artifact/i.test(holds)) || /model|artifact/i.test(store.name);
}

function promotes(finding: Finding): boolean {
  return (finding.category === 'missing-approval-gate' || finding.category === 'missing-artifact-integrity') && /promot|deploy|regist|publish/i.test(`${finding.title} ${finding.evidence}`);
}

function credentialLabel(finding: Finding): string {
  const what = finding.title.replace(/\s+(printed|in plain text|in|written|assigned|sent|stored)\b.*$/i, '');
  return `${what} ${finding.evidence}`.trim();
}

function sameService(a: string, b: string): boolean {
  const base = (url: string) => url.replace(/[?#].*$/, '').replace(/\/+$/, '').toLowerCase();
  return base(a) === base(b);
}

function kindFromFileName(file: string): ComponentKind {
  if (/\.ipynb$/i.test(file)) return 'notebook-server';
  if (/\.github\/workflows\//.test(file)) return 'ci-pipeline';
  return 'other';
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
