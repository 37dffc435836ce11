import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { ActionInfo } from '../../iam/catalog.js';
import { CREDENTIAL_ACTIONS, RECON_ACTIONS, RECON_SERVICES } from '../../iam/sensitive-actions.js';
import { describeComponents } from '../../iam/workload.js';
import { cap, holderViews, isFullAdmin, listActions, namedUnscoped, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

const NAMED = new Set(RECON_ACTIONS.map((id) => id.toLowerCase()));
const CREDENTIALS = new Set(CREDENTIAL_ACTIONS.map((id) => id.toLowerCase()));

/** Listing and reading the account's identities, network and inventory: what an intruder does first. */
export function isReconnaissance(info: ActionInfo): boolean {
  if (CREDENTIALS.has(info.id.toLowerCase())) return false;
  if (NAMED.has(info.id.toLowerCase())) return true;
  return RECON_SERVICES.includes(info.service) && (info.level === 'List' || info.level === 'Read');
}

export default defineRule({
  id: 'iam/reconnaissance-actions',
  artifact: 'iam',
  title: 'Account enumeration a workload does not need',
  category: 'excessive-privilege',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0007', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-200', 'CWE:CWE-250'),
  control: 'Remove listing and describe actions (`ec2:Describe*`, `iam:List*`, `iam:Get*`, `secretsmanager:ListSecrets` …) from workload policies; a service that reads its model and writes its logs never needs to map the account.',
  docs: {
    summary:
      'Finds Allow statements without conditions that grant, on `"*"` or a wildcard ARN, the List and Read actions of IAM, EC2, Organizations, SSO, IAM Identity Center and CloudTrail, and single listing actions elsewhere (`s3:ListAllMyBuckets`, `secretsmanager:ListSecrets`, `ssm:DescribeParameters`, `kms:ListKeys` …). One finding per statement, at the first such action. When the platform inventory says which workload uses the policy, the message names it.',
    risk:
      'Enumeration is the first thing an intruder does with a stolen role: which roles exist and whom they trust, which instances and networks run the platform, where the secrets and buckets are. Inference and training workloads need none of it, so it only helps whoever takes them over.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": ["ec2:DescribeInstances", "iam:ListRoles"], "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/ml/inference-api:*" }', note: 'No enumeration at all: the workload knows the names it uses.' },
    references: [
      { title: 'MITRE ATT&CK T1580 Cloud Infrastructure Discovery', url: 'https://attack.mitre.org/techniques/T1580/' },
      { title: 'AWS: Refine permissions using last accessed information', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      const workload = view.info.components.length ? describeComponents(view.info.components) : undefined;
      for (const grant of view.grants) {
        if (isFullAdmin(grant)) continue;
        const found = namedUnscoped(grant, isReconnaissance);
        if (found.length === 0) continue;
        const { policy, statement } = grant;
        const services = [...new Set(found.map((entry) => entry.info.service))];
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, found[0]!.value),
          location: statementLocation(policy, statement),
          title: `${services.map((service) => service.toUpperCase()).join(' and ')} enumeration allowed`,
          message:
            `${cap(statementLabel(policy, statement))} lets ${view.info.label} enumerate the account with ${listActions(found.map((entry) => entry.info.id))} on any resource. ` +
            (workload ? `The policy belongs to ${workload}, which has no reason to list ${services.join(' or ')} resources.` : 'A workload that knows the resources it uses has no reason to list them.'),
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, found.map((entry) => entry.info.id).join(',')),
          recommendation: `Remove ${listActions(found.map((entry) => entry.info.id), 3)} from the policy.`,
        });
      }
    }
  },
});
