import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Span } from '../../iam/policy.js';

// A YAML document as a plain value plus the span of every part by path, for readers that interpret values
// (CloudFormation) but must report exact positions. CloudFormation short-form tags (!Ref, !GetAtt, !Sub,
// ...) become their long form ({"Ref": ...}, {"Fn::GetAtt": ...}), so one reader serves JSON and YAML;
// other tags keep their plain value. Aliases are not followed (a reader never expands a "billion laughs").

export type ValuePath = Array<string | number>;

export interface LocatedValue {
  value: unknown;
  spanOf(path: ValuePath): Span | undefined;
}

/** `a.b[0].c`: the path as a YAML reader writes it. */
export function yamlPath(path: ValuePath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z0-9_:-]+$/.test(part) ? `${i ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`)).join('');
}

/** `text` is the document's source, so a tagged value's span can start at its tag (!GetAtt A.Arn). */
export function yamlValues(document: Document.Parsed, text: string): LocatedValue {
  const spans = new Map<string, Span>();
  const walk = (node: unknown, path: ValuePath): unknown => {
    if (!node || typeof node !== 'object' || !('range' in node)) return undefined;
    const range = (node as Node).range!;
    const tag = (node as { tag?: string }).tag;
    let start = range[0];
    if (tag?.startsWith('!') && !tag.startsWith('!!')) {
      const at = text.lastIndexOf(tag, range[0]);
      if (at !== -1 && /^\s*$/.test(text.slice(at + tag.length, range[0]))) start = at;
    }
    spans.set(JSON.stringify(path), { start, end: range[1], pointer: yamlPath(path) });
    let value: unknown;
    if (isScalar(node)) value = node.value;
    else if (isSeq(node)) value = node.items.map((item, i) => walk(item, [...path, i]));
    else if (isMap(node)) {
      const record: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) record[key] = walk(pair.value, [...path, key]);
      }
      value = record;
    } else return undefined;
    return tag?.startsWith('!') && !tag.startsWith('!!') ? longForm(tag.slice(1), value) : value;
  };
  const value = walk(document.contents, []);
  return { value, spanOf: (path) => spans.get(JSON.stringify(path)) };
}

const SHORT_FORMS = new Set(['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString']);

function longForm(tag: string, value: unknown): unknown {
  if (tag === 'Ref') return { Ref: value };
  if (tag === 'Condition') return { Condition: value };
  if (SHORT_FORMS.has(tag)) return { [`Fn::${tag}`]: tag === 'GetAtt' && typeof value === 'string' ? value.split(/\.(.*)/s).slice(0, 2) : value };
  return value;
}
