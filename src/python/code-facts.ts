import { pythonParser } from './parser.js';
import { isSecretName } from '../secrets/secret-names.js';

export { isSecretName };
import type { SyntaxNode } from '@lezer/common';

// What notebook code does with credentials, read from a real Python syntax tree (Lezer) rather than
// line regexes, so multi-line calls, comments and strings are understood. IPython magics (%env,
// !export, %%bash) are not Python: they are blanked for the parser and read on their own.


// Code that mentions none of these cannot assign to the environment or call a tracking API, so the
// parser never runs on it (most cells of most notebooks).
const RELEVANT = /environ|putenv|%env|%set_env|export|log_param|set_tag|set_experiment_tag|log_dict|log_text|log_other|set_parameter|\.connect\(|wandb|\.config/;

export interface Literal {
  value: string;
  /** Index range of the literal's content (inside the quotes) in the source. */
  from: number;
  to: number;
}

export interface EnvAssignment {
  name: string;
  /** Where the assignment is: the statement or magic line. */
  from: number;
  to: number;
  /** The assigned value when it is a plain string literal. */
  literal?: Literal;
  via: string;
}

export interface TrackingCall {
  /** Callee as written, e.g. mlflow.log_param or wandb.config.update. */
  callee: string;
  from: number;
  to: number;
  /** Key names in the call that name a secret ("db_password", "HF_TOKEN"). */
  secretKeys: Array<{ name: string; from: number; to: number; literal?: Literal }>;
  /** The whole process environment is handed over (log_params(os.environ)). */
  dumpsEnvironment: boolean;
}

export interface CodeFacts {
  envAssignments: EnvAssignment[];
  trackingCalls: TrackingCall[];
}

// Experiment-tracking calls that persist what they are given: MLflow, W&B, Comet, ClearML, Neptune.
const TRACKING_METHODS = new Set([
  'log_param', 'log_params', 'set_tag', 'set_tags', 'log_dict', 'log_text', 'set_experiment_tag', 'set_experiment_tags',
  'log_parameter', 'log_parameters', 'log_other', 'log_others', 'set_parameter', 'set_parameters', 'connect',
]);
const TRACKING_RECEIVERS = /^(?:mlflow(?:\.tracking)?|(?:mlflow(?:\.tracking)?\.)?MlflowClient\([^()]*\)|client|mlflow_client|run|experiment|exp|comet_experiment|task|clearml_task|wandb\.run)$/;
const WANDB_CONFIG = /^(?:wandb|run)\.config$/;

const ENVIRON = /^(?:os\.)?environ$/;

export function codeFacts(source: string): CodeFacts {
  const facts: CodeFacts = { envAssignments: [], trackingCalls: [] };
  if (!RELEVANT.test(source)) return facts;
  const { python: code, shellLines, bashCell } = separateMagics(source);
  readMagicEnv(source, shellLines, bashCell, facts);
  if (bashCell) return facts;
  const tree = pythonParser().parse(code);
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.name === 'AssignStatement') readAssignment(code, node, facts);
    else if (node.name === 'CallExpression') readCall(code, node, facts);
  } while (cursor.next());
  return facts;
}

function readAssignment(source: string, node: SyntaxNode, facts: CodeFacts): void {
  const target = node.firstChild;
  const value = node.lastChild;
  if (!target || !value || target.name !== 'MemberExpression') return;
  const object = target.firstChild;
  const subscript = target.getChild('String');
  if (!object) return;
  const objectText = compact(source, object);
  if (ENVIRON.test(objectText) && subscript) {
    // os.environ["NAME"] = "value"
    const name = stringLiteral(source, subscript)?.value;
    if (name) facts.envAssignments.push({ name, from: node.from, to: node.to, literal: stringLiteral(source, value), via: 'os.environ' });
    return;
  }
  const keyName = subscript ? stringLiteral(source, subscript)?.value : target.lastChild?.name === 'PropertyName' ? text(source, target.lastChild) : undefined;
  if (WANDB_CONFIG.test(objectText) && keyName && isSecretName(keyName)) {
    // wandb.config["api_key"] = … or wandb.config.api_key = …
    facts.trackingCalls.push({
      callee: `${objectText}[…]`,
      from: node.from,
      to: node.to,
      secretKeys: [{ name: keyName, from: target.from, to: value.to, literal: stringLiteral(source, value) }],
      dumpsEnvironment: false,
    });
  } else if (WANDB_CONFIG.test(objectText)) {
    // Any value stored in the config is persisted with the run: a credential recognised by its format
    // anywhere in it belongs to experiment tracking, whatever the key is called.
    facts.trackingCalls.push({ callee: `${objectText}[…]`, from: node.from, to: node.to, secretKeys: [], dumpsEnvironment: isEnvironment(source, value) });
  }
}

