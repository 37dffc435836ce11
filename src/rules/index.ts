import type { AnyRule } from '../core/rule.js';
import checkpointCommitted from './notebook/checkpoint-committed.js';
import credentialInEnvironment from './notebook/credential-in-environment.js';
import credentialInMetadata from './notebook/credential-in-metadata.js';
import credentialInOutput from './notebook/credential-in-output.js';
import credentialInSource from './notebook/credential-in-source.js';
import outputsCommitted from './notebook/outputs-committed.js';
import secretInExperimentTracking from './notebook/secret-in-experiment-tracking.js';
import credentialsInUri from './workflow/credentials-in-uri.js';
import plaintextSecret from './workflow/plaintext-secret.js';
import longLivedCloudKeys from './workflow/long-lived-cloud-keys.js';
import secretInLogs from './workflow/secret-in-logs.js';
import secretOverexposure from './workflow/secret-overexposure.js';
import checkoutPersistsCredentials from './workflow/checkout-persists-credentials.js';
import dangerousTrigger from './workflow/dangerous-trigger.js';
import excessivePermissions from './workflow/excessive-permissions.js';
import expressionInjection from './workflow/expression-injection.js';
import unpinnedAction from './workflow/unpinned-action.js';
import unpinnedContainerImage from './workflow/unpinned-container-image.js';
import ungatedModelDeployment from './workflow/ungated-model-deployment.js';
import unsignedModelPromotion from './workflow/unsigned-model-promotion.js';
import iamFullAdmin from './iam/full-admin.js';
import iamServiceWildcard from './iam/service-wildcard.js';
import iamUnscopedResource from './iam/unscoped-resource.js';
import iamPrivilegeEscalation from './iam/privilege-escalation.js';
import iamUnscopedDataRead from './iam/unscoped-data-read.js';
import iamCredentialsExposure from './iam/credentials-exposure.js';
import iamResourceExposure from './iam/resource-exposure.js';
import iamReconnaissanceActions from './iam/reconnaissance-actions.js';
import iamAllowNotAction from './iam/allow-not-action.js';
import openTrustPolicy from './iam/open-trust-policy.js';
import githubOidcTrust from './iam/github-oidc-trust.js';
import publicBucketPolicy from './iam/public-bucket-policy.js';
import deployExposedWithoutAuth from './deploy/exposed-without-auth.js';
import deployLatestImageTag from './deploy/latest-image-tag.js';
import mlflowUnauthenticatedTrackingServer from './mlflow/unauthenticated-tracking-server.js';
import mlflowDefaultAdminPassword from './mlflow/default-admin-password.js';
import mlflowBroadDefaultPermission from './mlflow/broad-default-permission.js';
import mlflowNoPromotionApprovalGate from './mlflow/no-promotion-approval-gate.js';
import mlflowNoTls from './mlflow/no-tls.js';
import mlflowCredentialsInStoreUri from './mlflow/credentials-in-store-uri.js';
import mlflowArtifactProxyBroadCredentials from './mlflow/artifact-proxy-broad-credentials.js';
import mlflowPublicArtifactStore from './mlflow/public-artifact-store.js';
import vulnerableMlopsVersion from './supply-chain/vulnerable-mlops-version.js';
import jupyterNoAuthentication from './jupyter/no-authentication.js';
import jupyterOpenCors from './jupyter/open-cors.js';
import jupyterXsrfDisabled from './jupyter/xsrf-disabled.js';
import jupyterRunsAsRoot from './jupyter/runs-as-root.js';
import jupyterRemoteAccess from './jupyter/remote-access.js';
import jupyterhubDummyAuthenticator from './jupyterhub/dummy-authenticator.js';
import jupyterhubOpenSignup from './jupyterhub/open-signup.js';
import servingUnauthenticatedInferenceRoute from './serving/unauthenticated-inference-route.js';
import servingExposedApiDocs from './serving/exposed-api-docs.js';
import servingUnsafeModelDeserialization from './serving/unsafe-model-deserialization.js';
import servingUnverifiedModelPull from './serving/unverified-model-pull.js';

/** Every rule, registered in this one place. Rule files live at src/rules/<id>.ts with tests beside them. */
export const RULES: readonly AnyRule[] = [
  credentialInOutput,
  credentialInSource,
  credentialInMetadata,
  credentialInEnvironment,
  secretInExperimentTracking,
  outputsCommitted,
  checkpointCommitted,
  plaintextSecret,
  credentialsInUri,
  secretInLogs,
  secretOverexposure,
  longLivedCloudKeys,
  excessivePermissions,
  dangerousTrigger,
  expressionInjection,
  unpinnedAction,
  unpinnedContainerImage,
  checkoutPersistsCredentials,
  ungatedModelDeployment,
  unsignedModelPromotion,
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
  deployExposedWithoutAuth,
  deployLatestImageTag,
  mlflowUnauthenticatedTrackingServer,
  mlflowDefaultAdminPassword,
  mlflowBroadDefaultPermission,
  mlflowNoPromotionApprovalGate,
  mlflowNoTls,
  mlflowCredentialsInStoreUri,
  mlflowArtifactProxyBroadCredentials,
  mlflowPublicArtifactStore,
  vulnerableMlopsVersion,
  jupyterNoAuthentication,
  jupyterOpenCors,
  jupyterXsrfDisabled,
  jupyterRunsAsRoot,
  jupyterRemoteAccess,
  jupyterhubDummyAuthenticator,
  jupyterhubOpenSignup,
  servingUnauthenticatedInferenceRoute,
  servingExposedApiDocs,
  servingUnsafeModelDeserialization,
  servingUnverifiedModelPull,
];

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
