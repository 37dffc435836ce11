import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { ActionInfo } from '../../iam/catalog.js';
import { unscopedResources } from '../../iam/grants.js';
import { CREDENTIAL_ACTIONS, DATA_READ_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from '../../iam/sensitive-actions.js';
import { isReconnaissance } from './reconnaissance-actions.js';
import { cap, holderViews, isFullAdmin, listActions, namedUnscoped, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

// Actions other rules report with more to say; this rule takes what is left.
const CLAIMED = new Set([...DATA_READ_ACTIONS, ...CREDENTIAL_ACTIONS, ...RESOURCE_EXPOSURE_ACTIONS].map((id) => id.toLowerCase()));
/** Services holding models, data, code or identities: unscoped writes or reads there are medium, elsewhere low. */
const SENSITIVE_SERVICES = new Set(['iam', 'sts', 'kms', 's3', 'sagemaker', 'secretsmanager', 'ssm', 'lambda', 'ecr', 'dynamodb', 'rds', 'glue', 'bedrock', 'ec2', 'ecs', 'cloudformation', 'codebuild', 'codecommit', 'redshift', 'athena']);

function isSerious(info: ActionInfo): boolean {
  return info.level === 'Permissions management' || ((info.level === 'Write' || info.level === 'Read') && SENSITIVE_SERVICES.has(info.service));
}

export default defineRule({
  id: 'iam/unscoped-resource',
  artifact: 'iam',
  title: 'Action that can be scoped granted on every resource',
  category: 'excessive-privilege',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-269', 'CWE:CWE-732'),
  control: 'Put the ARN of the resource the workload uses in Resource (the log group, the role it passes, the table) instead of `"*"` or a wildcard ARN such as `arn:aws:iam::*:role/*`.',
  docs: {
    summary:
      'Finds actions that AWS lets you scope to a resource (their resource types in the Service Authorization Reference) granted on `"*"` or on a wildcard ARN whose account or resource part is a wildcard (`arn:aws:iam::*:role/*`, `arn:aws:s3:::*`, `log-group:*`), without conditions. Actions that only accept `"*"` are not reported. Actions that another IAM rule reports with more context (data reads, credentials, resource exposure, enumeration, escalation paths) are left to it. Medium for permissions management and for reads and writes in services holding models, data, code or identities; low otherwise, such as `logs:CreateLogGroup`.',
    risk:
      'An action on `"*"` works on every resource of its kind in the account, and in other accounts that allow it: the inference role can create any log group, pass any role, write any table. Scoping to the ARN the workload uses costs nothing and removes that reach.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/ml/inference-api" }', note: 'Or drop it when the log group is created beforehand, by infrastructure code.' },
    references: [{ title: 'Service Authorization Reference: resource types', url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html' }],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (isFullAdmin(grant)) continue;
        const found = namedUnscoped(grant, (info) => info.resourceTypes.length > 0 && !CLAIMED.has(info.id.toLowerCase()) && !view.escalating.has(info) && !isReconnaissance(info));
        if (found.length === 0) continue;
        const { policy, statement } = grant;
        const serious = found.filter((entry) => isSerious(entry.info));
        const resources = [...new Set(found.flatMap((entry) => unscopedResources(statement, entry.info)))];
        const on = statement.notResource ? 'everything but its NotResource list' : resources.map((value) => `\`${value}\``).join(', ');
        const ordered = [...serious, ...found.filter((entry) => !isSerious(entry.info))];
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, found[0]!.value),
          location: statementLocation(policy, statement),
          severity: serious.length > 0 ? 'medium' : 'low',
          message: `${cap(statementLabel(policy, statement))} grants ${listActions(ordered.map((entry) => entry.info.id))} on ${on}, although ${found.length === 1 ? 'the action takes' : 'each takes'} a resource ARN: ${view.info.label} can use ${found.length === 1 ? 'it' : 'them'} on every such resource in the account.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, found.map((entry) => entry.info.id).join(',')),
          recommendation: `Replace ${on} with the ARN of the ${[...new Set(found.flatMap((entry) => entry.info.resourceTypes.filter((type) => type.required).map((type) => type.name)))].slice(0, 3).join(' or ') || 'resource'} the workload uses.`,
        });
      }
    }
  },
});
