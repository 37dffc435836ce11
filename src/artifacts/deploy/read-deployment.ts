import type { Document } from 'yaml';
import type { DeploymentArtifact } from './deployment.js';

/** A docker-compose file or Kubernetes manifests as workloads, or undefined for any other YAML. (Filled in by the compose and Kubernetes readers.) */
export function readDeployment(_documents: readonly Document.Parsed[], _text: string, _file: string): Pick<DeploymentArtifact, 'format' | 'workloads' | 'notes'> | undefined {
  return undefined;
}
