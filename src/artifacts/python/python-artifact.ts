import type { ArtifactBase } from '../artifact.js';

/** A Python source file (an inference service's `app.py`, a training script). */
export interface PythonArtifact extends ArtifactBase {
  kind: 'python';
}
