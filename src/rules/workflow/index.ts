import type { AnyRule } from '../../core/rule.js';
import plaintextSecret from './plaintext-secret.js';
import credentialsInUri from './credentials-in-uri.js';
import secretInLogs from './secret-in-logs.js';
import secretOverexposure from './secret-overexposure.js';
import longLivedCloudKeys from './long-lived-cloud-keys.js';
import excessivePermissions from './excessive-permissions.js';
import dangerousTrigger from './dangerous-trigger.js';
import expressionInjection from './expression-injection.js';
import unpinnedAction from './unpinned-action.js';
import unpinnedContainerImage from './unpinned-container-image.js';
import checkoutPersistsCredentials from './checkout-persists-credentials.js';
import ungatedModelDeployment from './ungated-model-deployment.js';
import unsignedModelPromotion from './unsigned-model-promotion.js';

/** The workflow rules, in registry order: ../index.ts joins the groups into RULES. */
export const WORKFLOW_RULES: readonly AnyRule[] = [
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
];
