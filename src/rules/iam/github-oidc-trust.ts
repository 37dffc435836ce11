import { frameworks } from '../../core/frameworks.js';
import type { Severity } from '../../core/finding.js';
import { defineRule } from '../../core/rule.js';
import { assumeActionsOf, clausesFor, narrows, statementLabel, trustSubject } from './trust-facts.js';

const PROVIDER = 'token.actions.githubusercontent.com';
const SUB = `${PROVIDER}:sub`;
const AUD = `${PROVIDER}:aud`;

interface SubVerdict {
  severity: Severity;
  why: string;
}

/** How wide one `sub` value is; StringEquals compares literally, so only *Like operators make `*` a wildcard. */
function judgeSub(value: string, like: boolean): SubVerdict | undefined {
  const wild = (text: string) => like && /[*?]/.test(text);
  if (!wild(value)) return undefined;
  const match = /^repo:([^:]*)(?::(.*))?$/.exec(value);
  if (!match) return /^[*?]+$/.test(value) ? { severity: 'high', why: 'matches every subject, so any repository on GitHub' } : undefined;
  const [, repository = '', context] = match;
  const [owner = '', name] = repository.split('/');
  if (wild(owner)) return { severity: 'high', why: 'leaves the owner open, so any repository on GitHub' };
  if (name === undefined || wild(name)) return { severity: 'high', why: `matches every repository of ${owner}, including ones anyone in the organisation creates tomorrow` };
  if (context === undefined || wild(context)) return { severity: 'low', why: `matches every branch, tag, pull request and environment of ${owner}/${name}` };
  return undefined;
}

