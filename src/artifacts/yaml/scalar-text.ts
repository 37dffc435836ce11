import type { Scalar } from 'yaml';
import { MappedText, verbatimPiece } from '../../text/mapped-text.js';

/**
 * The text of a YAML scalar with a way back to the file. Block scalars (`run: |`) become their lines
 * without the block's indentation, each line mapped to where it stands on disk; quoted scalars are
 * decoded with their escapes mapped; plain scalars are verbatim.
 */
export function scalarText(source: string, node: Scalar): MappedText {
  const [start, valueEnd] = node.range ?? [0, 0];
  const raw = source.slice(start, valueEnd);
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockLines(source, start, valueEnd);
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return quoted(raw, start, node.type === 'QUOTE_DOUBLE');
    default:
      return verbatimPiece(raw.replace(/\s+$/, ''), start);
  }
}

function blockLines(source: string, start: number, end: number): MappedText {
  const headerEnd = source.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) return MappedText.empty();
  const header = source.slice(start, headerEnd);
  const explicit = /[1-9]/.exec(header)?.[0];
  const lines: MappedText[] = [];
  let indent = -1;
  let at = headerEnd + 1;
  while (at < end) {
    let lineEnd = source.indexOf('\n', at);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = source.slice(at, lineEnd).replace(/\r$/, '');
    if (indent === -1 && line.trim() !== '') indent = explicit ? Number(explicit) : line.length - line.trimStart().length;
    const cut = Math.min(Math.max(indent, 0), line.length - line.trimStart().length);
    lines.push(verbatimPiece(line.slice(cut), at + cut));
    at = lineEnd + 1;
  }
  while (lines.length > 0 && lines[lines.length - 1]!.text.trim() === '') lines.pop();
  return lines.length === 0 ? MappedText.empty() : MappedText.join(lines, '\n');
}

/** Decodes a quoted scalar, keeping for every decoded character the offset of its raw text. */
function quoted(raw: string, start: number, double: boolean): MappedText {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = 1;
  const end = raw.length - 1;
  while (i < end) {
    const char = raw[i]!;
    if (double && char === '\\') {
      const next = raw[i + 1] ?? '';
      const width = next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
      const decoded = next === 'x' || next === 'u' || next === 'U' ? String.fromCodePoint(parseInt(raw.slice(i + 2, i + width), 16) || 0xfffd) : ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[next] ?? next;
      for (let k = 0; k < decoded.length; k++) {
        chars.push(decoded[k]!);
        offsets.push(start + i);
      }
      i += width;
    } else if (!double && char === "'" && raw[i + 1] === "'") {
      chars.push("'");
      offsets.push(start + i);
      i += 2;
    } else {
      chars.push(char);
      offsets.push(start + i);
      i += 1;
    }
  }
  const text = chars.join('');
  if (text.length === raw.length - 2) return verbatimPiece(text, start + 1);
  offsets.push(start + Math.max(1, end));
  return new MappedText(text, [{ start: 0, length: text.length, toRaw: (index) => offsets[Math.min(index, offsets.length - 1)]! }]);
}
