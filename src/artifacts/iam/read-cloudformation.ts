import type { Node } from 'jsonc-parser';
import type { Document } from 'yaml';
import { policyFromValue, type Span } from '../../iam/policy.js';
import { yamlValues, type LocatedValue, type ValuePath } from '../yaml/yaml-values.js';
import { IamBuilder } from './iam-builder.js';
import { jsonSpans, spanOfNode } from './json-spans.js';
import type { IamContent } from './read-iam-json.js';

// CloudFormation templates, JSON or YAML: roles (trust policy, inline policies, managed policy ARNs,
// permissions boundary), users, groups, AWS::IAM::Policy and ManagedPolicy attached through Roles, Users
// and Groups, and S3 bucket policies. Intrinsic functions become text ("${TrainingRole.Arn}"), so a
// statement's values stay strings a rule can match and a reference to another resource can be followed.

/** A template: AWSTemplateFormatVersion, or a Resources map holding AWS:: types. */
export function looksLikeCloudFormation(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (typeof value.AWSTemplateFormatVersion === 'string' || value.AWSTemplateFormatVersion instanceof Date) return true;
  return isObject(value.Resources) && Object.values(value.Resources).some((resource) => isObject(resource) && typeof resource.Type === 'string' && resource.Type.startsWith('AWS::'));
}

export function readCloudFormationJson(root: Node, value: unknown): IamContent | undefined {
  if (!looksLikeCloudFormation(value)) return undefined;
  const spanOf = jsonSpans(root, []);
  return readCloudFormation({ value, spanOf: (path) => spanOf(path) ?? (path.length === 0 ? spanOfNode(root, []) : undefined) });
}

/** A YAML template's IAM content; undefined when the document is no template. A template without IAM resources still counts. */
export function readCloudFormationYaml(document: Document.Parsed, text: string): IamContent | undefined {
  const located = yamlValues(document, text);
  if (!looksLikeCloudFormation(located.value)) return undefined;
  return readCloudFormation(located) ?? { format: 'cloudformation', principals: [], policies: [], unknownManagedPolicies: [] };
}

const PRINCIPAL_TYPES: Record<string, 'role' | 'user' | 'group'> = { 'AWS::IAM::Role': 'role', 'AWS::IAM::User': 'user', 'AWS::IAM::Group': 'group' };
const NAME_PROPERTY = { role: 'RoleName', user: 'UserName', group: 'GroupName' } as const;

