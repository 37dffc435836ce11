import type { ProbeCheck } from '../check.js';
import defaultCredentials from './default-credentials.js';
import exposedApiDocs from './exposed-api-docs.js';
import inferenceUnauthenticated from './inference-unauthenticated.js';
import jupyterUnauthenticated from './jupyter-unauthenticated.js';
import managementApiUnauthenticated from './management-api-unauthenticated.js';
import mlflowArtifactProxy from './mlflow-artifact-proxy.js';
import mlflowUnauthenticated from './mlflow-unauthenticated.js';
import openCors from './open-cors.js';
import vulnerableVersion from './vulnerable-version.js';

/** Every live check `mlops-audit probe` can report, in documentation order. */
export const PROBE_CHECKS: readonly ProbeCheck[] = [
  mlflowUnauthenticated,
  mlflowArtifactProxy,
  defaultCredentials,
  jupyterUnauthenticated,
  inferenceUnauthenticated,
  exposedApiDocs,
  managementApiUnauthenticated,
  openCors,
  vulnerableVersion,
];

export function findProbeCheck(id: string): ProbeCheck | undefined {
  return PROBE_CHECKS.find((check) => check.id === id);
}
