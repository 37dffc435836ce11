// An IAM policy document as the rules and the evaluator walk it: document -> statement -> action, resource,
// principal and condition values, each with its range in the file it came from. A policy that has no text
// of its own (an AWS managed policy named by an attachment) carries the range of the reference instead.

export type Effect = 'Allow' | 'Deny';

/** Where something is in the scanned file: offsets and a pointer (JSON pointer, YAML or HCL path). */
export interface Span {
  start: number;
  end: number;
  pointer: string;
}

export interface Located<T> extends Span {
  value: T;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalValue extends Located<string> {
  type: PrincipalType;
}

/** `Principal: "*"` is `{ anyone: true }`; `{"AWS": "*"}` is a value "*" of type AWS (also anyone). */
export interface PrincipalBlock extends Span {
  anyone: boolean;
  values: PrincipalValue[];
}

export interface ConditionClause extends Span {
  /** As written, including IfExists and ForAllValues:/ForAnyValue: prefixes: "StringLike", "ForAnyValue:StringEquals". */
  operator: string;
  /** As written; condition keys compare case-insensitively. */
  key: string;
  values: string[];
}

export interface PolicyStatement extends Span {
  /** Position in the document's Statement list (0-based). */
  index: number;
  sid?: string;
  effect: Effect;
  /** Exactly one of action / notAction is set in a valid statement (both absent when the document is broken). */
  action?: Array<Located<string>>;
  notAction?: Array<Located<string>>;
  resource?: Array<Located<string>>;
  notResource?: Array<Located<string>>;
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  conditions: ConditionClause[];
}

export interface PolicyDocument extends Span {
  version?: string;
  statements: PolicyStatement[];
}

/** Reads a plain value (from JSON.parse, YAML or HCL) as a policy document; every part gets the anchor's span unless `spanOf` knows better. */
export function policyFromValue(value: unknown, anchor: Span, spanOf?: (path: Array<string | number>) => Span | undefined): PolicyDocument | undefined {
  if (!isObject(value)) return undefined;
  const at = (path: Array<string | number>): Span => spanOf?.(path) ?? { start: anchor.start, end: anchor.end, pointer: anchor.pointer + path.map((part) => `/${escapePointer(String(part))}`).join('') };
  const rawStatements = value.Statement;
  const list = Array.isArray(rawStatements) ? rawStatements : rawStatements === undefined ? [] : [rawStatements];
  const statements: PolicyStatement[] = [];
  list.forEach((raw, index) => {
    if (!isObject(raw)) return;
    const base: Array<string | number> = Array.isArray(rawStatements) ? ['Statement', index] : ['Statement'];
    const strings = (key: string): Array<Located<string>> | undefined => {
      const field = raw[key];
      if (field === undefined) return undefined;
      const items = Array.isArray(field) ? field : [field];
      return items.flatMap((item, i) => (typeof item === 'string' ? [{ value: item, ...at(Array.isArray(field) ? [...base, key, i] : [...base, key]) }] : []));
    };
    const principal = (key: string): PrincipalBlock | undefined => {
      const field = raw[key];
      if (field === undefined) return undefined;
      if (field === '*') return { anyone: true, values: [], ...at([...base, key]) };
      if (!isObject(field)) return { anyone: false, values: [], ...at([...base, key]) };
      const values: PrincipalValue[] = [];
      for (const [type, entries] of Object.entries(field)) {
        const items = Array.isArray(entries) ? entries : [entries];
        items.forEach((item, i) => {
          if (typeof item === 'string') values.push({ type: type as PrincipalType, value: item, ...at(Array.isArray(entries) ? [...base, key, type, i] : [...base, key, type]) });
        });
      }
      return { anyone: values.some((entry) => entry.type === 'AWS' && entry.value === '*'), values, ...at([...base, key]) };
    };
    const conditions: ConditionClause[] = [];
    if (isObject(raw.Condition)) {
      for (const [operator, block] of Object.entries(raw.Condition)) {
        if (!isObject(block)) continue;
        for (const [key, entries] of Object.entries(block)) {
          const items = Array.isArray(entries) ? entries : [entries];
          conditions.push({ operator, key, values: items.map((item) => String(item)), ...at([...base, 'Condition', operator, key]) });
        }
      }
    }
    const effect = raw.Effect === 'Deny' ? 'Deny' : 'Allow';
    statements.push({
      index,
      sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
      effect,
      action: strings('Action'),
      notAction: strings('NotAction'),
      resource: strings('Resource'),
      notResource: strings('NotResource'),
      principal: principal('Principal'),
      notPrincipal: principal('NotPrincipal'),
      conditions,
      ...at(base),
    });
  });
  return { version: typeof value.Version === 'string' ? value.Version : undefined, statements, ...at([]) };
}

/** A plain value looks like a policy document: a Statement of objects with an Effect. */
export function looksLikePolicy(value: unknown): boolean {
  if (!isObject(value)) return false;
  const statements = Array.isArray(value.Statement) ? value.Statement : value.Statement === undefined ? [] : [value.Statement];
  return statements.length > 0 && statements.every((statement) => isObject(statement) && (statement.Effect === 'Allow' || statement.Effect === 'Deny'));
}

export function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
