import { chmod, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../cli/usage.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { discover } from '../core/discover.js';
import { decodeText, parseSize, readTextFile } from '../core/read-file.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/scan.js';
import { INVENTORY_FILE_NAMES, parseInventory } from '../inventory/inventory.js';
import { Platform } from '../inventory/platform.js';
import { SecretNames, type FixKind, type SecretToCreate } from './fix-types.js';
import { fixWorkflowText } from './workflow-fixes.js';
import { describeComposeFix, fixComposeText } from './fix-compose.js';
import { artifactStoreFromText, describeIamFix, fixIamPolicyText, MLFLOW_CONFIG_FILE_NAMES } from './fix-iam-policy.js';
import { fixMlflowConfigText } from './fix-mlflow-config.js';
import { fixDiff, MASKED_NOTICE } from './fix-diff.js';
import { flagProblem, type ArtifactStore, type LeastPrivilegeFlags } from '../iam/least-privilege/parameters.js';

// `mlops-audit fix`: a unified diff per workflow or IAM identity policy on stdout (and nothing else there), or with --write the
// fixed files written atomically. Notes, the secrets to create and what changed go to stderr. The diff masks secrets
// (src/fix/fix-diff.ts) unless --show-secrets asks for the raw, appliable one.

export interface FixCommandOptions {
  write?: boolean;
  /** Print the raw diff, secrets and all, so that it applies; by default they are masked. */
  showSecrets?: boolean;
  inventory?: string;
  awsRoleArn?: string;
  awsRegion?: string;
  gitignore: boolean;
  maxFileSize: string;
  /** Least-privilege rewrites of IAM identity policies (JSON files). */
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

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const EXPRESSION = /^\$\{\{[^\n]+\}\}$/;

const KIND_NAMES: Record<FixKind, string> = {
  'plaintext-secret': 'plaintext credentials to secrets',
  'aws-oidc': 'AWS keys to OIDC',
  'workflow-permissions': 'read-only workflow permissions',
  'checkout-credentials': 'checkout without persisted credentials',
};

/** Runs `mlops-audit fix`; 0 when every workflow was handled, 2 when a fix was refused or could not be written. */
export async function runFix(paths: string[], options: FixCommandOptions): Promise<number> {
  if (options.awsRoleArn !== undefined && !ROLE_ARN.test(options.awsRoleArn) && !EXPRESSION.test(options.awsRoleArn)) {
    throw new UsageError('--aws-role-arn must be a role ARN such as arn:aws:iam::123456789012:role/github-actions');
  }
  if (options.awsRegion !== undefined && !REGION.test(options.awsRegion) && !EXPRESSION.test(options.awsRegion)) {
    throw new UsageError('--aws-region must be an AWS region such as us-east-1');
  }
  const iamFlags: LeastPrivilegeFlags = {
    purpose: options.purpose,
    bucket: options.bucket,
    prefix: options.prefix,
    dataBucket: options.dataBucket,
    dataPrefix: options.dataPrefix,
    logGroup: options.logGroup,
    region: options.region,
    account: options.account,
    service: options.service,
    createLogGroup: options.createLogGroup,
    ecrRepository: options.ecrRepository,
    passRoleArn: options.passRoleArn,
    endpoint: options.endpoint,
    modelPackageGroup: options.modelPackageGroup,
  };
  if (options.write && options.showSecrets) throw new UsageError('--show-secrets only changes the printed diff; --write prints none');
  const flagError = flagProblem(iamFlags);
  if (flagError) throw new UsageError(flagError);
  const stores = new Map<string, ArtifactStore | undefined>();
  const maxFileSize = parseSize(options.maxFileSize);
  if (maxFileSize === undefined || maxFileSize <= 0) throw new UsageError('--max-file-size must be a size such as 20MB or 512k');
  const targets = paths.length > 0 ? paths : ['.'];
  for (const path of targets) {
    try {
      await stat(path);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
  }
  const explicitPlatform = options.inventory === undefined ? undefined : await loadInventory(options.inventory, maxFileSize ?? DEFAULT_MAX_FILE_SIZE);

  const err = (text: string) => process.stderr.write(text);
  const { files, errors } = await discover(targets, { gitignore: options.gitignore });
  for (const error of errors) err(`mlops-audit: ${error.file}: ${error.message}\n`);
  const named = new Set(targets);
  const inventories = new Map<string, Platform | undefined>();
  const secretNames = new SecretNames();
  const secrets: Array<SecretToCreate & { file: string }> = [];
  const changed: string[] = [];
  let failures = 0;
  const shownWhole: string[] = [];
  const printDiff = (file: string, kind: 'json' | 'yaml', before: string, after: string) => {
    const diff = fixDiff(file, kind, before, after);
    if (diff.masked === diff.raw) process.stdout.write(diff.raw);
    else if (options.showSecrets) {
      process.stdout.write(diff.raw);
      shownWhole.push(file);
    } else process.stdout.write(`${MASKED_NOTICE}${diff.masked}`);
  };

  for (const file of files) {
    const explicit = named.has(file.absolute);
    // MLflow settings (the lab JSON config, Helm values of the MLflow charts): hardened by text edits.
    if (file.kind === 'json' || file.kind === 'yaml') {
      const read = await readTextFile(file.absolute, maxFileSize);
      const outcome = read.ok ? fixMlflowConfigText(file.file, read.text) : undefined;
      if (read.ok && outcome) {
        if (outcome.status === 'unchanged') {
          err(`${file.file}: note: ${outcome.note}\n`);
          continue;
        }
        err(`${file.file}: ${outcome.changes.length} change${outcome.changes.length === 1 ? '' : 's'} (hardened MLflow settings)\n${outcome.changes.map((change) => `  ${change}\n`).join('')}${outcome.notes.map((note) => `  note: ${note}\n`).join('')}`);
        const problem = options.write ? await writeFixed(file.absolute, read.text, outcome.text) : undefined;
        if (problem) {
          err(`mlops-audit: ${file.file}: not written: ${problem}\n`);
          failures += 1;
          continue;
        }
        if (!options.write) printDiff(file.file, file.kind, read.text, outcome.text);
        changed.push(file.file);
        continue;
      }
    }
    if (file.kind === 'json') {
      const read = await readTextFile(file.absolute, maxFileSize);
      if (!read.ok) {
        err(`mlops-audit: ${file.file}: ${read.message}\n`);
        continue;
      }
      const platform = explicitPlatform ?? (await inventoryNextTo(file.absolute, maxFileSize, inventories, err));
      const store = await artifactStoreNextTo(file.absolute, maxFileSize, stores);
      const outcome = fixIamPolicyText(file.file, read.text, iamFlags, platform, store);
      if (outcome.status === 'unparsable') {
        if (explicit) err(`mlops-audit: ${file.file}: ${outcome.message}; skipped\n`);
        continue;
      }
      if (outcome.status === 'left-alone') {
        if (explicit || !outcome.quiet) err(`${file.file}: note: ${outcome.note}\n`);
        continue;
      }
      if (outcome.status === 'refused') {
        err(`mlops-audit: ${file.file}: ${outcome.message}; left alone\n${outcome.lines.map((line) => `    ${line}\n`).join('')}`);
        // A folder may hold policies the flags were not meant for; a failed proof is always an error.
        if (explicit || outcome.lines.length > 0) failures += 1;
        continue;
      }
      if (outcome.status === 'unchanged') {
        err(`${file.file}: note: already the ${outcome.result.title}\n`);
        continue;
      }
      err(describeIamFix(file.file, outcome.result));
      if (options.write) {
        const problem = await writeFixed(file.absolute, read.text, outcome.text);
        if (problem) {
          err(`mlops-audit: ${file.file}: not written: ${problem}\n`);
          failures += 1;
          continue;
        }
      } else printDiff(file.file, 'json', read.text, outcome.text);
      changed.push(file.file);
      continue;
    }
    if (file.kind !== 'yaml') {
      if (explicit) err(`${file.file}: not a workflow or an IAM policy; nothing to fix\n`);
      continue;
    }
    const read = await readTextFile(file.absolute, maxFileSize);
    if (!read.ok) {
      err(`mlops-audit: ${file.file}: ${read.message}\n`);
      continue;
    }
    const platform = explicitPlatform ?? (await inventoryNextTo(file.absolute, maxFileSize, inventories, err));
    const outcome = fixWorkflowText(file.file, read.text, { awsRoleArn: options.awsRoleArn, awsRegion: options.awsRegion, platform, secretNames });
    if (outcome.status === 'unparsable') {
      err(`mlops-audit: ${file.file}: ${outcome.error.message}; skipped\n`);
      continue;
    }
    if (outcome.status === 'not-a-workflow') {
      // docker-compose files: unauthenticated ML services kept off public interfaces (src/fix/fix-compose.ts).
      const compose = fixComposeText(file.file, read.text);
      if (compose.status === 'changed') {
        err(describeComposeFix(file.file, compose));
        const problem = options.write ? await writeFixed(file.absolute, read.text, compose.text) : undefined;
        if (problem) {
          err(`mlops-audit: ${file.file}: not written: ${problem}\n`);
          failures += 1;
          continue;
        }
        if (!options.write) printDiff(file.file, 'yaml', read.text, compose.text);
        changed.push(file.file);
      } else if (compose.status === 'unchanged') {
        if (explicit) for (const note of compose.notes) err(`${file.file}: note: ${note}\n`);
      } else if (explicit) err(`${file.file}: not a GitHub Actions workflow or a docker-compose file; nothing to fix\n`);
      continue;
    }
    if (outcome.status === 'refused') {
      err(`mlops-audit: ${file.file}: ${outcome.message}\n`);
      failures += 1;
      continue;
    }
    if (outcome.status === 'unchanged') {
      for (const note of outcome.notes) err(`${file.file}: note: ${note}\n`);
      continue;
    }

    const kinds = [...new Set(outcome.changes.map((change) => KIND_NAMES[change.kind]))];
    err(`${file.file}: ${outcome.changes.length} change${outcome.changes.length === 1 ? '' : 's'} (${kinds.join('; ')})\n`);
    for (const note of outcome.notes) err(`  note: ${note}\n`);
    if (options.write) {
      const problem = await writeFixed(file.absolute, read.text, outcome.text);
      if (problem) {
        err(`mlops-audit: ${file.file}: not written: ${problem}\n`);
        failures += 1;
        continue;
      }
    } else printDiff(file.file, 'yaml', outcome.original, outcome.text);
    changed.push(file.file);
    for (const secret of outcome.secrets) secrets.push({ ...secret, file: file.file });
  }

  if (secrets.length > 0) {
    err(
      `\nRepository secrets the fixed workflow${changed.length === 1 ? ' reads' : 's read'}. The old values were committed, so rotate each credential and store the new value;\n` +
        `'gh secret set NAME' prompts for it (no value is printed here):\n`,
    );
    const width = Math.max(...secrets.map((secret) => secret.name.length));
    for (const name of [...new Set(secrets.map((secret) => secret.name))]) {
      const sources = secrets.filter((secret) => secret.name === name).flatMap((secret) => secret.from.map((path) => `${secret.file}: ${path}`));
      err(`  gh secret set ${name.padEnd(width)}  # ${sources.join(', ')}\n`);
    }
  }
  if (shownWhole.length > 0) err(`\nwarning: --show-secrets: the diff of ${shownWhole.join(', ')} shows secrets whole; keep it out of logs, tickets and chat\n`);
  if (changed.length === 0) err(failures > 0 ? '' : 'nothing to fix\n');
  else if (options.write) err(`\n${changed.map((file) => `fixed ${file}\n`).join('')}${changed.length} file${changed.length === 1 ? '' : 's'} changed\n`);
  else err(`\n${changed.length} file${changed.length === 1 ? '' : 's'} would change; run again with --write to apply the fixes\n`);
  return failures > 0 ? 2 : 0;
}

async function loadInventory(path: string, maxFileSize: number): Promise<Platform> {
  const read = await readTextFile(path, maxFileSize);
  if (!read.ok) throw new UsageError(`cannot read the inventory ${path}: ${read.message}`);
  const loaded = parseInventory(read.text);
  if (!loaded.ok) throw new UsageError(`${path}: ${loaded.message}`);
  return new Platform(loaded.inventory, path);
}

/** The inventory in the workflow's own folder, read once per folder; a broken one is reported and ignored. */
async function inventoryNextTo(file: string, maxFileSize: number, cache: Map<string, Platform | undefined>, err: (text: string) => void): Promise<Platform | undefined> {
  const folder = dirname(file);
  if (cache.has(folder)) return cache.get(folder);
  let platform: Platform | undefined;
  for (const name of INVENTORY_FILE_NAMES) {
    const path = join(folder, name);
    const read = await readTextFile(path, maxFileSize);
    if (!read.ok) {
      if (read.kind !== 'not-found') err(`mlops-audit: ${path}: ${read.message}; fixing without the inventory\n`);
      continue;
    }
    const loaded = parseInventory(read.text);
    if (!loaded.ok) {
      err(`mlops-audit: ${path}: ${loaded.message}; fixing without the inventory\n`);
      continue;
    }
    platform = new Platform(loaded.inventory, path);
    break;
  }
  cache.set(folder, platform);
  return platform;
}

/** The MLflow artifact store in an mlflow-config.json beside the policy, read once per folder. */
async function artifactStoreNextTo(file: string, maxFileSize: number, cache: Map<string, ArtifactStore | undefined>): Promise<ArtifactStore | undefined> {
  const folder = dirname(file);
  if (cache.has(folder)) return cache.get(folder);
  let store: ArtifactStore | undefined;
  for (const name of MLFLOW_CONFIG_FILE_NAMES) {
    const read = await readTextFile(join(folder, name), maxFileSize);
    if (read.ok) store = artifactStoreFromText(read.text);
    if (store) break;
  }
  cache.set(folder, store);
  return store;
}

/**
 * Writes the fixed text over the real file (through a symbolic link, not over it), keeping its mode and byte
 * order mark, unless the file changed since it was read. Returns what went wrong, or undefined.
 */
async function writeFixed(path: string, original: string, fixed: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    const buffer = await readFile(real);
    const current = decodeText(buffer);
    if (!current.ok || current.text !== original) return 'the file changed while it was being fixed';
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
    const { mode } = await stat(real);
    await writeFileAtomic(real, `${bom ? '\ufeff' : ''}${fixed}`);
    await chmod(real, mode & 0o7777).catch(() => undefined);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
    return (error as Error).message;
  }
}
