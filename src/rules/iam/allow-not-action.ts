import { thousands } from '../../iam/blast-radius.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { cap, holderViews, isFullAdmin, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

export default defineRule({
  id: 'iam/allow-not-action',
  artifact: 'iam',
  title: 'Allow with NotAction or NotResource',
  category: 'excessive-privilege',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-269', 'CWE:CWE-250'),
  control: 'Write Allow statements as lists of what is allowed (Action and Resource); keep NotAction and NotResource for Deny statements, where they express "deny everything except".',
  docs: {
    summary:
      'Finds Allow statements that use NotAction (high: everything except the listed actions, including every action AWS adds later) or NotResource (medium: the actions on every resource except the listed ones). A NotAction that leaves all of IAM allowed on `"*"` is reported as iam/full-admin instead.',
    risk:
      'An Allow with NotAction grants thousands of actions across hundreds of services, and grows whenever AWS ships a service; an Allow with NotResource reaches every resource but a few, in this account and others. Both read as restrictions and are grants.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob"], "Resource": "arn:aws:sagemaker:us-east-1:111122223333:training-job/churn-*" }' },
    references: [
      { title: 'IAM JSON policy elements: NotAction', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html' },
      { title: 'IAM JSON policy elements: NotResource', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        const { policy, statement } = grant;
        if ((!statement.notAction && !statement.notResource) || isFullAdmin(grant)) continue;
        const notAction = statement.notAction !== undefined;
        const anchor = (notAction ? statement.notAction![0] : statement.notResource![0]) ?? statement;
        const count = thousands(grant.actions.size);
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, anchor),
          location: statementLocation(policy, statement),
          severity: notAction ? 'high' : 'medium',
          title: notAction ? 'Allow with NotAction' : 'Allow with NotResource',
          message: notAction
            ? `${cap(statementLabel(policy, statement))} allows everything except ${statement.notAction!.map((entry) => `\`${entry.value}\``).join(', ')}: ${count} actions today for ${view.info.label}, and every action AWS adds later.`
            : `${cap(statementLabel(policy, statement))} allows its ${count} action${grant.actions.size === 1 ? '' : 's'} on every resource except ${statement.notResource!.map((entry) => `\`${entry.value}\``).join(', ')}, for ${view.info.label}.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, notAction ? 'NotAction' : 'NotResource'),
          recommendation: notAction ? 'List the allowed actions in Action instead.' : 'List the allowed resources in Resource instead.',
        });
      }
    }
  },
});
