import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { LineIndex } from '../../text/line-index.js';

export type JsonParse = { ok: true; root: Node } | { ok: false; message: string; offset: number };

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected content after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'control character inside a string',
};

/** Strict JSON with node offsets; deep nesting is reported, not allowed to overflow the stack. */
export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, message: 'the file is empty, expected JSON', offset: 0 };
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: 'nested too deeply to analyse', offset: 0 };
    throw error;
  }
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    return { ok: false, message: ERROR_TEXT[code] ?? code, offset: first.offset };
  }
  if (!root) return { ok: false, message: 'no JSON value found', offset: 0 };
  return { ok: true, root };
}

export function describeJsonError(failure: { message: string; offset: number }, lines: LineIndex): { message: string; line: number; column: number } {
  const { line, column } = lines.position(failure.offset);
  return { message: `not valid JSON at line ${line} column ${column}: ${failure.message}`, line, column };
}
