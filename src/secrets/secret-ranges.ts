import { parseArtifact } from '../artifacts/parse.js';
import { maskSecretsInLine } from '../core/snippet.js';
import { mlflowSettings } from '../mlflow/read-settings.js';
import { LineIndex } from '../text/line-index.js';
import { verbatimPiece } from '../text/mapped-text.js';
import { artifactSecretRanges, valueSecrets, type Range } from './artifact-secrets.js';
import { maskInPlace } from './redact.js';

// Where a whole file holds secrets, for output that shows file text: code frames, the diff of
// `mlops-audit fix` and the lab's fixture viewer. Masking keeps every line's length, so line and column
// positions stay as they are in the file.

/** How the text is read: JSON (a notebook is JSON with its own reader on top) or YAML. */
export type TextKind = 'json' | 'yaml' | 'notebook';

/** Replaces each listed value wherever it appears in the line (a secret carried to another place). */
export function maskValues(line: string, values: readonly string[]): string {
  let out = line;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(maskInPlace(value));
  return out;
}

/** The distinct secret values of ranges in a text, longest first, for maskValues. */
export function secretValues(text: string, ranges: readonly Range[]): string[] {
  return [...new Set(ranges.map((range) => text.slice(range.start, range.end)))].filter((value) => value.trim().length >= 6 && !value.includes('\n')).sort((a, b) => b.length - a.length);
}

/** The text with every secret masked in place (same length, line breaks kept). */
export function maskSecretsInText(file: string, kind: TextKind, text: string): string {
  const ranges = secretRanges(file, kind, text);
  if (ranges.length === 0) return text;
  const values = secretValues(text, ranges);
  const lines = new LineIndex(text);
  return text
    .split('\n')
    .map((line, i) => maskValues(maskSecretsInLine(line, lines.lineStart(i + 1), ranges), values))
    .join('\n');
}

/** The secrets of a file's text read as `kind` (for text that is not a scanned artifact: a fix's before and after). */
export function secretRanges(file: string, kind: TextKind, text: string): Range[] {
  const parsed = parseArtifact(file, text, kind);
  if (!parsed.ok) return valueSecrets(verbatimPiece(text, 0));
  // The MLflow readers mark passwords in JSON and Helm values when they first read them, as the mlflow rules do.
  if (parsed.artifact.kind === 'json' || parsed.artifact.kind === 'yaml') mlflowSettings(parsed.artifact);
  return artifactSecretRanges(parsed.artifact);
}

