import type { ScanError } from '../../core/finding.js';
import type { LineIndex } from '../../text/line-index.js';
import type { Artifact, ArtifactKind } from '../artifact.js';

export type ParseOutcome = { ok: true; artifact: Artifact } | { ok: false; error: ScanError };

/** Reads a file's text, already indexed by line, into the artifact its rules walk. */
export type KindParser = (file: string, text: string, kind: ArtifactKind, lines: LineIndex) => ParseOutcome;

/** A parse error, placed at `offset` when there is one. */
export function parseFailure(file: string, lines: LineIndex, message: string, kind: string, offset?: number): ParseOutcome {
  const position = offset === undefined ? undefined : lines.position(offset);
  return { ok: false, error: { file, kind, message, line: position?.line, column: position?.column } };
}

type Ranges = Array<{ start: number; end: number }>;

/**
 * Makes the artifact's `sensitive` ranges found on first read, by `find` (a notebook's or workflow's
 * credentials, from the exposures its rules compute anyway), so that masking a snippet does not make the
 * core import every kind's reader. Enumerable, so a copy of the artifact carries the ranges too.
 */
export function sensitiveOnDemand<A extends Artifact>(artifact: A, find: (artifact: A) => Ranges): A {
  let found: Ranges | undefined;
  Object.defineProperty(artifact, 'sensitive', {
    get: () => (found ??= find(artifact)),
    set: (ranges: Ranges) => {
      found = ranges;
    },
    enumerable: true,
    configurable: true,
  });
  return artifact;
}

/** The reader modules, each loaded by a scan only when it meets a file of its kinds. */
export type ReaderName = 'notebook' | 'json' | 'yaml' | 'terraform' | 'jupyter-config' | 'text';

/** Which reader parses a kind; every kind not named here is read as YAML. */
export function readerOf(kind: ArtifactKind): ReaderName {
  switch (kind) {
    case 'notebook':
    case 'json':
    case 'terraform':
    case 'jupyter-config':
      return kind;
    case 'python':
    case 'script':
    case 'requirements':
    case 'dockerfile':
    case 'env':
    case 'ini':
      return 'text';
    default:
      return 'yaml';
  }
}
