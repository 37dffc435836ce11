import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from 'diff';
import type { Node } from 'jsonc-parser';
import { isPair, isScalar, parseAllDocuments, visit, type Scalar } from 'yaml';
import { jsonStringText } from '../artifacts/json/json-string.js';
import { parseJson } from '../artifacts/json/parse-json.js';
import { parseArtifact } from '../artifacts/parse.js';
import { isCredentialLiteral } from '../artifacts/workflow/workflow-secrets.js';
import { scalarText } from '../artifacts/yaml/scalar-text.js';
import { sensitiveRangesOf } from '../core/analyze.js';
import { maskSecretsInLine } from '../core/snippet.js';
import { mlflowSettings } from '../mlflow/read-settings.js';
import { detectSecrets } from '../secrets/detect.js';
import { maskInPlace } from '../secrets/redact.js';
import { isSecretName } from '../secrets/secret-names.js';
import { LineIndex } from '../text/line-index.js';
import { MappedText, verbatimPiece } from '../text/mapped-text.js';

// The unified diff `mlops-audit fix` prints. Its removed and context lines are the file as it was, so the
// secrets the fix moves out would be printed whole: by default each one is masked as code frames mask it.
// A masked diff does not apply; --show-secrets prints the raw one, which does.

export interface FixDiff {
  /** The diff as a patch tool applies it. */
  raw: string;
  /** The same diff with every secret masked; equal to `raw` when the file holds none in the shown lines. */
  masked: string;
}

/** Printed above a diff in which something was masked, so nobody mistakes it for a patch. */
export const MASKED_NOTICE = '# mlops-audit: secrets below are masked (•): this diff is for reading and will not apply; --show-secrets prints one that applies\n';

type Range = { start: number; end: number };
type FixedKind = 'json' | 'yaml';

export function fixDiff(file: string, kind: FixedKind, before: string, after: string): FixDiff {
  const name = file.startsWith('/') ? file : `/${file}`;
  const patch = structuredPatch(`a${name}`, `b${name}`, before, after, undefined, undefined, { context: 3 });
  const raw = formatPatch(patch, FILE_HEADERS_ONLY);
  const masked = formatPatch(maskPatch(patch, file, kind, before, after), FILE_HEADERS_ONLY);
  return { raw, masked };
}

function maskPatch(patch: StructuredPatch, file: string, kind: FixedKind, before: string, after: string): StructuredPatch {
  const oldRanges = secretRanges(file, kind, before);
  const newRanges = secretRanges(file, kind, after);
  // Positions cover each side; the values themselves also catch a secret the fix carried to another place.
  const values = [...new Set([...oldRanges.map((range) => before.slice(range.start, range.end)), ...newRanges.map((range) => after.slice(range.start, range.end))])]
    .filter((value) => value.trim().length >= 6 && !value.includes('\n'))
    .sort((a, b) => b.length - a.length);
  const oldLines = new LineIndex(before);
  const newLines = new LineIndex(after);
  const hunks = patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const lines = hunk.lines.map((line) => {
      const sign = line[0];
      if (sign !== ' ' && sign !== '-' && sign !== '+') return line;
      const content = line.slice(1);
      const shown = sign === '+' ? maskSecretsInLine(content, newLines.lineStart(newLine), newRanges) : maskSecretsInLine(content, oldLines.lineStart(oldLine), oldRanges);
      if (sign !== '+') oldLine += 1;
      if (sign !== '-') newLine += 1;
      return sign + maskValues(shown, values);
    });
    return { ...hunk, lines };
  });
  return { ...patch, hunks };
}

function maskValues(line: string, values: readonly string[]): string {
  let out = line;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(maskInPlace(value));
  return out;
}

/**
 * Where `text` holds secrets: the ranges the scanner's rules report secrets from (a workflow's plaintext
 * credentials, which the fix moves; MLflow passwords and keys), each string value as the detectors read it
 * with its key as the hint, values stored under secret names, and detector matches anywhere else (comments).
 */
function secretRanges(file: string, kind: FixedKind, text: string): Range[] {
  const ranges: Range[] = [];
  const parsed = parseArtifact(file, text, kind);
  if (parsed.ok) {
    // The MLflow readers mark passwords in JSON and Helm values when they first read them, as the mlflow rules do.
    if (parsed.artifact.kind === 'json' || parsed.artifact.kind === 'yaml') mlflowSettings(parsed.artifact);
    ranges.push(...sensitiveRangesOf(parsed.artifact));
    // A workflow's own reader already judged its values by name; other files (compose, Helm values) are judged here.
    const byName = parsed.artifact.kind !== 'workflow';
    for (const value of kind === 'json' ? jsonStrings(text) : yamlStrings(text)) ranges.push(...valueSecrets(value.text, value.key, byName));
  }
  ranges.push(...valueSecrets(verbatimPiece(text, 0)));
  return ranges;
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
