import { readDataFile, type DataSource } from './data-files.js';

// AWS managed policies (latest version of each), so that an attachment such as AdministratorAccess or
// AmazonSageMakerFullAccess expands offline. One small file per policy, read when a scan meets it.

export interface ManagedPolicy {
  name: string;
  arn: string;
  version: string;
  /** ISO date AWS last changed the policy. */
  updated: string;
  document: unknown;
}

interface ManagedPolicyIndex {
  source: DataSource;
  /** Lower-case ARN -> policy name (and file name). */
  index: Record<string, string>;
}

let index: ManagedPolicyIndex | undefined;
let names: Set<string> | undefined;
const policies = new Map<string, ManagedPolicy>();

function load(): ManagedPolicyIndex {
  index ??= readDataFile<ManagedPolicyIndex>('aws-managed-policies.json');
  names ??= new Set(Object.values(index.index));
  return index;
}

/** The policy an AWS managed policy name or ARN (arn:aws:iam::aws:policy/service-role/Name) refers to. */
export function awsManagedPolicy(reference: string): ManagedPolicy | undefined {
  if (!isAwsManagedReference(reference)) return undefined;
  const file = load();
  const name = reference.startsWith('arn:') ? file.index[reference.toLowerCase().replace(/^arn:aws-[a-z-]+:/, 'arn:aws:')] : names!.has(reference) ? reference : undefined;
  if (name === undefined) return undefined;
  let policy = policies.get(name);
  if (!policy) policies.set(name, (policy = readDataFile<ManagedPolicy>(`aws-managed-policies/${name}.json`)));
  return policy;
}

/** A bare policy name, or an ARN in the `aws` account's policy namespace. */
export function isAwsManagedReference(reference: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(reference) || /^[A-Za-z0-9+=,.@_-]+$/.test(reference);
}

/** Which package and date the managed policies come from, for reports. */
export function managedPolicySource(): DataSource {
  return load().source;
}
