import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import { policyFromValue, type PolicyDocument, type Span } from '../../iam/policy.js';
import { attribute, blocks, expressionText, hclToValue, type HclBlock, type HclBody, type HclExpression, type HclRange } from '../hcl/hcl.js';
import { yamlPath, type ValuePath } from '../yaml/yaml-values.js';
import type { IamPolicy, IamPrincipal } from './iam-artifact.js';
import { IamBuilder } from './iam-builder.js';
import { jsonSpans } from './json-spans.js';
import { policyKindOf, type IamContent } from './read-iam-json.js';

// Terraform's AWS IAM resources: roles (assume_role_policy, inline_policy, managed_policy_arns), users,
// groups, policies, the *_policy and *_policy_attachment resources, group membership, S3 bucket policies and
// aws_iam_policy_document data sources. Policies written with jsonencode({...}) map each value to its HCL
// range; heredoc JSON maps through the JSON parser shifted to the heredoc; references stay as "${a.b.c}".

const PRINCIPAL_RESOURCES: Record<string, IamPrincipal['kind']> = { aws_iam_role: 'role', aws_iam_user: 'user', aws_iam_group: 'group' };
const PRINCIPAL_REFERENCE = /^\$\{(aws_iam_(?:role|user|group))\.([A-Za-z0-9_-]+)\.(?:name|id|arn|unique_id)\}$/;

