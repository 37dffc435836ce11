import { isMap, isPair, isScalar, isSeq, visit, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextEdit } from './text-edits.js';

// Edits of a YAML file's text that respect how the file is written: its indentation unit, its line endings,
// block or flow style, where a sequence's dashes sit and whether its items are separated by blank lines.
// Each helper returns the edits for one change; the document tree only tells where things are.

/** What a fix writes: a scalar (formatted safely), a raw YAML token, or a mapping. */
export type YamlValue = string | boolean | { raw: string } | YamlEntries;
export type YamlEntries = ReadonlyArray<readonly [string, YamlValue]>;

type Ranged = { range?: [number, number, number] | null };

export class YamlText {
  readonly eol: string;
  /** Spaces per nesting level, as the file uses them (2 when it cannot tell). */
  readonly unit: number;

  constructor(
    readonly text: string,
    document: Document,
  ) {
    const crlf = text.split('\r\n').length - 1;
    const lf = text.split('\n').length - 1;
    this.eol = crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
    this.unit = detectIndentUnit(this, document);
  }

  // ---- positions ----

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The offset just after the line break of the line holding `offset` (the text's end on the last line). */
  nextLineStart(offset: number): number {
    const at = this.text.indexOf('\n', offset);
    return at === -1 ? this.text.length : at + 1;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** True when only spaces stand between the start of the line and `offset`. */
  startsLine(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }

  /** Just after the last line a node occupies, trailing comment on that line included. */
  nodeEnd(node: unknown): number {
    const end = this.contentEnd(node);
    if (end > 0 && this.text[end - 1] === '\n') return end;
    return this.nextLineStart(end);
  }

  /**
   * Where a node's last written value ends. A block collection's own range can run on over comment lines
   * and into the indentation of the next line, so its end is its last item's.
   */
  contentEnd(node: unknown): number {
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0) {
      const last: unknown = node.items[node.items.length - 1];
      return this.contentEnd(isPair(last) ? (last.value ?? last.key) : last);
    }
    return this.rangeEnd(node);
  }

  /** Where a node's own range ends (for scalars and flow collections, just after the value). */
  rangeEnd(node: unknown): number {
    return (node as Ranged | null)?.range?.[1] ?? 0;
  }

  start(node: unknown): number {
    return (node as Ranged | null)?.range?.[0] ?? 0;
  }

  keyColumn(map: YAMLMap): number {
    const first = map.items[0];
    return first ? this.column(this.start(first.key)) : 0;
  }

  // ---- rendering ----

  blockLines(entries: YamlEntries, indent: number): string[] {
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    for (const [key, value] of entries) {
      if (Array.isArray(value)) {
        if (value.length === 0) lines.push(`${pad}${formatKey(key, false)}: {}`);
        else lines.push(`${pad}${formatKey(key, false)}:`, ...this.blockLines(value as YamlEntries, indent + this.unit));
      } else {
        lines.push(`${pad}${formatKey(key, false)}: ${formatScalar(value as Exclude<YamlValue, YamlEntries>, false)}`);
      }
    }
    return lines;
  }

  /** Lines joined and ended with the file's line break. */
  joinLines(lines: readonly string[]): string {
    return lines.map((line) => `${line}${this.eol}`).join('');
  }

  /** An insertion at `at`, with a line break first when it lands at the end of a file that lacks one. */
  insertLines(at: number, lines: readonly string[], before = '', after = ''): TextEdit {
    const needsBreak = at === this.text.length && at > 0 && !this.text.endsWith('\n');
    return { start: at, end: at, text: `${needsBreak ? this.eol : ''}${before}${this.joinLines(lines)}${after}` };
  }

  // ---- edits ----

  /** Replaces a scalar's whole written form (quotes, block header and lines included). */
  setScalar(node: Scalar, value: Exclude<YamlValue, YamlEntries>, flow: boolean): TextEdit {
    const [start, end] = node.range ?? [0, 0];
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const text = formatScalar(value, flow);
    if (block && end > start && this.text[end - 1] === '\n') return { start, end, text: `${text}${this.eol}` };
    return { start, end, text };
  }

  /** Adds entries at the end of a mapping, block or flow. */
  appendEntries(map: YAMLMap, entries: YamlEntries): TextEdit {
    if (map.flow) return this.appendFlowEntries(map, entries);
    const last = map.items[map.items.length - 1]!;
    return this.insertLines(this.nodeEnd(last.value ?? last.key), this.blockLines(entries, this.keyColumn(map)));
  }

  /** Adds entries right after `pair` (block mappings; flow mappings get them at the end). */
  insertEntriesAfter(map: YAMLMap, pair: Pair, entries: YamlEntries): TextEdit {
    if (map.flow) return this.appendFlowEntries(map, entries);
    return this.insertLines(this.nodeEnd(pair.value ?? pair.key), this.blockLines(entries, this.keyColumn(map)));
  }

  /** Adds entries on the lines before `pair`, when its key starts its line; otherwise after it. */
  insertEntriesBefore(map: YAMLMap, pair: Pair, entries: YamlEntries): TextEdit {
    const keyStart = this.start(pair.key);
    if (map.flow || !this.startsLine(keyStart)) return this.insertEntriesAfter(map, pair, entries);
    return this.insertLines(this.lineStart(keyStart), this.blockLines(entries, this.keyColumn(map)));
  }

  /** Removes pairs from a mapping with their lines (a trailing comment on a removed line goes with it). */
  removePairs(map: YAMLMap, pairs: readonly Pair[]): TextEdit[] {
    const removed = new Set(pairs);
    if (map.flow) {
      const kept = map.items.filter((item) => !removed.has(item));
      const [start, end] = map.range ?? [0, 0];
      const body = kept.map((item) => this.text.slice(this.start(item.key), this.rangeEnd(item.value ?? item.key)));
      return [{ start, end, text: body.length ? `{ ${body.join(', ')} }` : '{}' }];
    }
    const edits: TextEdit[] = [];
    map.items.forEach((item, index) => {
      if (!removed.has(item)) return;
      const keyStart = this.start(item.key);
      const end = this.nodeEnd(item.value ?? item.key);
      if (this.startsLine(keyStart)) {
        edits.push({ start: this.lineStart(keyStart), end, text: '' });
      } else {
        // The first key of a sequence item shares the dash's line: the next key moves up to it.
        const next = map.items[index + 1];
        edits.push({ start: keyStart, end: next ? this.start(next.key) : end, text: next ? '' : `{}${this.eol}` });
      }
    });
    return edits;
  }

  /** Rewrites one pair whole as `key: value` in the mapping's style (e.g. `permissions: read-all` to a block). */
  replacePair(map: YAMLMap, pair: Pair, key: string, value: YamlValue): TextEdit {
    const keyStart = this.start(pair.key);
    if (map.flow) {
      const end = this.rangeEnd(pair.value ?? pair.key);
      const written = Array.isArray(value) ? flowMap(value as YamlEntries) : formatScalar(value as Exclude<YamlValue, YamlEntries>, true);
      return { start: keyStart, end, text: `${formatKey(key, true)}: ${written}` };
    }
    const end = this.nodeEnd(pair.value ?? pair.key);
    const lines = this.blockLines([[key, value]], this.column(keyStart));
    if (this.startsLine(keyStart)) return { start: this.lineStart(keyStart), end, text: this.joinLines(lines) };
    return { start: keyStart, end, text: this.joinLines([lines[0]!.trimStart(), ...lines.slice(1)]) };
  }

  /**
   * Inserts a mapping as item `index` of a block sequence, with the dash and key columns of the items there
   * and a blank line around it when the items are separated by blank lines. Undefined for flow sequences and
   * empty ones, whose layout cannot be copied.
   */
  insertSeqItem(seq: YAMLSeq, index: number, entries: YamlEntries): TextEdit | undefined {
    if (seq.flow || seq.items.length === 0) return undefined;
    const first: unknown = seq.items[0];
    const dash = this.dashBefore(this.start(first));
    const dashColumn = dash === undefined ? Math.max(0, this.column(this.start(first)) - 2) : this.column(dash);
    let keyColumn = dash !== undefined && this.lineStart(dash) === this.lineStart(this.start(first)) ? this.column(this.start(first)) : dashColumn + this.unit;
    if (keyColumn < dashColumn + 2) keyColumn = dashColumn + 2;
    const lines = this.blockLines(entries, keyColumn);
    lines[0] = `${' '.repeat(dashColumn)}-${' '.repeat(keyColumn - dashColumn - 1)}${lines[0]!.slice(keyColumn)}`;
    const blank = this.blankSeparated(seq);
    if (index > 0) {
      // After the previous item and the comment lines indented inside it.
      let at = this.nodeEnd(seq.items[Math.min(index, seq.items.length) - 1]);
      for (;;) {
        const line = this.text.slice(at, this.nextLineStart(at));
        const comment = /^( *)#/.exec(line);
        if (at >= this.text.length || !comment || comment[1]!.length <= dashColumn) break;
        at = this.nextLineStart(at);
      }
      return this.insertLines(at, lines, blank ? this.eol : '');
    }
    // Before the first item, and before the comment lines written just above it.
    let at = this.lineStart(dash ?? this.start(first));
    for (;;) {
      const above = this.lineStart(Math.max(0, at - 1));
      if (at === 0 || !/^[ \t]*#/.test(this.text.slice(above, at))) break;
      at = above;
    }
    return this.insertLines(at, lines, '', blank ? this.eol : '');
  }

  /** The offset of the `-` that introduces a sequence item starting at `offset`. */
  dashBefore(offset: number): number | undefined {
    let at = offset - 1;
    while (at >= 0 && /\s/.test(this.text[at]!)) at -= 1;
    return at >= 0 && this.text[at] === '-' ? at : undefined;
  }

  private blankSeparated(seq: YAMLSeq): boolean {
    for (let i = 0; i + 1 < seq.items.length; i++) {
      const end = this.nodeEnd(seq.items[i]);
      const nextStart = this.start(seq.items[i + 1]);
      const next = this.lineStart(this.dashBefore(nextStart) ?? nextStart);
      if (next > end && this.text.slice(end, next).split('\n').some((line) => line.trim() === '')) return true;
    }
    return false;
  }

  private appendFlowEntries(map: YAMLMap, entries: YamlEntries): TextEdit {
    const [start, end] = map.range ?? [0, 0];
    if (map.items.length === 0) return { start, end, text: flowMap(entries) };
    let close = this.text.lastIndexOf('}', end);
    if (close < start) close = end;
    let at = close;
    while (at > start && /\s/.test(this.text[at - 1]!)) at -= 1;
    return { start: at, end: at, text: `, ${flowBody(entries)}` };
  }
}

/** The most common step between a key and its nested keys; 2 when the file has no nesting to learn from. */
function detectIndentUnit(layout: YamlText, document: Document): number {
  const counts = new Map<number, number>();
  visit(document, {
    Pair(_key, pair) {
      const value = pair.value as YamlNode | null;
      if (!isMap(value) || value.flow || value.items.length === 0 || !pair.key) return;
      const step = layout.keyColumn(value) - layout.column(layout.start(pair.key));
      if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
    },
  });
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

const RESERVED_PLAIN = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\.inf|\.nan)|[-+]?(?:0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?|\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?))$/i;

/** True when `value` reads back as this same string when written without quotes. */
export function isSafePlain(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(value)) return false;
  if (/^[-?:,\[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #/.test(value)) return false;
  if (flow && /[,\[\]{}]/.test(value)) return false;
  return !RESERVED_PLAIN.test(value);
}

export function formatScalar(value: Exclude<YamlValue, YamlEntries>, flow: boolean): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return value.raw;
  return isSafePlain(value, flow) ? value : JSON.stringify(value);
}

function formatKey(key: string, flow: boolean): string {
  return isSafePlain(key, flow) ? key : JSON.stringify(key);
}

function flowBody(entries: YamlEntries): string {
  return entries
    .map(([key, value]) => `${formatKey(key, true)}: ${Array.isArray(value) ? flowMap(value as YamlEntries) : formatScalar(flowSafe(value as Exclude<YamlValue, YamlEntries>), true)}`)
    .join(', ');
}

function flowMap(entries: YamlEntries): string {
  return entries.length === 0 ? '{}' : `{ ${flowBody(entries)} }`;
}

/** A raw token's trailing comment cannot stay inside a flow collection: it would swallow the rest of the line. */
function flowSafe(value: Exclude<YamlValue, YamlEntries>): Exclude<YamlValue, YamlEntries> {
  if (typeof value === 'object') return { raw: value.raw.replace(/\s+#.*$/, '') };
  return value;
}

/** The mapping or sequence that holds each node and pair of a document. */
export function parentIndex(document: Document.Parsed): Map<unknown, YAMLMap | YAMLSeq> {
  const parents = new Map<unknown, YAMLMap | YAMLSeq>();
  visit(document, {
    Map(_key, map) {
      for (const item of map.items) parents.set(item, map);
    },
    Seq(_key, seq) {
      for (const item of seq.items) parents.set(item, seq);
    },
  });
  return parents;
}

/** The pair of `map` whose key is `key`. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair | undefined;
}
