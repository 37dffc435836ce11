import { findNodeAtLocation, getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import type { Artifact } from '../../artifacts/artifact.js';
import { attribute, blocks, expressionText, type HclBlock, type HclBody, type HclExpression } from '../../artifacts/hcl/hcl.js';
import { jsonSpans } from '../../artifacts/iam/json-spans.js';
import { looksLikeCloudFormation } from '../../artifacts/iam/read-cloudformation.js';
import { yamlValues, type LocatedValue, type ValuePath } from '../../artifacts/yaml/yaml-values.js';
import type { ArtifactLocation } from '../../core/finding.js';
import { parseS3Uri } from '../../iam/least-privilege/parameters.js';

// The access settings of S3 buckets, read the same way from the three places they are written: the lab's
// MLflow JSON config (artifact_store.acl, block_public_access), Terraform (aws_s3_bucket acl,
// aws_s3_bucket_acl, aws_s3_bucket_public_access_block, aws_s3_bucket_ownership_controls) and
// CloudFormation (AWS::S3::Bucket AccessControl, PublicAccessBlockConfiguration, OwnershipControls).
// Bucket policies are read by the IAM readers and judged by iam/public-bucket-policy.

export type Format = 'mlflow-json' | 'terraform' | 'cloudformation-json' | 'cloudformation-yaml';

export interface Setting {
  /** As written: public-read, PublicRead, false. */
  value: string;
  start: number;
  end: number;
  location: ArtifactLocation;
  /** How a reader names the setting: `acl`, `AccessControl`. */
  name: string;
}

export interface BlockSetting extends Omit<Setting, 'value'> {
  /** The four flags under their Terraform names; false when off or not written (the default is off). */
  flags: Record<BlockFlag, boolean>;
  /** The flags written as false or left out, in the file's own spelling. */
  off: string[];
  /** Where a false flag is written, for pointing at it; the whole block when flags are only missing. */
  offAt?: { start: number; end: number; location: ArtifactLocation };
}

export const BLOCK_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;
export type BlockFlag = (typeof BLOCK_FLAGS)[number];
const CFN_FLAGS: Record<BlockFlag, string> = { block_public_acls: 'BlockPublicAcls', block_public_policy: 'BlockPublicPolicy', ignore_public_acls: 'IgnorePublicAcls', restrict_public_buckets: 'RestrictPublicBuckets' };

export interface Bucket {
  /** What the file calls the bucket: a resource address, a logical id, `artifact_store`. */
  label: string;
  /** The S3 bucket name, when the file says it. */
  name?: string;
  prefix?: string;
  acl?: Setting;
  /** Grants to everyone written as an access control policy (Terraform grant blocks). */
  grants?: Setting[];
  block?: BlockSetting;
  ownership?: Setting;
}

export interface S3Settings {
  format: Format;
  buckets: Bucket[];
  /** aws_s3_account_public_access_block: applies to every bucket of the account. */
  account?: BlockSetting;
}

/** The bucket settings a file holds; undefined when it holds none. */
export function s3SettingsOf(artifact: Artifact): S3Settings | undefined {
  switch (artifact.kind) {
    case 'json':
      if (artifact.text.includes('artifact_store')) return mlflowJson(artifact.root);
      if (artifact.text.includes('AWS::S3::Bucket')) return cloudFormation(jsonLocated(artifact.root), 'cloudformation-json');
      return undefined;
    case 'yaml':
      if (!artifact.text.includes('AWS::S3::Bucket') || artifact.documents.length !== 1) return undefined;
      return cloudFormation(yamlValues(artifact.documents[0]!, artifact.text), 'cloudformation-yaml');
    case 'terraform':
      return terraform(artifact.body);
    case 'iam':
      if (artifact.format === 'terraform' && artifact.hcl) return terraform(artifact.hcl);
      if (artifact.format === 'cloudformation' && artifact.text.includes('AWS::S3::Bucket')) return reparsedCloudFormation(artifact.text);
      return undefined;
    default:
      return undefined;
  }
}

// ---- the lab's MLflow JSON config ----

function mlflowJson(root: Node): S3Settings | undefined {
  const store = findNodeAtLocation(root, ['artifact_store']);
  if (!store || store.type !== 'object') return undefined;
  const at = (key: string): Setting | undefined => {
    const node = findNodeAtLocation(store, [key]);
    if (!node || (node.type !== 'string' && node.type !== 'boolean')) return undefined;
    // Point at the whole `"key": value` pair, so the finding's line and snippet show the setting.
    const pair = node.parent!;
    return { value: String(node.value), start: pair.offset, end: pair.offset + pair.length, location: { jsonPointer: `/artifact_store/${key}` }, name: key };
  };
  const value = getNodeValue(store) as Record<string, unknown>;
  const root_ = typeof value.default_artifact_root === 'string' ? parseS3Uri(value.default_artifact_root) : undefined;
  const bucket: Bucket = { label: 'artifact_store', name: root_?.bucket ?? (typeof value.bucket === 'string' ? value.bucket : undefined), prefix: root_?.prefix };
  const acl = at('acl');
  if (acl) bucket.acl = acl;
  const ownership = at('object_ownership');
  if (ownership) bucket.ownership = ownership;
  const block = at('block_public_access');
  if (block) {
    const on = block.value === 'true';
    bucket.block = {
      ...block,
      flags: { block_public_acls: on, block_public_policy: on, ignore_public_acls: on, restrict_public_buckets: on },
      off: on ? [] : [`block_public_access: ${block.value}`],
      offAt: on ? undefined : { start: block.start, end: block.end, location: block.location },
    };
  }
  return { format: 'mlflow-json', buckets: [bucket] };
}

// ---- Terraform ----

function terraform(body: HclBody): S3Settings | undefined {
  const resources = blocks(body, 'resource').filter((block) => block.labels[0]?.startsWith('aws_s3_'));
  if (resources.length === 0) return undefined;
  const buckets = new Map<string, Bucket>();
  const byName = new Map<string, string>();
  for (const block of resources.filter((candidate) => candidate.labels[0] === 'aws_s3_bucket')) {
    const address = `aws_s3_bucket.${block.labels[1]}`;
    const name = literal(attribute(block.body, 'bucket')?.value);
    const bucket: Bucket = { label: address, name };
    const acl = hclSetting(block, 'acl');
    if (acl) bucket.acl = acl;
    buckets.set(address, bucket);
    if (name) byName.set(name, address);
  }
  const bucketFor = (block: HclBlock): Bucket => {
    const reference = attribute(block.body, 'bucket')?.value;
    const text = expressionText(reference) ?? '';
    const referenced = /^\$\{(aws_s3_bucket\.[A-Za-z0-9_-]+)\.(?:id|bucket|arn)\}$/.exec(text)?.[1];
    const key = referenced ?? (byName.get(text) || text || `${block.labels[0]}.${block.labels[1]}`);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { label: key, name: referenced ? undefined : text || undefined };
      buckets.set(key, bucket);
    }
    return bucket;
  };
  let account: BlockSetting | undefined;
  for (const block of resources) {
    const type = block.labels[0]!;
    const address = `${type}.${block.labels[1]}`;
    if (type === 'aws_s3_bucket_acl') {
      const bucket = bucketFor(block);
      const acl = hclSetting(block, 'acl');
      if (acl) bucket.acl = acl;
      const grants = publicGrants(block, address);
      if (grants.length) bucket.grants = grants;
    } else if (type === 'aws_s3_bucket_public_access_block') {
      bucketFor(block).block = hclBlockSetting(block, address);
    } else if (type === 'aws_s3_account_public_access_block') {
      account = hclBlockSetting(block, address);
    } else if (type === 'aws_s3_bucket_ownership_controls') {
      const rule = blocks(block.body, 'rule')[0];
      const ownership = rule ? attribute(rule.body, 'object_ownership') : undefined;
      const value = literal(ownership?.value);
      if (ownership && value) bucketFor(block).ownership = { value, start: ownership.start, end: ownership.end, location: { yamlPath: `${address}.rule.object_ownership` }, name: 'object_ownership' };
    }
  }
  return { format: 'terraform', buckets: [...buckets.values()], account };
}

