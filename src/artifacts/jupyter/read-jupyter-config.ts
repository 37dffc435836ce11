import type { SyntaxNode } from '@lezer/common';
import { pythonParser } from '../../python/parser.js';
import type { Node } from 'jsonc-parser';
import { parseJson } from '../json/parse-json.js';
import type { JupyterConfigArtifact, JupyterFlavor, JupyterSetting } from './jupyter-config.js';

// Jupyter Server, the classic Notebook and JupyterHub are configured through traitlets: a Python file
// that assigns `c.Class.trait = value` on the object `get_config()` returns, or a JSON file shaped
// {"Class": {"trait": value}}, or `--Class.trait=value` options on the command line. All three become
// the same list of settings, each with the span of its key and of its value, so rules never care which
// form a deployment used. The Python form is read with a real (error-tolerant) parser: comments,
// strings and multi-line statements are understood, and a file with a syntax error still yields the
// assignments that parse.

export type ReadJupyterOutcome =
  | { ok: true; value: Pick<JupyterConfigArtifact, 'settings' | 'sensitive'> }
  | { ok: false; message: string; offset?: number };

/** Traits whose values are credentials: snippets mask them, rules never print them. */
export const SECRET_TRAIT = /(?:^|_)(?:token|password|hashed_password|secret|api_key|client_secret|cookie_secret)$/i;

/** Reads the settings of a Jupyter config file. */
export function readJupyterConfig(text: string, _flavor: JupyterFlavor, format: 'python' | 'json'): ReadJupyterOutcome {
  const settings = format === 'json' ? readJsonConfig(text) : { ok: true as const, settings: readPythonConfig(text) };
  if (!settings.ok) return settings;
  return { ok: true, value: { settings: settings.settings, sensitive: sensitiveSpans(settings.settings) } };
}

function sensitiveSpans(settings: readonly JupyterSetting[]): Array<{ start: number; end: number }> {
  return settings
    .filter((setting) => typeof setting.literal === 'string' && setting.literal !== '' && SECRET_TRAIT.test(setting.key.slice(setting.key.lastIndexOf('.') + 1)))
    .map((setting) => ({ start: setting.value.start, end: setting.value.end }));
}

// ---------------------------------------------------------------------------------------------- Python

/** Every `c.Class.trait = value` assignment of a Python config file, in file order. */
export function readPythonConfig(text: string): JupyterSetting[] {
  // Files without a dotted assignment cannot configure anything: no parse.
  if (!/\.\s*[A-Za-z_]\w*\s*=/.test(text)) return [];
  const tree = pythonParser().parse(text);
  const roots = new Set(['c']);
  const aliases = new Map<string, string>();
  const settings: JupyterSetting[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name !== 'AssignStatement') continue;
    const node = cursor.node;
    const children = childrenOf(node);
    const value = children[children.length - 1];
    if (!value || children.length < 3 || children[children.length - 2]!.name !== 'AssignOp') continue;
    const targets = children.slice(0, -1).filter((child) => child.name !== 'AssignOp');
    for (const target of targets) {
      const chain = nameChain(text, target);
      if (!chain) continue;
      // config = get_config(): any name bound to the config object is a root, not only `c`.
      if (chain.length === 1 && value.name === 'CallExpression' && /^get_config$/.test(compact(text, value.firstChild))) {
        roots.add(chain[0]!);
        continue;
      }
      // server = c.ServerApp, then server.token = '': an alias of one class.
      if (chain.length === 1) {
        const aliased = nameChain(text, value);
        if (aliased && aliased.length === 2 && roots.has(aliased[0]!)) aliases.set(chain[0]!, aliased[1]!);
        else aliases.delete(chain[0]!);
        continue;
      }
      let key: string | undefined;
      if (chain.length === 3 && roots.has(chain[0]!)) key = `${chain[1]}.${chain[2]}`;
      else if (chain.length === 2 && aliases.has(chain[0]!)) key = `${aliases.get(chain[0]!)}.${chain[1]}`;
      const read = key && !hasError(value) ? pythonValue(text, value) : undefined;
      // An unterminated string or a statement the parser had to repair is not a value anyone configured.
      if (!key || !read) continue;
      settings.push({ key, keySpan: { start: target.from, end: target.to }, ...read, start: node.from, end: node.to });
    }
  } while (cursor.next());
  return settings;
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') out.push(child);
  return out;
}

