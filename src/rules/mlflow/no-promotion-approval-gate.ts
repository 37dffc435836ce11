import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { serversIn, span } from './server-facts.js';

export const PROMOTION_WORKFLOW = `# .github/workflows/promote-model.yml: the only path to Production
on:
  workflow_dispatch:
    inputs:
      model: { required: true }
      version: { required: true }
permissions:
  contents: read
  id-token: write          # keyless signing and OIDC login
jobs:
  promote:
    runs-on: ubuntu-latest
    environment: production  # protected environment: required reviewers, main branch only
    steps:
      - uses: actions/checkout@<full commit sha>
      - name: Verify the signed model artifact
        run: cosign verify-blob --bundle model.sigstore.json --certificate-identity-regexp '^https://github.com/acme/ml/' --certificate-oidc-issuer https://token.actions.githubusercontent.com model.tar.gz
      - name: Move the production alias
        env:
          MLFLOW_TRACKING_URI: https://mlflow.internal.example
          MLFLOW_TRACKING_USERNAME: release-ci
          MLFLOW_TRACKING_PASSWORD: \${{ secrets.MLFLOW_RELEASE_PASSWORD }}
        run: python -c "import mlflow,sys; mlflow.MlflowClient().set_registered_model_alias(sys.argv[1], 'production', sys.argv[2])" "\${{ inputs.model }}" "\${{ inputs.version }}"`;

export default defineRule({
  id: 'mlflow/no-promotion-approval-gate',
  artifact: 'json',
  title: 'Models reach Production in the registry without an approval gate',
  category: 'missing-approval-gate',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0018', 'NIST-AI-RMF:GOVERN 1.4', 'ISO-42001:A.6.2.5', 'CWE:CWE-862', 'CWE:CWE-345'),
  control:
    'Promote to Production (stage transition or alias change) only from one CI job behind a protected environment with required reviewers, which verifies the model\'s signature first; give that job\'s account the only MANAGE permission on registered models.',
  docs: {
    summary:
      'Finds registry configurations where the transition to a production stage needs no approval (`require_approval: false`), is open to every role (`allowed_roles: ["*"]`) or has no named approvers. Open-source MLflow itself has no approval workflow: anyone with EDIT on a registered model can move a stage or the `production` alias, so the gate has to be the release pipeline.',
    risk:
      'The inference service loads `models:/<name>/Production` (or `@production`). Whoever can move that pointer decides what is served: an unreviewed, poisoned or simply wrong model version goes live with no second pair of eyes and no record of who approved it.',
    bad: { language: 'json', code: '"stage_transitions": {\n  "Production": { "require_approval": false, "allowed_roles": ["*"], "approvers": [] }\n}' },
    good: { language: 'yaml', code: PROMOTION_WORKFLOW },
    references: [
      { title: 'MLflow model registry: aliases and stages', url: 'https://mlflow.org/docs/latest/model-registry.html' },
      { title: 'GitHub: deployment environments and required reviewers', url: 'https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment' },
    ],
  },
  check({ artifact, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      for (const transition of settings.stageTransitions ?? []) {
        if (!/prod/i.test(transition.stage)) continue;
        const problems: string[] = [];
        if (transition.requireApproval?.value !== true) problems.push(transition.requireApproval ? 'require_approval is false' : 'no require_approval');
        if (transition.allowedRoles?.value.includes('*')) problems.push('allowed_roles is ["*"] (any role)');
        if (transition.approvers && transition.approvers.value.length === 0) problems.push('approvers is empty');
        if (problems.length === 0) continue;
        report({
          ...span(transition),
          message: `The transition to ${transition.stage} is open (${problems.join(', ')}): any user who can edit a registered model can put a version in ${transition.stage}, and the inference service loads it. Open-source MLflow enforces no approval, so promote only through a gated, signed CI job behind a protected environment.`,
          evidence: `${transition.stage}: ${problems.join('; ')}`,
          blastRadius: `Any registry user (anyone at all while the server is unauthenticated) decides which model version production serves${settings.stageTransitions?.length ? '' : ''}; a poisoned or unreviewed model goes live without approval or audit trail.`,
          identity: `mlflow-promotion-gate:${transition.stage}`,
          recommendation: `Set require_approval to true with named approvers, restrict allowed_roles to the release job's account, and make that job the only path to ${transition.stage}: a workflow behind a protected \`production\` environment (required reviewers) that verifies the model signature before moving the stage or alias.`,
          fix: {
            description: 'Promotion only through a gated, signed release job',
            snippet: `"${transition.stage}": { "require_approval": true, "allowed_roles": ["release-ci"], "approvers": ["ml-platform-leads"] }\n\n${PROMOTION_WORKFLOW}`,
            language: 'yaml',
          },
        });
      }
    }
  },
});