export default defineRule({
  id: 'iam/github-oidc-trust',
  artifact: 'iam',
  title: 'GitHub Actions OIDC trust does not restrict which repository may assume the role',
  category: 'excessive-privilege',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0012', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-284', 'CWE:CWE-269'),
  control:
    'Require `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com` and pin `token.actions.githubusercontent.com:sub` with StringEquals to one repository and one environment or branch (`repo:acme/ml-platform:environment:production`).',
  docs: {
    summary:
      'Finds trust policies that let the GitHub Actions OIDC provider (`Federated: arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`) call `sts:AssumeRoleWithWebIdentity` with no `token.actions.githubusercontent.com:sub` condition (critical: every repository on GitHub can assume the role), with a `sub` pattern that leaves the owner or repository open (`*`, `repo:*`, `repo:acme/*`: high), or one that allows every branch and event of one repository (`repo:acme/ml:*`: low, with a note to pin an environment or ref). A missing or wrong `:aud` condition is medium on its own and a note otherwise. Only `StringLike` (and `ForAnyValue:StringLike`) make `*` a wildcard; negated operators do not restrict.',
    risk:
      'GitHub signs an OIDC token for every workflow run of every repository on GitHub, and the audience is the same for all of them. If the role checks only that the token comes from GitHub, an attacker creates a repository, adds `permissions: id-token: write` and `aws-actions/configure-aws-credentials` with your role ARN, and gets your deployment role: typically the one that pushes models to the registry, updates SageMaker endpoints and reads the artifact bucket.',
    bad: {
      language: 'json',
      code: '{\n  "Effect": "Allow",\n  "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },\n  "Action": "sts:AssumeRoleWithWebIdentity",\n  "Condition": { "StringLike": { "token.actions.githubusercontent.com:sub": "repo:*" } }\n}',
    },
    good: {
      language: 'json',
      code: '{\n  "Effect": "Allow",\n  "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },\n  "Action": "sts:AssumeRoleWithWebIdentity",\n  "Condition": {\n    "StringEquals": {\n      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",\n      "token.actions.githubusercontent.com:sub": "repo:acme/ml-platform:environment:production"\n    }\n  }\n}',
      note: 'An environment in the subject lets GitHub environment protection rules (required reviewers, branch policies) decide which runs get the role.',
    },
    references: [
      { title: 'Configuring OpenID Connect in Amazon Web Services', url: 'https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services' },
      { title: 'OpenID Connect: example subject claims', url: 'https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims' },
      { title: 'IAM: creating a role for GitHub OIDC federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const policy of artifact.policies) {
      if (policy.kind !== 'trust') continue;
      for (const statement of policy.document.statements) {
        if (!assumeActionsOf(statement).includes('sts:AssumeRoleWithWebIdentity')) continue;
        const provider = statement.principal?.values.find((value) => value.type === 'Federated' && value.value.toLowerCase().endsWith(`oidc-provider/${PROVIDER}`));
        if (!provider) continue;
        const subject = trustSubject(artifact, policy, platform);
        const where = statementLabel(statement);
        const identity = `${policy.name}:${statement.sid ?? statement.index}`;
        const reach = `Whoever gets in acts as ${subject.label}: ${subject.reach}.`;

        const audClauses = clausesFor(statement, [AUD]).filter(narrows);
        const audOk = audClauses.some((clause) => clause.values.every((value) => value === 'sts.amazonaws.com'));
        const audProblem = audClauses.length === 0 ? `no \`${AUD}\` condition` : audOk ? undefined : `an \`${AUD}\` condition that accepts ${audClauses.flatMap((clause) => clause.values).map((value) => `\`${value}\``).join(', ')} rather than only \`sts.amazonaws.com\``;

        const subClauses = clausesFor(statement, [SUB]).filter(narrows);
        // Values of one clause are alternatives (the widest counts); separate clauses must all hold (the narrowest counts).
        const perClause = subClauses.map((clause) => {
          const judged = clause.values.map((value) => ({ value, verdict: judgeSub(value, /Like$/i.test(clause.operator)) }));
          const tight = judged.every((entry) => !entry.verdict);
          const worst = judged.filter((entry) => entry.verdict).sort((a, b) => rank(a.verdict!.severity) - rank(b.verdict!.severity))[0];
          return { clause, tight, worst };
        });
        const wide = perClause.some((entry) => entry.tight) ? undefined : perClause.sort((a, b) => rank(b.worst!.verdict!.severity) - rank(a.worst!.verdict!.severity))[0];
        const audNote = audProblem ? [`The statement also has ${audProblem}; require \`"${AUD}": "sts.amazonaws.com"\`.`] : undefined;
        const fix = {
          description: 'GitHub OIDC trust pinned to one repository and environment',
          language: 'json',
          snippet: JSON.stringify({ StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: 'repo:<owner>/<repository>:environment:<environment>' } }, null, 2),
        };

        if (subClauses.length === 0) {
          report({
            start: provider.start,
            end: provider.end,
            location: { jsonPointer: provider.pointer },
            message: `The trust policy of ${subject.label} lets GitHub Actions assume it in ${where} with no \`${SUB}\` condition${clausesFor(statement, [SUB]).length ? ' that restricts (a negated, IfExists or `*`-only condition does not)' : ''}: a workflow in any repository on GitHub can get the role.`,
            evidence: `${provider.value.split('/').pop()} without ${SUB}`,
            blastRadius: `Anyone with a GitHub account can create a repository, request an OIDC token and call sts:AssumeRoleWithWebIdentity with this role's ARN. ${reach}`,
            identity: `${identity}:no-sub`,
            notes: audNote,
            fix,
          });
          continue;
        }
        if (wide) {
          const { clause } = wide;
          const worst = wide.worst!;
          const severity = worst.verdict!.severity;
          report({
            start: clause.start,
            end: clause.end,
            location: { jsonPointer: clause.pointer },
            severity,
            confidence: severity === 'low' ? 'medium' : 'high',
            title: severity === 'low' ? 'GitHub Actions OIDC trust allows every branch and event of a repository' : 'GitHub Actions OIDC trust matches too many repositories',
            message: `The trust policy of ${subject.label} accepts the GitHub subject \`${worst.value}\` in ${where}, which ${worst.verdict!.why}.`,
            evidence: `${clause.operator} ${SUB}: ${worst.value}`,
            blastRadius:
              severity === 'low'
                ? `Anyone who can push a branch or open a pull request that runs a workflow in the repository gets the role, without the review a protected environment or branch would require. ${reach}`
                : `A workflow in any matching repository, including a new one or a fork-like copy made by anyone who can create repositories there, can assume the role. ${reach}`,
            identity: `${identity}:wide-sub`,
            notes: [...(severity === 'low' ? ['Pin an environment (`repo:owner/repo:environment:production`) or a ref (`repo:owner/repo:ref:refs/heads/main`) so only reviewed runs get the role.'] : []), ...(audNote ?? [])],
            fix,
          });
          continue;
        }
        if (audProblem) {
          const anchor = audClauses[0] ?? provider;
          report({
            start: anchor.start,
            end: anchor.end,
            location: { jsonPointer: anchor.pointer },
            severity: 'medium',
            title: 'GitHub Actions OIDC trust does not check the token audience',
            message: `The trust policy of ${subject.label} pins the GitHub subject in ${where} but has ${audProblem}.`,
            evidence: audClauses.length ? `${AUD}: ${audClauses.flatMap((clause) => clause.values).join(', ')}` : `no ${AUD}`,
            blastRadius: `A token GitHub issued for another audience (another cloud, a custom service the workflow talks to) is accepted too, so a token leaked from one of those places can be replayed here. ${reach}`,
            identity: `${identity}:aud`,
            recommendation: `Add \`"StringEquals": {"${AUD}": "sts.amazonaws.com"}\` to the statement.`,
          });
        }
      }
    }
  },
});

function rank(severity: Severity): number {
  return ['critical', 'high', 'medium', 'low', 'info'].indexOf(severity);
}
