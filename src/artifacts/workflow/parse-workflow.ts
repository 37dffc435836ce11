import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { scalarText } from '../yaml/scalar-text.js';
import type { ContainerSpec, Entry, Job, PermissionLevel, Permissions, Step, Trigger, ValueRef, WorkflowArtifact } from './workflow.js';

type Shape = Omit<WorkflowArtifact, 'file' | 'text' | 'lines' | 'kind'>;

/** A workflow has `on` and `jobs`; a composite action has `runs.using: composite`. Other YAML is not ours. */
export function workflowFlavor(document: Document.Parsed): WorkflowArtifact['flavor'] | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  if (isMap(root.get('jobs', true)) && root.has('on')) return 'workflow';
  const runs = root.get('runs', true);
  if (isMap(runs) && String(runs.get('using') ?? '').toLowerCase() === 'composite') return 'composite-action';
  return undefined;
}

export function readWorkflow(source: string, document: Document.Parsed, flavor: WorkflowArtifact['flavor']): Shape {
  const root = document.contents as YAMLMap;
  const ref = (node: unknown, path: string) => valueRef(source, node, path);
  const name = ref(root.get('name', true), 'name')?.value;

  if (flavor === 'composite-action') {
    const runs = root.get('runs', true) as unknown as YAMLMap;
    const job: Job = {
      id: 'composite',
      path: 'runs',
      keyStart: start(pairOf(root, 'runs')?.key),
      map: runs,
      name,
      runsOn: [],
      env: [],
      needs: [],
      services: [],
      with: [],
      steps: readSteps(source, runs.get('steps', true), 'runs.steps'),
    };
    return { flavor, document, root, name, triggers: [], env: [], jobs: [job] };
  }

  const jobsNode = root.get('jobs', true) as unknown as YAMLMap;
  const jobs: Job[] = [];
  for (const pair of jobsNode.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    jobs.push(readJob(source, String(pair.key.value), pair));
  }
  return {
    flavor,
    document,
    root,
    name,
    triggers: readTriggers(pairOf(root, 'on')),
    permissions: readPermissions(source, root.get('permissions', true), 'permissions'),
    env: entries(source, root.get('env', true), 'env'),
    jobs,
  };
}

function readJob(source: string, id: string, pair: Pair): Job {
  const map = pair.value as YAMLMap;
  const path = `jobs.${id}`;
  const runsOnNode = map.get('runs-on', true);
  const environmentNode = map.get('environment', true);
  const secretsNode = map.get('secrets', true);
  const servicesNode = map.get('services', true);
  const needsNode = map.get('needs', true);
  return {
    id,
    path,
    keyStart: start(pair.key),
    map,
    name: scalarString(map.get('name', true)),
    runsOn: labels(runsOnNode),
    runsOnRef: valueRef(source, runsOnNode, `${path}.runs-on`),
    permissions: readPermissions(source, map.get('permissions', true), `${path}.permissions`),
    environment:
      environmentNode === undefined || environmentNode === null
        ? undefined
        : { name: valueRef(source, isMap(environmentNode) ? environmentNode.get('name', true) : environmentNode, `${path}.environment`), start: start(environmentNode) },
    env: entries(source, map.get('env', true), `${path}.env`),
    needs: isSeq(needsNode) ? needsNode.items.map((item) => scalarString(item) ?? '').filter(Boolean) : scalarString(needsNode) ? [scalarString(needsNode)!] : [],
    if: valueRef(source, map.get('if', true), `${path}.if`),
    container: readContainer(source, map.get('container', true), `${path}.container`),
    services: isMap(servicesNode)
      ? servicesNode.items.flatMap((service) => {
          const spec = readContainer(source, service.value, `${path}.services.${String((service.key as Scalar).value)}`);
          return spec ? [{ id: String((service.key as Scalar).value), ...spec }] : [];
        })
      : [],
    uses: valueRef(source, map.get('uses', true), `${path}.uses`),
    with: entries(source, map.get('with', true), `${path}.with`),
    secrets: scalarString(secretsNode) === 'inherit' ? 'inherit' : isMap(secretsNode) ? entries(source, secretsNode, `${path}.secrets`) : undefined,
    secretsStart: secretsNode ? start(pairOf(map, 'secrets')?.key) : undefined,
    steps: readSteps(source, map.get('steps', true), `${path}.steps`),
  };
}

