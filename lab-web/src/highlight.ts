import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser as jsonParser } from '@lezer/json';
import { parser as yamlParser } from '@lezer/yaml';

// Syntax highlighting for the fixture viewer with the Lezer grammars (the same parser family the analyzer
// uses for Python): the text is parsed once and cut into lines of tokens, each with `tok-*` classes that
// style.css colours. Tokens are rendered as text nodes, never as HTML.

export interface Token {
  text: string;
  /** Space-separated `tok-…` classes; empty for plain text. */
  classes: string;
}

function parserFor(file: string) {
  if (/\.(json|ipynb)$/i.test(file)) return jsonParser;
  if (/\.ya?ml$/i.test(file)) return yamlParser;
  return undefined;
}

/** Lines of tokens for a known file type, or undefined to show plain text. Always as many lines as given. */
export function highlightLines(file: string, lines: readonly string[]): Token[][] | undefined {
  const parser = parserFor(file);
  if (!parser) return undefined;
  const text = lines.join('\n');
  const out: Token[][] = [[]];
  try {
    highlightCode(
      text,
      parser.parse(text),
      classHighlighter,
      (piece, classes) => out[out.length - 1]!.push({ text: piece, classes }),
      () => out.push([]),
    );
  } catch {
    return undefined;
  }
  return out.length === lines.length ? out : undefined;
}
