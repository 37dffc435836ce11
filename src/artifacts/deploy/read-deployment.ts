import type { Document } from 'yaml';
import type { DeploymentArtifact } from './deployment.js';
import { isCompose, readCompose } from './read-compose.js';
import { isKubernetes, readKubernetes } from './read-kubernetes.js';

/** A docker-compose file or Kubernetes manifests as workloads, or undefined for any other YAML. */
export function readDeployment(documents: readonly Document.Parsed[], text: string, _file: string): Pick<DeploymentArtifact, 'format' | 'workloads' | 'notes'> | undefined {
  // Cheap checks on the text first, so large YAML files that are neither are not walked.
  if (/^services\s*:/m.test(text) && documents.length === 1 && isCompose(documents[0]!)) return readCompose(documents[0]!, text);
  if (/\bkind\s*:/.test(text) && /\bapiVersion\s*:/.test(text) && isKubernetes(documents)) return readKubernetes(documents, text);
  return undefined;
}
