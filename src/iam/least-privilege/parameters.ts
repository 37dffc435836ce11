import type { InventoryComponent, InventoryIdentity, InventoryStorage } from '../../inventory/inventory.js';
import type { Platform } from '../../inventory/platform.js';
import { PURPOSES, PURPOSE_NAMES, ProfileError, type ProfileParameters, type Purpose, type S3Location } from './profiles.js';

// Where the profile's parameters come from, in order: flags, then the platform inventory (the identity that
// lists the policy file, the component that uses it, the storage that component uses), then the MLflow
// artifact store. Every value that was not given or found but defaulted is said so.

export interface LeastPrivilegeFlags {
  purpose?: string;
  bucket?: string;
  prefix?: string;
  dataBucket?: string;
  dataPrefix?: string;
  logGroup?: string;
  region?: string;
  account?: string;
  service?: string;
  createLogGroup?: boolean;
  ecrRepository?: string;
  passRoleArn?: string;
  endpoint?: string;
  modelPackageGroup?: string;
}

/** The MLflow artifact store (mlflow-config.json's artifact_store), when the platform has one. */
export interface ArtifactStore {
  bucket: string;
  prefix: string;
  region?: string;
}

export interface ResolvedParameters {
  parameters: ProfileParameters;
  /** Where each value came from, and which ones are defaults: "log group /aws/inference/inference-api (default)". */
  sources: string[];
}

const COMPONENT_PURPOSE: Partial<Record<InventoryComponent['kind'], Purpose>> = {
  'inference-service': 'inference',
  'training-job': 'training-job',
  'notebook-server': 'notebook',
  'ci-pipeline': 'ci-deployer',
};

const DEFAULT_LOG_GROUPS: Record<Purpose, (service: string) => string> = {
  inference: (service) => `/aws/inference/${service}`,
  'training-job': () => '/aws/sagemaker/TrainingJobs',
  notebook: () => '/aws/sagemaker/NotebookInstances',
  'ci-deployer': (service) => `/aws/ci/${service}`,
};

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const LOG_GROUP = /^[\w./#-]{1,512}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const NAME = /^[A-Za-z0-9][\w.-]{0,127}$/;

/** The first flag whose value has the wrong form, as a sentence; checked before any file is read. */
export function flagProblem(flags: LeastPrivilegeFlags): string | undefined {
  if (flags.purpose !== undefined && !PURPOSES.includes(flags.purpose as Purpose)) return `--purpose must be one of ${PURPOSES.join(', ')}`;
  for (const [flag, value] of [['--bucket', flags.bucket], ['--data-bucket', flags.dataBucket]] as const) if (value !== undefined && !BUCKET.test(value)) return `${flag} must be an S3 bucket name, not "${value}"`;
  for (const [flag, value] of [['--prefix', flags.prefix], ['--data-prefix', flags.dataPrefix]] as const) if (value !== undefined && /[*?]/.test(value)) return `${flag} must be a literal key prefix, without wildcards`;
  if (flags.account !== undefined && !ACCOUNT.test(flags.account)) return '--account must be a 12-digit AWS account id';
  if (flags.region !== undefined && !REGION.test(flags.region)) return '--region must be an AWS region such as us-east-1';
  if (flags.logGroup !== undefined && !LOG_GROUP.test(flags.logGroup)) return '--log-group must be a CloudWatch Logs group name such as /aws/inference/my-service';
  if (flags.passRoleArn !== undefined && !ROLE_ARN.test(flags.passRoleArn)) return '--pass-role-arn must be one role ARN such as arn:aws:iam::123456789012:role/sagemaker-execution';
  if (flags.ecrRepository !== undefined && !/^[a-z0-9][a-z0-9._/-]{1,255}$/.test(flags.ecrRepository)) return '--ecr-repository must be an ECR repository name';
  for (const [flag, value] of [['--endpoint', flags.endpoint], ['--model-package-group', flags.modelPackageGroup], ['--service', flags.service]] as const) if (value !== undefined && !NAME.test(value)) return `${flag} "${value}" is not a valid name`;
  return undefined;
}

/** A key prefix as IAM needs it: no leading '/', a trailing '/' so "mlflow" cannot match "mlflow-backup/". */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  if (/[*?]/.test(trimmed)) throw new ProfileError(`the prefix "${prefix}" has a wildcard; give the literal key prefix`);
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** s3://bucket/prefix as written in MLflow's default_artifact_root. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3a?:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!match) return undefined;
  return { bucket: match[1]!, prefix: match[2] ?? '' };
}

