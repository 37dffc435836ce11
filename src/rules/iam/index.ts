import type { AnyRule } from '../../core/rule.js';
import iamFullAdmin from './full-admin.js';
import iamServiceWildcard from './service-wildcard.js';
import iamUnscopedResource from './unscoped-resource.js';
import iamPrivilegeEscalation from './privilege-escalation.js';
import iamUnscopedDataRead from './unscoped-data-read.js';
import iamCredentialsExposure from './credentials-exposure.js';
import iamResourceExposure from './resource-exposure.js';
import iamReconnaissanceActions from './reconnaissance-actions.js';
import iamAllowNotAction from './allow-not-action.js';
import openTrustPolicy from './open-trust-policy.js';
import githubOidcTrust from './github-oidc-trust.js';
import publicBucketPolicy from './public-bucket-policy.js';

/** The iam rules, in registry order: ../index.ts joins the groups into RULES. */
export const IAM_RULES: readonly AnyRule[] = [
  iamFullAdmin,
  iamServiceWildcard,
  iamUnscopedResource,
  iamPrivilegeEscalation,
  iamUnscopedDataRead,
  iamCredentialsExposure,
  iamResourceExposure,
  iamReconnaissanceActions,
  iamAllowNotAction,
  openTrustPolicy,
  githubOidcTrust,
  publicBucketPolicy,
];
