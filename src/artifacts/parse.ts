import { parseAllDocuments } from 'yaml';
import { LineIndex } from '../text/line-index.js';
import type { ScanError } from '../core/finding.js';
import type { Artifact, ArtifactKind } from './artifact.js';
import { describeJsonError, parseJson } from './json/parse-json.js';
import { readNotebook } from './notebook/parse-notebook.js';

export type ParseOutcome = { ok: true; artifact: Artifact } | { ok: false; error: ScanError };

/** Parses a file's text once, with positions, into the artifact its rules walk. */
export function parseArtifact(file: string, text: string, kind: ArtifactKind): ParseOutcome {
  const lines = new LineIndex(text);
  const fail = (message: string, kindName: string, offset?: number): ParseOutcome => {
    const position = offset === undefined ? undefined : lines.position(offset);
    return { ok: false, error: { file, kind: kindName, message, line: position?.line, column: position?.column } };
  };

  if (kind === 'notebook' || kind === 'json') {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      if (parsed.message === 'nested too deeply to analyse') return fail('skipped: JSON nested too deeply to analyse', 'too-deep');
      const described = describeJsonError(parsed, lines);
      return { ok: false, error: { file, kind: 'parse', message: described.message, line: described.line, column: described.column } };
    }
    if (kind === 'json') return { ok: true, artifact: { kind: 'json', file, text, lines, root: parsed.root } };
    const notebook = readNotebook(text, parsed.root, file);
    if (!notebook.ok) return fail(notebook.message, 'parse', notebook.offset);
    return { ok: true, artifact: { ...notebook.notebook, file, text, lines } };
  }

  // YAML: parsed to a document tree with positions; aliases are never expanded here, and rules that
  // convert to plain values must pass maxAliasCount so a "billion laughs" document cannot exhaust memory.
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  } catch (error) {
    if (error instanceof RangeError) return fail('skipped: YAML nested too deeply to analyse', 'too-deep');
    return fail(`not valid YAML: ${(error as Error).message}`, 'parse');
  }
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const first = document.errors[0];
    if (first) {
      const offset = first.pos[0];
      const { line, column } = lines.position(offset);
      const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, error: { file, kind: 'parse', message: `not valid YAML at line ${line} column ${column}: ${reason}`, line, column } };
    }
  }
  return { ok: true, artifact: { kind: 'yaml', file, text, lines, documents: list as never } };
}
