import type { ArtifactBase } from '../artifact.js';

/** A shell script (`start-mlflow.sh`): rules read the commands it launches (`mlflow server …`, `jupyter lab …`). */
export interface ScriptArtifact extends ArtifactBase {
  kind: 'script';
}
