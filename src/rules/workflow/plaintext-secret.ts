import { workflowSecrets } from '../../artifacts/workflow/workflow-secrets.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeWorkflowSecret, secretNameFor } from './describe-secret.js';

const OIDC_SNIPPET = (region: string, role: string) => `permissions:
  id-token: write   # lets the job request a GitHub OIDC token
  contents: read
steps:
  - uses: aws-actions/configure-aws-credentials@v4   # pin to a full commit SHA
    with:
      role-to-assume: ${role}   # its trust policy pins this repository and branch
      aws-region: ${region}`;

export default defineRule({
  id: 'workflow/plaintext-secret',
  artifact: 'workflow',
  title: 'Credential in plain text in a workflow',
  category: 'secret-exposure',
  severity: 'critical',
  confidence: 'high',
  labSignal: 'CI secret in plaintext',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-798', 'CWE:CWE-312'),
  control:
    'Keep credentials out of workflow files: store each as a GitHub Secret referenced as ${{ secrets.NAME }} in the one step that needs it, and replace cloud keys with GitHub OIDC (id-token: write and a role to assume), so there is no long-lived key to store at all.',
  docs: {
    summary:
      'Finds credentials written literally in GitHub Actions workflows and composite actions: env at workflow, job and step level, `with:` inputs, `run:` scripts (including `export NAME=value`), container and service credentials, and any other value. It recognises the formats ML teams use (AWS, Hugging Face, Weights & Biases, Databricks, OpenAI, Anthropic, Kaggle, GitHub, Slack, private keys) and values stored under credential names such as MLFLOW_TRACKING_PASSWORD or WANDB_API_KEY. An AWS access key ID and secret key in the same block are reported once, as a pair. Passwords inside URIs are reported by workflow/credentials-in-uri.',
    risk:
      'A plaintext value in a workflow is readable by everyone who can read the repository and its forks, stays in Git history, is not masked in job logs (GitHub masks only registered secrets), and cannot be rotated without a commit. On an ML platform the CI key usually writes the model artifact bucket and the registry, so whoever holds it can replace the Production model.',
    bad: { language: 'yaml', code: 'env:\n  AWS_ACCESS_KEY_ID: AKIA…\n  AWS_SECRET_ACCESS_KEY: …   # the real secret key, in the file\n  WANDB_API_KEY: …' },
    good: {
      language: 'yaml',
      code: 'permissions:\n  id-token: write\n  contents: read\njobs:\n  train:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@<sha>  # v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/ci-training\n          aws-region: us-east-1\n      - run: python train.py\n        env:\n          WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}',
    },
    references: [
      { title: 'Using secrets in GitHub Actions', url: 'https://docs.github.com/actions/security-guides/using-secrets-in-github-actions' },
      { title: 'Configuring OpenID Connect in Amazon Web Services', url: 'https://docs.github.com/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services' },
    ],
  },
  check({ artifact, platform, report }) {
    const region = artifact.env.find((entry) => /^AWS_(DEFAULT_)?REGION$/.test(entry.name))?.value?.value ?? 'us-east-1';
    for (const secret of workflowSecrets(artifact)) {
      if (secret.match?.detector.id === 'uri-password') continue;
      const described = describeWorkflowSecret(secret, artifact, platform);
      const aws = secret.match?.detector.provider === 'AWS';
      const keyId = secret.match?.partner?.secret ?? (secret.match?.detector.id === 'aws-access-key-id' ? secret.match.secret : undefined);
      const owner = keyId ? platform.identityForAccessKey(keyId) : undefined;
      const account = platform.inventory?.platform?.account;
      // With the inventory, the role is named after the key's owner in its account: a new role for OIDC.
      const role = owner && account ? `arn:aws:iam::${account}:role/${owner.name ?? owner.id}` : 'arn:aws:iam::<ACCOUNT_ID>:role/<CI_ROLE>';
      const name = secretNameFor(secret);
      const revoke = secret.match ? ` Revoke the exposed value first: ${secret.match.detector.revoke}.` : ' Rotate the exposed value first.';
      report({
        ...described,
        title: `${described.label.charAt(0).toUpperCase()}${described.label.slice(1)} in plain text in a workflow`,
        recommendation: aws
          ? `Replace the static AWS key with GitHub OIDC: give the job \`permissions: id-token: write, contents: read\` and a first step \`aws-actions/configure-aws-credentials\` with \`role-to-assume\`, then delete the key from IAM.${revoke}`
          : `Store the value as a GitHub Secret (\`gh secret set ${name}\`) and reference it as \`\${{ secrets.${name} }}\` in the step that needs it.${revoke}`,
        fix: aws
          ? { description: 'GitHub OIDC instead of a static AWS key (remove AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from env)', snippet: OIDC_SNIPPET(region, role), language: 'yaml' }
          : { description: `Reference a GitHub Secret instead of the value (create it with gh secret set ${name})`, snippet: `${secret.name ?? name}: \${{ secrets.${name} }}`, language: 'yaml' },
      });
    }
  },
});
