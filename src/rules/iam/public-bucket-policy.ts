import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { iamCatalog } from '../../iam/catalog.js';
import type { PolicyStatement } from '../../iam/policy.js';
import type { InventoryStorage } from '../../inventory/inventory.js';
import { CALLER_KEYS, clausesFor, NETWORK_KEYS, narrows, opensToAnyone, statementLabel } from './trust-facts.js';

// Keys that tie a request to an AWS service acting for a named resource; with `*` as principal they are how
// CloudFront OAC, log delivery and similar grants are written, so they count as restricting.
const SERVICE_KEYS = ['aws:PrincipalServiceName', 's3:DataAccessPointAccount', 's3:DataAccessPointArn', 'aws:userid'] as const;

/** Writes, deletes and policy or ACL changes; unknown actions are judged by their verb. */
function writes(statement: PolicyStatement): string[] {
  if (statement.notAction) return statement.notAction.length ? [`everything but ${statement.notAction.map((action) => action.value).join(', ')}`] : ['*'];
  const catalog = iamCatalog();
  return (statement.action ?? []).flatMap((pattern) => {
    const expanded = catalog.expand(pattern.value);
    if (expanded.length === 0) return /:(\*|Put|Delete|Create|Update|Restore|Replicate|Abort|Set|Add|Remove)/i.test(pattern.value) ? [pattern.value] : [];
    return expanded.some((info) => info.level === 'Write' || info.level === 'Permissions management') ? [pattern.value] : [];
  });
}

