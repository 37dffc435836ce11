// A reader for HCL2 native syntax (Terraform .tf files) that keeps every range. The npm HCL parsers either
// lack positions (GopherJS or WASM builds of the Go library), are HCL1, or need a native addon, so this one
// covers what configuration files hold: blocks, attributes, literals, quoted and heredoc templates (with
// ${} and %{} kept as text), objects, tuples and function calls. Anything more (operators, conditionals,
// for expressions, splats) becomes an `expression` node carrying its source text.

export interface HclRange {
  start: number;
  end: number;
}

export type HclExpression =
  | (HclRange & { type: 'literal'; value: string | number | boolean | null })
  /** A quoted string or heredoc with interpolation: `text` is its value with each ${...} kept as written. */
  | (HclRange & { type: 'template'; text: string; heredoc: boolean; contentStart: number; contentEnd: number })
  | (HclRange & { type: 'object'; items: HclObjectItem[] })
  | (HclRange & { type: 'tuple'; items: HclExpression[] })
  | (HclRange & { type: 'call'; name: string; args: HclExpression[] })
  /** A traversal such as var.x or aws_s3_bucket.models.arn. */
  | (HclRange & { type: 'reference'; text: string })
  | (HclRange & { type: 'expression'; text: string });

export interface HclObjectItem extends HclRange {
  /** The key as text: an identifier or a string's value; undefined for a computed key. */
  key: string | undefined;
  keyRange: HclRange;
  value: HclExpression;
}

/** For a literal string: where its content (inside the quotes or heredoc markers) is. */
export interface HclStringLiteral extends HclRange {
  type: 'literal';
  value: string;
  heredoc: boolean;
  contentStart: number;
  contentEnd: number;
}

export interface HclAttribute extends HclRange {
  type: 'attribute';
  name: string;
  value: HclExpression;
}

export interface HclBlock extends HclRange {
  type: 'block';
  blockType: string;
  labels: string[];
  body: HclBody;
}

export interface HclBody {
  items: Array<HclAttribute | HclBlock>;
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Parses a whole file; throws HclSyntaxError with the offset of the first problem. */
export function parseHcl(text: string): HclBody {
  return new Parser(text).file();
}

export function attribute(body: HclBody, name: string): HclAttribute | undefined {
  return body.items.find((item): item is HclAttribute => item.type === 'attribute' && item.name === name);
}

export function blocks(body: HclBody, blockType?: string): HclBlock[] {
  return body.items.filter((item): item is HclBlock => item.type === 'block' && (blockType === undefined || item.blockType === blockType));
}

/** A literal string, a template or a reference as text (references as "${a.b}"); undefined otherwise. */
export function expressionText(expression: HclExpression | undefined): string | undefined {
  if (!expression) return undefined;
  if (expression.type === 'literal') return expression.value === null ? undefined : String(expression.value);
  if (expression.type === 'template') return expression.text;
  if (expression.type === 'reference' || expression.type === 'expression') return `\${${expression.text}}`;
  return undefined;
}

const MAX_DEPTH = 500;
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_-]/;

class Parser {
  private at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  file(): HclBody {
    const body = this.body(undefined);
    this.skipSpace(true);
    if (this.at < this.text.length) this.fail(`unexpected ${this.describe()}`);
    return body;
  }

