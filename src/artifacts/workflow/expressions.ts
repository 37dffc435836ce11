import { Lexer, Parser, type Expr } from '@actions/expressions';
import type { MappedText } from '../../text/mapped-text.js';

// `${{ … }}` fragments inside workflow values, found with their exact file range and parsed with
// GitHub's own expression parser, so rules see which contexts and functions an expression uses.

export interface ExpressionFragment {
  /** The expression between `${{` and `}}`, trimmed. */
  expression: string;
  /** Index range of the whole `${{ … }}` in the value's text. */
  start: number;
  end: number;
  rawStart: number;
  rawEnd: number;
  /** Context paths the expression reads: github.event.issue.title, secrets.HF_TOKEN, secrets (whole). */
  contexts: string[];
  /** Functions it calls, lower-case: tojson, format, contains… */
  functions: string[];
  parseError?: string;
}

const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'matrix', 'strategy', 'needs', 'job', 'jobs', 'steps', 'runner'];

// Several rules read the fragments of the same value; each value is read and parsed once.
const cache = new WeakMap<MappedText, readonly ExpressionFragment[]>();

export function expressionsIn(text: MappedText): readonly ExpressionFragment[] {
  let fragments = cache.get(text);
  if (!fragments) cache.set(text, (fragments = findExpressions(text)));
  return fragments;
}

function findExpressions(text: MappedText): ExpressionFragment[] {
  const source = text.text;
  const fragments: ExpressionFragment[] = [];
  let at = source.indexOf('${{');
  while (at !== -1) {
    const close = closingBraces(source, at + 3);
    if (close === -1) break;
    const end = close + 2;
    const expression = source.slice(at + 3, close).trim();
    const range = text.rawRange(at, end);
    fragments.push({ expression, start: at, end, rawStart: range.start, rawEnd: range.end, ...analyse(expression) });
    at = source.indexOf('${{', end);
  }
  return fragments;
}

/** The `}}` that closes an expression, skipping string literals ('…' with '' as an escaped quote). */
function closingBraces(source: string, from: number): number {
  let inString = false;
  for (let i = from; i < source.length - 1; i++) {
    const char = source[i];
    if (char === "'") {
      if (inString && source[i + 1] === "'") i += 1;
      else inString = !inString;
    } else if (!inString && char === '}' && source[i + 1] === '}') return i;
  }
  return -1;
}

function analyse(expression: string): Pick<ExpressionFragment, 'contexts' | 'functions' | 'parseError'> {
  try {
    const tokens = new Lexer(expression).lex().tokens;
    const tree = new Parser(tokens, CONTEXTS, []).parse();
    const contexts: string[] = [];
    const functions: string[] = [];
    collect(tree, contexts, functions);
    return { contexts, functions };
  } catch (error) {
    // An expression GitHub would reject still tells what it reads; fall back to the context names in it.
    const contexts = [...expression.matchAll(/\b(github|env|vars|secrets|inputs|matrix|needs|steps|job|runner)((?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)/g)].map((match) => `${match[1]}${match[2]!.replace(/\[\s*'([^']*)'\s*\]/g, '.$1')}`);
    return { contexts, functions: [], parseError: (error as Error).message };
  }
}

function collect(node: Expr, contexts: string[], functions: string[]): void {
  const path = accessPath(node);
  if (path) {
    contexts.push(path);
    // steps.x.outputs[matrix.key] also reads matrix.key.
    for (let link = node as unknown as { expr?: Expr; index?: Expr }; link.expr && link.index; link = link.expr as unknown as { expr?: Expr; index?: Expr }) {
      if (!('literal' in link.index)) collect(link.index, contexts, functions);
    }
    return;
  }
  const any = node as unknown as { functionName?: { lexeme: string }; args?: Expr[]; expr?: Expr; index?: Expr; left?: Expr; right?: Expr; group?: Expr };
  if (any.functionName) functions.push(any.functionName.lexeme.toLowerCase());
  for (const child of [...(any.args ?? []), any.expr, any.index, any.left, any.right, any.group]) if (child) collect(child, contexts, functions);
}

/** github.event.issue.title for a chain of property accesses on a context; undefined for anything else. */
function accessPath(node: Expr): string | undefined {
  const any = node as unknown as { name?: { lexeme: string }; expr?: Expr; index?: Expr; literal?: { coerceString?: () => string; value?: unknown } };
  if (any.name && !('functionName' in any)) return any.name.lexeme;
  if (any.expr && any.index) {
    const base = accessPath(any.expr);
    if (base === undefined) return undefined;
    const index = any.index as unknown as { literal?: { value?: unknown }; constructor: { name: string } };
    if (index.literal && typeof index.literal.value === 'string') return `${base}.${index.literal.value}`;
    return `${base}.*`;
  }
  return undefined;
}
