// Policy text -> a pattern the evaluator can match: IAM wildcards (`*`, `?`) and policy variables
// (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`).
// Characters from variables and escapes are always literal, so a tag value of "*" cannot widen a resource.

/** Condition keys and policy variables, looked up case-insensitively. */
export type RequestContext = Record<string, string | string[] | boolean | number>;

/** Lower-cased key -> values as strings (booleans as "true"/"false", numbers in decimal). */
export type ContextValues = ReadonlyMap<string, readonly string[]>;

export function contextValues(context: RequestContext | undefined): ContextValues {
  const values = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context ?? {})) {
    const list = Array.isArray(value) ? value.map(String) : [String(value)];
    values.set(key.toLowerCase(), [...(values.get(key.toLowerCase()) ?? []), ...list]);
  }
  return values;
}

export interface Pattern {
  text: string;
  /** wild[i] is true when text[i] is a wildcard (`*` or `?`) rather than a literal character. */
  wild: boolean[];
  /** A variable had no value; each such variable became a `*`, so a match means "could match", never "matches". */
  unresolved: boolean;
}

export interface PatternOptions {
  /** `*` and `?` written in the policy are wildcards (Action, Resource, StringLike, ArnLike). */
  wildcards: boolean;
  /** `${...}` is a policy variable (documents with Version 2012-10-17). */
  variables: boolean;
  context: ContextValues;
}

export function compilePattern(source: string, options: PatternOptions): Pattern {
  let text = '';
  const wild: boolean[] = [];
  let unresolved = false;
  const literal = (chars: string): void => {
    text += chars;
    for (let k = 0; k < chars.length; k++) wild.push(false);
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (options.variables && char === '$' && source[i + 1] === '{') {
      const close = source.indexOf('}', i + 2);
      if (close !== -1) {
        const value = variableValue(source.slice(i + 2, close), options.context);
        if (value === undefined) {
          unresolved = true;
          text += '*';
          wild.push(true);
        } else literal(value);
        i = close + 1;
        continue;
      }
    }
    text += char;
    wild.push(options.wildcards && (char === '*' || char === '?'));
    i++;
  }
  return { text, wild, unresolved };
}

/** The value a `${...}` body stands for, or undefined when the request does not carry it. */
function variableValue(body: string, context: ContextValues): string | undefined {
  if (body === '*' || body === '?' || body === '$') return body;
  const comma = body.indexOf(',');
  const key = (comma === -1 ? body : body.slice(0, comma)).trim().toLowerCase();
  const values = context.get(key);
  // Multivalued keys cannot be policy variables: AWS treats them as absent.
  if (values?.length === 1) return values[0];
  if (comma === -1) return undefined;
  const fallback = body.slice(comma + 1).trim();
  return fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'") ? fallback.slice(1, -1) : undefined;
}

/** Matches a compiled pattern against a whole value; backtracks only to the last `*`, so no blow-up on hostile text. */
export function matchPattern(pattern: Pattern, value: string, caseSensitive: boolean): boolean {
  const { text, wild } = pattern;
  const same = caseSensitive ? (a: string, b: string) => a === b : (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < value.length) {
    if (pi < text.length && ((wild[pi] && text[pi] === '?') || (!wild[pi] && same(text[pi]!, value[vi]!)))) {
      pi++;
      vi++;
    } else if (pi < text.length && wild[pi] && text[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++mark;
    } else return false;
  }
  while (pi < text.length && wild[pi] && text[pi] === '*') pi++;
  return pi === text.length;
}

/** Three-valued result: 'undecided' when the request lacks what the answer depends on. */
export type Truth = boolean | 'undecided';

/** OR: true wins, then undecided. */
export function anyTrue(results: Iterable<Truth>): Truth {
  let undecided = false;
  for (const result of results) {
    if (result === true) return true;
    if (result === 'undecided') undecided = true;
  }
  return undecided ? 'undecided' : false;
}

/** AND: false wins, then undecided. */
export function allTrue(results: Iterable<Truth>): Truth {
  let undecided = false;
  for (const result of results) {
    if (result === false) return false;
    if (result === 'undecided') undecided = true;
  }
  return undecided ? 'undecided' : true;
}

export function not(result: Truth): Truth {
  return result === 'undecided' ? result : !result;
}

/** A pattern match that is only "possible" when a variable had no value. */
export function patternTruth(pattern: Pattern, value: string, caseSensitive: boolean): Truth {
  if (!matchPattern(pattern, value, caseSensitive)) return false;
  return pattern.unresolved ? 'undecided' : true;
}