function literal(expression: HclExpression | undefined): string | undefined {
  return expression?.type === 'literal' && typeof expression.value === 'string' ? expression.value : undefined;
}

function hclSetting(block: HclBlock, name: string): Setting | undefined {
  const found = attribute(block.body, name);
  const value = found ? expressionText(found.value) : undefined;
  if (!found || value === undefined) return undefined;
  return { value, start: found.start, end: found.end, location: { yamlPath: `${block.labels[0]}.${block.labels[1]}.${name}` }, name };
}

function hclBlockSetting(block: HclBlock, address: string): BlockSetting {
  const flags = {} as Record<BlockFlag, boolean>;
  const off: string[] = [];
  let offAt: BlockSetting['offAt'];
  for (const flag of BLOCK_FLAGS) {
    const found = attribute(block.body, flag);
    const on = found?.value.type === 'literal' && (found.value.value === true || found.value.value === 'true');
    flags[flag] = on;
    if (on) continue;
    off.push(found ? `${flag} = ${expressionText(found.value) ?? 'false'}` : `${flag} (not set, so false)`);
    if (found && !offAt) offAt = { start: found.start, end: found.end, location: { yamlPath: `${address}.${flag}` } };
  }
  return { name: address, start: block.start, end: block.end, location: { yamlPath: address }, flags, off, offAt: offAt ?? (off.length ? { start: block.start, end: block.end, location: { yamlPath: address } } : undefined) };
}

