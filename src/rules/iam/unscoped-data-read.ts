import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { iamCatalog } from '../../iam/catalog.js';
import { grantsUnscoped, unscopedResources } from '../../iam/grants.js';
import { DATA_READ_ACTIONS } from '../../iam/sensitive-actions.js';
import { cap, holderViews, isFullAdmin, listActions, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

const REACH: Record<string, string> = { s3: 'every object in every bucket', secretsmanager: 'every secret', ssm: 'every parameter', kms: 'everything encrypted with any key' };

function reach(found: Array<{ service: string }>): string[] {
  return [...new Set(found.map((info) => REACH[info.service] ?? `every ${info.service} resource`))];
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export default defineRule({
  id: 'iam/unscoped-data-read',
  artifact: 'iam',
  title: 'Object, secret or key reads allowed on every resource',
  category: 'excessive-privilege',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0035', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.7.5', 'CWE:CWE-200', 'CWE:CWE-269'),
  control: 'Scope object reads to the bucket and prefix the workload reads (`arn:aws:s3:::acme-mlflow-artifacts/mlflow/*`) and secret, parameter and key reads to the named secrets, parameter paths and key ARNs.',
  docs: {
    summary:
      'Finds Allow statements without conditions that grant `s3:GetObject` (directly or through `s3:Get*`, `s3:*`), `secretsmanager:GetSecretValue`, `ssm:GetParameter*` or `kms:Decrypt` on `"*"`, `arn:aws:s3:::*` or another wildcard ARN. The blast radius names the model artifact and training data buckets from the platform inventory that the grant reaches, and the secrets it reads.',
    risk:
      'A workload that only needs its model can then download every model, training set and evaluation set in the account, and every secret: one server-side request forgery or leaked key turns into model theft and data exfiltration.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-mlflow-artifacts/mlflow/models/churn/*" }' },
    references: [
      { title: 'Amazon S3: policy examples for object access', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html' },
      { title: 'OWASP ML05:2023 Model Theft', url: 'https://owasp.org/www-project-machine-learning-security-top-10/docs/ML05_2023-Model_Theft' },
    ],
  },
  check({ artifact, platform, report }) {
    const catalog = iamCatalog();
    const reads = DATA_READ_ACTIONS.map((id) => catalog.action(id)).filter((info) => info !== undefined);
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (grant.conditional || isFullAdmin(grant)) continue;
        const found = reads.filter((info) => grant.actions.has(info) && grantsUnscoped(grant.statement, info));
        if (found.length === 0) continue;
        const { policy, statement } = grant;
        const first = grant.actions.get(found[0]!)!;
        const resources = [...new Set(found.flatMap((info) => unscopedResources(statement, info)))];
        const on = statement.notResource ? 'everything but its NotResource list' : resources.map((value) => `\`${value}\``).join(', ');
        const via = [...new Set(found.map((info) => grant.actions.get(info)!.value))].filter((value) => value !== 'NotAction');
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, first.value === 'NotAction' ? statement : first),
          location: statementLocation(policy, statement),
          message:
            `${cap(statementLabel(policy, statement))} lets ${view.info.label} call ${listActions(found.map((info) => info.id))}${via.length && via.some((value) => !found.some((info) => info.id.toLowerCase() === value.toLowerCase())) ? ` (through ${via.map((value) => `\`${value}\``).join(', ')})` : ''} on ${on}: ` +
            `it reads ${joinAnd(reach(found))} the account holds, not just what its workload needs.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, found.map((info) => info.id).join(',')),
          recommendation: 'Name the bucket and prefix (and the secrets, parameters and keys) the workload reads in Resource.',
        });
      }
    }
  },
});