function readCall(source: string, node: SyntaxNode, facts: CodeFacts): void {
  const callee = node.firstChild;
  const args = node.getChild('ArgList');
  if (!callee || !args) return;
  const calleeText = compact(source, callee);
  const dot = calleeText.lastIndexOf('.');
  const receiver = dot === -1 ? '' : calleeText.slice(0, dot);
  const method = calleeText.slice(dot + 1);
  const argNodes = argumentsOf(source, args);

  if (ENVIRON.test(receiver) && (method === 'update' || method === 'setdefault')) {
    readEnvCall(source, node, method, argNodes, facts);
    return;
  }
  if (calleeText === 'os.putenv' || calleeText === 'putenv') {
    readEnvCall(source, node, 'setdefault', argNodes, facts);
    return;
  }
  const isTracking =
    (TRACKING_METHODS.has(method) && TRACKING_RECEIVERS.test(receiver)) ||
    (WANDB_CONFIG.test(receiver) && (method === 'update' || method === 'setdefaults')) ||
    ((calleeText === 'wandb.init' || calleeText === 'wandb.log') && argNodes.length > 0);
  if (!isTracking) return;

  const call: TrackingCall = { callee: calleeText, from: node.from, to: node.to, secretKeys: [], dumpsEnvironment: false };
  const positional = argNodes.filter((arg) => !arg.keyword);
  // log_param(key, value) and client.log_param(run_id, key, value): a secret-named string key with a value after it.
  positional.forEach((arg, i) => {
    const literal = stringLiteral(source, arg.value);
    const next = positional[i + 1];
    if (literal && next && isSecretName(literal.value)) {
      call.secretKeys.push({ name: literal.value, from: arg.value.from, to: next.value.to, literal: stringLiteral(source, next.value) });
    }
  });
  for (const arg of argNodes) {
    if (isEnvironment(source, arg.value)) call.dumpsEnvironment = true;
    if (arg.keyword && isSecretName(arg.keyword)) {
      call.secretKeys.push({ name: arg.keyword, from: arg.from, to: arg.value.to, literal: stringLiteral(source, arg.value) });
    }
    for (const entry of dictionaryEntries(source, arg.value)) {
      if (isSecretName(entry.name)) call.secretKeys.push(entry);
      else if (entry.nested && isEnvironment(source, entry.nested)) call.dumpsEnvironment = true;
    }
  }
  // Every tracking call is kept, not only those with secret-named keys: a credential recognised by its
  // format in any argument (log_param("openai", "sk-…")) is sent to tracking too.
  facts.trackingCalls.push(call);
}

function readEnvCall(source: string, node: SyntaxNode, method: string, args: Argument[], facts: CodeFacts): void {
  if (method === 'setdefault') {
    const name = args[0] && stringLiteral(source, args[0].value)?.value;
    if (name && args[1]) facts.envAssignments.push({ name, from: node.from, to: node.to, literal: stringLiteral(source, args[1].value), via: 'os.environ.setdefault' });
    return;
  }
  for (const arg of args) {
    if (arg.keyword) facts.envAssignments.push({ name: arg.keyword, from: arg.from, to: arg.value.to, literal: stringLiteral(source, arg.value), via: 'os.environ.update' });
    for (const entry of dictionaryEntries(source, arg.value)) {
      facts.envAssignments.push({ name: entry.name, from: entry.from, to: entry.to, literal: entry.literal, via: 'os.environ.update' });
    }
  }
}

export interface Argument {
  keyword?: string;
  from: number;
  value: SyntaxNode;
}