const EVERYONE_URIS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** access_control_policy grants to AllUsers or AuthenticatedUsers, as public-read / public-read-write settings. */
function publicGrants(block: HclBlock, address: string): Setting[] {
  const grants: Setting[] = [];
  for (const policy of blocks(block.body, 'access_control_policy')) {
    for (const grant of blocks(policy.body, 'grant')) {
      const grantee = blocks(grant.body, 'grantee')[0];
      const uri = grantee ? literal(attribute(grantee.body, 'uri')?.value) : undefined;
      const group = uri ? EVERYONE_URIS.exec(uri)?.[1] : undefined;
      if (!group) continue;
      const permission = literal(attribute(grant.body, 'permission')?.value) ?? 'READ';
      const write = /WRITE|FULL_CONTROL/.test(permission);
      const value = group === 'AuthenticatedUsers' ? 'authenticated-read' : write ? 'public-read-write' : 'public-read';
      grants.push({ value, start: grant.start, end: grant.end, location: { yamlPath: `${address}.access_control_policy.grant` }, name: `grant of ${permission} to ${group}` });
    }
  }
  return grants;
}

// ---- CloudFormation ----

function jsonLocated(root: Node): LocatedValue {
  const spans = jsonSpans(root, []);
  return { value: getNodeValue(root) as unknown, spanOf: spans };
}

function reparsedCloudFormation(text: string): S3Settings | undefined {
  if (text.trimStart().startsWith('{')) {
    const root = parseTree(text);
    return root ? cloudFormation(jsonLocated(root), 'cloudformation-json') : undefined;
  }
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.length !== 1) return undefined;
  return cloudFormation(yamlValues(list[0]!, text), 'cloudformation-yaml');
}

function cloudFormation(located: LocatedValue, format: Format): S3Settings | undefined {
  if (!looksLikeCloudFormation(located.value)) return undefined;
  const resources = (located.value as { Resources?: unknown }).Resources;
  if (!isObject(resources)) return undefined;
  const yaml = format === 'cloudformation-yaml';
  const setting = (path: ValuePath, name: string): Setting | undefined => {
    const value = valueAt(located.value, path);
    if (typeof value !== 'string' && typeof value !== 'boolean') return undefined;
    const span = located.spanOf(path);
    if (!span) return undefined;
    return { value: String(value), start: span.start, end: span.end, location: yaml ? { yamlPath: span.pointer } : { jsonPointer: span.pointer }, name };
  };
  const buckets: Bucket[] = [];
  for (const [logical, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== 'AWS::S3::Bucket') continue;
    const base: ValuePath = ['Resources', logical, 'Properties'];
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    const bucket: Bucket = { label: logical, name: typeof properties.BucketName === 'string' ? properties.BucketName : undefined };
    const acl = setting([...base, 'AccessControl'], 'AccessControl');
    if (acl) bucket.acl = acl;
    const rules = isObject(properties.OwnershipControls) && Array.isArray(properties.OwnershipControls.Rules) ? properties.OwnershipControls.Rules : [];
    const ownership = rules.length ? setting([...base, 'OwnershipControls', 'Rules', 0, 'ObjectOwnership'], 'ObjectOwnership') : undefined;
    if (ownership) bucket.ownership = ownership;
    if (isObject(properties.PublicAccessBlockConfiguration)) {
      const configuration = properties.PublicAccessBlockConfiguration;
      const path: ValuePath = [...base, 'PublicAccessBlockConfiguration'];
      const span = located.spanOf(path)!;
      const flags = {} as Record<BlockFlag, boolean>;
      const off: string[] = [];
      let offAt: BlockSetting['offAt'];
      for (const flag of BLOCK_FLAGS) {
        const raw = configuration[CFN_FLAGS[flag]];
        const on = raw === true || raw === 'true';
        flags[flag] = on;
        if (on) continue;
        off.push(raw === undefined ? `${CFN_FLAGS[flag]} (not set, so false)` : `${CFN_FLAGS[flag]}: ${String(raw)}`);
        const at = raw === undefined ? undefined : setting([...path, CFN_FLAGS[flag]], CFN_FLAGS[flag]);
        if (at && !offAt) offAt = at;
      }
      const whole = { start: span.start, end: span.end, location: yaml ? { yamlPath: span.pointer } : { jsonPointer: span.pointer } };
      bucket.block = { name: 'PublicAccessBlockConfiguration', ...whole, flags, off, offAt: offAt ?? (off.length ? whole : undefined) };
    }
    buckets.push(bucket);
  }
  return buckets.length ? { format, buckets } : undefined;
}

function valueAt(value: unknown, path: ValuePath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
