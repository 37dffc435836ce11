import type { Node } from 'jsonc-parser';
import { isPair, isScalar, parseAllDocuments, visit, type Scalar } from 'yaml';
import { jsonStringText } from '../artifacts/json/json-string.js';
import { parseJson } from '../artifacts/json/parse-json.js';
import { parseArtifact } from '../artifacts/parse.js';
import { scalarText } from '../artifacts/yaml/scalar-text.js';
import type { Artifact } from '../artifacts/artifact.js';
import { sensitiveRanges } from '../artifacts/notebook/notebook-exposures.js';
import { isCredentialLiteral, workflowSensitiveRanges } from '../artifacts/workflow/workflow-secrets.js';
import { maskSecretsInLine } from '../core/snippet.js';
import { mlflowSettings } from '../mlflow/read-settings.js';
import { LineIndex } from '../text/line-index.js';
import { MappedText, verbatimPiece } from '../text/mapped-text.js';
import { detectSecrets } from './detect.js';
import { maskInPlace } from './redact.js';
import { isSecretName } from './secret-names.js';

// Where a whole file holds secrets, for output that shows file text: code frames, the diff of
// `mlops-audit fix` and the lab's fixture viewer. Masking keeps every line's length, so line and column
// positions stay as they are in the file.

export type Range = { start: number; end: number };
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

/** Offsets of the secrets the rules report in this artifact (its readers mark them as they read). */
export function sensitiveRangesOf(artifact: Artifact): Range[] {
  switch (artifact.kind) {
    case 'notebook':
      return sensitiveRanges(artifact);
    case 'workflow':
      return workflowSensitiveRanges(artifact);
    default:
      return artifact.sensitive ?? [];
  }
}

/**
 * Where a parsed file holds secrets: the ranges its rules report secrets from (a workflow's plaintext
 * credentials, MLflow passwords and keys), each string value as the detectors read it with its key as the
 * hint, values stored under secret names (compose environments, Helm values), and detector matches
 * anywhere else (comments). Call it after the rules ran: some readers mark ranges only when first read.
 */
export function artifactSecretRanges(artifact: Artifact): Range[] {
  const ranges = [...sensitiveRangesOf(artifact)];
  const text = artifact.text;
  const format = /\.(json|ipynb)$/i.test(artifact.file) ? 'json' : /\.ya?ml$/i.test(artifact.file) ? 'yaml' : undefined;
  // A workflow's own reader already judged its values by name; other files are judged here.
  const byName = artifact.kind !== 'workflow';
  if (format) for (const value of format === 'yaml' ? yamlStrings(text) : jsonStrings(text)) ranges.push(...valueSecrets(value.text, value.key, byName));
  ranges.push(...valueSecrets(verbatimPiece(text, 0)));
  return ranges;
}

/** The secrets of a file's text read as `kind` (for text that is not a scanned artifact: a fix's before and after). */
export function secretRanges(file: string, kind: TextKind, text: string): Range[] {
  const parsed = parseArtifact(file, text, kind);
  if (!parsed.ok) return valueSecrets(verbatimPiece(text, 0));
  // The MLflow readers mark passwords in JSON and Helm values when they first read them, as the mlflow rules do.
  if (parsed.artifact.kind === 'json' || parsed.artifact.kind === 'yaml') mlflowSettings(parsed.artifact);
  return artifactSecretRanges(parsed.artifact);
}

function valueSecrets(text: MappedText, key?: string, byName = false): Range[] {
  const found: Range[] = [];
  for (const match of detectSecrets(text, undefined, key)) {
    found.push({ start: match.rawStart, end: match.rawEnd });
    if (match.partner) found.push({ start: match.partner.rawStart, end: match.partner.rawEnd });
  }
  if (found.length > 0 || !byName || key === undefined) return found;
  // A value under a secret name in a map, or `POSTGRES_PASSWORD=…` in a compose environment list.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text.text);
  const [value, offset] = isSecretName(key) ? [text.text, 0] : assignment && isSecretName(assignment[1]!) ? [assignment[2]!, assignment[1]!.length + 1] : ['', 0];
  if (isCredentialLiteral(value)) found.push(text.rawRange(offset, text.text.length));
  return found;
}

interface StringValue {
  text: MappedText;
  /** The key it is stored under, or for a list item the key of the list. */
  key?: string;
}

function yamlStrings(text: string): StringValue[] {
  const out: StringValue[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false, keepSourceTokens: false });
  } catch {
    return out;
  }
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) continue;
    visit(document, {
      Scalar(_key, node, path) {
        if (typeof node.value !== 'string' || !node.range) return;
        const parent = [...path].reverse().find(isPair);
        const key = parent && isScalar(parent.key) && parent.key !== node ? String((parent.key as Scalar).value) : undefined;
        if (parent && parent.key === node) return;
        out.push({ text: scalarText(text, node), key });
      },
    });
  }
  return out;
}

function jsonStrings(text: string): StringValue[] {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  const out: StringValue[] = [];
  const walk = (node: Node, key: string | undefined, depth: number) => {
    if (depth > 200) return;
    if (node.type === 'string') out.push({ text: jsonStringText(text, node), key });
    else if (node.type === 'property' && node.children?.[1]) walk(node.children[1], String(node.children[0]?.value ?? ''), depth + 1);
    else for (const child of node.children ?? []) walk(child, key, depth + 1);
  };
  walk(parsed.root, undefined, 0);
  return out;
}
