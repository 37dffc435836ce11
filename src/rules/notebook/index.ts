import type { AnyRule } from '../../core/rule.js';
import credentialInOutput from './credential-in-output.js';
import credentialInSource from './credential-in-source.js';
import credentialInMetadata from './credential-in-metadata.js';
import credentialInEnvironment from './credential-in-environment.js';
import secretInExperimentTracking from './secret-in-experiment-tracking.js';
import outputsCommitted from './outputs-committed.js';
import checkpointCommitted from './checkpoint-committed.js';

/** The notebook rules, in registry order: ../index.ts joins the groups into RULES. */
export const NOTEBOOK_RULES: readonly AnyRule[] = [
  credentialInOutput,
  credentialInSource,
  credentialInMetadata,
  credentialInEnvironment,
  secretInExperimentTracking,
  outputsCommitted,
  checkpointCommitted,
];
