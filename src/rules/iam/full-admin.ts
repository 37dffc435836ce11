import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { holderSentence } from '../../iam/workload.js';
import { holderViews, isFullAdmin, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

export default defineRule({
  id: 'iam/full-admin',
  artifact: 'iam',
  title: 'Identity allowed every action on every resource',
  category: 'excessive-privilege',
  severity: 'critical',
  confidence: 'high',
  labSignal: 'overprivileged-training-job-role',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0012', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-269', 'CWE:CWE-250'),
  control:
    'Detach AdministratorAccess (and any `"Action": "*"` on `"Resource": "*"`) from workload identities; give each workload a role with only the actions its job needs on its own bucket, prefix and log group (`mlops-audit fix` writes one), and keep administrator rights for break-glass roles behind MFA.',
  docs: {
    summary:
      'Finds identity policy statements that allow every action on every resource: `"Action": "*"` or `"*:*"` on `"Resource": "*"`, a `NotAction` that leaves all of IAM allowed (and with it the power to grant the rest), and the AWS managed policy AdministratorAccess attached to a user or role. The message names the identity, its access keys and the workload that uses it when the platform inventory knows them. Such a statement is reported once here, not again as a service wildcard, escalation path or reconnaissance.',
    risk:
      'An identity with administrator rights is the whole account: whoever holds its key or runs code as it can read and overwrite every model artifact and training set, change the registry, and create new users and keys that outlive the one that leaked. On ML platforms these rights often sit on notebook and training identities whose keys end up in notebooks and CI logs.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": "*", "Resource": "*" }' },
    good: {
      language: 'json',
      code: '{ "Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob"], "Resource": "arn:aws:sagemaker:us-east-1:111122223333:training-job/churn-*" }',
      note: 'Plus s3:GetObject on the training-data prefix and iam:PassRole on the one execution role, with iam:PassedToService sagemaker.amazonaws.com.',
    },
    references: [
      { title: 'AWS: Apply least-privilege permissions', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege' },
      { title: 'AWS managed policy AdministratorAccess', url: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (!isFullAdmin(grant)) continue;
        const { policy, statement } = grant;
        const value = statement.action?.find((entry) => /^\*(?::\*)?$/.test(entry.value)) ?? statement.notAction?.[0] ?? statement;
        const who = holderSentence(view.info);
        const how = policy.managed ? `has the AWS managed policy ${policy.managed.name} attached` : `is allowed ${statement.action ? 'every action' : `everything but ${statement.notAction!.map((entry) => entry.value).join(', ')}`} on every resource by ${statementLabel(policy, statement)}`;
        const conditional = grant.conditional;
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, value),
          location: statementLocation(policy, statement),
          severity: conditional ? 'high' : 'critical',
          title: policy.managed ? `${policy.managed.name} attached to ${view.info.label}` : undefined,
          message:
            `${who.charAt(0).toUpperCase()}${who.slice(1)} ${how}: it can do anything in the account, including writing IAM policies and minting keys for itself.` +
            (conditional ? ' The statement has conditions, which narrow when it applies but not what it grants.' : ''),
          evidence: policy.managed ? `${policy.managed.arn}: ${statementEvidence(statement)}` : statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, 'admin'),
          recommendation: `Remove ${policy.managed ? policy.managed.name : 'the statement'} from ${view.info.label} and grant only what its workload needs; \`mlops-audit fix\` proposes a least-privilege policy.`,
        });
      }
    }
  },
});
