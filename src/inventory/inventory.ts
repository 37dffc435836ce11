import { parseJson } from '../artifacts/json/parse-json.js';

// The platform inventory ties scanned files to the running platform: which identity owns a key, which
// role a service uses, which bucket holds models. Its schema is documented in docs/inventory.md.

export interface Inventory {
  version: 1;
  platform?: { name?: string; cloud?: string; account?: string; region?: string };
  identities: InventoryIdentity[];
  components: InventoryComponent[];
  storage: InventoryStorage[];
}

export interface InventoryIdentity {
  id: string;
  kind: 'aws-iam-user' | 'aws-iam-role' | 'ci-token' | 'service-account';
  name?: string;
  arn?: string;
  accessKeyIds?: string[];
  attachedPolicies?: string[];
  policyFiles?: string[];
  usedBy?: string[];
  description?: string;
}

export interface InventoryComponent {
  id: string;
  kind: 'notebook-server' | 'tracking-server' | 'model-registry' | 'ci-pipeline' | 'inference-service' | 'training-job';
  name?: string;
  files?: string[];
  identity?: string;
  url?: string;
  description?: string;
}

export interface InventoryStorage {
  id: string;
  kind: 's3-bucket' | 'database' | 'volume';
  name: string;
  prefix?: string;
  holds?: string[];
  usedBy?: string[];
}

export const INVENTORY_FILE_NAMES = ['mlops-inventory.json'];

export type InventoryLoad = { ok: true; inventory: Inventory } | { ok: false; message: string };

export function parseInventory(text: string): InventoryLoad {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: `inventory is not valid JSON: ${parsed.message}` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `inventory is not valid JSON: ${(error as Error).message}` };
  }
  const problems = validate(data);
  if (problems.length > 0) return { ok: false, message: `inventory does not match its schema (docs/inventory.md): ${problems.slice(0, 5).join('; ')}` };
  return { ok: true, inventory: data as Inventory };
}

const IDENTITY_KINDS = ['aws-iam-user', 'aws-iam-role', 'ci-token', 'service-account'];
const COMPONENT_KINDS = ['notebook-server', 'tracking-server', 'model-registry', 'ci-pipeline', 'inference-service', 'training-job'];
const STORAGE_KINDS = ['s3-bucket', 'database', 'volume'];

function validate(data: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(data)) return ['the top level must be an object'];
  if (data.version !== 1) problems.push(`"version" must be 1${data.version === undefined ? ' (it is missing)' : `, not ${JSON.stringify(data.version)}`}`);
  if (data.platform !== undefined) {
    if (!isObject(data.platform)) problems.push('"platform" must be an object');
    else for (const key of ['name', 'cloud', 'account', 'region']) if (data.platform[key] !== undefined && typeof data.platform[key] !== 'string') problems.push(`platform.${key} must be a string`);
  }
  const lists: Array<[string, string[], string[], string[]]> = [
    ['identities', IDENTITY_KINDS, ['accessKeyIds', 'attachedPolicies', 'policyFiles', 'usedBy'], ['name', 'arn', 'description']],
    ['components', COMPONENT_KINDS, ['files'], ['name', 'identity', 'url', 'description']],
    ['storage', STORAGE_KINDS, ['holds', 'usedBy'], ['prefix']],
  ];
  for (const [list, kinds, stringArrays, strings] of lists) {
    const items = data[list];
    if (items === undefined) {
      data[list] = [];
      continue;
    }
    if (!Array.isArray(items)) {
      problems.push(`"${list}" must be an array`);
      continue;
    }
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const at = `${list}[${i}]`;
      if (!isObject(item)) return problems.push(`${at} must be an object`);
      if (typeof item.id !== 'string' || item.id === '') problems.push(`${at}.id must be a non-empty string`);
      else if (seen.has(item.id)) problems.push(`${at}.id "${item.id}" is already used by ${list}[${seen.get(item.id)}]`);
      else seen.set(item.id, i);
      if (!kinds.includes(item.kind as string)) problems.push(`${at}.kind must be one of ${kinds.join(', ')}${item.kind === undefined ? ' (it is missing)' : `, not ${JSON.stringify(item.kind)}`}`);
      if (list === 'storage' && typeof item.name !== 'string') problems.push(`${at}.name must be a string`);
      for (const key of stringArrays) {
        const value = item[key];
        if (value !== undefined && (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))) problems.push(`${at}.${key} must be an array of strings`);
      }
      for (const key of strings) if (item[key] !== undefined && item[key] !== null && typeof item[key] !== 'string') problems.push(`${at}.${key} must be a string`);
      return undefined;
    });
  }
  if (problems.length > 0) return problems;
  // References between the lists: a misspelt id would silently disconnect the platform map.
  const ids = (list: string) => new Set((data[list] as Array<{ id: string }>).map((item) => item.id));
  const identities = ids('identities');
  const components = ids('components');
  const known = (set: Set<string>) => (set.size ? ` (known: ${[...set].slice(0, 8).join(', ')})` : ' (there are none)');
  (data.components as Array<Record<string, unknown>>).forEach((component, i) => {
    if (typeof component.identity === 'string' && !identities.has(component.identity)) problems.push(`components[${i}].identity "${component.identity}" names no identity${known(identities)}`);
  });
  for (const list of ['identities', 'storage']) {
    (data[list] as Array<Record<string, unknown>>).forEach((item, i) => {
      for (const user of (item.usedBy as string[] | undefined) ?? []) if (!components.has(user) && !identities.has(user)) problems.push(`${list}[${i}].usedBy "${user}" names no component${known(components)}`);
    });
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
