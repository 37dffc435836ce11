import type { IamArtifact } from '../artifacts/iam/iam-artifact.js';
import type { InventoryComponent, InventoryIdentity } from '../inventory/inventory.js';
import type { Platform } from '../inventory/platform.js';
import type { Holder } from './grants.js';

// Who holds a set of policies and which workload runs with them, from the artifact and the inventory,
// so messages can say "the inference service's role" instead of "this policy".

export interface HolderInfo {
  /** "IAM user ml-notebook", "IAM role inference-api", or "the policy in policy.json". */
  label: string;
  identity?: InventoryIdentity;
  components: InventoryComponent[];
  /** Access key ids, shortened: ids are not secrets, but reports need no more than a recognisable part. */
  keys: string[];
}

const KIND_LABELS: Record<InventoryComponent['kind'], string> = {
  'notebook-server': 'notebook server',
  'tracking-server': 'tracking server',
  'model-registry': 'model registry',
  'ci-pipeline': 'CI pipeline',
  'inference-service': 'inference service',
  'training-job': 'training job',
};

export function describeHolder(holder: Holder, artifact: IamArtifact, platform: Platform): HolderInfo {
  const inventory = platform.inventory;
  const fileName = artifact.file.split('/').pop() ?? artifact.file;
  const principal = holder.principal;
  const identity = principal
    ? inventory?.identities.find((entry) => entry.id === principal.id || (principal.arn !== undefined && entry.arn === principal.arn))
    : inventory?.identities.find((entry) => entry.policyFiles?.some((file) => file === artifact.file || file.split('/').pop() === fileName));
  const componentIds = new Set([...(identity?.usedBy ?? []), ...(principal?.usedBy ?? [])]);
  const components = (inventory?.components ?? []).filter((component) => componentIds.has(component.id) || (identity && component.identity === identity.id));
  const keys = [...new Set([...(principal?.accessKeyIds ?? []), ...(identity?.accessKeyIds ?? [])])].map(shortKeyId);
  let label: string;
  if (principal) label = `IAM ${principal.kind} ${principal.name}`;
  else if (identity) label = `${identity.kind === 'aws-iam-role' ? 'IAM role' : 'IAM user'} ${identity.name ?? identity.id} (policy ${fileName})`;
  else label = `the policy in ${fileName}`;
  return { label, identity, components, keys };
}

/** "JupyterHub (notebook server)"; the kind is left out when the name already says it ("FastAPI inference service"). */
export function describeComponents(components: readonly InventoryComponent[]): string {
  return components
    .map((component) => {
      const name = component.name ?? component.id;
      const kind = KIND_LABELS[component.kind] ?? component.kind;
      return name.toLowerCase().includes(kind.toLowerCase()) ? name : `${name} (${kind})`;
    })
    .join(', ');
}

export function shortKeyId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** "IAM user ml-notebook — access key AKIA…MPLE, used by JupyterHub (notebook server) —", for the middle of a sentence. */
export function holderSentence(info: HolderInfo): string {
  const extras = [info.keys.length ? `access key${info.keys.length > 1 ? 's' : ''} ${info.keys.join(', ')}` : '', info.components.length ? `used by ${describeComponents(info.components)}` : ''].filter(Boolean);
  return extras.length ? `${info.label} — ${extras.join(', ')} —` : info.label;
}
