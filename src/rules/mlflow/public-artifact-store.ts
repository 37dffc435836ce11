import type { Severity } from '../../core/finding.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { Platform } from '../../inventory/platform.js';
import { s3SettingsOf, type BlockSetting, type Bucket, type Format, type S3Settings, type Setting } from './s3-settings.js';

// An artifact store (the S3 bucket behind MLflow's default_artifact_root, or any bucket a Terraform or
// CloudFormation file creates) opened to everyone by its ACL, or with S3 Block Public Access turned off.
// Bucket policies that grant `*` are iam/public-bucket-policy's; this rule reads ACLs and the guardrail.

const PUBLIC_ACLS: Record<string, { write: boolean; who: string }> = {
  'public-read': { write: false, who: 'anyone on the internet' },
  'public-read-write': { write: true, who: 'anyone on the internet' },
  'authenticated-read': { write: false, who: 'any AWS account holder (not only your accounts)' },
  publicread: { write: false, who: 'anyone on the internet' },
  publicreadwrite: { write: true, who: 'anyone on the internet' },
  authenticatedread: { write: false, who: 'any AWS account holder (not only your accounts)' },
};

const ACL_ENABLING = new Set(['objectwriter', 'bucketownerpreferred']);

function publicAcl(setting: Setting | undefined): { write: boolean; who: string } | undefined {
  return setting ? PUBLIC_ACLS[setting.value.toLowerCase()] : undefined;
}

const TERRAFORM_FIX = (bucket: string) => `resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = ${bucket}
  rule {
    object_ownership = "BucketOwnerEnforced" # ACLs off: only the bucket policy and IAM decide access
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = ${bucket}
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
# and drop aws_s3_bucket_acl (or set acl = "private")`;

const CFN_FIX = `Properties:
  # no AccessControl: ACLs are disabled by BucketOwnerEnforced
  OwnershipControls:
    Rules:
      - ObjectOwnership: BucketOwnerEnforced
  PublicAccessBlockConfiguration:
    BlockPublicAcls: true
    BlockPublicPolicy: true
    IgnorePublicAcls: true
    RestrictPublicBuckets: true`;

const JSON_FIX = `"artifact_store": {
  "acl": "private",
  "object_ownership": "BucketOwnerEnforced",
  "block_public_access": true
}`;

const ACCESS_ADVICE =
  'Give access through the registry instead of the bucket: run `mlflow server --serve-artifacts` so clients download artifacts through the authenticated tracking server, and grant s3:GetObject/PutObject on the artifact prefix only to the named roles that need it (the server, the training job, the inference service).';

function fixFor(format: Format, bucket: Bucket): { language: string; snippet: string } {
  if (format === 'terraform') return { language: 'hcl', snippet: TERRAFORM_FIX(bucket.label.startsWith('aws_s3_bucket.') ? `${bucket.label}.id` : JSON.stringify(bucket.name ?? bucket.label)) };
  if (format === 'mlflow-json') return { language: 'json', snippet: JSON_FIX };
  return { language: format === 'cloudformation-json' ? 'json' : 'yaml', snippet: format === 'cloudformation-json' ? JSON.stringify({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] }, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }, null, 2) : CFN_FIX };
}

function describeBucket(bucket: Bucket): string {
  if (bucket.name) return `the bucket ${bucket.name}`;
  return bucket.label === 'artifact_store' ? 'the artifact store bucket' : `the bucket of ${bucket.label}`;
}

function holdings(platform: Platform, bucket: Bucket): { holds?: string; users?: string } {
  const store = bucket.name ? platform.storage().find((entry) => entry.kind === 's3-bucket' && entry.name === bucket.name) : undefined;
  if (!store) return {};
  return { holds: store.holds?.length ? store.holds.join(', ') : undefined, users: store.usedBy?.length ? store.usedBy.join(', ') : undefined };
}

/** Whether a block, on the bucket or the account, stops public ACLs from taking effect. */
function aclsNeutralised(bucket: Bucket, account: BlockSetting | undefined): string | undefined {
  for (const [block, where] of [[bucket.block, 'the bucket'], [account, 'the account']] as const) {
    if (block?.flags.ignore_public_acls) return `ignore_public_acls is on for ${where}, so S3 ignores the public ACL`;
  }
  return undefined;
}

function describeBlock(block: BlockSetting | undefined, format: Format): string {
  if (!block) return format === 'mlflow-json' ? 'no Block Public Access setting' : 'no public access block for it in this file';
  if (format === 'mlflow-json') return block.off.length ? 'block_public_access is false, so nothing stops the public ACL' : 'Block Public Access is on';
  return block.off.length ? `its public access block leaves ${block.off.join(', ')}` : 'all four Block Public Access settings on';
}

