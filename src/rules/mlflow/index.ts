import type { AnyRule } from '../../core/rule.js';
import mlflowUnauthenticatedTrackingServer from './unauthenticated-tracking-server.js';
import mlflowDefaultAdminPassword from './default-admin-password.js';
import mlflowBroadDefaultPermission from './broad-default-permission.js';
import mlflowNoPromotionApprovalGate from './no-promotion-approval-gate.js';
import mlflowNoTls from './no-tls.js';
import mlflowCredentialsInStoreUri from './credentials-in-store-uri.js';
import mlflowArtifactProxyBroadCredentials from './artifact-proxy-broad-credentials.js';
import mlflowPublicArtifactStore from './public-artifact-store.js';

/** The mlflow rules, in registry order: ../index.ts joins the groups into RULES. */
export const MLFLOW_RULES: readonly AnyRule[] = [
  mlflowUnauthenticatedTrackingServer,
  mlflowDefaultAdminPassword,
  mlflowBroadDefaultPermission,
  mlflowNoPromotionApprovalGate,
  mlflowNoTls,
  mlflowCredentialsInStoreUri,
  mlflowArtifactProxyBroadCredentials,
  mlflowPublicArtifactStore,
];
