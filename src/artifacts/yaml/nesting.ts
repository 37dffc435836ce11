/**
 * A cheap upper estimate of how deeply a YAML text nests, in one pass over the characters, so hostile
 * nesting is refused before the YAML parser builds its syntax tree: the parser spends about a kilobyte and
 * tens of microseconds per level before its composer overflows the stack, so a 20 MB file of '[' would
 * take gigabytes and minutes. Counts flow collections ([ {) outside quoted scalars and comments, and
 * compact block indicators on one line ("- - - x"). Block nesting by indentation needs one more space per
 * level, so a file within the size cap cannot nest that way deeply enough to matter.
 */
export function yamlNestingExceeds(text: string, limit: number): boolean {
  let flow = 0;
  let compact = 0;
  let lineStart = true;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      compact = 0;
      lineStart = true;
      previous = c;
      continue;
    }
    const atTokenStart = previous === ' ' || previous === '\t' || previous === '\n' || previous === '[' || previous === '{' || previous === ',' || previous === ':';
    if (c === '#' && (previous === ' ' || previous === '\t' || previous === '\n')) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    if ((c === '"' || c === "'") && atTokenStart) {
      i = quoteEnd(text, i, c);
      lineStart = false;
      previous = c;
      continue;
    }
    if (c === '[' || c === '{') {
      if (++flow > limit) return true;
    } else if (c === ']' || c === '}') {
      if (flow > 0) flow--;
    } else if (lineStart && (c === '-' || c === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      if (++compact > limit) return true;
    } else if (c !== ' ' && c !== '\t') {
      lineStart = false;
    }
    previous = c;
  }
  return false;
}

/** Index of the closing quote ("…" with backslash escapes, '…' with '' escapes), or the last index. */
function quoteEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return text.length - 1;
}
