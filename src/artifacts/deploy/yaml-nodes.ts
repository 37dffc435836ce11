import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Located } from '../../iam/policy.js';
import { commandAt } from '../workflow/shell-words.js';
import { scalarText } from '../yaml/scalar-text.js';
import type { EnvVar, Word } from './deployment.js';

// Small, position-keeping readers over `yaml` nodes shared by the compose and Kubernetes readers. Aliases and
// merge keys are never followed: a value written through an alias is simply not read.

export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair;
  return undefined;
}

export function get(map: unknown, key: string): Node | undefined {
  const value = pairOf(map, key)?.value;
  return value && typeof value === 'object' && 'range' in (value as object) ? (value as Node) : undefined;
}

export function getPath(node: unknown, ...keys: string[]): Node | undefined {
  let at: unknown = node;
  for (const key of keys) {
    at = get(at, key);
    if (!at) return undefined;
  }
  return at as Node;
}

export function mapEntries(map: unknown): Array<{ key: string; pair: Pair; value: unknown }> {
  if (!isMap(map)) return [];
  return (map as YAMLMap).items.filter((pair): pair is Pair => isPair(pair) && isScalar(pair.key) && String(pair.key.value) !== '<<').map((pair) => ({ key: String((pair.key as Scalar).value), pair, value: pair.value }));
}

export function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

export function range(node: unknown): { start: number; end: number } {
  const r = (node as Node | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

/** A scalar's value as a string (numbers and booleans as written), or undefined for other nodes. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

export function located(node: unknown, pointer: string): Located<string> | undefined {
  const value = str(node);
  if (value === undefined) return undefined;
  return { value, ...range(node), pointer };
}

export function bool(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  const text = String(node.value).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export function int(node: unknown): number | undefined {
  const value = str(node);
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** String labels/annotations of a map, or a compose list of `key=value`. */
export function stringMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of mapEntries(node)) out[key] = str(value) ?? '';
  for (const item of seqItems(node)) {
    const text = str(item);
    if (text === undefined) continue;
    const eq = text.indexOf('=');
    out[eq === -1 ? text : text.slice(0, eq)] = eq === -1 ? '' : text.slice(eq + 1);
  }
  return out;
}

/**
 * The words of a command given as a list (one word per item, a `sh -c` script stays one item) or as a
 * string (split as a shell would, quotes removed, each word with its span in the file).
 */
export function words(source: string, node: unknown, pointer: string): Word[] {
  if (isSeq(node)) {
    const out: Word[] = [];
    node.items.forEach((item, index) => {
      const value = str(item);
      if (value !== undefined) out.push({ value, ...range(item), pointer: `${pointer}[${index}]` });
    });
    return out;
  }
  if (!isScalar(node) || node.value === null) return [];
  const mapped = scalarText(source, node as Scalar);
  const text = mapped.text;
  const out: Word[] = [];
  let at = 0;
  // commandAt stops at a separator (; | & newline): continue after it, so a folded string keeps all its words.
  while (at < text.length) {
    const command = commandAt(text, at);
    for (const word of command.words) out.push({ value: word.value, ...mapped.rawRange(word.start, word.end), pointer });
    let next = command.words.length ? command.end : at;
    while (next < text.length && /[\s;&|)`#]/.test(text[next]!)) next += 1;
    if (next <= at) next = at + 1;
    at = next;
  }
  return out;
}

/** Environment variables written as a map (KEY: value) or a list (`- KEY=value`, `- KEY`, Kubernetes `- name:/value:`). */
export function envVars(source: string, node: unknown, pointer: string): EnvVar[] {
  const out: EnvVar[] = [];
  for (const { key, pair, value } of mapEntries(node)) {
    const span = { start: range(pair.key).start, end: range(value ?? pair.key).end, pointer: `${pointer}.${key}` };
    const text = str(value);
    out.push({ name: key, ...span, value: text === undefined ? undefined : { value: text, ...range(value), pointer: `${pointer}.${key}` } });
  }
  seqItems(node).forEach((item, index) => {
    const itemPointer = `${pointer}[${index}]`;
    if (isMap(item)) {
      const name = str(get(item, 'name'));
      if (!name) return;
      const valueNode = get(item, 'value');
      const from = get(item, 'valueFrom');
      const value = located(valueNode, `${itemPointer}.value`);
      let fromReference: string | undefined;
      if (from) {
        const secret = get(from, 'secretKeyRef');
        const config = get(from, 'configMapKeyRef');
        if (secret) fromReference = `secret ${str(get(secret, 'name')) ?? '?'}/${str(get(secret, 'key')) ?? '?'}`;
        else if (config) fromReference = `configMap ${str(get(config, 'name')) ?? '?'}/${str(get(config, 'key')) ?? '?'}`;
        else fromReference = mapEntries(from)[0]?.key ?? 'valueFrom';
      }
      out.push({ name, ...range(item), pointer: itemPointer, value, fromReference });
      return;
    }
    if (!isScalar(item)) return;
    const mapped = scalarText(source, item as Scalar);
    const eq = mapped.text.indexOf('=');
    const name = (eq === -1 ? mapped.text : mapped.text.slice(0, eq)).trim();
    if (!name) return;
    const value = eq === -1 ? undefined : { value: mapped.text.slice(eq + 1), ...mapped.rawRange(eq + 1, mapped.text.length), pointer: itemPointer };
    out.push({ name, ...range(item), pointer: itemPointer, value, fromReference: eq === -1 ? 'the environment of docker compose' : undefined });
  });
  return out;
}
