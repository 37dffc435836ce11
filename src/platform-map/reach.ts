import { parseArtifact } from '../artifacts/parse.js';
import type { IamArtifact } from '../artifacts/iam/iam-artifact.js';
import { blastRadius, type StoreReach } from '../iam/blast-radius.js';
import { grantsOf, holderGrantsOf, holdersOf, type StatementGrants } from '../iam/grants.js';
import { canPerform } from '../iam/evaluate.js';
import type { Platform } from '../inventory/platform.js';

// What an identity may do, computed from its policies (attached AWS managed policies expanded from the
// bundled data, and policy files the inventory names) with the IAM code the rules use.

export interface PolicySource {
  /** The identity id the inventory gives the file to. */
  identity: string;
  file: string;
  text: string;
}

export interface IdentityReach {
  fullAdmin: boolean;
  actions: number;
  services: number;
  escalations: string[];
  stores: StoreReach[];
  /** Can the identity change IAM (create users, keys, attach policies)? From the evaluator. */
  iamWrite: boolean;
  /** The blast radius paragraph of src/iam/blast-radius.ts. */
  sentence: string;
  /** Where the policies came from. */
  policies: string[];
}

export interface ReachContext {
  platform: Platform;
  inventoryFile?: string;
  inventoryText?: string;
  policyFiles: PolicySource[];
}

const parsed = new Map<string, IamArtifact | undefined>();

function iamArtifact(file: string, text: string): IamArtifact | undefined {
  const key = `${file}\u0000${text.length}\u0000${text.slice(0, 64)}`;
  if (parsed.has(key)) return parsed.get(key);
  const outcome = parseArtifact(file, text, 'json');
  const artifact = outcome.ok && outcome.artifact.kind === 'iam' ? outcome.artifact : undefined;
  parsed.set(key, artifact);
  return artifact;
}

export function identityReach(identityId: string, context: ReachContext): IdentityReach | undefined {
  const grants: StatementGrants[] = [];
  const policies: string[] = [];
  if (context.inventoryText && context.inventoryFile) {
    const artifact = iamArtifact(context.inventoryFile, context.inventoryText);
    const holder = artifact && holdersOf(artifact).find((entry) => entry.principal?.id === identityId);
    if (artifact && holder) {
      grants.push(...holderGrantsOf(artifact, holder));
      policies.push(...holder.policies.map((policy) => policy.managed?.name ?? policy.name));
    }
  }
  for (const source of context.policyFiles.filter((entry) => entry.identity === identityId)) {
    const artifact = iamArtifact(source.file, source.text);
    if (!artifact) continue;
    grants.push(...grantsOf(artifact.policies));
    policies.push(source.file);
  }
  if (grants.length === 0) return undefined;
  const identity = context.platform.inventory?.identities.find((entry) => entry.id === identityId);
  const label = `${identity?.kind === 'aws-iam-role' ? 'IAM role' : 'IAM user'} ${identity?.name ?? identityId}`;
  const radius = blastRadius(grants, context.platform, label);
  const documents = [...new Set(grants.map((grant) => grant.policy.document))];
  const account = context.platform.inventory?.platform?.account ?? '111122223333';
  const someone = `arn:aws:iam::${account}:user/someone-else`;
  const iamWrite = canPerform(documents, 'iam:CreateAccessKey', someone) === 'allowed' || canPerform(documents, 'iam:AttachUserPolicy', someone) === 'allowed';
  return {
    fullAdmin: radius.fullAdmin,
    actions: radius.actions.total,
    services: radius.services.count,
    escalations: radius.escalations.map((present) => present.path.id),
    stores: radius.stores,
    iamWrite,
    sentence: radius.sentence,
    policies,
  };
}

/** Account-wide reach: everything, or the power to grant itself everything. */
export function isAccountWide(reach: IdentityReach | undefined): boolean {
  return reach !== undefined && (reach.fullAdmin || reach.iamWrite);
}
