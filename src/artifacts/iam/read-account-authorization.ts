import { findNodeAtLocation, type Node } from 'jsonc-parser';
import { policyFromValue, type PolicyDocument, type Span } from '../../iam/policy.js';
import { IamBuilder } from './iam-builder.js';
import type { IamPolicy } from './iam-artifact.js';
import { jsonSpans, spanOfNode } from './json-spans.js';
import { policyKindOf, type IamContent } from './read-iam-json.js';

// The account export of `aws iam get-account-authorization-details`: users, groups and roles with their
// inline policies, attached managed policies, group membership, trust policies and permissions boundaries.
// Customer managed policies come from its Policies list (the default version); AWS managed policies the
// export leaves out expand from the bundled data at the attachment. The CLI prints documents as objects;
// the raw API returns them URL-encoded, and then every position is the string's.

type Path = Array<string | number>;

export function readAccountAuthorizationDetails(root: Node, value: unknown): IamContent | undefined {
  if (!isObject(value) || !['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((key) => Array.isArray(value[key]))) return undefined;
  const builder = new IamBuilder('account-authorization-details');
  const span = (path: Path): Span => spanOfNode(findNodeAtLocation(root, path) ?? root, path);

  /** A document as an object, or a URL-encoded JSON string (positions then all point at the string). */
  const documentAt = (path: Path, raw: unknown, what: string): PolicyDocument | undefined => {
    if (typeof raw === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(decodeURIComponent(raw));
      } catch {
        builder.notes.push(`${what}: the policy document is not URL-encoded JSON; skipped`);
        return undefined;
      }
      const document = policyFromValue(parsed, span(path));
      if (!document) builder.notes.push(`${what}: the policy document is not a JSON object; skipped`);
      return document;
    }
    const document = policyFromValue(raw, span(path), jsonSpans(root, path));
    if (!document) builder.notes.push(`${what}: no policy document; skipped`);
    return document;
  };

  // Customer managed policies (and AWS managed ones, when exported with them), by ARN.
  const managedByArn = new Map<string, { name: string; path: Path; document: unknown }>();
  list(value.Policies).forEach((policy, i) => {
    if (typeof policy.Arn !== 'string') return;
    const versions = list(policy.PolicyVersionList);
    const index = versions.findIndex((version) => version.IsDefaultVersion === true);
    const chosen = index === -1 ? versions.findIndex((version) => version.VersionId === policy.DefaultVersionId) : index;
    if (chosen === -1) {
      builder.notes.push(`${policy.Arn}: no default policy version in the export`);
      return;
    }
    managedByArn.set(policy.Arn, { name: typeof policy.PolicyName === 'string' ? policy.PolicyName : policy.Arn, path: ['Policies', i, 'PolicyVersionList', chosen, 'Document'], document: versions[chosen]!.Document });
  });
  const customerPolicies = new Map<string, IamPolicy | null>();
  const customerPolicy = (arn: string): IamPolicy | undefined => {
    if (!customerPolicies.has(arn)) {
      const entry = managedByArn.get(arn);
      const document = entry && documentAt(entry.path, entry.document, arn);
      customerPolicies.set(arn, document ? builder.policy({ id: arn, name: entry!.name, kind: 'identity', document, ...span(entry!.path.slice(0, 2)) }) : null);
    }
    return customerPolicies.get(arn) ?? undefined;
  };

  const sections = [
    { key: 'GroupDetailList', kind: 'group', name: 'GroupName', inline: 'GroupPolicyList' },
    { key: 'UserDetailList', kind: 'user', name: 'UserName', inline: 'UserPolicyList' },
    { key: 'RoleDetailList', kind: 'role', name: 'RoleName', inline: 'RolePolicyList' },
  ] as const;
  for (const section of sections) {
    list(value[section.key]).forEach((entry, i) => {
      const base: Path = [section.key, i];
      const name = typeof entry[section.name] === 'string' ? (entry[section.name] as string) : `${section.kind}-${i}`;
      const principal = builder.principal({ id: `${section.kind}/${name}`, kind: section.kind, name, arn: typeof entry.Arn === 'string' ? entry.Arn : undefined, ...span(base) });

      list(entry[section.inline]).forEach((inline, j) => {
        const path: Path = [...base, section.inline, j, 'PolicyDocument'];
        const policyName = typeof inline.PolicyName === 'string' ? inline.PolicyName : `inline-${j}`;
        const document = documentAt(path, inline.PolicyDocument, `${principal.id} inline policy ${policyName}`);
        if (!document) return;
        const policy = builder.policy({ id: `${principal.id}/inline/${policyName}`, name: policyName, kind: 'identity', document, ...span([...base, section.inline, j]) });
        builder.attach(policy.id, principal.id);
      });

      list(entry.AttachedManagedPolicies).forEach((attached, j) => {
        if (typeof attached.PolicyArn !== 'string') return;
        const at = span([...base, 'AttachedManagedPolicies', j, 'PolicyArn']);
        const policy = customerPolicy(attached.PolicyArn) ?? builder.managed(attached.PolicyArn, at, `${principal.id}/${attached.PolicyName ?? attached.PolicyArn}`);
        if (policy) builder.attach(policy.id, principal.id);
        else if (!/:iam::aws:policy\//.test(attached.PolicyArn)) builder.notes.push(`${principal.id}: attached policy ${attached.PolicyArn} is not in the export's Policies`);
      });

      if (section.kind === 'user') {
        list(entry.GroupList, true).forEach((group) => typeof group === 'string' && builder.member(principal.id, `group/${group}`));
      }

      if (section.kind === 'role' && entry.AssumeRolePolicyDocument !== undefined) {
        const path: Path = [...base, 'AssumeRolePolicyDocument'];
        const document = documentAt(path, entry.AssumeRolePolicyDocument, `${principal.id} trust policy`);
        if (document) principal.trustPolicy = builder.policy({ id: `${principal.id}/trust`, name: `${name} trust policy`, kind: 'trust', document, attachedTo: [principal.id], ...span(path) }).id;
      }

      const boundary = isObject(entry.PermissionsBoundary) ? entry.PermissionsBoundary.PermissionsBoundaryArn : undefined;
      if (typeof boundary === 'string') {
        const at = span([...base, 'PermissionsBoundary', 'PermissionsBoundaryArn']);
        const customer = managedByArn.get(boundary);
        const document = customer ? documentAt(customer.path, customer.document, boundary) : undefined;
        const policy = document
          ? builder.policy({ id: `${principal.id}/boundary`, name: customer!.name, kind: 'permissions-boundary', document, ...at })
          : builder.managed(boundary, at, `${principal.id}/boundary`, 'permissions-boundary');
        if (policy) {
          policy.attachedTo.push(principal.id);
          principal.permissionsBoundary = policy.id;
        }
      }
    });
  }
  // Customer managed policies attached to nobody are still policies in the account.
  for (const arn of managedByArn.keys()) customerPolicy(arn);
  for (const policy of builder.policies.values()) if (policy.kind === 'identity' && !policy.managed && policy.attachedTo.length === 0) policy.kind = policyKindOf(policy.document);
  return builder.finish();
}

function list(value: unknown, any = false): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) return [];
  return any ? (value as Array<Record<string, unknown>>) : value.filter(isObject);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