function readSteps(source: string, node: unknown, path: string): Step[] {
  if (!isSeq(node)) return [];
  const steps: Step[] = [];
  node.items.forEach((item, index) => {
    if (!isMap(item)) return;
    const at = `${path}[${index}]`;
    steps.push({
      index,
      path: at,
      start: start(item),
      map: item,
      id: scalarString(item.get('id', true)),
      name: scalarString(item.get('name', true)),
      uses: valueRef(source, item.get('uses', true), `${at}.uses`),
      run: valueRef(source, item.get('run', true), `${at}.run`),
      shell: scalarString(item.get('shell', true)),
      with: entries(source, item.get('with', true), `${at}.with`),
      env: entries(source, item.get('env', true), `${at}.env`),
      if: valueRef(source, item.get('if', true), `${at}.if`),
    });
  });
  return steps;
}

function readContainer(source: string, node: unknown, path: string): ContainerSpec | undefined {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) return { image: valueRef(source, node, path), credentials: [], env: [], path, start: start(node) };
  if (!isMap(node)) return undefined;
  return {
    image: valueRef(source, node.get('image', true), `${path}.image`),
    credentials: entries(source, node.get('credentials', true), `${path}.credentials`),
    env: entries(source, node.get('env', true), `${path}.env`),
    path,
    start: start(node),
  };
}

function readTriggers(pair: Pair | undefined): Trigger[] {
  const node = pair?.value;
  if (isScalar(node)) return [{ event: String(node.value), keyStart: start(node) }];
  if (isSeq(node)) return node.items.filter(isScalar).map((item) => ({ event: String(item.value), keyStart: start(item) }));
  if (isMap(node)) {
    return node.items.filter((item) => isScalar(item.key)).map((item) => ({ event: String((item.key as Scalar).value), keyStart: start(item.key), config: (item.value ?? undefined) as YamlNode | undefined }));
  }
  return [];
}

function readPermissions(source: string, node: unknown, path: string): Permissions | undefined {
  if (node === undefined) return undefined;
  const permissions: Permissions = { scopes: new Map(), start: start(node), path };
  if (isScalar(node)) {
    const value = String(node.value ?? '');
    if (value === 'read-all' || value === 'write-all') permissions.shorthand = value;
    else if (value === '{}' || value === '') permissions.shorthand = 'none';
    void source;
    return permissions;
  }
  if (isMap(node)) {
    if (node.items.length === 0) permissions.shorthand = 'none';
    for (const item of node.items) {
      if (!isScalar(item.key)) continue;
      const level = String(isScalar(item.value) ? item.value.value : '') as PermissionLevel;
      permissions.scopes.set(String(item.key.value), { level, keyStart: start(item.key) });
    }
  }
  return permissions;
}

/** `NAME: value` entries of a mapping (env, with, secrets, credentials). */
export function entries(source: string, node: unknown, path: string): Entry[] {
  if (!isMap(node)) return [];
  const out: Entry[] = [];
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const at = `${path}.${name}`;
    out.push({ name, keyStart: start(pair.key), path: at, pair, value: valueRef(source, pair.value, at) });
  }
  return out;
}

function valueRef(source: string, node: unknown, path: string): ValueRef | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  const text = scalarText(source, node);
  const [begin, end] = node.range ?? [0, 0];
  return { value: String(node.value), node, text, path, start: text.pieces.length > 0 ? text.rawOffset(0) : begin, end };
}

function labels(node: unknown): string[] {
  if (isScalar(node)) return [String(node.value)];
  if (isSeq(node)) return node.items.map((item) => scalarString(item) ?? '').filter(Boolean);
  if (isMap(node)) return [...labels(node.get('labels', true)), ...(scalarString(node.get('group', true)) ? [`group:${scalarString(node.get('group', true))}`] : [])];
  return [];
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair | undefined;
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function start(node: unknown): number {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0] ?? 0;
}