/** `c.ServerApp.token` as ['c', 'ServerApp', 'token']; undefined for anything but names joined by dots. */
function nameChain(text: string, node: SyntaxNode): string[] | undefined {
  if (node.name === 'VariableName') return [text.slice(node.from, node.to)];
  if (node.name !== 'MemberExpression') return undefined;
  const object = node.firstChild;
  const property = node.lastChild;
  if (!object || !property || property.name !== 'PropertyName') return undefined;
  const head = nameChain(text, object);
  return head ? [...head, text.slice(property.from, property.to)] : undefined;
}

function hasError(node: SyntaxNode): boolean {
  const cursor = node.cursor();
  do if (cursor.type.isError) return true;
  while (cursor.next() && cursor.from < node.to);
  return false;
}

function compact(text: string, node: SyntaxNode | null): string {
  return node ? text.slice(node.from, node.to).replace(/\s+/g, '') : '';
}

type ValuePart = Pick<JupyterSetting, 'value' | 'literal'>;

function pythonValue(text: string, node: SyntaxNode): ValuePart | undefined {
  const whole = { value: { value: text.slice(node.from, node.to), start: node.from, end: node.to } };
  switch (node.name) {
    case 'String':
    case 'ContinuedString': {
      const read = pythonString(text, node);
      return read ? { value: read.span, literal: read.value } : undefined;
    }
    case 'Number': {
      const number = pythonNumber(text.slice(node.from, node.to));
      return number === undefined ? whole : { ...whole, literal: number };
    }
    case 'UnaryExpression': {
      const operand = node.lastChild;
      const sign = compact(text, node.firstChild);
      const number = operand?.name === 'Number' ? pythonNumber(text.slice(operand.from, operand.to)) : undefined;
      return number === undefined || (sign !== '-' && sign !== '+') ? whole : { ...whole, literal: sign === '-' ? -number : number };
    }
    case 'Boolean':
      return { ...whole, literal: text.slice(node.from, node.to) === 'True' };
    case 'None':
      return { ...whole, literal: null };
    case 'ArrayExpression':
    case 'SetExpression':
    case 'TupleExpression':
    case 'ParenthesizedExpression': {
      const items = childrenOf(node).filter((child) => !['[', ']', '{', '}', '(', ')', ','].includes(child.name));
      if (node.name === 'ParenthesizedExpression' && !childrenOf(node).some((child) => child.name === ',')) {
        return items.length === 1 ? pythonValue(text, items[0]!) : whole;
      }
      const strings = items.map((item) => (item.name === 'String' || item.name === 'ContinuedString' ? pythonString(text, item)?.value : undefined));
      return strings.every((item): item is string => item !== undefined) ? { ...whole, literal: strings } : whole;
    }
    default:
      return whole;
  }
}