export function readTerraform(body: HclBody, text: string): IamContent | undefined {
  const builder = new IamBuilder('terraform');
  const span = (range: HclRange, pointer: string): Span => ({ start: range.start, end: range.end, pointer });
  const resources = blocks(body, 'resource').filter((block) => block.labels.length === 2);
  const data = blocks(body, 'data').filter((block) => block.labels.length === 2);
  const address = (block: HclBlock) => `${block.blockType === 'data' ? 'data.' : ''}${block.labels[0]}.${block.labels[1]}`;

  const documents = new Map<string, { block: HclBlock; document: PolicyDocument }>();
  for (const block of data.filter((candidate) => candidate.labels[0] === 'aws_iam_policy_document')) {
    const document = policyDocumentData(block, text, address(block), builder.notes);
    if (document) documents.set(address(block), { block, document });
  }
  // data "aws_iam_policy" looks up a managed policy by ARN or name.
  const policyLookups = new Map<string, string>();
  for (const block of data.filter((candidate) => candidate.labels[0] === 'aws_iam_policy')) {
    const reference = expressionText(attribute(block.body, 'arn')?.value) ?? expressionText(attribute(block.body, 'name')?.value);
    if (reference) policyLookups.set(address(block), reference);
  }

  const usedDocuments = new Map<string, IamPolicy>();
  /** A policy-valued attribute as a document: jsonencode, heredoc or quoted JSON, or a policy document data source. */
  const policyAt = (expression: HclExpression | undefined, pointer: string, what: string, kind: IamPolicy['kind']): { document: PolicyDocument; dataPolicy?: IamPolicy } | undefined => {
    if (!expression) return undefined;
    const dataSource = /^(data\.aws_iam_policy_document\.[A-Za-z0-9_-]+)\.(?:json|minified_json)$/.exec(expression.type === 'reference' ? expression.text : '')?.[1];
    if (dataSource) {
      const found = documents.get(dataSource);
      if (!found) {
        builder.notes.push(`${what}: ${dataSource} is not defined in this file`);
        return undefined;
      }
      const key = `${dataSource}|${kind}`;
      let policy = usedDocuments.get(key);
      if (!policy) {
        policy = builder.policy({ id: dataSource, name: found.block.labels[1]!, kind, document: found.document, ...span(found.block, dataSource) });
        usedDocuments.set(key, policy);
      }
      return { document: found.document, dataPolicy: policy };
    }
    const document = documentOf(expression, text, pointer, (note) => builder.notes.push(`${what}: ${note}`));
    return document ? { document } : undefined;
  };

  const principalIdFor = (expression: HclExpression | undefined, kind: IamPrincipal['kind'], what: string): string | undefined => {
    const value = expressionText(expression);
    if (value === undefined) return undefined;
    const match = PRINCIPAL_REFERENCE.exec(value);
    const found = match ? builder.principals.get(`${match[1]}.${match[2]}`) : [...builder.principals.values()].find((principal) => principal.kind === kind && principal.name === value);
    if (!found) builder.notes.push(`${what}: ${kind} ${value} is not defined in this file`);
    return found?.id;
  };

  /** A policy ARN: a customer policy in this file, a data source lookup, or an AWS managed policy expanded at the reference. */
  const attachArn = (expression: HclExpression, pointer: string, principalId: string, kind: IamPolicy['kind'] = 'identity'): IamPolicy | undefined => {
    let value = expressionText(expression);
    if (value === undefined) return undefined;
    const customer = /^\$\{(aws_iam_policy\.[A-Za-z0-9_-]+)\.(?:arn|id)\}$/.exec(value)?.[1];
    if (customer) {
      const policy = builder.policies.get(customer);
      if (!policy) builder.notes.push(`${principalId}: ${customer} is not defined in this file`);
      else if (kind === 'identity') builder.attach(policy.id, principalId);
      return policy;
    }
    const lookup = /^\$\{(data\.aws_iam_policy\.[A-Za-z0-9_-]+)\.(?:arn|id|policy)\}$/.exec(value)?.[1];
    if (lookup && policyLookups.has(lookup)) value = policyLookups.get(lookup)!;
    const policy = builder.managed(value, span(expression, pointer), `${principalId}/${value.split('/').pop()}`, kind);
    if (policy && kind === 'identity') builder.attach(policy.id, principalId);
    else if (!policy && !/:iam::aws:policy\//.test(value)) builder.notes.push(`${principalId}: policy ${value} is not defined in this file`);
    return policy;
  };

  // Principals and standalone policies first: the resources that attach them may come earlier in the file.
  for (const block of resources) {
    const kind = PRINCIPAL_RESOURCES[block.labels[0]!];
    if (!kind) continue;
    const name = attribute(block.body, 'name')?.value;
    builder.principal({ id: address(block), kind, name: name?.type === 'literal' ? String(name.value) : block.labels[1]!, ...span(block, address(block)) });
  }
  for (const block of resources.filter((candidate) => candidate.labels[0] === 'aws_iam_policy')) {
    const pointer = `${address(block)}.policy`;
    const found = policyAt(attribute(block.body, 'policy')?.value, pointer, address(block), 'identity');
    if (!found) continue;
    const name = attribute(block.body, 'name')?.value;
    builder.policy({ id: address(block), name: name?.type === 'literal' ? String(name.value) : block.labels[1]!, kind: 'identity', document: found.document, ...span(block, address(block)) });
  }

  for (const block of resources) {
    const [type, label] = block.labels as [string, string];
    const at = address(block);
    const attr = (name: string) => attribute(block.body, name)?.value;
    const identity = (expression: HclExpression | undefined, pointer: string, principalId: string | undefined, policyName: string, range: HclRange) => {
      const found = policyAt(expression, pointer, at, 'identity');
      if (!found) return;
      const policy = found.dataPolicy ?? builder.policy({ id: pointer, name: policyName, kind: 'identity', document: found.document, ...span(range, pointer) });
      if (principalId) builder.attach(policy.id, principalId);
    };
    const policyName = (expression: HclExpression | undefined) => (expression?.type === 'literal' ? String(expression.value) : label);

    if (type === 'aws_iam_role' || type === 'aws_iam_user' || type === 'aws_iam_group') {
      const principal = builder.principals.get(at)!;
      if (type === 'aws_iam_role') {
        const trust = policyAt(attr('assume_role_policy'), `${at}.assume_role_policy`, at, 'trust');
        if (trust) {
          const policy = trust.dataPolicy ?? builder.policy({ id: `${at}/trust`, name: `${principal.name} trust policy`, kind: 'trust', document: trust.document, ...span(attr('assume_role_policy')!, `${at}.assume_role_policy`) });
          if (!policy.attachedTo.includes(principal.id)) policy.attachedTo.push(principal.id);
          principal.trustPolicy = policy.id;
        }
        blocks(block.body, 'inline_policy').forEach((inline, i) => {
          identity(attribute(inline.body, 'policy')?.value, `${at}.inline_policy[${i}].policy`, principal.id, policyName(attribute(inline.body, 'name')?.value), inline);
        });
        const arns = attr('managed_policy_arns');
        if (arns?.type === 'tuple') arns.items.forEach((item, i) => attachArn(item, `${at}.managed_policy_arns[${i}]`, principal.id));
      }
      const boundary = attr('permissions_boundary');
      if (boundary) {
        const policy = attachArn(boundary, `${at}.permissions_boundary`, principal.id, 'permissions-boundary');
        if (policy) {
          const bounded = policy.kind === 'permissions-boundary' ? policy : builder.policy({ ...policy, id: `${at}/boundary`, kind: 'permissions-boundary', attachedTo: [], ...span(boundary, `${at}.permissions_boundary`) });
          bounded.attachedTo.push(principal.id);
          principal.permissionsBoundary = bounded.id;
        }
      }
    } else if (type === 'aws_iam_role_policy' || type === 'aws_iam_user_policy' || type === 'aws_iam_group_policy') {
      const kind = type === 'aws_iam_role_policy' ? 'role' : type === 'aws_iam_user_policy' ? 'user' : 'group';
      identity(attr('policy'), `${at}.policy`, principalIdFor(attr(kind), kind, at), policyName(attr('name')), block);
    } else if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_user_policy_attachment' || type === 'aws_iam_group_policy_attachment') {
      const kind = type === 'aws_iam_role_policy_attachment' ? 'role' : type === 'aws_iam_user_policy_attachment' ? 'user' : 'group';
      const principalId = principalIdFor(attr(kind), kind, at);
      const arn = attr('policy_arn');
      if (principalId && arn) attachArn(arn, `${at}.policy_arn`, principalId);
    } else if (type === 'aws_iam_policy_attachment') {
      const arn = attr('policy_arn');
      for (const [key, kind] of [['roles', 'role'], ['users', 'user'], ['groups', 'group']] as const) {
        const list = attr(key);
        if (list?.type !== 'tuple' || !arn) continue;
        for (const item of list.items) {
          const principalId = principalIdFor(item, kind, at);
          if (principalId) attachArn(arn, `${at}.policy_arn`, principalId);
        }
      }
    } else if (type === 'aws_iam_user_group_membership' || type === 'aws_iam_group_membership') {
      const users = type === 'aws_iam_user_group_membership' ? [attr('user')] : tupleItems(attr('users'));
      const groups = type === 'aws_iam_user_group_membership' ? tupleItems(attr('groups')) : [attr('group')];
      for (const user of users) {
        const userId = principalIdFor(user, 'user', at);
        for (const group of groups) {
          const groupId = principalIdFor(group, 'group', at);
          if (userId && groupId) builder.member(userId, groupId);
        }
      }
    } else if (type === 'aws_s3_bucket_policy') {
      const found = policyAt(attr('policy'), `${at}.policy`, at, 'resource');
      if (!found) continue;
      const bucket = expressionText(attr('bucket'));
      const resource = bucket === undefined ? undefined : bucket.startsWith('${') ? bucket : `arn:aws:s3:::${bucket}`;
      if (found.dataPolicy) found.dataPolicy.resource = resource;
      else builder.policy({ id: at, name: label, kind: 'resource', document: found.document, resource, ...span(block, at) });
    }
  }
  // Policy documents no resource uses are still read, so a rule can judge them on their own.
  for (const [dataSource, { block, document }] of documents) {
    if (![...usedDocuments.keys()].some((key) => key.startsWith(`${dataSource}|`))) builder.policy({ id: dataSource, name: block.labels[1]!, kind: policyKindOf(document), document, ...span(block, dataSource) });
  }
  return builder.finish();
}