export function argumentsOf(source: string, argList: SyntaxNode): Argument[] {
  const args: Argument[] = [];
  for (let child = argList.firstChild; child; child = child.nextSibling) {
    if (child.name === '(' || child.name === ')' || child.name === ',' || child.name === 'AssignOp') continue;
    // A keyword argument is VariableName, AssignOp, value as siblings.
    if (child.name === 'VariableName' && child.nextSibling?.name === 'AssignOp' && child.nextSibling.nextSibling) {
      const value = child.nextSibling.nextSibling;
      args.push({ keyword: text(source, child), from: child.from, value });
      child = value;
      continue;
    }
    args.push({ from: child.from, value: child });
  }
  return args;
}

function dictionaryEntries(source: string, node: SyntaxNode): Array<{ name: string; from: number; to: number; literal?: Literal; nested?: SyntaxNode }> {
  const entries: Array<{ name: string; from: number; to: number; literal?: Literal; nested?: SyntaxNode }> = [];
  if (node.name === 'DictionaryExpression') {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === ':' && child.prevSibling && child.nextSibling) {
        const name = stringLiteral(source, child.prevSibling)?.value;
        if (name) entries.push({ name, from: child.prevSibling.from, to: child.nextSibling.to, literal: stringLiteral(source, child.nextSibling), nested: child.nextSibling });
      }
      if (child.name === '**' && child.nextSibling) entries.push({ name: '', from: child.from, to: child.nextSibling.to, nested: child.nextSibling });
    }
  }
  return entries;
}

/** os.environ, dict(os.environ), os.environ.copy(), {**os.environ}. */
function isEnvironment(source: string, node: SyntaxNode): boolean {
  const written = compact(source, node);
  return /^(?:dict\()?(?:os\.)?environ(?:\.copy\(\))?\)?$/.test(written) || /^\{\*\*(?:os\.)?environ\}$/.test(written);
}

export function stringLiteral(source: string, node: SyntaxNode | null | undefined): Literal | undefined {
  if (!node || node.name !== 'String') return undefined;
  const raw = source.slice(node.from, node.to);
  const prefix = /^[rRbBuU]{0,2}/.exec(raw)![0];
  const quote = raw.startsWith('"""', prefix.length) || raw.startsWith("'''", prefix.length) ? raw.substr(prefix.length, 3) : raw.charAt(prefix.length);
  const from = node.from + prefix.length + quote.length;
  const to = Math.max(from, node.to - quote.length);
  return { value: source.slice(from, to), from, to };
}

function text(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to);
}

function compact(source: string, node: SyntaxNode): string {
  return text(source, node).replace(/\s+/g, '');
}

// --- IPython magics -------------------------------------------------------------------------

interface Separated {
  python: string;
  shellLines: Array<{ from: number; to: number }>;
  bashCell: boolean;
}

/** Blanks magic lines (same length, so offsets stay valid) and remembers where they were. */
function separateMagics(source: string): Separated {
  const bashCell = /^\s*%%(?:bash|sh|script\s+(?:ba)?sh)\b/.test(source);
  const shellLines: Array<{ from: number; to: number }> = [];
  let python = '';
  let at = 0;
  for (const line of source.split('\n')) {
    const from = at;
    const to = at + line.length;
    at = to + 1;
    if (bashCell || /^\s*[%!]/.test(line)) {
      shellLines.push({ from, to });
      python += ' '.repeat(line.length) + '\n';
    } else python += line + '\n';
  }
  return { python: python.slice(0, source.length), shellLines, bashCell };
}

const MAGIC_ENV = /^\s*(?:%env|%set_env|!\s*export|export)\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s*=\s*|\s+)(?:(["'])(.*?)\2|(\S+))\s*$/;

function readMagicEnv(source: string, lines: Array<{ from: number; to: number }>, bashCell: boolean, facts: CodeFacts): void {
  for (const { from, to } of lines) {
    const line = source.slice(from, to);
    const match = MAGIC_ENV.exec(line);
    if (!match) continue;
    if (!bashCell && /^\s*export/.test(line)) continue;
    const value = match[3] ?? match[4] ?? '';
    const valueAt = from + line.lastIndexOf(value);
    facts.envAssignments.push({
      name: match[1]!,
      from,
      to,
      literal: { value, from: valueAt, to: valueAt + value.length },
      via: line.trim().split(/\s+/)[0]!,
    });
  }
}
