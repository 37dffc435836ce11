import type { Node } from 'jsonc-parser';
import { MappedText } from '../../text/mapped-text.js';

/**
 * The decoded value of a JSON string node as MappedText, so an index in the decoded value maps back to
 * the exact character in the file even when the string holds escapes (\n, \", \u00e9).
 */
export function jsonStringText(source: string, node: Node): MappedText {
  const value = typeof node.value === 'string' ? node.value : '';
  const contentStart = node.offset + 1;
  const rawLength = node.length - 2;
  if (rawLength === value.length) {
    // No escapes: the decoded value is the raw slice.
    return new MappedText(value, [{ start: 0, length: value.length, toRaw: (i) => contentStart + i }]);
  }
  let map: Int32Array | undefined;
  const toRaw = (i: number): number => {
    map ??= decodeMap(source, contentStart, rawLength, value.length);
    return map[Math.min(i, value.length)]!;
  };
  return new MappedText(value, [{ start: 0, length: value.length, toRaw }]);
}

// map[k] = file offset of the raw character(s) that decode to value index k; map[length] = closing quote.
function decodeMap(source: string, start: number, rawLength: number, decodedLength: number): Int32Array {
  const map = new Int32Array(decodedLength + 1);
  let decoded = 0;
  let raw = start;
  const end = start + rawLength;
  while (raw < end && decoded < decodedLength) {
    map[decoded++] = raw;
    if (source.charCodeAt(raw) === 92 /* \ */) raw += source[raw + 1] === 'u' ? 6 : 2;
    else raw += 1;
  }
  while (decoded <= decodedLength) map[decoded++] = end;
  return map;
}

/** RFC 6901 pointer segment escaping. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function objectProperty(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  for (const property of node.children) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === key) return valueNode;
  }
  return undefined;
}

export function objectEntries(node: Node | undefined): Array<[string, Node]> {
  if (!node || node.type !== 'object' || !node.children) return [];
  const entries: Array<[string, Node]> = [];
  for (const property of node.children) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && valueNode) entries.push([String(keyNode.value), valueNode]);
  }
  return entries;
}

/** A JSON string, or an array of strings joined with nothing between (nbformat's multi-line strings). */
export function multilineText(source: string, node: Node | undefined): MappedText {
  if (!node) return MappedText.empty();
  if (node.type === 'string') return jsonStringText(source, node);
  if (node.type === 'array' && node.children) {
    const parts = node.children.filter((child) => child.type === 'string').map((child) => jsonStringText(source, child));
    return parts.length === 0 ? MappedText.empty() : MappedText.join(parts);
  }
  return MappedText.empty();
}
