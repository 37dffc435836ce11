import type { ExpressionFragment } from '../../artifacts/workflow/expressions.js';
import { secretRefOf, type SecretEnvVar } from './secret-scope.js';
import { commandName, parseShell, unquote, variablesIn, type Command, type Pipeline, type Redirect, type Word } from './shell-script.js';

// Follows secrets through one `run:` script: which commands print them (echo, printf, cat <<EOF), where
// that output goes (the log, a file, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY, or a program that consumes
// it), environment dumps, and `set -x` tracing. Works on the script text GitHub hands to the shell, so
// `${{ secrets.X }}` counts wherever it stands, even inside single quotes.

/** One place the script reads a secret: a `${{ }}` fragment or an expansion of a variable holding one. */
export interface ScriptRef {
  start: number;
  end: number;
  /** How the script refers to it: `${{ secrets.HF_TOKEN }}`, `$HF_TOKEN`. */
  label: string;
  /** The secrets behind it. */
  secrets: string[];
  /** The value is changed before use (a substring, a command substitution, a derived variable). */
  transformed: boolean;
  /** How, for messages: `the expansion ${HF_TOKEN:0:6}`. */
  transform?: string;
  /** Part of `toJSON(secrets)`. */
  allSecrets: boolean;
  fragment?: ExpressionFragment;
}

export type Sink =
  | { kind: 'log'; stream: 'stdout' | 'stderr' }
  | { kind: 'file'; path: string; word: Word; append: boolean }
  | { kind: 'output' }
  | { kind: 'summary' };

export interface SecretFlow {
  kind: 'print' | 'dump' | 'xtrace' | 'all-secrets';
  sink?: Sink;
  /** What is printed (print) or traced (xtrace); for all-secrets, the fragment. */
  refs: ScriptRef[];
  /** The command (or `set -x`) as written, for evidence. */
  command: string;
  /** The position to report, as indexes into the script. */
  start: number;
  end: number;
  /** Programs and expansions that change the value on its way out: base64, ${VAR:0:8}, $( ). */
  transforms: string[];
  /** For dumps: the secret-holding environment variables the dump includes. */
  dumped?: string[];
}

/** Commands whose output is their input, changed or not: a secret piped through them still reaches stdout. */
const TRANSFORMS = new Set(['base64', 'basenc', 'base32', 'xxd', 'od', 'hexdump', 'rev', 'tr', 'sed', 'awk', 'gawk', 'cut', 'head', 'tail', 'fold', 'jq', 'yq', 'openssl', 'iconv', 'envsubst']);
const PASSTHROUGH = new Set(['cat', 'sort', 'uniq', 'grep', 'egrep', 'fgrep', 'column', 'nl', 'paste', 'less', 'more']);
const DECLARATIONS = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);

interface LocalSecret {
  secrets: string[];
  transformed: boolean;
  allSecrets: boolean;
}