function tupleItems(expression: HclExpression | undefined): Array<HclExpression | undefined> {
  return expression?.type === 'tuple' ? expression.items : [];
}

/** jsonencode({...}), a heredoc or quoted JSON string; anything else is noted and skipped. */
function documentOf(expression: HclExpression, text: string, pointer: string, note: (message: string) => void): PolicyDocument | undefined {
  const anchor: Span = { start: expression.start, end: expression.end, pointer };
  if (expression.type === 'call' && expression.name === 'jsonencode' && expression.args.length === 1) {
    const spans = new Map<string, Span>();
    const value = hclToValue(expression.args[0]!, text, (path, range) => spans.set(JSON.stringify(path), { start: range.start, end: range.end, pointer: joinPath(pointer, path) }));
    const document = policyFromValue(value, anchor, (path) => spans.get(JSON.stringify(path)));
    if (!document) note('jsonencode does not hold an object; skipped');
    return document;
  }
  if ((expression.type === 'literal' && typeof expression.value === 'string') || expression.type === 'template') {
    const heredoc = expression.type === 'template' ? expression.heredoc : (expression as { heredoc?: boolean }).heredoc;
    const contentStart = (expression as { contentStart: number }).contentStart;
    // A heredoc's text is the file's text, so the JSON parser's offsets map straight back; a quoted string's escapes do not.
    const source = heredoc ? text.slice(contentStart, (expression as { contentEnd: number }).contentEnd) : expression.type === 'template' ? expression.text : String(expression.value);
    const errors: ParseError[] = [];
    const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
    if (!root || errors.length > 0) {
      note('the policy text is not valid JSON; skipped');
      return undefined;
    }
    const spanOf = jsonSpans(root, []);
    const document = policyFromValue(
      getNodeValue(root),
      anchor,
      heredoc
        ? (path) => {
            const found = spanOf(path);
            return found && { start: found.start + contentStart, end: found.end + contentStart, pointer: joinPath(pointer, path) };
          }
        : undefined,
    );
    if (!document) note('the policy JSON is not an object; skipped');
    return document;
  }
  note(`the policy is ${expression.type === 'call' ? `${expression.name}(...)` : text.slice(expression.start, expression.end)}, which is not read; skipped`);
  return undefined;
}

