import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { awsManagedPolicy } from '../../iam/managed-policies.js';
import { looksLikePolicy, policyFromValue } from '../../iam/policy.js';
import type { IamArtifact, IamFormat, IamPolicy, IamPrincipal } from './iam-artifact.js';
import { jsonSpans, spanOfNode } from './json-spans.js';
import { readAccountAuthorizationDetails } from './read-account-authorization.js';
import { readCloudFormationJson } from './read-cloudformation.js';

// JSON files that hold IAM policies, recognised by shape (names vary too much to go by): a policy
// document; the platform inventory's identities. Each reader returns undefined when the shape is not its own.

export type IamContent = Pick<IamArtifact, 'format' | 'principals' | 'policies' | 'unknownManagedPolicies' | 'notes'>;
export type IamJsonReader = (root: Node, value: unknown, file: string) => IamContent | undefined;

/** Readers in order; the first that recognises the file wins. */
export const IAM_JSON_READERS: IamJsonReader[] = [readPolicyFile, readInventory, readAccountAuthorizationDetails, readCloudFormationJson];

export function readIamJson(root: Node, file: string): IamContent | undefined {
  const value = getNodeValue(root) as unknown;
  for (const reader of IAM_JSON_READERS) {
    const content = reader(root, value, file);
    if (content) return content;
  }
  return undefined;
}

/** A policy document on its own: identity, resource (has Principal) or trust (sts:AssumeRole* with Principal). */
function readPolicyFile(root: Node, value: unknown, file: string): IamContent | undefined {
  if (!looksLikePolicy(value)) return undefined;
  const document = policyFromValue(value, spanOfNode(root, []), jsonSpans(root, []))!;
  const name = file.split('/').pop() ?? file;
  const policy: IamPolicy = { id: 'policy', name, kind: policyKindOf(document), document, attachedTo: [], start: document.start, end: document.end, pointer: '' };
  return { format: 'policy', principals: [], policies: [policy], unknownManagedPolicies: [] };
}

/** identity unless a statement names a Principal: trust when it grants sts:AssumeRole*, resource otherwise. */
export function policyKindOf(document: IamPolicy['document']): IamPolicy['kind'] {
  const withPrincipal = document.statements.filter((statement) => statement.principal || statement.notPrincipal);
  if (withPrincipal.length === 0) return 'identity';
  const assumes = withPrincipal.some((statement) => statement.action?.some((action) => /^sts:(assumerole|assumerolewith\w+|tagsession|setsourceidentity|\*)$/i.test(action.value)));
  return assumes ? 'trust' : 'resource';
}

/** The platform inventory: AWS identities with their attached managed policies, expanded from the bundled data. */
function readInventory(root: Node, value: unknown): IamContent | undefined {
  if (!isObject(value) || value.version !== 1 || !Array.isArray(value.identities)) return undefined;
  const principals: IamPrincipal[] = [];
  const policies: IamPolicy[] = [];
  const unknownManagedPolicies: IamContent['unknownManagedPolicies'] = [];
  value.identities.forEach((identity, i) => {
    if (!isObject(identity) || (identity.kind !== 'aws-iam-user' && identity.kind !== 'aws-iam-role') || typeof identity.id !== 'string') return;
    const node = findNodeAtLocation(root, ['identities', i])!;
    const principal: IamPrincipal = {
      id: identity.id,
      kind: identity.kind === 'aws-iam-role' ? 'role' : 'user',
      name: typeof identity.name === 'string' ? identity.name : identity.id,
      arn: typeof identity.arn === 'string' ? identity.arn : undefined,
      policies: [],
      usedBy: strings(identity.usedBy),
      accessKeyIds: strings(identity.accessKeyIds),
      ...spanOfNode(node, ['identities', i]),
    };
    strings(identity.attachedPolicies)?.forEach((reference, j) => {
      const at = spanOfNode(findNodeAtLocation(root, ['identities', i, 'attachedPolicies', j])!, ['identities', i, 'attachedPolicies', j]);
      const managed = awsManagedPolicy(reference);
      if (!managed) {
        if (/:iam::aws:policy\//.test(reference) || !reference.includes(':')) unknownManagedPolicies.push({ name: reference, ...at });
        return;
      }
      const id = `${identity.id}/${managed.name}`;
      const document = policyFromValue(managed.document, at)!;
      policies.push({ id, name: managed.name, kind: 'identity', document, managed: { arn: managed.arn, name: managed.name, version: managed.version, updated: managed.updated }, attachedTo: [principal.id], ...at });
      principal.policies.push(id);
    });
    principals.push(principal);
  });
  if (principals.length === 0) return undefined;
  return { format: 'inventory', principals, policies, unknownManagedPolicies };
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
