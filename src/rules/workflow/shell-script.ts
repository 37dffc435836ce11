// A small reader for the POSIX shell in `run:` scripts: enough structure to tell where a command's
// output goes (the log, a pipe, a file, $GITHUB_OUTPUT) without running anything. It splits commands
// and pipelines, keeps quoting, command substitution and `${{ }}` inside their words, and attaches
// redirections and here-document bodies to the command they belong to. Indexes are into the script text.

export interface Word {
  /** The word as written, quotes included. */
  text: string;
  start: number;
  end: number;
}

export interface Redirect {
  /** >, >>, >|, &>, &>>, >&, <, <<, <<-, <<<, <& */
  op: string;
  /** The file descriptor written before the operator (`2>`), if any. */
  fd?: string;
  target?: Word;
  start: number;
}

export interface Heredoc {
  delimiter: string;
  /** A quoted delimiter (<<'EOF') turns off expansion in the body. */
  quoted: boolean;
  body: string;
  bodyStart: number;
}

export interface Command {
  words: Word[];
  redirects: Redirect[];
  heredocs: Heredoc[];
  start: number;
}

export interface Pipeline {
  commands: Command[];
}

const KEYWORDS = new Set(['then', 'else', 'elif', 'do', 'if', 'while', 'until', '!', '{', 'time']);

export function parseShell(script: string): Pipeline[] {
  const units = new Units(script);
  const pipelines: Pipeline[] = [];
  let pipeline: Pipeline = { commands: [] };
  let command: Command | undefined;
  let pendingRedirect: Redirect | undefined;
  let pendingHeredocs: Array<{ heredoc: Heredoc; stripTabs: boolean }> = [];
  let i = 0;

  const currentCommand = (at: number): Command => (command ??= { words: [], redirects: [], heredocs: [], start: at });
  const endCommand = () => {
    if (command && (command.words.length || command.redirects.length)) pipeline.commands.push(command);
    command = undefined;
    pendingRedirect = undefined;
  };
  const endPipeline = () => {
    endCommand();
    if (pipeline.commands.length) pipelines.push(pipeline);
    pipeline = { commands: [] };
  };
  const pushWord = (word: Word) => {
    if (pendingRedirect) {
      pendingRedirect.target = word;
      if (pendingRedirect.op === '<<' || pendingRedirect.op === '<<-') {
        const quoted = /['"\\]/.test(word.text);
        const heredoc: Heredoc = { delimiter: unquote(word.text), quoted, body: '', bodyStart: -1 };
        currentCommand(word.start).heredocs.push(heredoc);
        pendingHeredocs.push({ heredoc, stripTabs: pendingRedirect.op === '<<-' });
      }
      pendingRedirect = undefined;
      return;
    }
    currentCommand(word.start).words.push(word);
  };
  const readHeredocBodies = (from: number): number => {
    let at = from;
    for (const { heredoc, stripTabs } of pendingHeredocs) {
      heredoc.bodyStart = at;
      const lines: string[] = [];
      while (at < script.length) {
        let lineEnd = script.indexOf('\n', at);
        if (lineEnd === -1) lineEnd = script.length;
        const line = script.slice(at, lineEnd);
        at = Math.min(lineEnd + 1, script.length);
        if ((stripTabs ? line.replace(/^\t+/, '') : line).trimEnd() === heredoc.delimiter) break;
        lines.push(line);
      }
      heredoc.body = lines.join('\n');
    }
    pendingHeredocs = [];
    return at;
  };

  while (i < script.length) {
    const char = script[i]!;
    if (char === '\n') {
      endPipeline();
      i = pendingHeredocs.length ? readHeredocBodies(i + 1) : i + 1;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      i += 1;
      continue;
    }
    if (char === '\\' && script[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (char === '#') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end;
      continue;
    }
    const operator = /^(?:&&|\|\||;;|[;&]|\|&?|[()])/.exec(script.slice(i, i + 2))?.[0];
    if (operator && !(operator === '&' && script[i + 1] === '>')) {
      if (operator === '|' || operator === '|&') endCommand();
      else endPipeline();
      i += operator.length;
      continue;
    }
    const redirect = /^(?:&>>|&>|>>|>\||>&|>|<<<|<<-|<<|<&|<)/.exec(script.slice(i, i + 3))?.[0];
    if (redirect) {
      const target: Redirect = { op: redirect, start: i };
      currentCommand(i).redirects.push(target);
      pendingRedirect = target;
      i += redirect.length;
      continue;
    }
    const end = wordEnd(units, i);
    const text = script.slice(i, end);
    // `2>file`, `1>&2`: a number right before a redirection is its file descriptor.
    if (/^\d+$/.test(text) && (script[end] === '>' || script[end] === '<') && !pendingRedirect) {
      const op = /^(?:>>|>\||>&|>|<&|<)/.exec(script.slice(end, end + 2))![0];
      const target: Redirect = { op, fd: text, start: i };
      currentCommand(i).redirects.push(target);
      pendingRedirect = target;
      i = end + op.length;
      continue;
    }
    pushWord({ text, start: i, end });
    i = end;
  }
  endPipeline();
  return pipelines;
}

/** Where the word starting at `start` ends: quotes, `$( )`, `${ }` (and so `${{ }}`) and backticks stay inside. */
function wordEnd(units: Units, start: number): number {
  const script = units.text;
  let i = start;
  while (i < script.length) {
    const char = script[i]!;
    if (/[\s;&|()<>]/.test(char)) return i;
    i = units.end(i);
  }
  return i;
}

// Nesting deeper than this is hostile input, not a script: the rest is treated as one unclosed unit.
const MAX_NESTING = 200;

/**
 * The units of one text (quoted strings, substitutions, escapes), with every end found remembered: a
 * nested unit is scanned once, so even unclosed nesting (`"$(echo "$(…`) stays linear in the text.
 */
class Units {
  private readonly ends = new Map<number, number>();
  constructor(readonly text: string) {}

  /** The index after the unit that starts at `i`. */
  end(i: number, depth = 0): number {
    const known = this.ends.get(i);
    if (known !== undefined) return known;
    const end = depth > MAX_NESTING ? this.text.length : this.scan(i, depth);
    this.ends.set(i, end);
    return end;
  }

  private scan(i: number, depth: number): number {
    const script = this.text;
    const char = script[i]!;
    if (char === '\\') return Math.min(i + 2, script.length);
    if (char === "'") {
      const close = script.indexOf("'", i + 1);
      return close === -1 ? script.length : close + 1;
    }
    if (char === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\') j += 2;
        else if ((script[j] === '$' && (script[j + 1] === '(' || script[j + 1] === '{')) || script[j] === '`') j = this.end(j, depth + 1);
        else j += 1;
      }
      return Math.min(j + 1, script.length);
    }
    if (char === '`') {
      let j = i + 1;
      while (j < script.length && script[j] !== '`') j += script[j] === '\\' ? 2 : 1;
      return Math.min(j + 1, script.length);
    }
    if (char === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      const open = script[i + 1]!;
      const close = open === '(' ? ')' : '}';
      let level = 0;
      let j = i + 1;
      while (j < script.length) {
        const c = script[j]!;
        if (c === open) level += 1;
        else if (c === close) {
          level -= 1;
          if (level === 0) return j + 1;
        } else if (c === "'" || c === '"' || c === '`' || c === '\\' || (c === '$' && (script[j + 1] === '(' || script[j + 1] === '{'))) {
          // Nested units go through end(), so each is scanned once however the text nests.
          j = this.end(j, depth + 1);
          continue;
        }
        j += 1;
      }
      return script.length;
    }
    return i + 1;
  }
}

/** The word without its quotes and escapes (no expansion). */
export function unquote(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      out += text.slice(i + 1, close === -1 ? text.length : close);
      i = close === -1 ? text.length : close;
    } else if (char === '"') continue;
    else if (char === '\\' && i + 1 < text.length) out += text[++i];
    else out += char;
  }
  return out;
}