function readCloudFormation({ value, spanOf }: LocatedValue): IamContent | undefined {
  const template = value as Record<string, unknown>;
  const resources = isObject(template.Resources) ? template.Resources : {};
  const builder = new IamBuilder('cloudformation');
  const span = (path: ValuePath): Span => {
    for (let length = path.length; length >= 0; length--) {
      const found = spanOf(path.slice(0, length));
      if (found) return found;
    }
    return { start: 0, end: 0, pointer: '' };
  };
  const document = (path: ValuePath, raw: unknown, what: string) => {
    if (raw === undefined) return undefined;
    const resolved = typeof raw === 'string' ? parseEmbedded(raw) : intrinsicsAsText(raw);
    const found = policyFromValue(resolved, span(path), typeof raw === 'string' ? undefined : (sub) => spanOf([...path, ...sub]));
    if (!found) builder.notes.push(`${what}: the policy document is not an object; skipped`);
    return found;
  };
  // Attachments to other resources are resolved once every principal exists.
  const pending: Array<() => void> = [];
  const principalFor = (reference: unknown, kind: 'role' | 'user' | 'group', what: string): string | undefined => {
    const text = intrinsicsAsText(reference);
    if (typeof text !== 'string') return undefined;
    const logical = /^\$\{([A-Za-z0-9]+)(?:\.Arn)?\}$/.exec(text)?.[1];
    const found = [...builder.principals.values()].find((principal) => principal.kind === kind && (principal.id === logical || principal.name === text || principal.arn === text));
    if (!found) builder.notes.push(`${what}: ${kind} ${text} is not defined in this template`);
    return found?.id;
  };
  const managedArns = (principalId: string, base: ValuePath, arns: unknown) => {
    if (!Array.isArray(arns)) return;
    arns.forEach((raw, i) => {
      const text = intrinsicsAsText(raw);
      if (typeof text !== 'string') return;
      const at = span([...base, i]);
      pending.push(() => {
        const logical = /^\$\{([A-Za-z0-9]+)\}$/.exec(text)?.[1];
        const customer = logical ? builder.policies.get(logical) : undefined;
        const policy = customer ?? builder.managed(text.replace(/\$\{AWS::Partition\}/g, 'aws'), at, `${principalId}/${text.split('/').pop()}`);
        if (policy) builder.attach(policy.id, principalId);
        else if (!/:iam::aws:policy\//.test(text)) builder.notes.push(`${principalId}: managed policy ${text} is not defined in this template`);
      });
    });
  };

  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') continue;
    const properties = isObject(resource.Properties) ? resource.Properties : {};
    const base: ValuePath = ['Resources', logicalId, 'Properties'];
    const kind = PRINCIPAL_TYPES[resource.Type];
    if (kind) {
      const declared = properties[NAME_PROPERTY[kind]];
      const principal = builder.principal({ id: logicalId, kind, name: typeof declared === 'string' ? declared : logicalId, ...span(['Resources', logicalId]) });
      if (Array.isArray(properties.Policies)) {
        properties.Policies.forEach((inline, i) => {
          if (!isObject(inline)) return;
          const name = typeof inline.PolicyName === 'string' ? inline.PolicyName : `inline-${i}`;
          const found = document([...base, 'Policies', i, 'PolicyDocument'], inline.PolicyDocument, `${logicalId} inline policy ${name}`);
          if (found) builder.attach(builder.policy({ id: `${logicalId}/inline/${name}`, name, kind: 'identity', document: found, ...span([...base, 'Policies', i]) }).id, principal.id);
        });
      }
      managedArns(principal.id, [...base, 'ManagedPolicyArns'], properties.ManagedPolicyArns);
      if (kind === 'role') {
        const trust = document([...base, 'AssumeRolePolicyDocument'], properties.AssumeRolePolicyDocument, `${logicalId} trust policy`);
        if (trust) principal.trustPolicy = builder.policy({ id: `${logicalId}/trust`, name: `${principal.name} trust policy`, kind: 'trust', document: trust, attachedTo: [principal.id], ...span([...base, 'AssumeRolePolicyDocument']) }).id;
      }
      if (kind === 'user' && Array.isArray(properties.Groups)) {
        properties.Groups.forEach((group) => pending.unshift(() => {
          const groupId = principalFor(group, 'group', logicalId);
          if (groupId) builder.member(principal.id, groupId);
        }));
      }
      const boundary = intrinsicsAsText(properties.PermissionsBoundary);
      if (typeof boundary === 'string') {
        pending.push(() => {
          const at = span([...base, 'PermissionsBoundary']);
          const logical = /^\$\{([A-Za-z0-9]+)\}$/.exec(boundary)?.[1];
          const customer = logical ? builder.policies.get(logical) : undefined;
          const policy = customer
            ? builder.policy({ ...customer, id: `${logicalId}/boundary`, kind: 'permissions-boundary', attachedTo: [], ...at })
            : builder.managed(boundary.replace(/\$\{AWS::Partition\}/g, 'aws'), at, `${logicalId}/boundary`, 'permissions-boundary');
          if (policy) {
            policy.attachedTo.push(principal.id);
            principal.permissionsBoundary = policy.id;
          }
        });
      }
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const declared = properties.PolicyName ?? properties.ManagedPolicyName;
      const name = typeof declared === 'string' ? declared : logicalId;
      const found = document([...base, 'PolicyDocument'], properties.PolicyDocument, `${logicalId} policy`);
      if (!found) continue;
      const policy = builder.policy({ id: logicalId, name, kind: 'identity', document: found, ...span(['Resources', logicalId]) });
      for (const [key, target] of [['Roles', 'role'], ['Users', 'user'], ['Groups', 'group']] as const) {
        if (!Array.isArray(properties[key])) continue;
        for (const reference of properties[key] as unknown[]) {
          pending.unshift(() => {
            const principalId = principalFor(reference, target, logicalId);
            if (principalId) builder.attach(policy.id, principalId);
          });
        }
      }
    } else if (resource.Type === 'AWS::IAM::UserToGroupAddition') {
      const groupName = properties.GroupName;
      for (const user of Array.isArray(properties.Users) ? properties.Users : []) {
        pending.unshift(() => {
          const userId = principalFor(user, 'user', logicalId);
          const groupId = principalFor(groupName, 'group', logicalId);
          if (userId && groupId) builder.member(userId, groupId);
        });
      }
    } else if (resource.Type === 'AWS::S3::BucketPolicy') {
      const found = document([...base, 'PolicyDocument'], properties.PolicyDocument, `${logicalId} bucket policy`);
      if (!found) continue;
      const bucket = intrinsicsAsText(properties.Bucket);
      const resourceName = typeof bucket === 'string' ? (/^\$\{/.test(bucket) ? bucket : `arn:aws:s3:::${bucket}`) : undefined;
      builder.policy({ id: logicalId, name: logicalId, kind: 'resource', document: found, resource: resourceName, ...span(['Resources', logicalId]) });
    }
  }
  // Policies and memberships first (unshifted), then managed ARNs and boundaries that may name a policy.
  for (const run of pending) run();
  return builder.finish();
}

/** A policy document written as a JSON string (some templates do): parsed, or undefined. */
function parseEmbedded(text: string): unknown {
  try {
    return intrinsicsAsText(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Replaces intrinsic functions with text: {"Ref": "X"} -> "${X}", GetAtt -> "${X.Arn}", Sub -> its template, Join -> the joined text. */
export function intrinsicsAsText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(intrinsicsAsText);
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
    const name = keys[0]!;
    const argument = value[name];
    if (name === 'Ref' && typeof argument === 'string') return `\${${argument}}`;
    if (name === 'Fn::GetAtt') {
      const parts = Array.isArray(argument) ? argument.map(intrinsicsAsText) : [argument];
      if (parts.every((part) => typeof part === 'string')) return `\${${parts.join('.')}}`;
    }
    if (name === 'Fn::Sub') {
      const template = Array.isArray(argument) ? argument[0] : argument;
      if (typeof template === 'string') return template;
    }
    if (name === 'Fn::Join' && Array.isArray(argument) && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
      const parts = argument[1].map(intrinsicsAsText);
      if (parts.every((part) => typeof part === 'string')) return parts.join(argument[0]);
    }
    return `\${${name}}`;
  }
  const resolved: Record<string, unknown> = {};
  for (const key of keys) resolved[key] = intrinsicsAsText(value[key]);
  return resolved;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