/** data "aws_iam_policy_document": statement blocks as a policy document, each value at its HCL range. */
function policyDocumentData(block: HclBlock, text: string, base: string, notes: string[]): PolicyDocument | undefined {
  const spans = new Map<string, Span>();
  const put = (path: ValuePath, range: HclRange, pointer: string) => spans.set(JSON.stringify(path), { start: range.start, end: range.end, pointer: `${base}.${pointer}` });
  if (blocks(block.body, 'dynamic').length) notes.push(`${base}: dynamic statement blocks are not read`);
  for (const name of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    if (attribute(block.body, name)) notes.push(`${base}: ${name} is not merged into the document`);
  }
  const statements = blocks(block.body, 'statement').map((statement, i) => {
    const path: ValuePath = ['Statement', i];
    const at = `statement[${i}]`;
    put(path, statement, at);
    const raw: Record<string, unknown> = { Effect: expressionText(attribute(statement.body, 'effect')?.value) ?? 'Allow' };
    const sid = expressionText(attribute(statement.body, 'sid')?.value);
    if (sid !== undefined) raw.Sid = sid;
    for (const [hcl, json] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
      const value = attribute(statement.body, hcl)?.value;
      if (!value) continue;
      put([...path, json], value, `${at}.${hcl}`);
      const items = value.type === 'tuple' ? value.items : [value];
      raw[json] = items.map((item, j) => {
        put([...path, json, j], item, `${at}.${hcl}[${j}]`);
        return hclToValue(item, text);
      });
    }
    for (const [hcl, json] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const principalBlocks = blocks(statement.body, hcl);
      if (!principalBlocks.length) continue;
      put([...path, json], principalBlocks[0]!, `${at}.${hcl}[0]`);
      const byType: Record<string, unknown[]> = {};
      let anyone = false;
      principalBlocks.forEach((principals, k) => {
        const type = expressionText(attribute(principals.body, 'type')?.value) ?? 'AWS';
        const identifiers = attribute(principals.body, 'identifiers')?.value;
        const items = identifiers?.type === 'tuple' ? identifiers.items : identifiers ? [identifiers] : [];
        if (type === '*') {
          anyone = true;
          return;
        }
        const list = (byType[type] ??= []);
        items.forEach((item, j) => {
          put([...path, json, type, list.length], item, `${at}.${hcl}[${k}].identifiers[${j}]`);
          list.push(hclToValue(item, text));
        });
      });
      raw[json] = anyone ? '*' : byType;
    }
    const conditions: Record<string, Record<string, unknown>> = {};
    blocks(statement.body, 'condition').forEach((condition, k) => {
      const test = expressionText(attribute(condition.body, 'test')?.value);
      const variable = expressionText(attribute(condition.body, 'variable')?.value);
      const values = attribute(condition.body, 'values')?.value;
      if (test === undefined || variable === undefined) return;
      put([...path, 'Condition', test, variable], condition, `${at}.condition[${k}]`);
      (conditions[test] ??= {})[variable] = values ? hclToValue(values, text) : [];
    });
    if (Object.keys(conditions).length) raw.Condition = conditions;
    return raw;
  });
  if (statements.length === 0) return undefined;
  put([], block, '');
  spans.set('[]', { start: block.start, end: block.end, pointer: base });
  return policyFromValue({ Version: '2012-10-17', Statement: statements }, { start: block.start, end: block.end, pointer: base }, (path) => spans.get(JSON.stringify(path)));
}

function joinPath(base: string, path: ValuePath): string {
  if (path.length === 0) return base;
  const suffix = yamlPath(path);
  return suffix.startsWith('[') ? `${base}${suffix}` : `${base}.${suffix}`;
}
