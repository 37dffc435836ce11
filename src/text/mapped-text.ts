// Text assembled from pieces of a file (JSON string values, YAML scalars), with a way back from any
// index in the assembled text to the offset in the file. Detectors match on the decoded, joined text
// (so a key split over two output lines or written with JSON escapes is still one match), and findings
// still point at the exact line and column on disk.

export interface Piece {
  /** Where this piece starts in the assembled text. */
  start: number;
  length: number;
  /** Offset in the file of the piece's index `i` (0 <= i <= length). */
  toRaw(i: number): number;
}

export class MappedText {
  constructor(
    readonly text: string,
    readonly pieces: readonly Piece[],
  ) {}

  static empty(): MappedText {
    return new MappedText('', []);
  }

  /** Joins pieces with nothing between them, as Jupyter does with the lines of a multi-line string. */
  static join(parts: readonly MappedText[], separator = ''): MappedText {
    if (parts.length === 1) return parts[0]!;
    const pieces: Piece[] = [];
    const texts: string[] = [];
    let at = 0;
    parts.forEach((part, index) => {
      if (index > 0 && separator) {
        texts.push(separator);
        at += separator.length;
      }
      for (const piece of part.pieces) pieces.push({ ...piece, start: piece.start + at });
      texts.push(part.text);
      at += part.text.length;
    });
    return new MappedText(texts.join(''), pieces);
  }

  /** File offset of an index in the text; an index in a separator maps to the end of the piece before it. */
  rawOffset(index: number): number {
    const pieces = this.pieces;
    if (pieces.length === 0) return 0;
    let low = 0;
    let high = pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (pieces[mid]!.start <= index) low = mid;
      else high = mid - 1;
    }
    const piece = pieces[low]!;
    return piece.toRaw(Math.max(0, Math.min(index - piece.start, piece.length)));
  }

  /** The file range of a match that ends at `end` (exclusive). */
  rawRange(start: number, end: number): { start: number; end: number } {
    const rawStart = this.rawOffset(start);
    const rawEnd = end > start ? this.rawOffset(end - 1) + 1 : rawStart;
    return { start: rawStart, end: Math.max(rawEnd, rawStart) };
  }
}

/** A piece whose text is a verbatim slice of the file starting at `rawStart`. */
export function verbatimPiece(text: string, rawStart: number): MappedText {
  return new MappedText(text, [{ start: 0, length: text.length, toRaw: (i) => rawStart + i }]);
}
