import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { Platform } from '../../inventory/platform.js';
import { servesArtifacts } from '../../mlflow/settings.js';
import { describeSource, serversIn, SERVER_KINDS, span } from './server-facts.js';

const BROAD_POLICIES = /(AmazonS3FullAccess|AdministratorAccess|PowerUserAccess)$/;

/** The inventory's tracking server component for this file, when its identity holds a managed policy with s3:* (or more). */
function broadServerRole(platform: Platform, file: string): { name: string; policy: string } | undefined {
  const inventory = platform.inventory;
  if (!inventory) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  for (const component of inventory.components) {
    if (component.kind !== 'tracking-server' && component.kind !== 'model-registry') continue;
    if (!component.identity || !(component.files ?? []).some((entry) => entry === file || entry.endsWith(`/${base}`) || entry === base)) continue;
    const identity = inventory.identities.find((candidate) => candidate.id === component.identity);
    const policy = identity?.attachedPolicies?.find((arn) => BROAD_POLICIES.test(arn));
    if (identity && policy) return { name: identity.name ?? identity.id, policy: policy.slice(policy.lastIndexOf('/') + 1) };
  }
  return undefined;
}

export default defineRule({
  id: 'mlflow/artifact-proxy-broad-credentials',
  artifact: SERVER_KINDS,
  title: 'MLflow proxies artifacts with static cloud keys of its own',
  category: 'excessive-privilege',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM06:2025', 'OWASP-ML-2023:ML10:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MANAGE 2.4', 'ISO-42001:A.6.2.6', 'CWE:CWE-250', 'CWE:CWE-798'),
  control:
    'Give the tracking server a workload identity (IRSA, GKE/AKS workload identity, an instance role) limited to its artifact prefix (s3:GetObject/PutObject/ListBucket on bucket/mlflow/*) instead of static AWS keys, or turn the proxy off with --no-serve-artifacts when clients should use their own credentials.',
  docs: {
    summary:
      'Finds MLflow servers that proxy artifact requests (`--serve-artifacts`, the default since MLflow 2.0 unless `--no-serve-artifacts`; `artifactRoot.proxiedArtifactStorage` in the community chart; `externalS3` in the bitnami chart) to an S3 destination with a literal AWS secret access key in the server\'s environment or chart values, or, with the inventory, whose tracking-server component runs as an identity holding AmazonS3FullAccess, PowerUserAccess or AdministratorAccess. The key is shown by name only.',
    risk:
      'With the proxy on, every tracking user reads and writes the artifact store with the server\'s credentials, so each user is exactly as strong as that key: usually far more than one prefix. A static key in a values file or Dockerfile is also a credential that never expires and leaks with the file.',
    bad: { language: 'shell', code: 'export AWS_ACCESS_KEY_ID=AKIA…\nexport AWS_SECRET_ACCESS_KEY=…\nmlflow server --artifacts-destination s3://acme-mlflow-artifacts/mlflow --serve-artifacts' },
    good: {
      language: 'yaml',
      code: 'serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/mlflow-artifacts   # s3 on bucket/mlflow/* only\nartifactRoot:\n  proxiedArtifactStorage: true\n  s3:\n    enabled: true\n    bucket: acme-mlflow-artifacts\n    path: mlflow',
    },
    references: [{ title: 'MLflow: artifact proxy (serve-artifacts)', url: 'https://mlflow.org/docs/latest/tracking/artifacts-stores.html' }],
  },
  check({ artifact, platform, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      if (!settings.isServer || !servesArtifacts(settings)) continue;
      if (!settings.awsSecretKey) {
        const role = broadServerRole(platform, artifact.file);
        if (!role) continue;
        const at = settings.serveArtifacts ?? settings.anchor;
        report({
          ...span(at),
          message: `${describeSource(settings)[0]!.toUpperCase()}${describeSource(settings).slice(1)} proxies artifact requests, and the inventory gives the server the identity ${role.name} with ${role.policy}. Every tracking user reads, writes and deletes in S3 with those rights, not only the artifact prefix. Scope the server's role to its artifact prefix, or run with --no-serve-artifacts.`,
          evidence: `serve-artifacts on; server identity ${role.name} has ${role.policy}`,
          blastRadius: `Every MLflow user acts as ${role.name}: whatever ${role.policy} allows in S3 across the account, not only the artifact prefix.`,
          identity: `mlflow-artifact-proxy-role:${role.name}`,
          recommendation: `Replace ${role.policy} on ${role.name} with a policy limited to s3:GetObject/PutObject/ListBucket on the artifact prefix.`,
          fix: {
            description: 'Server role scoped to the artifact prefix',
            snippet: '{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],\n  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/mlflow/*"]\n}',
            language: 'json',
          },
        });
        continue;
      }
      const destination = settings.artifactsDestination ?? settings.defaultArtifactRoot;
      if (destination && !/^s3a?:\/\//i.test(destination.value)) continue;
      report({
        ...span(settings.awsSecretKey),
        message: `${describeSource(settings)[0]!.toUpperCase()}${describeSource(settings).slice(1)} proxies artifact requests${destination ? ` to ${destination.value}` : ''} and holds a static AWS secret access key. Every tracking user reads and writes the store with that key's permissions. Give the server a role scoped to its artifact prefix instead, or run with --no-serve-artifacts.`,
        evidence: `serve-artifacts on with AWS_SECRET_ACCESS_KEY set literally`,
        blastRadius: `Every MLflow user${settings.appName || settings.authEnabled?.value ? '' : ' (anyone who reaches the server, since it has no authentication)'} acts with the server's AWS key: whatever that key may read, write or delete in S3, not only the artifact prefix.`,
        identity: 'mlflow-artifact-proxy-static-key',
        recommendation: 'Remove the static key (and rotate it), attach a role to the server scoped to s3:GetObject/PutObject/ListBucket on the artifact prefix, and keep per-user permissions in MLflow.',
        fix: {
          description: 'Workload identity scoped to the artifact prefix instead of a static key',
          snippet: '{\n  "Effect": "Allow",\n  "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],\n  "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/mlflow/*"]\n}',
          language: 'json',
        },
      });
    }
  },
});