  private body(closing: '}' | undefined): HclBody {
    const items: HclBody['items'] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.at >= this.text.length) {
        if (closing) this.fail('unclosed block: expected }');
        return { items };
      }
      if (this.peek() === closing) return { items };
      const start = this.at;
      if (!IDENTIFIER_START.test(this.peek())) this.fail(`expected an attribute or block name, found ${this.describe()}`);
      const name = this.identifier();
      this.skipSpace(false);
      if (this.peek() === '=' && this.text[this.at + 1] !== '=') {
        this.at += 1;
        this.skipSpace(false);
        const value = this.expression();
        items.push({ type: 'attribute', name, value, start, end: value.end });
        this.endOfLine();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skipSpace(false);
        const c = this.peek();
        if (c === '"') {
          const label = this.quoted();
          if (label.type !== 'literal') this.fail('a block label cannot hold interpolation', label.start);
          labels.push(String(label.value));
        } else if (IDENTIFIER_START.test(c)) labels.push(this.identifier());
        else break;
      }
      if (this.peek() !== '{') this.fail(`expected = or { after ${name}, found ${this.describe()}`);
      this.at += 1;
      this.enter();
      const inner = this.body('}');
      this.depth -= 1;
      this.at += 1;
      items.push({ type: 'block', blockType: name, labels, body: inner, start, end: this.at });
      this.endOfLine();
    }
  }

  /** After an attribute or block: only a comment or a newline may follow on the same line. */
  private endOfLine(): void {
    this.skipSpace(false);
    const c = this.peek();
    if (c === '' || c === '\n' || c === '\r' || c === '}') return;
    this.fail(`expected a new line, found ${this.describe()}`);
  }

  private expression(): HclExpression {
    const start = this.at;
    const first = this.postfix(this.primary());
    this.skipSpace(false, true);
    if (!this.atOperator()) return first;
    // Operators and conditionals: kept as source text up to the end of the expression.
    this.skipExpressionTail();
    return { type: 'expression', text: this.text.slice(start, this.at).trim(), start, end: this.trimmedEnd(start) };
  }

  private atOperator(): boolean {
    const two = this.text.slice(this.at, this.at + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) return true;
    if (two === '//' || two === '/*') return false;
    return /^[-+*/%<>?]/.test(this.peek());
  }

  /** Skips to the end of an expression: a newline, comma or closer at the expression's own nesting level. */
  private skipExpressionTail(): void {
    let nesting = 0;
    while (this.at < this.text.length) {
      const c = this.peek();
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === '<' && this.text.startsWith('<<', this.at) && /^<<-?[A-Za-z_]/.test(this.text.slice(this.at, this.at + 4))) {
        this.heredoc();
        continue;
      }
      if (c === '(' || c === '[' || c === '{') nesting += 1;
      else if (c === ')' || c === ']' || c === '}') {
        if (nesting === 0) return;
        nesting -= 1;
      } else if (nesting === 0 && (c === '\n' || c === ',' || (c === '#' || this.text.startsWith('//', this.at)))) return;
      this.at += 1;
    }
    if (nesting > 0) this.fail('unclosed bracket in expression');
  }

  private trimmedEnd(start: number): number {
    let end = this.at;
    while (end > start && /\s/.test(this.text[end - 1]!)) end -= 1;
    return end;
  }

  private primary(): HclExpression {
    const start = this.at;
    const c = this.peek();
    if (c === '"') return this.quoted();
    if (c === '<' && this.text.startsWith('<<', this.at)) return this.heredoc();
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '(') {
      this.skipBalanced('(', ')');
      return { type: 'expression', text: this.text.slice(start, this.at), start, end: this.at };
    }
    if (c === '-' || /[0-9]/.test(c)) {
      const match = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.at, this.at + 64));
      if (!match) {
        // Unary minus on something else: an expression.
        this.at += 1;
        const operand = this.postfix(this.primary());
        return { type: 'expression', text: this.text.slice(start, operand.end), start, end: operand.end };
      }
      this.at += match[0].length;
      return { type: 'literal', value: Number(match[0]), start, end: this.at };
    }
    if (c === '!') {
      this.at += 1;
      const operand = this.postfix(this.primary());
      return { type: 'expression', text: this.text.slice(start, operand.end), start, end: operand.end };
    }
    if (IDENTIFIER_START.test(c)) {
      const name = this.identifier();
      if (name === 'true' || name === 'false') return { type: 'literal', value: name === 'true', start, end: this.at };
      if (name === 'null') return { type: 'literal', value: null, start, end: this.at };
      if (this.peek() === '(' || (this.peek() === ':' && this.text[this.at + 1] === ':')) {
        let callee = name;
        while (this.text.startsWith('::', this.at)) {
          this.at += 2;
          callee += `::${this.identifier()}`;
        }
        return this.call(callee, start);
      }
      return { type: 'reference', text: name, start, end: this.at };
    }
    this.fail(c === '' ? 'expected a value, found the end of the file' : `expected a value, found ${this.describe()}`);
  }

  /** Attribute access, indexes and splats after a value; a reference keeps growing as text. */
  private postfix(base: HclExpression): HclExpression {
    let expression = base;
    for (;;) {
      const c = this.peek();
      if (c === '.' && (this.text[this.at + 1] === '*' || IDENTIFIER_START.test(this.text[this.at + 1] ?? '') || /[0-9]/.test(this.text[this.at + 1] ?? ''))) {
        this.at += 1;
        if (this.peek() === '*') this.at += 1;
        else if (/[0-9]/.test(this.peek())) while (/[0-9]/.test(this.peek())) this.at += 1;
        else this.identifier();
      } else if (c === '[') {
        this.skipBalanced('[', ']');
      } else break;
      const text = this.text.slice(expression.start, this.at);
      expression = { type: expression.type === 'reference' ? 'reference' : 'expression', text, start: expression.start, end: this.at };
    }
    return expression;
  }

  private call(name: string, start: number): HclExpression {
    this.at += 1; // (
    this.enter();
    const args: HclExpression[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ')') break;
      args.push(this.expression());
      this.skipSpace(true);
      if (this.text.startsWith('...', this.at)) this.at += 3;
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.at += 1;
        continue;
      }
      if (this.peek() !== ')') this.fail(`expected , or ) in the arguments of ${name}, found ${this.describe()}`);
    }
    this.at += 1;
    this.depth -= 1;
    return { type: 'call', name, args, start, end: this.at };
  }

  private tuple(): HclExpression {
    const start = this.at;
    this.at += 1;
    this.skipSpace(true);
    if (/^for\b/.test(this.text.slice(this.at, this.at + 4))) {
      this.at = start;
      this.skipBalanced('[', ']');
      return { type: 'expression', text: this.text.slice(start, this.at), start, end: this.at };
    }
    this.enter();
    const items: HclExpression[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ']') break;
      items.push(this.expression());
      this.skipSpace(true);
      if (this.peek() === ',') {
        this.at += 1;
        continue;
      }
      if (this.peek() !== ']') this.fail(`expected , or ] in a list, found ${this.describe()}`);
    }
    this.at += 1;
    this.depth -= 1;
    return { type: 'tuple', items, start, end: this.at };
  }

  private object(): HclExpression {
    const start = this.at;
    this.at += 1;
    this.skipSpace(true);
    if (/^for\b/.test(this.text.slice(this.at, this.at + 4))) {
      this.at = start;
      this.skipBalanced('{', '}');
      return { type: 'expression', text: this.text.slice(start, this.at), start, end: this.at };
    }
    this.enter();
    const items: HclObjectItem[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === '}') break;
      const keyStart = this.at;
      let key: string | undefined;
      let keyRange: HclRange;
      if (this.peek() === '(') {
        this.skipBalanced('(', ')');
        keyRange = { start: keyStart, end: this.at };
      } else {
        const keyExpression = this.postfix(this.primary());
        keyRange = { start: keyExpression.start, end: keyExpression.end };
        if (keyExpression.type === 'literal' && keyExpression.value !== null) key = String(keyExpression.value);
        else if (keyExpression.type === 'reference' && !keyExpression.text.includes('.')) key = keyExpression.text;
        else if (keyExpression.type === 'template') key = keyExpression.text;
      }
      this.skipSpace(false);
      if (this.peek() !== '=' && this.peek() !== ':') this.fail(`expected = or : after an object key, found ${this.describe()}`);
      this.at += 1;
      this.skipSpace(true);
      const value = this.expression();
      items.push({ key, keyRange, value, start: keyStart, end: value.end });
      this.skipSpace(false);
      const comma = this.peek() === ',';
      if (comma) this.at += 1;
      this.skipSpace(false);
      const c = this.peek();
      if (!comma && c !== '\n' && c !== '}') this.fail(`expected a new line, , or } in an object, found ${this.describe()}`);
    }
    this.at += 1;
    this.depth -= 1;
    return { type: 'object', items, start, end: this.at };
  }

  /** A quoted string: a literal when it has no interpolation, a template otherwise. */
  private quoted(): HclExpression {
    const start = this.at;
    this.at += 1;
    let value = '';
    let templated = false;
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unterminated string', start);
      if (c === '"') break;
      if (c === '\\') {
        const next = this.text[this.at + 1] ?? '';
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (next in simple) {
          value += simple[next];
          this.at += 2;
        } else if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          const hex = this.text.slice(this.at + 2, this.at + 2 + length);
          if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) this.fail('invalid unicode escape in a string');
          value += String.fromCodePoint(parseInt(hex, 16));
          this.at += 2 + length;
        } else this.fail(`invalid escape \\${next} in a string`);
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.at + 1] === '{') {
        templated = true;
        value += this.interpolation();
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.at + 1] === c && this.text[this.at + 2] === '{') {
        value += `${c}{`;
        this.at += 3;
        continue;
      }
      value += c;
      this.at += 1;
    }
    this.at += 1;
    const range = { start, end: this.at, contentStart: start + 1, contentEnd: this.at - 1 };
    return templated ? { type: 'template', text: value, heredoc: false, ...range } : ({ type: 'literal', value, heredoc: false, ...range } as HclStringLiteral);
  }

  /** ${ ... } or %{ ... }, returned as written; strings inside are skipped whole so their braces do not count. */
  private interpolation(): string {
    const start = this.at;
    this.at += 2;
    let nesting = 0;
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated ${ in a string', start);
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === '{') nesting += 1;
      if (c === '}') {
        if (nesting === 0) break;
        nesting -= 1;
      }
      this.at += 1;
    }
    this.at += 1;
    return this.text.slice(start, this.at);
  }

  private heredoc(): HclExpression {
    const start = this.at;
    const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.at, this.at + 200));
    if (!match) this.fail('a heredoc needs a marker and a new line: <<EOF or <<-EOF');
    const indented = match[1] === '-';
    const marker = match[2]!;
    const contentStart = this.at + match[0].length;
    const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    const rest = this.text.slice(contentStart);
    const found = closing.exec(rest);
    if (!found) this.fail(`heredoc ${marker} is never closed`, start);
    const contentEnd = contentStart + found.index;
    this.at = contentEnd + found[0].length;
    let lines = this.text.slice(contentStart, contentEnd).split('\n');
    if (indented) {
      const widths = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
      const strip = widths.length ? Math.min(...widths) : 0;
      lines = lines.map((line) => line.slice(Math.min(strip, /^[ \t]*/.exec(line)![0].length)));
    }
    const value = lines.join('\n');
    const templated = /(?<![$%])[$%]\{/.test(value);
    const range = { start, end: this.at, contentStart, contentEnd };
    return templated ? { type: 'template', text: value, heredoc: true, ...range } : ({ type: 'literal', value, heredoc: true, ...range } as HclStringLiteral);
  }

  private skipBalanced(open: string, close: string): void {
    const start = this.at;
    let nesting = 0;
    while (this.at < this.text.length) {
      const c = this.peek();
      if (c === '"') {
        this.quoted();
        continue;
      }
      if (c === open) nesting += 1;
      else if (c === close) {
        nesting -= 1;
        if (nesting === 0) {
          this.at += 1;
          return;
        }
      }
      this.at += 1;
    }
    this.fail(`unclosed ${open}`, start);
  }

  private identifier(): string {
    const start = this.at;
    if (!IDENTIFIER_START.test(this.peek())) this.fail(`expected a name, found ${this.describe()}`);
    while (IDENTIFIER_PART.test(this.peek())) this.at += 1;
    return this.text.slice(start, this.at);
  }

  /** Skips blanks and comments; newlines too when `newlines`. A newline ends an attribute, so it matters. */
  private skipSpace(newlines: boolean, stopBeforeComment = false): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.at += 1;
      else if (!stopBeforeComment && (c === '#' || this.text.startsWith('//', this.at))) {
        while (this.at < this.text.length && this.peek() !== '\n') this.at += 1;
      } else if (this.text.startsWith('/*', this.at)) {
        const end = this.text.indexOf('*/', this.at + 2);
        if (end === -1) this.fail('unclosed /* comment');
        this.at = end + 2;
      } else return;
    }
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail('nested too deeply to analyse');
  }

  private peek(): string {
    return this.text[this.at] ?? '';
  }

  private describe(): string {
    const c = this.peek();
    if (c === '') return 'the end of the file';
    if (c === '\n') return 'a new line';
    return `"${c}"`;
  }

  private fail(message: string, offset = this.at): never {
    throw new HclSyntaxError(message, offset);
  }
}

/**
 * The expression as the plain value jsonencode would see, with references and other expressions as
 * "${...}" text; `visit` hears the path and range of every part, so callers can map a path back to the file.
 */
export function hclToValue(expression: HclExpression, text: string, visit?: (path: Array<string | number>, range: HclRange) => void, path: Array<string | number> = []): unknown {
  visit?.(path, expression);
  switch (expression.type) {
    case 'literal':
      return expression.value;
    case 'template':
      return expression.text;
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const item of expression.items) if (item.key !== undefined) value[item.key] = hclToValue(item.value, text, visit, [...path, item.key]);
      return value;
    }
    case 'tuple':
      return expression.items.map((item, index) => hclToValue(item, text, visit, [...path, index]));
    default:
      return `\${${text.slice(expression.start, expression.end)}}`;
  }
}
