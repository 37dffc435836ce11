import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { assumeActionsOf, CALLER_KEYS, clausesFor, narrows, opensToAnyone, ownAccount, rootAccountOf, statementLabel, trustSubject } from './trust-facts.js';

export default defineRule({
  id: 'iam/open-trust-policy',
  artifact: 'iam',
  title: 'Role trust policy lets any AWS principal assume the role',
  category: 'excessive-privilege',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0012', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-284', 'CWE:CWE-732'),
  control:
    'Name the principals that may assume the role (a role or account ARN, a service such as `sagemaker.amazonaws.com`), or keep `"*"` only with a condition that pins the caller to your organisation or account (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`).',
  docs: {
    summary:
      'Finds trust policies whose Allow statements grant `sts:AssumeRole`, `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML` (also through wildcards or NotAction) to `Principal: "*"`, `{"AWS": "*"}` or with NotPrincipal. Critical when no condition pins the caller; medium when only `sts:ExternalId` does, since an external id is a shared string rather than an identity check. Conditions with a negated operator (`StringNotEquals`), `…IfExists` or only wildcard values do not count. Trusting the root of another account is reported at low severity (info when the role\'s own account is unknown) unless a condition narrows it.',
    risk:
      'A role that anyone may assume is a set of permanent credentials published to every AWS account in the world: an attacker in their own account calls `sts:AssumeRole` with the role ARN (which leaks through logs, error messages and repositories) and acts as the role. For an ML platform that is usually a training or inference role that reads every model artifact and training data set and can write to the registry.',
    bad: {
      language: 'json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "*" },\n    "Action": "sts:AssumeRole"\n  }]\n}',
    },
    good: {
      language: 'json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::111122223333:role/ml-deployer" },\n    "Action": "sts:AssumeRole"\n  }]\n}',
      note: 'When a wide principal is needed (many accounts of one organisation), keep `"*"` and add `"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`.',
    },
    references: [
      { title: 'IAM JSON policy elements: Principal (roles and trust policies)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html' },
      { title: 'The confused deputy problem and sts:ExternalId', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
      { title: 'AWS global condition context keys', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const policy of artifact.policies) {
      if (policy.kind !== 'trust') continue;
      const subject = trustSubject(artifact, policy, platform);
      for (const statement of policy.document.statements) {
        const actions = assumeActionsOf(statement);
        if (actions.length === 0) continue;
        const pinned = clausesFor(statement, CALLER_KEYS).some(narrows);
        const externalId = clausesFor(statement, ['sts:ExternalId']).some(narrows);
        const where = statementLabel(statement);
        const grants = actions.map((action) => `\`${action}\``).join(', ');

        if (opensToAnyone(statement)) {
          if (pinned) continue;
          const block = statement.principal ?? statement.notPrincipal!;
          const written = statement.notPrincipal ? 'NotPrincipal (everyone but the listed principals)' : statement.principal!.values.length ? '`{"AWS": "*"}`' : '`Principal: "*"`';
          report({
            start: block.start,
            end: block.end,
            location: { jsonPointer: block.pointer },
            severity: externalId ? 'medium' : 'critical',
            title: externalId ? 'Role trust policy open to any AWS principal, guarded only by sts:ExternalId' : undefined,
            message: externalId
              ? `The trust policy of ${subject.label} grants ${grants} to ${written} in ${where}; only an \`sts:ExternalId\` condition stands between any AWS account and the role.`
              : `The trust policy of ${subject.label} grants ${grants} to ${written} in ${where} with no condition on who the caller is: any principal in any AWS account can assume the role.`,
            evidence: `${written.replace(/`/g, '')} -> ${actions.join(', ')}`,
            blastRadius: `Whoever assumes the role gets ${subject.reach}, from outside your account and with your account paying for it.${externalId ? ' The external id is a string shared with a partner, not an identity check: anyone who learns it (from a support ticket, a configuration file, a log) gets in.' : ''}`,
            identity: `${policy.name}:${statement.sid ?? statement.index}:anyone`,
            notes: externalId ? ['`sts:ExternalId` protects a third party from being used as a confused deputy; it does not say which account may call. Name the partner account as the principal and keep the external id.'] : undefined,
            fix: {
              description: 'Trust statement limited to the principals of your organisation',
              language: 'json',
              snippet: JSON.stringify({ Effect: 'Allow', Principal: { AWS: '*' }, Action: actions.length === 1 ? actions[0] : actions, Condition: { StringEquals: { 'aws:PrincipalOrgID': '<your organization id, o-…>' } } }, null, 2),
            },
          });
          continue;
        }

        const narrowed = pinned || externalId || clausesFor(statement, ['aws:MultiFactorAuthPresent', 'aws:PrincipalTag', 'sts:RoleSessionName']).some(narrows);
        if (narrowed || statement.effect !== 'Allow') continue;
        const own = ownAccount(subject, platform);
        for (const value of statement.principal?.values ?? []) {
          if (value.type !== 'AWS') continue;
          const account = rootAccountOf(value.value);
          if (!account || account === own) continue;
          report({
            start: value.start,
            end: value.end,
            location: { jsonPointer: value.pointer },
            severity: own ? 'low' : 'info',
            confidence: 'medium',
            title: 'Role trust policy trusts a whole other AWS account',
            message: `The trust policy of ${subject.label} grants ${grants} to the root of account ${account}${own ? `, not its own account ${own}` : ''}: every user and role in that account whose own policies allow \`sts:AssumeRole\` can assume it, as that account decides.`,
            evidence: value.value,
            blastRadius: `Anyone the other account lets call sts:AssumeRole gets ${subject.reach}; your account no longer controls who that is.`,
            identity: `${policy.name}:${statement.sid ?? statement.index}:root:${account}`,
            recommendation: `Name the role in account ${account} that needs access (\`arn:aws:iam::${account}:role/<name>\`), or add an \`aws:PrincipalArn\` condition; for a vendor, also require \`sts:ExternalId\`.`,
          });
        }
      }
    }
  },
});
