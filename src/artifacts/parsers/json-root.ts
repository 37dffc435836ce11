import type { Node } from 'jsonc-parser';
import type { LineIndex } from '../../text/line-index.js';
import { describeJsonError, parseJson } from '../json/parse-json.js';
import { parseFailure, type ParseOutcome } from './common.js';

/** The JSON tree, or the outcome that reports why there is none. */
export function jsonRoot(file: string, text: string, lines: LineIndex): { ok: true; root: Node } | { ok: false; outcome: ParseOutcome } {
  const parsed = parseJson(text);
  if (parsed.ok) return { ok: true, root: parsed.root };
  if (parsed.message === 'nested too deeply to analyse') return { ok: false, outcome: parseFailure(file, lines, 'skipped: JSON nested too deeply to analyse', 'too-deep') };
  const described = describeJsonError(parsed, lines);
  return { ok: false, outcome: { ok: false, error: { file, kind: 'parse', message: described.message, line: described.line, column: described.column } } };
}
