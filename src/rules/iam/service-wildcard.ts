import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { iamCatalog } from '../../iam/catalog.js';
import { grantsUnscoped, isServiceWildcard } from '../../iam/grants.js';
import { CREDENTIAL_ACTIONS, CRITICAL_SERVICES, DATA_READ_ACTIONS, RESOURCE_EXPOSURE_ACTIONS } from '../../iam/sensitive-actions.js';
import { cap, holderViews, isFullAdmin, listActions, rangeOf, statementEvidence, statementIdentity, statementLabel, statementLocation, leastPrivilegeFix } from './walk.js';

const NOTABLE = new Set([...DATA_READ_ACTIONS, ...CREDENTIAL_ACTIONS, ...RESOURCE_EXPOSURE_ACTIONS].map((id) => id.toLowerCase()));

export default defineRule({
  id: 'iam/service-wildcard',
  artifact: 'iam',
  title: 'Every action of a service allowed (service:*)',
  category: 'excessive-privilege',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-269', 'CWE:CWE-250'),
  control: 'Replace `service:*` with the named actions the workload calls (CloudTrail or IAM Access Advisor show which), on the workload’s own resources.',
  docs: {
    summary:
      'Finds Allow statements whose Action is a whole service (`s3:*`, `sagemaker:*`, `iam:*`) on `"*"`, a wildcard ARN or a NotResource. High for services that govern identity and keys (iam, sts, kms, organizations, account, sso), medium for the rest. The message counts the actions the wildcard grants today and names the dangerous ones among them.',
    risk:
      'A service wildcard grants every action the service has now and every one it adds later: `s3:*` includes deleting buckets and rewriting bucket policies, `sagemaker:*` includes starting jobs with any execution role and opening notebooks, `iam:*` is administrator in all but name.',
    bad: { language: 'json', code: '{ "Effect": "Allow", "Action": "s3:*", "Resource": "*" }' },
    good: { language: 'json', code: '{ "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-mlflow-artifacts/mlflow/*" }' },
    references: [{ title: 'AWS: Grant least privilege', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege' }],
  },
  check({ artifact, platform, report }) {
    const catalog = iamCatalog();
    for (const view of holderViews(artifact, platform)) {
      for (const grant of view.grants) {
        if (isFullAdmin(grant) || !grant.statement.action) continue;
        const wildcards = grant.statement.action.filter((value) => {
          if (!isServiceWildcard(value.value)) return false;
          const infos = catalog.expand(value.value);
          return infos.length > 0 && infos.some((info) => grant.actions.has(info) && grantsUnscoped(grant.statement, info));
        });
        if (wildcards.length === 0) continue;
        const { policy, statement } = grant;
        const services = wildcards.map((value) => value.value.split(':')[0]!.toLowerCase());
        const high = services.some((service) => CRITICAL_SERVICES.includes(service));
        const described = wildcards.map((value) => {
          const infos = catalog.expand(value.value).filter((info) => grant.actions.has(info));
          const notable = infos.filter((info) => NOTABLE.has(info.id.toLowerCase()) || info.level === 'Permissions management').map((info) => info.id);
          return `\`${value.value}\` (${infos.length} actions${notable.length ? `, among them ${listActions(notable, 4)}` : ''})`;
        });
        report({
          fix: leastPrivilegeFix(artifact, platform),
          ...rangeOf(policy, wildcards[0]!),
          location: statementLocation(policy, statement),
          severity: high ? 'high' : 'medium',
          message: `${cap(statementLabel(policy, statement))} allows ${described.join(' and ')} on ${statement.notResource ? 'everything but the NotResource list' : 'unscoped resources'}, for ${view.info.label}. A service wildcard also grants every action the service adds later.`,
          evidence: statementEvidence(statement),
          blastRadius: view.radius.sentence,
          identity: statementIdentity(view, policy, statement, services.join(',')),
          recommendation: `List the ${services.join(' and ')} actions the workload calls instead of the wildcard, on its own resources.`,
        });
      }
    }
  },
});