export function scriptSecretFlows(script: string, fragments: readonly ExpressionFragment[], env: ReadonlyMap<string, SecretEnvVar>, secretInputs = false): SecretFlow[] {
  const flows: SecretFlow[] = [];
  const locals = new Map<string, LocalSecret>();
  const masked = new Set<string>();
  let xtrace: SecretFlow | undefined;
  const closeTrace = () => {
    if (xtrace && xtrace.refs.length) flows.push(xtrace);
    xtrace = undefined;
  };

  const refsIn = (from: number, to: number, expandVariables: boolean, singleQuotesExpand = false): ScriptRef[] => {
    const refs: ScriptRef[] = [];
    for (let index = firstFragmentAt(fragments, from); index < fragments.length && fragments[index]!.start < to; index++) {
      const fragment = fragments[index]!;
      if (fragment.end > to) continue;
      const ref = secretRefOf(fragment, secretInputs);
      if (!ref) continue;
      const secrets = [...(ref.allSecrets ? ['every secret'] : []), ...(ref.dynamic ? ['a secret chosen at run time'] : []), ...ref.names];
      const changing = fragment.functions.filter((name) => name === 'tojson' || name === 'format' || name === 'join');
      const transform = changing.length ? changing.map((name) => (name === 'tojson' ? 'toJSON()' : `${name}()`)).join(' and ') : undefined;
      refs.push({ start: fragment.start, end: fragment.end, label: `\${{ ${fragment.expression} }}`, secrets, transformed: changing.length > 0, transform, allSecrets: ref.allSecrets, fragment });
    }
    if (expandVariables) {
      const expressions = refs.length;
      let next = 0;
      for (const variable of variablesIn(script.slice(from, to), singleQuotesExpand)) {
        if (masked.has(variable.name)) continue;
        const start = from + variable.start;
        const end = from + variable.end;
        // A `$` inside a `${{ }}` fragment is the expression's, not the shell's; both lists are in order.
        while (next < expressions && refs[next]!.end <= start) next += 1;
        if (next < expressions && refs[next]!.start <= start) continue;
        const local = locals.get(variable.name);
        const held = env.get(variable.name);
        const label = script.slice(start, end);
        const expansion = variable.substituted ? `a command substitution around ${label}` : variable.transformed ? `the expansion ${label}` : undefined;
        if (local) {
          const transform = expansion ?? (local.transformed ? `${label}, derived from the secret` : undefined);
          refs.push({ start, end, label, secrets: local.secrets, transformed: local.transformed || variable.transformed, transform, allSecrets: local.allSecrets });
        } else if (held) {
          refs.push({ start, end, label, secrets: held.secrets, transformed: variable.transformed, transform: expansion, allSecrets: held.refs.some((ref) => ref.allSecrets) });
        }
      }
    }
    return refs.sort((a, b) => a.start - b.start);
  };
  const wordRefs = (words: readonly Word[]) => words.flatMap((word) => refsIn(word.start, word.end, true));
  const commandRefs = (command: Command) => [
    ...wordRefs(command.words),
    ...command.redirects.flatMap((redirect) => (redirect.target && redirect.op === '<<<' ? wordRefs([redirect.target]) : [])),
    ...command.heredocs.flatMap((heredoc) => refsIn(heredoc.bodyStart, heredoc.bodyStart + heredoc.body.length, !heredoc.quoted, true)),
  ];

  for (const pipeline of parseShell(script)) {
    const first = pipeline.commands[0]!;
    const { name, args, assignments } = commandName(first);
    const program = name ? basename(unquote(name.text)) : undefined;
    const text = commandText(script, pipeline);

    // Tracing prints every command after expansion; collect what it would show.
    if (xtrace) {
      const pipes = pipelinePrograms(pipeline).filter((program) => TRANSFORMS.has(program));
      const traced = pipeline.commands.flatMap(commandRefs).map((ref) => (pipes.length ? { ...ref, transformed: true, transform: ref.transform ?? pipes.join(' | ') } : ref));
      xtrace.refs.push(...traced);
      xtrace.transforms.push(...traced.flatMap((ref) => (ref.transform ? [ref.transform] : [])));
    }

    // NAME=value and export NAME=value: a variable derived from a secret holds one too.
    const declared = !name ? assignments : program && DECLARATIONS.has(program) ? args.filter((word) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) : [];
    if (pipeline.commands.length === 1) {
      for (const word of declared) {
        const variable = word.text.slice(0, word.text.indexOf('='));
        const refs = refsIn(word.start, word.end, true);
        if (refs.length === 0) {
          locals.delete(variable);
          continue;
        }
        // Text around the secret (URL="https://u:$TOKEN@host") keeps it whole, and masked; a command or modifier may not.
        const transformed = refs.some((ref) => ref.transformed);
        locals.set(variable, { secrets: [...new Set(refs.flatMap((ref) => ref.secrets))], transformed, allSecrets: refs.some((ref) => ref.allSecrets) });
      }
    }

    if (program === 'set' && args.length) {
      const flags = args.map((word) => unquote(word.text));
      const on = flags.some((flag) => /^-[a-z]*x[a-z]*$/i.test(flag)) || flags.join(' ').includes('-o xtrace');
      const off = flags.some((flag) => /^\+[a-z]*x[a-z]*$/i.test(flag)) || flags.join(' ').includes('+o xtrace');
      if (off) closeTrace();
      if (on && !xtrace) xtrace = { kind: 'xtrace', refs: [], command: `set ${flags.join(' ')}`, start: name!.start, end: args[args.length - 1]!.end, transforms: [] };
      continue;
    }

    // echo "::add-mask::$VALUE" registers the value as a secret: later output of it is masked.
    if ((program === 'echo' || program === 'printf') && args.some((word) => unquote(word.text).includes('::add-mask::'))) {
      for (const word of args) for (const variable of variablesIn(word.text)) masked.add(variable.name);
      continue;
    }

    const producer = producerOf(program, name, args, first, env, commandRefs, refsIn);
    if (!producer) continue;
    const { targets, transforms } = outputOf(pipeline);
    for (const sink of targets) {
      if (producer.kind === 'print') {
        const changed = [...producer.refs.flatMap((ref) => (ref.transform ? [ref.transform] : [])), ...transforms];
        flows.push({ kind: 'print', sink, refs: producer.refs, command: text, start: producer.refs[0]!.start, end: producer.refs[0]!.end, transforms: [...new Set(changed)] });
      } else {
        flows.push({ kind: 'dump', sink, refs: [], command: text, start: name!.start, end: name!.end, transforms, dumped: producer.dumped });
      }
    }
  }
  closeTrace();

  // toJSON(secrets) anywhere in the script puts every secret into the script text, which the step's log
  // header shows. A print flow may cover the same fragment; the rule reports the more specific one.
  for (const fragment of fragments) {
    const ref = secretRefOf(fragment);
    if (!ref?.allSecrets) continue;
    flows.push({ kind: 'all-secrets', refs: [{ start: fragment.start, end: fragment.end, label: `\${{ ${fragment.expression} }}`, secrets: ['every secret'], transformed: true, transform: 'toJSON()', allSecrets: true, fragment }], command: lineAround(script, fragment.start), start: fragment.start, end: fragment.end, transforms: ['toJSON()'] });
  }
  return flows.sort((a, b) => a.start - b.start);
}

