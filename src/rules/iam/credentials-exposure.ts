import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { CREDENTIAL_ACTIONS } from '../../iam/sensitive-actions.js';
import { cap, holderViews, isFullAdmin, listActions, namedUnscoped, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

const CREDENTIALS = new Set(CREDENTIAL_ACTIONS.map((id) => id.toLowerCase()));

export default defineRule({
  id: 'iam/credentials-exposure',
  artifact: 'iam',
  title: 'Actions that return credentials allowed on every resource',
  category: 'excessive-privilege',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0055', 'MITRE-ATLAS:AML.T0012', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-522', 'CWE:CWE-269'),
  control: 'Remove actions that mint credentials or signed login URLs from workload policies, or scope them to the one user, notebook, domain, cluster or repository the workload owns.',
  docs: {
    summary:
      'Finds Allow statements without conditions that grant, on `"*"` or a wildcard ARN, an action whose response is a credential: access keys (`iam:CreateAccessKey`), federation tokens, registry and CodeArtifact tokens, Redshift database credentials, and SageMaker presigned notebook, Studio and MLflow URLs. The list is data in src/iam/sensitive-actions.ts. An action that completes a privilege escalation path is reported by iam/privilege-escalation instead.',
    risk:
      'Each call hands back a new secret: a presigned notebook URL is a logged-in Jupyter running as the notebook’s execution role; an ECR token pushes images that training and inference pull; a new access key for another user outlives every rotation of the workload’s own.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": ["sagemaker:CreatePresignedNotebookInstanceUrl", "ecr:GetAuthorizationToken"], "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": "sagemaker:CreatePresignedNotebookInstanceUrl", "Resource": "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/churn-analysis" }' },
    references: [
      { title: 'Cloudsplaining: credentials exposure', url: 'https://cloudsplaining.readthedocs.io/en/latest/glossary/credentials-exposure/' },
      { title: 'SageMaker: control access to notebook instances', url: 'https://docs.aws.amazon.com/sagemaker/latest/dg/howitworks-access-ws.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (isFullAdmin(grant)) continue;
        const found = namedUnscoped(grant, (info) => CREDENTIALS.has(info.id.toLowerCase()) && !view.escalating.has(info));
        if (found.length === 0) continue;
        const { policy, statement } = grant;
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, found[0]!.value),
          location: statementLocation(policy, statement),
          message: `${cap(statementLabel(policy, statement))} lets ${view.info.label} call ${listActions(found.map((entry) => entry.info.id))} on any resource: each returns a working credential, token or signed login URL.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, found.map((entry) => entry.info.id).join(',')),
          recommendation: 'Drop these actions or scope each to the one resource the workload owns.',
        });
      }
    }
  },
});