/** A Python string literal (or implicitly joined ones): its value and the span inside the quotes; undefined for f-strings. */
function pythonString(text: string, node: SyntaxNode): { value: string; span: JupyterSetting['value'] } | undefined {
  const parts = node.name === 'ContinuedString' ? childrenOf(node) : [node];
  let value = '';
  let start = -1;
  let end = -1;
  for (const part of parts) {
    if (part.name !== 'String') return undefined;
    const raw = text.slice(part.from, part.to);
    const match = /^([rRbBuU]{0,2})('''|"""|'|")/.exec(raw);
    if (!match || !raw.endsWith(match[2]!) || raw.length < match[0].length + match[2]!.length) return undefined;
    const quote = match[2]!;
    const innerStart = part.from + match[0].length;
    const innerEnd = part.to - quote.length;
    const inner = text.slice(innerStart, innerEnd);
    value += /r/i.test(match[1]!) ? inner : unescapePython(inner);
    if (start === -1) start = innerStart;
    end = innerEnd;
  }
  if (start === -1) return undefined;
  return { value, span: parts.length === 1 ? { value: text.slice(start, end), start, end } : { value: text.slice(node.from, node.to), start: node.from, end: node.to } };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

function unescapePython(inner: string): string {
  return inner.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (whole, escape: string) => {
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? whole;
  });
}

function pythonNumber(raw: string): number | undefined {
  const cleaned = raw.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 8);
  if (/^0[bB][01]+$/.test(cleaned)) return parseInt(cleaned.slice(2), 2);
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(cleaned)) return Number(cleaned);
  return undefined;
}

// ------------------------------------------------------------------------------------------------ JSON

function readJsonConfig(text: string): { ok: true; settings: JupyterSetting[] } | { ok: false; message: string; offset?: number } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, message: `not valid JSON: ${parsed.message}`, offset: parsed.offset };
  const settings: JupyterSetting[] = [];
  if (parsed.root.type !== 'object') return { ok: true, settings };
  for (const section of parsed.root.children ?? []) {
    const [className, body] = section.children ?? [];
    if (!className || !body || body.type !== 'object' || typeof className.value !== 'string') continue;
    for (const property of body.children ?? []) {
      const [trait, value] = property.children ?? [];
      if (!trait || !value || typeof trait.value !== 'string') continue;
      settings.push({
        key: `${className.value}.${trait.value}`,
        keySpan: { start: trait.offset + 1, end: trait.offset + trait.length - 1 },
        ...jsonValue(text, value),
        start: property.offset,
        end: property.offset + property.length,
      });
    }
  }
  return { ok: true, settings };
}

function jsonValue(text: string, node: Node): ValuePart {
  const whole = { value: { value: text.slice(node.offset, node.offset + node.length), start: node.offset, end: node.offset + node.length } };
  switch (node.type) {
    case 'string':
      return { value: { value: text.slice(node.offset + 1, node.offset + node.length - 1), start: node.offset + 1, end: node.offset + node.length - 1 }, literal: node.value as string };
    case 'number':
    case 'boolean':
    case 'null':
      return { ...whole, literal: node.value as number | boolean | null };
    case 'array': {
      const items = node.children ?? [];
      return items.every((item) => item.type === 'string') ? { ...whole, literal: items.map((item) => item.value as string) } : whole;
    }
    default:
      return whole;
  }
}

// ------------------------------------------------------------------------------------------ Command line

/** A command-line word with its span in the file (the deployment readers' Word has this shape). */
export interface ArgWord {
  value: string;
  start: number;
  end: number;
}

// Short options `jupyter lab`, `jupyter notebook`, `jupyter server` and the docker-stacks start scripts
// accept, as the traits they set.
const ALIASES: Record<string, string> = {
  ip: 'ServerApp.ip',
  port: 'ServerApp.port',
  'notebook-dir': 'ServerApp.root_dir',
  'ServerApp.notebook_dir': 'ServerApp.root_dir',
  keyfile: 'ServerApp.keyfile',
  certfile: 'ServerApp.certfile',
  'client-ca': 'ServerApp.client_ca',
};
const FLAGS: Record<string, [string, boolean]> = {
  'allow-root': ['ServerApp.allow_root', true],
  'no-browser': ['ServerApp.open_browser', false],
  browser: ['ServerApp.open_browser', true],
};

const PROGRAM = /(?:^|\/)(?:jupyter(?:-lab|-notebook|-server|hub)?|start-notebook\.(?:sh|py)|start-singleuser\.(?:sh|py)|jupyterhub-singleuser)$/;

/**
 * The traitlets options of a Jupyter command line (`jupyter lab --ServerApp.token= --ip=0.0.0.0`):
 * `--Class.trait=value`, `--Class.trait value` and the common aliases and flags. Words are as the
 * shell splits them; quotes left around a value (from a `sh -c` string) are removed.
 */
export function jupyterSettingsFromArgv(words: readonly ArgWord[]): JupyterSetting[] {
  const settings: JupyterSetting[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const option = /^--?([A-Za-z][\w-]*(?:\.[A-Za-z_]\w*)?)(?:=([\s\S]*))?$/.exec(word.value);
    if (!option) continue;
    const name = option[1]!;
    const flag = FLAGS[name];
    if (flag && option[2] === undefined) {
      settings.push({ key: flag[0], keySpan: { start: word.start, end: word.end }, value: { value: word.value, start: word.start, end: word.end }, literal: flag[1], origin: 'argv', start: word.start, end: word.end });
      continue;
    }
    const key = ALIASES[name] ?? (/^[A-Z]\w*\.[A-Za-z_]\w*$/.test(name) ? name : undefined);
    if (!key) continue;
    let raw: string;
    let value: JupyterSetting['value'];
    let end = word.end;
    const exact = word.end - word.start === word.value.length;
    if (option[2] !== undefined) {
      raw = option[2];
      const at = word.value.length - raw.length;
      value = exact ? { value: raw, start: word.start + at, end: word.end } : { value: raw, start: word.start, end: word.end };
    } else {
      const next = words[i + 1];
      if (!next || next.value.startsWith('--')) continue;
      raw = next.value;
      value = { value: raw, start: next.start, end: next.end };
      end = next.end;
      i++;
    }
    const keyStart = exact ? word.start + word.value.indexOf(name) : word.start;
    settings.push({ key, keySpan: { start: keyStart, end: exact ? keyStart + name.length : word.end }, value, literal: argLiteral(raw), origin: 'argv', start: word.start, end });
  }
  return settings;
}

/** True when the words start a Jupyter server (`jupyter lab`, `jupyter notebook`, `start-notebook.sh`, `jupyterhub`). */
export function isJupyterCommand(words: readonly ArgWord[]): boolean {
  return words.some((word) => PROGRAM.test(word.value));
}

function argLiteral(raw: string): JupyterSetting['literal'] {
  const unquoted = /^(['"])([\s\S]*)\1$/.exec(raw)?.[2] ?? raw;
  if (unquoted === 'True' || unquoted === 'true') return true;
  if (unquoted === 'False' || unquoted === 'false') return false;
  if (unquoted === 'None') return null;
  if (/^-?\d+(?:\.\d+)?$/.test(unquoted)) return Number(unquoted);
  const list = /^\[([\s\S]*)\]$/.exec(unquoted);
  if (list) {
    const items = list[1]!.split(',').map((item) => item.trim()).filter(Boolean);
    const strings = items.map((item) => /^(['"])([\s\S]*)\1$/.exec(item)?.[2]);
    if (strings.every((item): item is string => item !== undefined)) return strings;
  }
  return unquoted;
}

/**
 * The settings the environment makes: `JUPYTER_TOKEN` sets the server's token (an empty value is
 * ignored by Jupyter, which then generates one). A value from a secret is a token that is set, not
 * a literal.
 */
export function jupyterSettingsFromEnv(env: ReadonlyArray<{ name: string; start: number; end: number; value?: ArgWord; fromReference?: string }>): JupyterSetting[] {
  const settings: JupyterSetting[] = [];
  for (const variable of env) {
    if (variable.name !== 'JUPYTER_TOKEN') continue;
    if (variable.value && variable.value.value === '') continue;
    const key = 'IdentityProvider.token';
    const value = variable.value ?? { value: variable.fromReference ?? '<reference>', start: variable.start, end: variable.end };
    settings.push({ key, keySpan: { start: variable.start, end: variable.end }, value: { value: value.value, start: value.start, end: value.end }, literal: variable.value ? variable.value.value : undefined, origin: 'env', start: variable.start, end: variable.end });
  }
  return settings;
}