/** Index of the first fragment that starts at or after `offset` (fragments are in text order). */
function firstFragmentAt(fragments: readonly ExpressionFragment[], offset: number): number {
  let low = 0;
  let high = fragments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (fragments[mid]!.start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

type Producer = { kind: 'print'; refs: ScriptRef[] } | { kind: 'dump'; dumped: string[] };

function producerOf(
  program: string | undefined,
  name: Word | undefined,
  args: Word[],
  first: Command,
  env: ReadonlyMap<string, SecretEnvVar>,
  commandRefs: (command: Command) => ScriptRef[],
  refsIn: (from: number, to: number, expand: boolean) => ScriptRef[],
): Producer | undefined {
  if (!program || !name) return undefined;
  if (program === 'echo' || program === 'printf') {
    const refs = args.flatMap((word) => refsIn(word.start, word.end, true));
    return refs.length ? { kind: 'print', refs } : undefined;
  }
  if ((program === 'cat' || program === 'tee') && first.heredocs.length) {
    const refs = commandRefs({ ...first, words: [] });
    return refs.length ? { kind: 'print', refs } : undefined;
  }
  const dumped = [...env.keys()];
  if (program === 'printenv') {
    if (args.length === 0) return dumped.length ? { kind: 'dump', dumped } : undefined;
    const refs: ScriptRef[] = args.flatMap((word) => {
      const held = env.get(unquote(word.text));
      return held ? [{ start: word.start, end: word.end, label: unquote(word.text), secrets: held.secrets, transformed: false, allSecrets: held.refs.some((ref) => ref.allSecrets) }] : [];
    });
    return refs.length ? { kind: 'print', refs } : undefined;
  }
  const onlyOptions = args.every((word) => /^-/.test(word.text));
  const isDump =
    (program === 'env' && args.every((word) => /^-|^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text))) ||
    (program === 'export' && (args.length === 0 || args.every((word) => word.text === '-p'))) ||
    ((program === 'declare' || program === 'typeset') && onlyOptions && args.some((word) => /^-[a-z]*[px]/.test(word.text))) ||
    (program === 'set' && args.length === 0);
  return isDump && dumped.length ? { kind: 'dump', dumped } : undefined;
}

/** Where a pipeline's output ends up, and what changes it on the way. A consuming program stops the flow. */
function outputOf(pipeline: Pipeline): { targets: Sink[]; transforms: string[] } {
  const targets: Sink[] = [];
  const transforms: string[] = [];
  for (const [index, command] of pipeline.commands.entries()) {
    if (index > 0) {
      const { name, args } = commandName(command);
      const program = name ? basename(unquote(name.text)) : '';
      if (program === 'tee') {
        for (const word of args) if (!word.text.startsWith('-')) targets.push(sinkFor(word, args.some((arg) => /^-(a|-append)$/.test(arg.text))));
      } else if (program === 'cut' && namesOnly(args)) {
        // env | cut -d= -f1 prints the names, not the values.
        return { targets: [], transforms };
      } else if (TRANSFORMS.has(program)) transforms.push(program);
      else if (!PASSTHROUGH.has(program)) return { targets, transforms };
    }
    const outs = command.redirects.filter(writesStdout);
    if (outs.length) {
      for (const redirect of outs) {
        if (redirect.op === '>&') targets.push({ kind: 'log', stream: redirect.target?.text === '2' ? 'stderr' : 'stdout' });
        else if (redirect.target) targets.push(sinkFor(redirect.target, redirect.op.endsWith('>>')));
      }
      return { targets: targets.filter((sink) => sink.kind !== 'file' || sink.path !== '/dev/null'), transforms };
    }
  }
  targets.push({ kind: 'log', stream: 'stdout' });
  return { targets: targets.filter((sink) => sink.kind !== 'file' || sink.path !== '/dev/null'), transforms };
}

function namesOnly(args: readonly Word[]): boolean {
  const joined = ` ${args.map((word) => unquote(word.text)).join(' ')} `;
  return /\s(-d\s*=|--delimiter==)\s/.test(joined) && /\s(-f\s*1|--fields=1)\s/.test(joined);
}

function writesStdout(redirect: Redirect): boolean {
  if (!['>', '>>', '>|', '&>', '&>>', '>&'].includes(redirect.op)) return false;
  return redirect.fd === undefined || redirect.fd === '1';
}

function sinkFor(word: Word, append: boolean): Sink {
  const path = unquote(word.text);
  const variable = /^\$\{?([A-Z_]+)\}?$/.exec(path)?.[1];
  if (variable === 'GITHUB_OUTPUT') return { kind: 'output' };
  if (variable === 'GITHUB_STEP_SUMMARY') return { kind: 'summary' };
  if (/^\/dev\/(stdout|stderr|tty)$|^\/proc\/self\/fd\/[12]$/.test(path)) return { kind: 'log', stream: path.includes('err') || path.endsWith('2') ? 'stderr' : 'stdout' };
  // GITHUB_ENV, GITHUB_PATH and GITHUB_STATE feed later steps, not a reader.
  if (variable && /^GITHUB_(ENV|PATH|STATE)$/.test(variable)) return { kind: 'file', path: '/dev/null', word, append };
  return { kind: 'file', path, word, append };
}

function pipelinePrograms(pipeline: Pipeline): string[] {
  return pipeline.commands.map((command) => commandName(command).name).flatMap((name) => (name ? [basename(unquote(name.text))] : []));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function commandText(script: string, pipeline: Pipeline): string {
  const first = pipeline.commands[0]!;
  const last = pipeline.commands[pipeline.commands.length - 1]!;
  const ends = [...last.words.map((word) => word.end), ...last.redirects.map((redirect) => redirect.target?.end ?? redirect.start + redirect.op.length)];
  const end = Math.max(first.start + 1, ...ends);
  return script.slice(first.start, end).replace(/\\\n\s*/g, ' ');
}

function lineAround(script: string, at: number): string {
  const start = script.lastIndexOf('\n', at - 1) + 1;
  const end = script.indexOf('\n', at);
  return script.slice(start, end === -1 ? script.length : end).trim();
}