/** The MLflow artifact store of an mlflow-config.json value, or undefined when it has no S3 store. */
export function artifactStoreFromMlflowConfig(value: unknown): ArtifactStore | undefined {
  const store = isObject(value) && isObject(value.artifact_store) ? value.artifact_store : undefined;
  if (!store) return undefined;
  const root = typeof store.default_artifact_root === 'string' ? parseS3Uri(store.default_artifact_root) : undefined;
  const bucket = root?.bucket ?? (typeof store.bucket === 'string' ? store.bucket : undefined);
  if (!bucket) return undefined;
  return { bucket, prefix: root?.prefix ?? '', region: typeof store.region === 'string' ? store.region : undefined };
}

/** The inventory identity that lists this policy file (by name) and the component that uses that identity. */
export function workloadOfPolicyFile(platform: Platform | undefined, file: string): { identity?: InventoryIdentity; component?: InventoryComponent } {
  const inventory = platform?.inventory;
  if (!inventory) return {};
  const base = file.split(/[\\/]/).pop()!;
  const identity = inventory.identities.find((entry) => entry.policyFiles?.some((listed) => listed === file || listed.split(/[\\/]/).pop() === base));
  if (!identity) return {};
  const component =
    inventory.components.find((entry) => entry.identity === identity.id && identity.usedBy?.includes(entry.id)) ??
    inventory.components.find((entry) => entry.identity === identity.id || identity.usedBy?.includes(entry.id));
  return { identity, component };
}

