import { isMap, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { Entry, Job, WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import type { InventoryIdentity } from '../inventory/inventory.js';
import type { FixPass, PassContext, PassResult } from './fix-types.js';
import { ensureJobPermissions } from './fix-permissions.js';
import type { TextEdit } from './text-edits.js';
import { isCheckout, isConfigureAwsCredentials, mapAt, pairOf, secretReference } from './workflow-model.js';
import type { YamlEntries, YamlText } from './yaml-text.js';

// Fix (2): static AWS keys (plaintext or from secrets) in env become GitHub OIDC. The env entries go; each job
// that had them gets `id-token: write` and a first step (after checkout) that assumes a role for the run.

/**
 * The action that exchanges the job's OIDC token for role credentials. `ref` is the release tag until a full
 * commit SHA of a v4 release has been checked against the action's own repository; then it becomes that SHA
 * and the tag moves to a comment (`@<sha> # v4`).
 */
export const CONFIGURE_AWS_CREDENTIALS = { action: 'aws-actions/configure-aws-credentials', ref: 'v4', release: 'v4' } as const;

export const ROLE_PLACEHOLDER = 'arn:aws:iam::<ACCOUNT_ID>:role/<ROLE_NAME>';
export const REGION_PLACEHOLDER = '<AWS_REGION>';

const KEY_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const KEY_INPUTS = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'];
const REGION_VARIABLES = ['AWS_REGION', 'AWS_DEFAULT_REGION'];

export function configureAwsCredentialsUses(): string {
  const { action, ref, release } = CONFIGURE_AWS_CREDENTIALS as { action: string; ref: string; release: string };
  return ref === release ? `${action}@${ref}` : `${action}@${ref} # ${release}`;
}

/** A key written in the file, read from a secret, or passed on from the env keys: anything but a short-lived credential. */
export function isStaticKey(value: string | undefined): boolean {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return false;
  if (secretReference(trimmed)) return true;
  if (/^\$\{\{\s*env\.AWS_(?:ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)\s*\}\}$/.test(trimmed)) return true;
  return !trimmed.includes('${{') && !trimmed.startsWith('$');
}

const staticKeys = (entries: Entry[], names: readonly string[]) => entries.filter((entry) => names.includes(entry.name) && isStaticKey(entry.value?.value));

export const fixAwsOidc: FixPass = (workflow, yaml, context) => {
  const result: PassResult = { edits: [], changes: [], notes: [], insertedSteps: [] };
  const workflowKeys = staticKeys(workflow.env, KEY_VARIABLES);
  if (workflowKeys.length > 0) result.edits.push(...removeEnvEntries(yaml, workflow.root, workflowKeys));
  const removedSecrets = new Set<string>();
  for (const entry of workflowKeys) noteSecret(entry, removedSecrets);

  for (const job of workflow.jobs) {
    const jobKeys = staticKeys(job.env, KEY_VARIABLES);
    const stepKeys = job.steps.map((step) => ({ step, keys: staticKeys(step.env, KEY_VARIABLES) })).filter(({ keys }) => keys.length > 0);
    const configure = job.steps.find(isConfigureAwsCredentials);
    const configureKeys = configure ? staticKeys(configure.with, KEY_INPUTS) : [];
    const steps = job.map.get('steps', true);
    const inherits = workflowKeys.length > 0 && isSeq(steps);
    if (jobKeys.length === 0 && stepKeys.length === 0 && configureKeys.length === 0 && !inherits) continue;
    if (!isSeq(steps)) continue;

    if (jobKeys.length > 0) result.edits.push(...removeEnvEntries(yaml, job.map, jobKeys));
    for (const { step, keys } of stepKeys) result.edits.push(...removeEnvEntries(yaml, step.map, keys));
    for (const entry of [...jobKeys, ...stepKeys.flatMap(({ keys }) => keys), ...configureKeys]) noteSecret(entry, removedSecrets);

    const role = roleFor(job, workflow, context);
    const region = regionFor(job, workflow, context);
    const ownRole = configure?.with.find((entry) => entry.name === 'role-to-assume')?.value?.value;
    const ownRegion = configure?.with.some((entry) => entry.name === 'aws-region');
    let insertedAt: number | undefined;
    let stepPath: string;
    if (configure) {
      result.edits.push(...convertConfigureStep(yaml, configure.map, configure.with, configureKeys, role.arn, region.value));
      stepPath = configure.path;
    } else {
      const checkout = job.steps.find(isCheckout);
      insertedAt = checkout ? checkout.index + 1 : 0;
      const edit = yaml.insertSeqItem(steps, insertedAt, oidcStep(role.arn, region.value));
      if (!edit) {
        result.notes.push(`jobs.${job.id}: could not add the configure-aws-credentials step (its steps are not a block list); add it by hand`);
        continue;
      }
      result.edits.push(edit);
      result.insertedSteps!.push({ job: job.id, index: insertedAt });
      stepPath = `jobs.${job.id}.steps[${insertedAt}]`;
    }
    result.edits.push(...ensureJobPermissions(yaml, job, [['id-token', 'write'], ['contents', 'read']], result.notes));

    const shift = (index: number) => (insertedAt !== undefined && index >= insertedAt ? index + 1 : index);
    const removed = [...workflowKeys.map((entry) => entry.path), ...jobKeys.map((entry) => entry.path), ...stepKeys.flatMap(({ keys }) => keys.map((entry) => entry.path)), ...configureKeys.map((entry) => entry.path)];
    const names = [...new Set([...workflowKeys, ...jobKeys, ...stepKeys.flatMap(({ keys }) => keys), ...configureKeys].map((entry) => entry.name))];
    result.changes.push({
      kind: 'aws-oidc',
      description:
        `Job ${job.id} no longer uses long-lived AWS keys${names.length ? ` (${names.join(', ')})` : ''}: it gets short-lived credentials for each run by assuming ` +
        `${ownRole ?? role.arn} through GitHub's OIDC provider (permissions: id-token: write).`,
      addresses: [...removed, `jobs.${job.id}.permissions`, ...(configure ? [configure.path] : [])],
      shows: [
        ...(workflowKeys.length > 0 ? ['env'] : []),
        ...(jobKeys.length > 0 ? [`jobs.${job.id}.env`] : []),
        `jobs.${job.id}.permissions`,
        ...stepKeys.map(({ step }) => `jobs.${job.id}.steps[${shift(step.index)}]`),
        configure ? `jobs.${job.id}.steps[${shift(configure.index)}]` : stepPath,
      ],
    });
    if (role.note && !ownRole) result.notes.push(`jobs.${job.id}: ${role.note}`);
    if (region.note && !ownRegion) result.notes.push(`jobs.${job.id}: ${region.note}`);
  }

  if (result.changes.length > 0) {
    const { ref, release } = CONFIGURE_AWS_CREDENTIALS as { ref: string; release: string };
    if (ref === release) result.notes.push(`${CONFIGURE_AWS_CREDENTIALS.action} is referenced by its tag ${ref}; pin it to the full commit SHA of the release you reviewed`);
    result.notes.push('the removed AWS keys keep working until they are deactivated: delete them in IAM once the role works');
    for (const name of removedSecrets) {
      if (context.originalText.includes(`secrets.${name}`)) result.notes.push(`the repository secret ${name} is no longer read here; delete it if nothing else uses it`);
    }
  }
  return result;
};

function noteSecret(entry: Entry, into: Set<string>): void {
  const name = secretReference(entry.value?.value ?? '');
  if (name) into.add(name);
}

/** Removes entries from the env of `parent`, and the env key itself when nothing is left in it. */
function removeEnvEntries(yaml: YamlText, parent: YAMLMap, entries: Entry[]): TextEdit[] {
  const envPair = pairOf(parent, 'env');
  const env = envPair?.value;
  if (!envPair || !isMap(env)) return [];
  if (entries.length >= env.items.length) return yaml.removePairs(parent, [envPair]);
  return yaml.removePairs(env, entries.map((entry) => entry.pair));
}

function oidcStep(role: string, region: string): YamlEntries {
  return [
    ['name', 'Configure AWS credentials (OIDC)'],
    ['uses', { raw: configureAwsCredentialsUses() }],
    [
      'with',
      [
        ['role-to-assume', role],
        ['aws-region', region],
      ],
    ],
  ];
}

/** An existing configure-aws-credentials step: the key inputs go, role-to-assume and aws-region are added when missing. */
function convertConfigureStep(yaml: YamlText, stepMap: YAMLMap, inputs: Entry[], keys: Entry[], role: string, region: string): TextEdit[] {
  const add: Array<[string, string]> = [];
  if (!inputs.some((entry) => entry.name === 'role-to-assume')) add.push(['role-to-assume', role]);
  if (!inputs.some((entry) => entry.name === 'aws-region')) add.push(['aws-region', region]);
  const withPair = pairOf(stepMap, 'with');
  const withMap = mapAt(stepMap, 'with');
  if (!withPair) return add.length ? [yaml.appendEntries(stepMap, [['with', add]])] : [];
  if (!withMap || withMap.items.length === 0) return [yaml.replacePair(stepMap, withPair, 'with', add)];
  const removed = new Set<Pair>(keys.map((entry) => entry.pair));
  if (withMap.flow) {
    const kept: YamlEntries = withMap.items
      .filter((item) => !removed.has(item))
      .map((item) => [String((item.key as { value: unknown }).value), { raw: yaml.text.slice(yaml.start(item.value), yaml.rangeEnd(item.value)) }] as const);
    return [yaml.replacePair(stepMap, withPair, 'with', [...kept, ...add])];
  }
  const edits = removed.size > 0 ? yaml.removePairs(withMap, [...removed]) : [];
  if (add.length > 0) edits.push(yaml.appendEntries(withMap, add));
  return edits;
}

interface Resolved {
  value: string;
  note?: string;
}

function roleFor(job: Job, _workflow: WorkflowArtifact, context: PassContext): { arn: string; note?: string } {
  if (context.options.awsRoleArn) return { arn: context.options.awsRoleArn };
  const platform = context.options.platform;
  const ids = [...(context.accessKeyIds.get('') ?? []), ...(context.accessKeyIds.get(job.id) ?? [])];
  for (const id of ids) {
    const identity = platform?.identityForAccessKey(id);
    const arn = identity ? roleArnFor(identity, platform?.inventory?.platform?.account) : undefined;
    if (identity && arn) {
      const owner = `${identity.kind === 'aws-iam-role' ? 'IAM role' : 'IAM user'} ${identity.name ?? identity.id}`;
      return {
        arn,
        note:
          identity.kind === 'aws-iam-role'
            ? `assumes ${arn}, the inventory's owner of the removed key; let GitHub's OIDC provider (token.actions.githubusercontent.com) assume it for this repository only`
            : `assumes ${arn}, named after ${owner} who owned the removed key (from the inventory): create that role with a trust policy for GitHub's OIDC provider (token.actions.githubusercontent.com) limited to this repository, and only the permissions the job needs`,
      };
    }
  }
  return { arn: ROLE_PLACEHOLDER, note: `role-to-assume is a placeholder (${ROLE_PLACEHOLDER}): pass --aws-role-arn, or list the key's owner in mlops-inventory.json` };
}

/** The role for an inventory identity: its own ARN when it is a role, else a role named after it in its account. */
export function roleArnFor(identity: InventoryIdentity, account: string | undefined): string | undefined {
  if (identity.kind === 'aws-iam-role' && identity.arn) return identity.arn;
  const parsed = /^arn:(aws[a-z-]*):iam::(\d{12}):/.exec(identity.arn ?? '');
  const accountId = parsed?.[2] ?? account;
  if (!accountId || !/^\d{12}$/.test(accountId)) return undefined;
  const name = (identity.name ?? identity.id).replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return `arn:${parsed?.[1] ?? 'aws'}:iam::${accountId}:role/${name}`;
}

function regionFor(job: Job, workflow: WorkflowArtifact, context: PassContext): Resolved {
  if (context.options.awsRegion) return { value: context.options.awsRegion };
  for (const entries of [...job.steps.map((step) => step.env), job.env, workflow.env]) {
    const found = entries.find((entry) => REGION_VARIABLES.includes(entry.name) && entry.value && entry.value.value.trim() !== '');
    if (found) return { value: found.value!.value.trim() };
  }
  const inventoryRegion = context.options.platform?.inventory?.platform?.region;
  if (inventoryRegion) return { value: inventoryRegion };
  return { value: REGION_PLACEHOLDER, note: `aws-region is a placeholder (${REGION_PLACEHOLDER}): pass --aws-region or set AWS_REGION in the workflow's env` };
}