/** The command's name and arguments, after leading keywords (then, do, !) and NAME=value assignments. */
export function commandName(command: Command): { name?: Word; args: Word[]; assignments: Word[] } {
  const assignments: Word[] = [];
  let index = 0;
  while (index < command.words.length) {
    const word = command.words[index]!;
    if (KEYWORDS.has(word.text)) index += 1;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) {
      assignments.push(word);
      index += 1;
    } else break;
  }
  const name = command.words[index];
  return { name, args: command.words.slice(index + 1), assignments };
}

/**
 * `$NAME`, `${NAME}` and `${NAME…}` expansions in a word (or here-document body), outside single quotes.
 * `${#NAME}` (the length) and `${NAME:+word}` are not the value and are left out; `transformed` marks `${NAME:0:4}`-style
 * expansions and those inside `$( )` or backticks, whose output no longer matches the secret.
 */
export interface Expansion {
  name: string;
  start: number;
  end: number;
  /** The output is not the value: a substring or other modifier, or inside `$( )`. */
  transformed: boolean;
  /** Inside a command substitution. */
  substituted: boolean;
}

// `${NAME…}` with a modifier of bounded length (an unclosed `${` must not scan to the end each time), and `$NAME`.
const BRACED = /\$\{(#?)([A-Za-z_][A-Za-z0-9_]*)([^}\n]{0,200})\}/y;
const PLAIN = /\$([A-Za-z_][A-Za-z0-9_]*)/y;

export function variablesIn(text: string, expandInSingleQuotes = false): Expansion[] {
  const found: Expansion[] = [];
  let single = false;
  let double = false;
  // Ends of the command substitutions around the current index, innermost last.
  const open: number[] = [];
  const units = new Units(text);
  for (let i = 0; i < text.length; i++) {
    while (open.length && open[open.length - 1]! <= i) open.pop();
    const char = text[i]!;
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (char === "'" && !double && !expandInSingleQuotes) {
      single = !single;
      continue;
    }
    if (char === '"' && !single) {
      double = !double;
      continue;
    }
    if (single) continue;
    if ((char === '$' && text[i + 1] === '(') || char === '`') open.push(units.end(i));
    if (char !== '$') continue;
    BRACED.lastIndex = i;
    const braced = BRACED.exec(text);
    if (braced) {
      const [whole, hash, name, modifier] = braced as unknown as [string, string, string, string];
      // ${NAME:+word} expands to the word, never the value.
      if (!hash && !/^:?\+/.test(modifier)) found.push({ name, start: i, end: i + whole.length, transformed: open.length > 0 || /^(?::\d|:\s*-?\d|\/|\^|,|#|%)/.test(modifier), substituted: open.length > 0 });
      i += whole.length - 1;
      continue;
    }
    PLAIN.lastIndex = i;
    const plain = PLAIN.exec(text);
    if (plain) {
      found.push({ name: plain[1]!, start: i, end: i + plain[0].length, transformed: open.length > 0, substituted: open.length > 0 });
      i += plain[0].length - 1;
    }
  }
  return found;
}
