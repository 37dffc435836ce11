/** A value and its offsets in the file (line formats have no pointer path). */
export interface Ranged<T> {
  value: T;
  start: number;
  end: number;
}



// Small line-oriented formats (.env files, INI files, requirements files, Dockerfiles) share one need:
// each meaningful line with its offsets, comments and blank lines dropped.

export interface TextLine {
  /** Line text without its line break. */
  text: string;
  start: number;
  end: number;
}

export function textLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    out.push({ text: line, start, end: start + line.length });
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

/** `text.slice(from, to)` trimmed, with its offsets in the file. */
export function locatedTrim(text: string, from: number, to: number): Ranged<string> {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { value: text.slice(start, end), start, end };
}

/** Drops one pair of matching surrounding quotes, keeping the offsets of what is inside. */
export function unquote(value: Ranged<string>): Ranged<string> {
  const first = value.value[0];
  if (value.value.length >= 2 && (first === '"' || first === "'") && value.value.endsWith(first)) {
    return { value: value.value.slice(1, -1), start: value.start + 1, end: value.end - 1 };
  }
  return value;
}
