import type { PolicyDocument, Span } from '../../iam/policy.js';
import type { ArtifactBase } from '../artifact.js';
import type { HclBody } from '../hcl/hcl.js';

// Every file that holds IAM policies becomes one IamArtifact, whatever its format: a policy document, the
// account export of `aws iam get-account-authorization-details`, a CloudFormation template, Terraform, or
// the platform inventory (identities with attached AWS managed policies). Rules walk principal -> policy ->
// statement and never care which format it was.

export type IamFormat = 'policy' | 'account-authorization-details' | 'cloudformation' | 'terraform' | 'inventory';

/** identity: what a user, group or role may do; resource: who may use a bucket, key or queue; trust: who may assume a role. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'permissions-boundary';

export interface IamPolicy extends Span {
  /** Unique within the artifact. */
  id: string;
  /** A policy name, a resource name or the file name. */
  name: string;
  kind: PolicyKind;
  document: PolicyDocument;
  /** Set when the document came from the bundled AWS managed policies (the span is the reference to it). */
  managed?: { arn: string; name: string; version: string; updated: string };
  /** Principals in this artifact the policy applies to (by IamPrincipal.id). */
  attachedTo: string[];
  /** For resource policies: what the policy is on, as an ARN or name (arn:aws:s3:::bucket). */
  resource?: string;
}

export interface IamPrincipal extends Span {
  id: string;
  kind: 'user' | 'role' | 'group';
  name: string;
  arn?: string;
  /** Identity policies (inline, attached, through groups), by IamPolicy.id. */
  policies: string[];
  /** For roles: the trust policy, by IamPolicy.id. */
  trustPolicy?: string;
  permissionsBoundary?: string;
  /** Components that use the identity, when the inventory says so. */
  usedBy?: string[];
  /** Access key ids the identity owns, when known. */
  accessKeyIds?: string[];
}

export interface IamArtifact extends ArtifactBase {
  kind: 'iam';
  format: IamFormat;
  principals: IamPrincipal[];
  policies: IamPolicy[];
  /** AWS managed policies named in the file that the bundled data does not have (reported, not guessed). */
  unknownManagedPolicies: Array<Span & { name: string }>;
  /** What the reader skipped and why (a broken embedded document, an unresolved reference). */
  notes?: string[];
  /** For Terraform: the whole file's HCL, so rules on other resources need not parse it again. */
  hcl?: HclBody;
}