/** The resources a statement names, as bucket names where they are S3 ARNs. */
function bucketsOf(statement: PolicyStatement, fallback?: string): string[] {
  const names = new Set<string>();
  for (const resource of statement.resource ?? []) {
    const bucket = /^arn:aws[a-z-]*:s3:::([^/*?]+)/.exec(resource.value)?.[1];
    if (bucket) names.add(bucket);
  }
  if (names.size === 0 && fallback) names.add(fallback.replace(/^arn:aws[a-z-]*:s3:::/, ''));
  return [...names];
}

export default defineRule({
  id: 'iam/public-bucket-policy',
  artifact: 'iam',
  title: 'Bucket or resource policy grants access to anyone',
  category: 'public-exposure',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0035', 'MITRE-ATLAS:AML.T0007', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.7.5', 'CWE:CWE-732', 'CWE:CWE-200'),
  control:
    'Grant the bucket to named principals (the roles of the workloads that use it) instead of `"*"`, or keep `"*"` only with a condition that limits callers to your organisation or network (`aws:PrincipalOrgID`, `aws:SourceVpce`), and turn on S3 Block Public Access for the account.',
  docs: {
    summary:
      'Finds resource policies (S3 bucket policies, and the policies of queues, topics, keys, repositories and other resources) with an Allow statement for `Principal: "*"`, `{"AWS": "*"}` or NotPrincipal and no condition that restricts the caller: an organisation, account, principal or source ARN (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceArn`…), a network path (`aws:SourceVpce`, `aws:SourceIp`) or a service. Critical when the statement lets anyone write, delete, or change ACLs and policies (judged from the AWS action catalog, so `s3:Put*` and NotAction count); high when it only lets anyone read or list. Negated operators, `…IfExists` and `aws:Referer` do not restrict.',
    risk:
      'A bucket that holds model artifacts, registry versions or training data and grants `s3:GetObject` to `*` lets anyone on the internet download the models (model theft) and the data they were trained on. Write access is worse: anyone can replace a registered model with a poisoned one, which the inference service loads on its next deploy, or rewrite the bucket policy and lock the owner out.',
    bad: {
      language: 'json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": "*",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::acme-mlflow-artifacts/*"\n  }]\n}',
    },
    good: {
      language: 'json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::111122223333:role/inference-api" },\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::acme-mlflow-artifacts/mlflow/*"\n  }]\n}',
      note: 'If many accounts of your organisation need the bucket, keep `"*"` with `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-…"}}`.',
    },
    references: [
      { title: 'Blocking public access to your Amazon S3 storage', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' },
      { title: 'The meaning of "public" for S3 bucket policies', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status' },
      { title: 'Examples of Amazon S3 bucket policies', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const policy of artifact.policies) {
      if (policy.kind !== 'resource') continue;
      for (const statement of policy.document.statements) {
        if (!opensToAnyone(statement)) continue;
        if (clausesFor(statement, [...CALLER_KEYS, ...NETWORK_KEYS, ...SERVICE_KEYS]).some(narrows)) continue;
        const block = statement.principal ?? statement.notPrincipal!;
        const written = writes(statement);
        const actions = statement.notAction ? `every action but ${statement.notAction.map((action) => action.value).join(', ')}` : (statement.action ?? []).map((action) => action.value).join(', ');
        const buckets = bucketsOf(statement, policy.resource);
        const stores = buckets.flatMap((bucket) => platform.storage().filter((store) => store.kind === 's3-bucket' && store.name === bucket));
        const s3 = buckets.length > 0 || /^s3:/i.test(actions);
        const named = (statement.resource ?? []).map((resource) => resource.value).filter((value) => value !== '*');
        const target = buckets.length ? buckets.map((bucket) => `the bucket ${bucket}`).join(', ') : (policy.resource ?? named.join(', ')) || 'the resource';
        const holds = describeHolds(stores);
        const anyone = s3 ? 'anyone on the internet, signed in or not,' : 'any principal in any AWS account';
        const referer = clausesFor(statement, ['aws:Referer']).length > 0;
        report({
          start: block.start,
          end: block.end,
          location: { jsonPointer: block.pointer },
          severity: written.length ? 'critical' : 'high',
          title: written.length ? 'Bucket or resource policy lets anyone write or change it' : 'Bucket or resource policy lets anyone read it',
          message: `${statementLabel(statement).replace(/^s/, 'S')} of the policy on ${target} allows ${actions} to ${statement.notPrincipal ? 'everyone but the NotPrincipal list' : '`*`'} with no condition that restricts the caller${written.length ? `; ${written.join(', ')} ${written.length === 1 ? 'writes' : 'write'} or changes permissions` : ''}.`,
          evidence: `Principal ${statement.notPrincipal ? 'NotPrincipal' : '*'} -> ${actions}`,
          blastRadius: written.length
            ? `${capitalise(anyone)} can ${/PutBucketPolicy|PutBucketAcl|PutObjectAcl|\*/i.test(written.join(' ')) ? 'rewrite the policy or ACLs, lock you out, ' : ''}${s3 ? 'overwrite or delete objects in' : 'write to or change'} ${target}${holds ? `, which holds ${holds}: a replaced model is what the inference service loads next` : ''}.`
            : `${capitalise(anyone)} can read ${target}${holds ? `, which holds ${holds}: anyone downloads the models and the data behind them` : ''}${s3 ? ' (unless S3 Block Public Access is on for the bucket or account, which ignores such statements)' : ''}.`,
          identity: `${policy.name}:${statement.sid ?? statement.index}:public`,
          notes: referer ? ['`aws:Referer` is a header the caller sets; it does not restrict who can call.'] : undefined,
          fix: {
            description: 'Statement limited to the principals of your organisation',
            language: 'json',
            snippet: JSON.stringify(
              {
                Effect: 'Allow',
                Principal: { AWS: '*' },
                Action: statement.action?.map((action) => action.value) ?? '<the actions the callers need>',
                Resource: statement.resource?.map((resource) => resource.value) ?? '<the resource>',
                Condition: { StringEquals: { 'aws:PrincipalOrgID': '<your organization id, o-…>' } },
              },
              null,
              2,
            ),
          },
        });
      }
    }
  },
});

function describeHolds(stores: InventoryStorage[]): string {
  const holds = [...new Set(stores.flatMap((store) => store.holds ?? []))];
  return holds.join(', ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
