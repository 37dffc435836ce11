// Fixes are expressed as edits of the original text, never as a re-serialised document: what an edit does
// not touch (comments, blank lines, quoting, key order, line endings) stays byte for byte as it was.

/** Replace `text[start, end)` with `text`; start === end inserts. Offsets are into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class OverlappingEditsError extends Error {}

/**
 * Applies edits that do not overlap. Insertions at the same offset keep the order they were given in, and an
 * insertion at the start or end of a replaced range goes before or after it; anything else that shares a
 * character is a bug in the fix that made it, so it throws instead of guessing.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(text, edits);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The edits in application order, checked: in bounds and not overlapping. */
export function sortEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  for (const edit of edits) {
    if (!Number.isInteger(edit.start) || !Number.isInteger(edit.end) || edit.start < 0 || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit [${edit.start}, ${edit.end}) is outside the text (length ${text.length})`);
    }
  }
  // Stable sort: by start, then insertions before the replacement that starts at the same offset.
  const sorted = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) || a.index - b.index)
    .map(({ edit }) => edit);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const edit = sorted[i]!;
    if (edit.start < previous.end) {
      throw new OverlappingEditsError(`edits [${previous.start}, ${previous.end}) and [${edit.start}, ${edit.end}) overlap`);
    }
  }
  return sorted;
}
