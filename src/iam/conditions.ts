// Condition blocks: every clause must hold, any one policy value may satisfy a clause. A key the request
// does not carry makes a positive operator false in AWS; here it is 'undecided' so callers can tell
// "allowed under conditions" from "never". Negated operators and ...IfExists hold on a missing key, as in AWS.

import type { ConditionClause } from './policy.js';
import { arnLike } from './arn-match.js';
import { allTrue, anyTrue, compilePattern, not, patternTruth, type ContextValues, type Truth } from './pattern.js';

type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn';

interface Operator {
  family: Family;
  /** Compares one request value with one policy value, for the positive form of the operator. */
  compare: (actual: string, wanted: string, lookup: CompareContext) => Truth;
  negated: boolean;
}

interface CompareContext {
  context: ContextValues;
  variables: boolean;
}

export interface ParsedOperator {
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  /** Without prefix and IfExists: "StringLike". */
  base: string;
}

export function parseOperator(written: string): ParsedOperator {
  let rest = written.trim();
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') set = 'ForAllValues';
    else if (prefix === 'foranyvalue') set = 'ForAnyValue';
    else return { ifExists: false, base: written };
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.toLowerCase().endsWith('ifexists') && rest.length > 'ifexists'.length;
  return { set, ifExists, base: ifExists ? rest.slice(0, -'IfExists'.length) : rest };
}

const text = (caseSensitive: boolean, wildcards: boolean) => (actual: string, wanted: string, { context, variables }: CompareContext): Truth =>
  patternTruth(compilePattern(wanted, { wildcards, variables, context }), actual, caseSensitive);

const numeric = (test: (a: number, b: number) => boolean) => (actual: string, wanted: string): Truth => {
  const a = parseNumber(actual);
  const b = parseNumber(wanted);
  return a !== undefined && b !== undefined && test(a, b);
};

const date = (test: (a: number, b: number) => boolean) => (actual: string, wanted: string): Truth => {
  const a = parseDate(actual);
  const b = parseDate(wanted);
  return a !== undefined && b !== undefined && test(a, b);
};

const arn = (actual: string, wanted: string, { context, variables }: CompareContext): Truth => arnLike(wanted, actual, context, variables);

// Keys are lower-cased operator names: IAM documents spell them in PascalCase, but a different case is not worth a false alarm.
const OPERATORS = new Map<string, Operator>([
  ['stringequals', { family: 'String', compare: text(true, false), negated: false }],
  ['stringnotequals', { family: 'String', compare: text(true, false), negated: true }],
  ['stringequalsignorecase', { family: 'String', compare: text(false, false), negated: false }],
  ['stringnotequalsignorecase', { family: 'String', compare: text(false, false), negated: true }],
  ['stringlike', { family: 'String', compare: text(true, true), negated: false }],
  ['stringnotlike', { family: 'String', compare: text(true, true), negated: true }],
  ['numericequals', { family: 'Numeric', compare: numeric((a, b) => a === b), negated: false }],
  ['numericnotequals', { family: 'Numeric', compare: numeric((a, b) => a === b), negated: true }],
  ['numericlessthan', { family: 'Numeric', compare: numeric((a, b) => a < b), negated: false }],
  ['numericlessthanequals', { family: 'Numeric', compare: numeric((a, b) => a <= b), negated: false }],
  ['numericgreaterthan', { family: 'Numeric', compare: numeric((a, b) => a > b), negated: false }],
  ['numericgreaterthanequals', { family: 'Numeric', compare: numeric((a, b) => a >= b), negated: false }],
  ['dateequals', { family: 'Date', compare: date((a, b) => a === b), negated: false }],
  ['datenotequals', { family: 'Date', compare: date((a, b) => a === b), negated: true }],
  ['datelessthan', { family: 'Date', compare: date((a, b) => a < b), negated: false }],
  ['datelessthanequals', { family: 'Date', compare: date((a, b) => a <= b), negated: false }],
  ['dategreaterthan', { family: 'Date', compare: date((a, b) => a > b), negated: false }],
  ['dategreaterthanequals', { family: 'Date', compare: date((a, b) => a >= b), negated: false }],
  ['bool', { family: 'Bool', compare: (actual, wanted) => actual.trim().toLowerCase() === wanted.trim().toLowerCase(), negated: false }],
  ['binaryequals', { family: 'Binary', compare: (actual, wanted) => actual.trim() === wanted.trim(), negated: false }],
  ['ipaddress', { family: 'Ip', compare: (actual, wanted) => ipInRange(actual, wanted), negated: false }],
  ['notipaddress', { family: 'Ip', compare: (actual, wanted) => ipInRange(actual, wanted), negated: true }],
  ['arnequals', { family: 'Arn', compare: arn, negated: false }],
  ['arnlike', { family: 'Arn', compare: arn, negated: false }],
  ['arnnotequals', { family: 'Arn', compare: arn, negated: true }],
  ['arnnotlike', { family: 'Arn', compare: arn, negated: true }],
]);

