// Just enough of POSIX shell to read the commands of a `run:` script: the words of one simple command
// (quotes removed, positions kept), ending at the first unquoted separator. It does not expand anything.

export interface ShellWord {
  /** The word with quotes and escapes removed. */
  value: string;
  /** Index range of the word as written, in the script text. */
  start: number;
  end: number;
  /** True when part of the word was quoted (a quoted word is never an option or a keyword). */
  quoted: boolean;
}

export interface ShellCommand {
  words: ShellWord[];
  start: number;
  /** Index after the last word. */
  end: number;
}

const SEPARATORS = new Set([';', '&', '|', ')', '\n', '`']);

/** The words of the simple command that starts at `from` (usually the program name). */
export function commandAt(text: string, from: number): ShellCommand {
  const words: ShellWord[] = [];
  let i = from;
  let skipNext = false;
  for (;;) {
    // Blanks and line continuations between words.
    while (i < text.length) {
      if (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i += 1;
      else if (text[i] === '\\' && text[i + 1] === '\n') i += 2;
      else break;
    }
    if (i >= text.length) break;
    const char = text[i]!;
    if (SEPARATORS.has(char) || char === '#') break;
    if (char === '>' || char === '<' || (/[0-9&]/.test(char) && /^[0-9&]>/.test(text.slice(i, i + 2)))) {
      // A redirection: the operator, then its target word, belong to no argument.
      while (i < text.length && /[0-9&<>|]/.test(text[i]!)) i += 1;
      skipNext = true;
      continue;
    }
    const word = readWord(text, i);
    if (word.end === i) break;
    if (!skipNext) words.push(word);
    skipNext = false;
    i = word.end;
  }
  const last = words[words.length - 1];
  return { words, start: from, end: last ? last.end : from };
}

function readWord(text: string, from: number): ShellWord {
  let value = '';
  let quoted = false;
  let i = from;
  while (i < text.length) {
    const char = text[i]!;
    if (char === ' ' || char === '\t' || char === '\r' || SEPARATORS.has(char) || char === '>' || char === '<') break;
    if (char === '\\') {
      if (text[i + 1] === '\n') break;
      value += text[i + 1] ?? '';
      i += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (char === '"') {
      quoted = true;
      i += 1;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
        } else if (text[i] === '$' && text[i + 1] === '(') {
          const close = matching(text, i + 1);
          value += text.slice(i, close + 1);
          i = close + 1;
        } else {
          value += text[i];
          i += 1;
        }
      }
      i += 1;
    } else if (char === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const close = text[i + 1] === '(' ? matching(text, i + 1) : text.indexOf('}', i + 2);
      const end = close === -1 ? text.length - 1 : close;
      value += text.slice(i, end + 1);
      i = end + 1;
    } else {
      value += char;
      i += 1;
    }
  }
  return { value, start: from, end: Math.min(i, text.length), quoted };
}

/** The `)` that closes the `(` at `open`, or the end of the text. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length - 1;
}

/** True when `index` sits after an unquoted `#` on its line (a comment). */
export function inComment(text: string, index: number): boolean {
  return commentChecker(text)(index);
}

/** A comment test for many indexes of one text: each line is read once, wherever its comment starts. */
export function commentChecker(text: string): (index: number) => boolean {
  const commentStarts = new Map<number, number>();
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  return (index) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    const lineStart = lineStarts[low]!;
    let comment = commentStarts.get(lineStart);
    if (comment === undefined) {
      comment = commentStart(text, lineStart);
      commentStarts.set(lineStart, comment);
    }
    return index > comment;
  };
}

function commentStart(text: string, lineStart: number): number {
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  let single = false;
  let double = false;
  for (let i = lineStart; i < lineEnd; i++) {
    const char = text[i]!;
    if (char === "'" && !double) single = !single;
    else if (char === '"' && !single) double = !double;
    else if (char === '#' && !single && !double && (i === lineStart || /\s/.test(text[i - 1]!))) return i;
  }
  return Infinity;
}

/** Options and positional arguments of a command line, given which options take no value. */
export interface ParsedArgs {
  positional: ShellWord[];
  options: Map<string, string | true>;
}

/**
 * `--name value`, `--name=value` and `-n value` are options with values unless the name is in `flags`;
 * everything else is positional. A value that is itself an option (`--a --b`) leaves `--a` a flag.
 */
export function parseArgs(words: readonly ShellWord[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: ShellWord[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.quoted || !word.value.startsWith('-') || word.value === '-' || word.value === '--') {
      positional.push(word);
      continue;
    }
    const equals = word.value.indexOf('=');
    if (equals !== -1) {
      options.set(word.value.slice(0, equals), word.value.slice(equals + 1));
      continue;
    }
    const next = words[i + 1];
    if (flags.has(word.value) || !next || (!next.quoted && next.value.startsWith('-'))) {
      options.set(word.value, true);
      continue;
    }
    options.set(word.value, next.value);
    i += 1;
  }
  return { positional, options };
}

/** The first value of any of `names` among the options. */
export function option(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = args.options.get(name);
    if (typeof value === 'string') return value;
  }
  return undefined;
}
