import type { AnyRule } from '../../core/rule.js';
import servingUnauthenticatedInferenceRoute from './unauthenticated-inference-route.js';
import servingExposedApiDocs from './exposed-api-docs.js';
import servingUnsafeModelDeserialization from './unsafe-model-deserialization.js';
import servingUnverifiedModelPull from './unverified-model-pull.js';

/** The serving rules, in registry order: ../index.ts joins the groups into RULES. */
export const SERVING_RULES: readonly AnyRule[] = [
  servingUnauthenticatedInferenceRoute,
  servingExposedApiDocs,
  servingUnsafeModelDeserialization,
  servingUnverifiedModelPull,
];