export default defineRule({
  id: 'mlflow/public-artifact-store',
  artifact: ['json', 'yaml', 'terraform', 'iam'],
  title: 'Model artifact store readable or writable by anyone',
  category: 'public-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0035', 'MITRE-ATLAS:AML.T0007', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-732', 'CWE:CWE-200'),
  control:
    'Make the artifact bucket private: no public ACL, object ownership BucketOwnerEnforced (ACLs off), all four S3 Block Public Access settings on, and access only through the tracking server (`--serve-artifacts`) or named IAM roles.',
  docs: {
    summary:
      "Finds S3 buckets that hold (or may hold) model artifacts and are opened to everyone by an ACL: `acl = \"public-read\"`, `\"public-read-write\"` or `\"authenticated-read\"` on Terraform `aws_s3_bucket_acl` (and the legacy `acl` argument of `aws_s3_bucket`, and `access_control_policy` grants to AllUsers), CloudFormation `AccessControl: PublicRead` / `PublicReadWrite` / `AuthenticatedRead`, and `artifact_store.acl` in the lab's MLflow JSON config. High for read, critical for write. The same finding says whether Block Public Access would stop the ACL and whether object ownership enables ACLs. A public access block with a setting off (`block_public_acls = false`, `block_public_access: false`, a CloudFormation flag left out) is reported on its own, as medium, when no public ACL is found for that bucket. With an inventory, the blast radius names what the bucket holds. Bucket policies that grant `*` are reported by iam/public-bucket-policy.",
    risk: 'The artifact store holds every logged model, often with the training data samples, feature lists and environment files logged beside it. A public-read bucket lets anyone download the models (model theft) and learn what they were trained on; a public-write bucket lets anyone replace a registered model, which the inference service loads on its next deploy. S3 Block Public Access is the account-level guardrail that stops one wrong ACL or policy from publishing a bucket; turning it off removes that guardrail.',
    bad: {
      language: 'hcl',
      code: 'resource "aws_s3_bucket_acl" "artifacts" {\n  bucket = aws_s3_bucket.artifacts.id\n  acl    = "public-read"\n}\n\nresource "aws_s3_bucket_public_access_block" "artifacts" {\n  bucket             = aws_s3_bucket.artifacts.id\n  block_public_acls  = false\n  ignore_public_acls = false\n}',
    },
    good: {
      language: 'hcl',
      code: TERRAFORM_FIX('aws_s3_bucket.artifacts.id'),
      note: 'The same in the lab JSON config: `"acl": "private", "object_ownership": "BucketOwnerEnforced", "block_public_access": true`. Serve artifacts through `mlflow server --serve-artifacts` so clients never need the bucket.',
    },
    references: [
      { title: 'Blocking public access to your Amazon S3 storage', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' },
      { title: 'Controlling ownership of objects and disabling ACLs', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html' },
      { title: 'Terraform aws_s3_bucket_public_access_block', url: 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block' },
      { title: 'MLflow artifact store: proxied artifact access', url: 'https://mlflow.org/docs/latest/tracking/artifacts-stores.html' },
      { title: 'iam/public-bucket-policy: bucket policies that grant `*` (reported there, not here)', url: '../iam/public-bucket-policy.md' },
    ],
  },
  check({ artifact, platform, report }) {
    let settings: S3Settings | undefined;
    try {
      settings = s3SettingsOf(artifact);
    } catch {
      return; // a template the YAML or JSON reader could not re-read: the other rules report the file
    }
    if (!settings) return;
    const { format, account } = settings;
    const fixOf = (bucket: Bucket) => ({ description: 'Private bucket: ACLs off, Block Public Access on', ...fixFor(format, bucket) });
    for (const bucket of settings.buckets) {
      const target = describeBucket(bucket);
      const { holds, users } = holdings(platform, bucket);
      const root = bucket.prefix !== undefined && bucket.name ? ` (MLflow's artifact root is s3://${bucket.name}/${bucket.prefix})` : '';
      const contents = holds ? `, which holds ${holds}${root}` : root;
      const openings = [bucket.acl, ...(bucket.grants ?? [])].filter((setting): setting is Setting => publicAcl(setting) !== undefined);
      for (const setting of openings) {
        const access = publicAcl(setting)!;
        const neutralised = aclsNeutralised(bucket, account);
        const ownership = bucket.ownership;
        const notes: string[] = [];
        if (ownership && ACL_ENABLING.has(ownership.value.toLowerCase())) notes.push(`Object ownership ${ownership.value} keeps ACLs enabled, so this ACL takes effect; BucketOwnerEnforced would disable every ACL.`);
        if (ownership && ownership.value.toLowerCase() === 'bucketownerenforced') notes.push('Object ownership is BucketOwnerEnforced, which disables ACLs: S3 rejects this ACL, so the apply fails or the ACL is left over from an earlier design. Remove it.');
        if (format !== 'mlflow-json' && !bucket.block && !account) notes.push('Buckets created since April 2023 start with Block Public Access on and ACLs disabled; this file does not show whether they were turned off elsewhere (check `aws s3api get-public-access-block`).');
        if (!neutralised && (bucket.block ?? account)?.flags.block_public_acls) notes.push('block_public_acls is on, so S3 rejects a new public ACL (applying this fails), but an ACL set before the block stays in force until ignore_public_acls is on too.');
        notes.push('Bucket policies on this bucket are judged by iam/public-bucket-policy.');
        const severity: Severity = neutralised ? 'low' : access.write ? 'critical' : 'high';
        const what = access.write ? 'read, overwrite and delete' : 'list and download';
        report({
          start: setting.start,
          end: setting.end,
          location: setting.location,
          severity,
          title: neutralised ? 'Artifact store has a public ACL that Block Public Access overrides' : access.write ? 'Model artifact store writable by anyone' : 'Model artifact store readable by anyone',
          message: `${capitalise(target)} has the ${setting.name} ${setting.value}, which lets ${access.who} ${what} its objects; ${neutralised ?? describeBlock(bucket.block ?? account, format)}. Make it private: no public ACL, object ownership BucketOwnerEnforced and all four Block Public Access settings on.`,
          evidence: `${setting.name}: ${setting.value}${bucket.block?.off.length ? `; ${bucket.block.off.join(', ')}` : ''}`,
          blastRadius: neutralised
            ? `Nothing is public while ignore_public_acls stays on; turning it off would publish ${target}${contents}.`
            : access.write
              ? `${capitalise(access.who)} can replace the model files in ${target}${contents}: a poisoned model is what ${users ? `its users (${users})` : 'the inference service'} load next, and the stored models and data can be downloaded or deleted.`
              : `${capitalise(access.who)} can download every object in ${target}${contents}: the models themselves (model theft) and whatever was logged beside them.`,
          identity: `${bucket.label}:${setting.name}`,
          recommendation: `${format === 'terraform' ? 'Set ownership to BucketOwnerEnforced, add a public access block with all four settings true, and remove the public ACL.' : format === 'mlflow-json' ? `Set "acl": "private", "object_ownership": "BucketOwnerEnforced" and "block_public_access": true; in Terraform that is aws_s3_bucket_ownership_controls (BucketOwnerEnforced) and aws_s3_bucket_public_access_block with all four settings true.` : 'Remove AccessControl, set OwnershipControls to BucketOwnerEnforced and PublicAccessBlockConfiguration with all four settings true.'} ${ACCESS_ADVICE}`,
          notes,
          fix: fixOf(bucket),
        });
      }
      if (openings.length > 0) continue;
      const block = bucket.block;
      if (block?.off.length && block.offAt) {
        report({
          start: block.offAt.start,
          end: block.offAt.end,
          location: block.offAt.location,
          severity: 'medium',
          title: 'Block Public Access turned off for the artifact store',
          message: `${capitalise(target)} has Block Public Access settings off (${block.off.join(', ')}). Nothing in this file makes it public yet, but one public ACL or bucket policy would now take effect. Turn all four settings on.`,
          evidence: block.off.join(', '),
          blastRadius: `One mistaken ACL or policy would publish ${target}${contents}, with nothing to stop it.`,
          identity: `${bucket.label}:block-public-access`,
          recommendation: `Turn on all four Block Public Access settings (block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets) and set object ownership to BucketOwnerEnforced. ${ACCESS_ADVICE}`,
          fix: fixOf(bucket),
        });
      }
    }
    if (account?.off.length && account.offAt) {
      report({
        start: account.offAt.start,
        end: account.offAt.end,
        location: account.offAt.location,
        severity: 'medium',
        title: 'Block Public Access turned off for the whole account',
        message: `The account-level public access block leaves ${account.off.join(', ')}: no bucket of the account, the artifact store included, is protected from a public ACL or policy. Turn all four settings on.`,
        evidence: account.off.join(', '),
        blastRadius: 'Every bucket of the account, model artifacts and training data included, is one ACL or policy away from public.',
        identity: `${account.name}:account-block-public-access`,
        recommendation: `Set all four settings of aws_s3_account_public_access_block to true. ${ACCESS_ADVICE}`,
        fix: { description: 'Account-wide Block Public Access', language: 'hcl', snippet: 'resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}' },
      });
    }
  },
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
