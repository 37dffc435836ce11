import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { RESOURCE_EXPOSURE_ACTIONS } from '../../iam/sensitive-actions.js';
import { cap, holderViews, isFullAdmin, listActions, namedUnscoped, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

const EXPOSING = new Set(RESOURCE_EXPOSURE_ACTIONS.map((id) => id.toLowerCase()));

export default defineRule({
  id: 'iam/resource-exposure',
  artifact: 'iam',
  title: 'Actions that rewrite resource policies allowed on every resource',
  category: 'excessive-privilege',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'OWASP-ML-2023:ML05:2023', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-732', 'CWE:CWE-284'),
  control: 'Keep bucket, key, repository, role-trust and model-package-group policy changes in infrastructure code run by a deployer role, never in workload policies; at most scope them to the resources the workload owns.',
  docs: {
    summary:
      'Finds Allow statements without conditions that grant, on `"*"` or a wildcard ARN, an action that changes who else may use a resource: `s3:PutBucketPolicy`, `PutBucketAcl`, `PutObjectAcl`, public access block changes, `iam:UpdateAssumeRolePolicy`, `sagemaker:PutModelPackageGroupPolicy`, `kms:PutKeyPolicy`, `kms:CreateGrant`, `ecr:SetRepositoryPolicy`, `lambda:AddPermission` and similar (list in src/iam/sensitive-actions.ts).',
    risk:
      'With one call the holder makes the model bucket public, shares the model registry or the images training pulls with another account, or lets an outside principal assume a role: exposure that outlives the compromise and that no identity policy review will show.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": ["s3:PutBucketPolicy", "sagemaker:PutModelPackageGroupPolicy"], "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-mlflow-artifacts/mlflow/*" }', note: 'Bucket and registry policies are managed by the infrastructure pipeline, not the workload.' },
    references: [{ title: 'Cloudsplaining: resource exposure', url: 'https://cloudsplaining.readthedocs.io/en/latest/glossary/resource-exposure/' }],
  },
  check({ artifact, platform, report }) {
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (isFullAdmin(grant)) continue;
        const found = namedUnscoped(grant, (info) => EXPOSING.has(info.id.toLowerCase()) && !view.escalating.has(info));
        if (found.length === 0) continue;
        const { policy, statement } = grant;
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, found[0]!.value),
          location: statementLocation(policy, statement),
          message: `${cap(statementLabel(policy, statement))} lets ${view.info.label} call ${listActions(found.map((entry) => entry.info.id))} on any resource: it can open buckets, keys, registries or roles to other accounts or to everyone.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, found.map((entry) => entry.info.id).join(',')),
          recommendation: 'Remove these actions from the workload policy; manage resource policies from infrastructure code.',
        });
      }
    }
  },
});