/** Whether the operator is one this evaluator knows (with or without set prefix and IfExists). */
export function knownOperator(written: string): boolean {
  const parsed = parseOperator(written);
  const base = parsed.base.toLowerCase();
  return base === 'null' ? !parsed.set && !parsed.ifExists : OPERATORS.has(base);
}

/** One clause against the request context. `variables` is false for documents older than Version 2012-10-17. */
export function conditionHolds(clause: ConditionClause, context: ContextValues, variables = true): Truth {
  const parsed = parseOperator(clause.operator);
  const present = context.get(clause.key.trim().toLowerCase());
  if (parsed.base.toLowerCase() === 'null') {
    if (parsed.set || parsed.ifExists) return 'undecided';
    const absent = present === undefined || present.length === 0;
    return anyTrue(clause.values.map((value) => (value.trim().toLowerCase() === 'true' ? absent : value.trim().toLowerCase() === 'false' ? !absent : false)));
  }
  const operator = OPERATORS.get(parsed.base.toLowerCase());
  if (!operator) return 'undecided';
  const lookup: CompareContext = { context, variables };
  // Does one request value satisfy the operator (any policy value matches; negated: none does)?
  const one = (actual: string): Truth => {
    const matched = anyTrue(clause.values.map((wanted) => operator.compare(actual, wanted, lookup)));
    return operator.negated ? not(matched) : matched;
  };
  if (parsed.set === 'ForAllValues') {
    if (present === undefined || present.length === 0) return true;
    return allTrue(present.map(one));
  }
  if (parsed.set === 'ForAnyValue') {
    // AWS: false on a missing key, whatever the operator.
    if (present === undefined) return parsed.ifExists ? true : 'undecided';
    return anyTrue(present.map(one));
  }
  if (present === undefined) return parsed.ifExists || operator.negated ? true : 'undecided';
  // A multivalued key without a set prefix: positive operators need one matching value, negated ones none.
  const matched = anyTrue(present.map((actual) => anyTrue(clause.values.map((wanted) => operator.compare(actual, wanted, lookup)))));
  return operator.negated ? not(matched) : matched;
}

/** All clauses ANDed. */
export function conditionsHold(clauses: readonly ConditionClause[], context: ContextValues, variables = true): Truth {
  return allTrue(clauses.map((clause) => conditionHolds(clause, context, variables)));
}

function parseNumber(value: string): number | undefined {
  const trimmed = value.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : undefined;
}

/** ISO 8601 (date or date-time) or epoch seconds, in milliseconds. */
export function parseDate(value: string): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  // A date-time without a zone is UTC in IAM; Date.parse would read it as local time.
  const zoned = /T[\d:.]+$/.test(trimmed) ? `${trimmed}Z` : trimmed;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

interface Address {
  version: 4 | 6;
  value: bigint;
}

/** Whether an address (or the network address of a CIDR) lies in a CIDR; a bare address is /32 or /128. */
export function ipInRange(address: string, cidr: string): boolean {
  const actual = parseAddress(address.trim().split('/')[0]!);
  const [base, lengthText] = cidr.trim().split('/') as [string, string | undefined];
  const network = parseAddress(base);
  if (!actual || !network || actual.version !== network.version) return false;
  const bits = network.version === 4 ? 32 : 128;
  const length = lengthText === undefined ? bits : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : -1;
  if (length < 0 || length > bits) return false;
  const shift = BigInt(bits - length);
  return actual.value >> shift === network.value >> shift;
}

function parseAddress(text: string): Address | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    if (value === undefined) return undefined;
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address for range checks.
    if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffffffffn };
    return { version: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { version: 4, value };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const address = text.split('%')[0]!;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const pieces = half.split(':');
    const last = pieces[pieces.length - 1]!;
    // A trailing dotted IPv4 part stands for two groups.
    if (last.includes('.')) {
      const v4 = parseIpv4(last);
      if (v4 === undefined) return undefined;
      pieces.splice(pieces.length - 1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return pieces.every((piece) => /^[0-9a-fA-F]{1,4}$/.test(piece)) ? pieces : undefined;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]) value = (value << 16n) | BigInt(parseInt(group, 16));
  return value;
}
