import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { pathLabel, type PresentPath } from '../../iam/escalation.js';
import { holderSentence } from '../../iam/workload.js';
import { cap, holderViews, isFullAdmin, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

export default defineRule({
  id: 'iam/privilege-escalation',
  artifact: 'iam',
  title: 'Privilege escalation path',
  category: 'excessive-privilege',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0012', 'NIST-AI-RMF:MANAGE 1.3', 'ISO-42001:A.6.2.6', 'CWE:CWE-269'),
  control:
    'Scope `iam:PassRole` to the one execution role the workload starts jobs with (and `iam:PassedToService` to its service), scope `sts:AssumeRole` to named roles, and keep policy, key and login-profile changes out of workload policies.',
  docs: {
    summary:
      'Follows a published catalogue of AWS privilege escalation paths (Rhino Security Labs’ 21 methods and Hacking the Cloud’s additions for SageMaker training, processing and notebook instances, ECS and CodeBuild; data and source URLs in src/iam/escalation-paths.ts). A path is present when the identity’s policies allow every one of its actions on `"*"` or a wildcard ARN such as `arn:aws:iam::*:role/*`. Critical when every step is granted without conditions; high when a condition narrows a step, for instance `iam:PassRole` limited by `iam:PassedToService` to SageMaker, which still passes any role to SageMaker. Paths are grouped at the statement that grants their first action.',
    risk:
      'Each path turns a limited identity into a more privileged one: `iam:PassRole` on every role plus `sagemaker:CreateTrainingJob` runs an attacker’s container as any execution role the account has; `iam:CreatePolicyVersion` rewrites a policy to `"*"`. An ML workload that can start jobs with any role is one stolen notebook away from administrator.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": ["iam:PassRole", "sagemaker:CreateTrainingJob"], "Resource": "*" }' },
    good: {
      language: 'json',
      code: '{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/churn-training-execution",\n  "Condition": { "StringEquals": { "iam:PassedToService": "sagemaker.amazonaws.com" } } }',
    },
    references: [
      { title: 'Rhino Security Labs: AWS IAM privilege escalation methods', url: 'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/' },
      { title: 'Hacking the Cloud: AWS IAM privilege escalation techniques', url: 'https://hackingthe.cloud/aws/exploitation/iam_privilege_escalation/' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      // An administrator has nothing to escalate to; iam/full-admin says so.
      if (view.grants.some(isFullAdmin)) continue;
      const groups = new Map<string, PresentPath[]>();
      for (const present of view.radius.escalations) {
        const anchor = present.steps[0]!;
        const key = `${anchor.grant.policy.id}#${anchor.grant.statement.index}#${anchor.value.start}`;
        groups.set(key, [...(groups.get(key) ?? []), present]);
      }
      for (const paths of groups.values()) {
        const anchor = paths[0]!.steps[0]!;
        const { policy, statement } = anchor.grant;
        const critical = paths.some((present) => present.severity === 'critical');
        const conditions = [...new Set(paths.flatMap((present) => present.steps.filter((step) => step.conditional).map((step) => `${step.action} only when ${step.grant.statement.conditions.map((clause) => `${clause.key} ${clause.operator} ${clause.values.join(', ')}`).join(' and ')}`)))];
        const described = paths.map((present) => `${pathLabel(present.path)} (${present.path.how}; ${present.path.source})`);
        const others = [...new Set(paths.flatMap((present) => present.steps.slice(1).map((step) => statementLabel(step.grant.policy, step.grant.statement))))].filter((label) => label !== statementLabel(policy, statement));
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, anchor.value),
          location: statementLocation(policy, statement),
          severity: critical ? 'critical' : 'high',
          title: `Privilege escalation: ${pathLabel(paths[0]!.path)}${paths.length > 1 ? ` and ${paths.length - 1} more path${paths.length > 2 ? 's' : ''}` : ''}`,
          message:
            `${cap(holderSentence(view.info))} can escalate its privileges: ${described.join('; ')}. ` +
            `${cap(statementLabel(policy, statement))} grants \`${anchor.action}\` on an unscoped resource${others.length ? `; the other steps come from ${others.join(', ')}` : ''}.` +
            (conditions.length ? ` A condition narrows ${conditions.join('; ')}, which still lets it use any role with that service, so the path stays open.` : ''),
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, paths.map((present) => present.path.id).join(',')),
          recommendation: 'Scope the first step to the exact role or resource the workload needs (iam:PassRole to one execution role ARN), or remove it.',
        });
      }
    }
  },
});