/** Resolves the profile parameters for the policy in `file`; throws ProfileError naming the flag to pass when one is missing. */
export function resolveParameters(file: string, flags: LeastPrivilegeFlags, platform?: Platform, store?: ArtifactStore): ResolvedParameters {
  const problem = flagProblem(flags);
  if (problem) throw new ProfileError(problem);
  const sources: string[] = [];
  const { identity, component } = workloadOfPolicyFile(platform, file);
  const inventory = platform?.inventory;

  let purpose: Purpose | undefined;
  if (flags.purpose !== undefined) {
    if (!PURPOSES.includes(flags.purpose as Purpose)) throw new ProfileError(`--purpose must be one of ${PURPOSES.join(', ')}`);
    purpose = flags.purpose as Purpose;
    sources.push(`purpose ${purpose} (--purpose)`);
  } else if (component && COMPONENT_PURPOSE[component.kind]) {
    purpose = COMPONENT_PURPOSE[component.kind]!;
    sources.push(`purpose ${purpose} (the inventory: ${identity!.id} is used by ${component.id}, kind ${component.kind})`);
  } else {
    throw new ProfileError(`cannot tell what the policy is for: pass --purpose (${PURPOSES.join(', ')}) or list the file in an inventory identity's policyFiles`);
  }

  const pick = <T>(what: string, flag: string, fromFlag: T | undefined, found: Array<[T | undefined, string]>, fallback?: [T, string]): T | undefined => {
    if (fromFlag !== undefined) {
      sources.push(`${what} ${String(fromFlag)} (${flag})`);
      return fromFlag;
    }
    for (const [value, where] of found) {
      if (value !== undefined) {
        sources.push(`${what} ${String(value)} (${where})`);
        return value;
      }
    }
    if (fallback) sources.push(`${what} ${String(fallback[0])} (${fallback[1]})`);
    return fallback?.[0];
  };

  const service = pick('service', '--service', flags.service, [[component?.id, 'the inventory component'], [identity?.name, 'the inventory identity']], [file.split(/[\\/]/).pop()!.replace(/\.json$/i, '').replace(/-?(iam-)?policy$/i, '') || 'workload', 'default: from the file name'])!;
  const account = pick('account', '--account', flags.account, [[inventory?.platform?.account, 'the inventory platform'], [accountOfArn(identity?.arn), 'the identity ARN']]);
  const region = pick('region', '--region', flags.region, [[inventory?.platform?.region, 'the inventory platform'], [store?.region, 'the MLflow artifact store']]);
  if (!account) throw new ProfileError('no AWS account id: pass --account or set platform.account in the inventory');
  if (!ACCOUNT.test(account)) throw new ProfileError(`--account must be a 12-digit AWS account id, not "${account}"`);
  if (!region) throw new ProfileError('no AWS region: pass --region or set platform.region in the inventory');
  if (!REGION.test(region)) throw new ProfileError(`--region must be an AWS region such as us-east-1, not "${region}"`);

  const storageOf = (holds: RegExp): InventoryStorage | undefined => {
    const buckets = (inventory?.storage ?? []).filter((entry) => entry.kind === 's3-bucket');
    const used = buckets.filter((entry) => !component || entry.usedBy?.includes(component.id));
    return used.find((entry) => entry.holds?.some((what) => holds.test(what)));
  };
  const location = (what: string, bucketFlag: string, prefixFlag: string, flagBucket: string | undefined, flagPrefix: string | undefined, storage: InventoryStorage | undefined, fromStore: boolean): S3Location | undefined => {
    const bucket = pick(`${what} bucket`, bucketFlag, flagBucket, [
      [storage?.name, `the inventory storage ${storage?.id}`],
      [fromStore ? store?.bucket : undefined, 'the MLflow artifact store'],
    ]);
    if (bucket === undefined) return undefined;
    if (!BUCKET.test(bucket)) throw new ProfileError(`${bucketFlag} must be an S3 bucket name, not "${bucket}"`);
    const sameStore = storage?.name === bucket ? storage : undefined;
    const prefix = pick(`${what} prefix`, prefixFlag, flagPrefix, [
      [sameStore?.prefix, `the inventory storage ${sameStore?.id}`],
      [fromStore && store?.bucket === bucket ? store.prefix : undefined, 'the MLflow artifact store'],
    ], ['', 'default: the whole bucket']);
    return { bucket, prefix: normalisePrefix(prefix ?? '') };
  };
  const artifacts = location(purpose === 'notebook' ? 'experiment tracking' : 'model artifact', '--bucket', '--prefix', flags.bucket, flags.prefix, storageOf(/model|artifact|registry|experiment/i), true);
  const data = purpose === 'training-job' || purpose === 'notebook' ? location('data', '--data-bucket', '--data-prefix', flags.dataBucket, flags.dataPrefix, storageOf(/data/i), false) : undefined;

  const logGroup = pick('log group', '--log-group', flags.logGroup, [], [DEFAULT_LOG_GROUPS[purpose](service), 'default; pass --log-group if the workload logs elsewhere'])!;
  if (!LOG_GROUP.test(logGroup)) throw new ProfileError(`--log-group must be a CloudWatch Logs group name, not "${logGroup}"`);
  const createLogGroup = flags.createLogGroup === true;
  sources.push(createLogGroup ? 'log group created by the workload (--create-log-group)' : 'log group created beforehand (default; pass --create-log-group otherwise)');

  if (flags.passRoleArn !== undefined && !ROLE_ARN.test(flags.passRoleArn)) throw new ProfileError('--pass-role-arn must be one role ARN such as arn:aws:iam::123456789012:role/sagemaker-execution');
  if (flags.passRoleArn !== undefined && purpose !== 'training-job' && purpose !== 'ci-deployer') throw new ProfileError(`--pass-role-arn does not apply to a ${PURPOSE_NAMES[purpose]}`);
  for (const [flag, value] of [['--ecr-repository', flags.ecrRepository], ['--endpoint', flags.endpoint], ['--model-package-group', flags.modelPackageGroup]] as const) {
    if (value !== undefined && !(flag === '--ecr-repository' ? /^[a-z0-9][a-z0-9._/-]{1,255}$/ : NAME).test(value)) throw new ProfileError(`${flag} "${value}" is not a valid name`);
  }

  return {
    parameters: {
      purpose,
      account,
      region,
      service,
      logGroup,
      createLogGroup,
      artifacts,
      data,
      ecrRepository: flags.ecrRepository,
      passRole: flags.passRoleArn ? { arn: flags.passRoleArn, service: 'sagemaker.amazonaws.com' } : undefined,
      endpoint: flags.endpoint,
      modelPackageGroup: flags.modelPackageGroup,
      otherBuckets: (inventory?.storage ?? []).filter((entry) => entry.kind === 's3-bucket' && entry.name !== artifacts?.bucket && entry.name !== data?.bucket).map((entry) => entry.name),
    },
    sources,
  };
}

function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
