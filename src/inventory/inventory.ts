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
  if (data.version !== 1) problems.push('"version" must be 1');
  const lists: Array<[string, string[], string[]]> = [
    ['identities', IDENTITY_KINDS, ['accessKeyIds', 'attachedPolicies', 'policyFiles', 'usedBy']],
    ['components', COMPONENT_KINDS, ['files']],
    ['storage', STORAGE_KINDS, ['holds', 'usedBy']],
  ];
  for (const [list, kinds, stringArrays] of lists) {
    const items = data[list];
    if (items === undefined) {
      data[list] = [];
      continue;
    }
    if (!Array.isArray(items)) {
      problems.push(`"${list}" must be an array`);
      continue;
    }
    items.forEach((item, i) => {
      const at = `${list}[${i}]`;
      if (!isObject(item)) return problems.push(`${at} must be an object`);
      if (typeof item.id !== 'string' || item.id === '') problems.push(`${at}.id must be a non-empty string`);
      if (!kinds.includes(item.kind as string)) problems.push(`${at}.kind must be one of ${kinds.join(', ')}`);
      if (list === 'storage' && typeof item.name !== 'string') problems.push(`${at}.name must be a string`);
      for (const key of stringArrays) {
        const value = item[key];
        if (value !== undefined && (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))) problems.push(`${at}.${key} must be an array of strings`);
      }
      return undefined;
    });
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
