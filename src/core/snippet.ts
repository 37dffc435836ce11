import type { LineIndex } from '../text/line-index.js';
import { detectSecrets } from '../secrets/detect.js';
import { maskInPlace } from '../secrets/redact.js';
import { verbatimPiece } from '../text/mapped-text.js';
import type { Snippet } from './finding.js';

const CONTEXT_LINES = 1;
const MAX_WIDTH = 160;

/**
 * The lines around a finding with every known secret range masked, plus anything the detectors
 * recognise on those lines: a code frame is where a secret would most easily slip out.
 */
export function buildSnippet(lines: LineIndex, line: number, column: number, sensitive: ReadonlyArray<{ start: number; end: number }>): Snippet {
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.lineCount(), line + CONTEXT_LINES);
  const out: string[] = [];
  const shifts: number[] = [];
  for (let current = first; current <= last; current++) {
    const text = maskSecretsInLine(lines.lineText(current), lines.lineStart(current), sensitive);
    const clipped = clip(text, current === line ? column : 1);
    out.push(detach(clipped.text));
    shifts.push(clipped.shift);
  }
  return shifts.some((shift) => shift !== 0) ? { startLine: first, lines: out, columnShift: shifts } : { startLine: first, lines: out };
}

/**
 * One line of a file, starting at offset `lineStart`, with every known secret range masked (same length, so
 * columns stay put) and anything the detectors recognise in the line. Code frames and `fix` diffs share it.
 */
export function maskSecretsInLine(line: string, lineStart: number, sensitive: ReadonlyArray<{ start: number; end: number }>): string {
  let text = line;
  for (const range of sensitive) {
    const from = Math.max(range.start, lineStart) - lineStart;
    const to = Math.min(range.end, lineStart + text.length) - lineStart;
    if (from >= to) continue;
    // A secret wholly on this line keeps its first and last characters, like the evidence; a part of a
    // multi-line secret (a PEM block) is masked completely, or its lines together would reveal it.
    const whole = range.start >= lineStart && range.end <= lineStart + text.length;
    const shown = whole ? maskInPlace(text.slice(from, to)) : '•'.repeat(to - from);
    text = text.slice(0, from) + shown + text.slice(to);
  }
  for (const match of detectSecrets(verbatimPiece(text, 0))) {
    text = text.slice(0, match.start) + maskInPlace(text.slice(match.start, match.end)) + text.slice(match.end);
  }
  return text;
}

/**
 * A slice of a large string can keep the whole file's text alive in V8; findings outlive their file, so
 * snippet lines are copied (this took a benchmark scan's peak memory from about 920 to 175 MiB).
 */
function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Very long lines (minified JSON, base64) are cut to a window around the column of interest. */
function clip(text: string, column: number): { text: string; shift: number } {
  if (text.length <= MAX_WIDTH) return { text, shift: 0 };
  const start = Math.max(0, Math.min(column - 1 - 40, text.length - MAX_WIDTH));
  const shown = `${start > 0 ? '…' : ''}${text.slice(start, start + MAX_WIDTH)}${start + MAX_WIDTH < text.length ? '…' : ''}`;
  // Display column = file column - shift (the leading ellipsis takes one column).
  return { text: shown, shift: start > 0 ? start - 1 : 0 };
}
