import type { Container, PortMapping } from '../artifacts/deploy/deployment.js';
import { parseArtifact } from '../artifacts/parse.js';
import { identifyContainer, isLoopbackHost } from '../deploy/identify.js';
import { reachOf } from '../deploy/exposures.js';
import { applyEdits, type TextEdit } from './text-edits.js';

// `mlops-audit fix compose.yaml`: mechanical edits of a docker-compose file, made on the text at the nodes'
// ranges so comments, quoting and layout stay as they were. Two changes, both for ML services that do not
// authenticate: published ports rebound to 127.0.0.1, and `--app-name basic-auth` for `mlflow server`.

export type ComposeFixOutcome =
  | { status: 'not-compose' }
  | { status: 'unparsable'; message: string }
  | { status: 'unchanged'; notes: string[] }
  | { status: 'changed'; text: string; changes: string[]; notes: string[] };

const FIXED_SERVICES = new Set(['mlflow', 'jupyter', 'inference-api', 'ml-dashboard']);

export function fixComposeText(file: string, text: string): ComposeFixOutcome {
  const parsed = parseArtifact(file, text, 'yaml');
  if (!parsed.ok) return { status: 'unparsable', message: parsed.error.message };
  const artifact = parsed.artifact;
  if (artifact.kind !== 'deployment' || artifact.format !== 'compose') return { status: 'not-compose' };
  const edits: TextEdit[] = [];
  const changes: string[] = [];
  const notes: string[] = [];
  for (const workload of artifact.workloads) {
    for (const container of workload.containers) {
      const identity = identifyContainer(container, { workloadKind: workload.kind });
      if (!FIXED_SERVICES.has(identity.service) || identity.auth === 'on') continue;
      if (identity.service === 'mlflow' && identity.auth === 'off') {
        const edit = addBasicAuth(text, container);
        if (edit) {
          edits.push(edit);
          changes.push(`services.${container.name}: added \`--app-name basic-auth\` to \`mlflow server\``);
          notes.push(
            `services.${container.name} now runs MLflow's basic-auth app: mount a basic_auth.ini and point MLFLOW_AUTH_CONFIG_PATH at it (default_permission = NO_PERMISSIONS, admin_username, and an admin_password from a secret), ` +
              'change the admin password right after the first start (the shipped default is public), make sure the image has the auth extra (`pip install mlflow[auth]`), and give clients MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD.',
          );
        } else notes.push(`services.${container.name}: could not place \`--app-name basic-auth\` in its command mechanically; add it by hand`);
      }
      if (isLoopbackHost(identity.listenHost)) continue;
      for (const exposure of reachOf(workload, container).open) {
        if (exposure.kind === 'host-network') {
          notes.push(`services.${container.name}: \`network_mode: host\` exposes every port of ${identity.label}; not changed, replace it with \`ports: ["127.0.0.1:PORT:PORT"]\` by hand`);
          continue;
        }
        if (exposure.kind === 'route') {
          notes.push(`services.${container.name}: ${exposure.description} with no auth middleware; not changed, add a forward-auth middleware (\`traefik.http.routers.<router>.middlewares=<your-forward-auth>@file\`) by hand`);
          continue;
        }
        const port = container.ports.find((candidate) => candidate.start === exposure.start && candidate.end === exposure.end);
        if (port && text.slice(port.start, port.end).includes('${')) {
          notes.push(`${port.pointer}: the port is written with a variable; not changed, bind it to 127.0.0.1 by hand`);
          continue;
        }
        const edit = port ? rebind(text, port) : undefined;
        if (!edit || !port) continue;
        edits.push(edit);
        changes.push(`${port.pointer}: published on 127.0.0.1 only (${identity.label} does not authenticate)`);
      }
    }
  }
  if (edits.length === 0) return { status: 'unchanged', notes: notes.length ? notes : ['no unauthenticated MLflow, Jupyter or inference service is published beyond loopback'] };
  return { status: 'changed', text: applyEdits(text, edits), changes, notes };
}

/** Inserts `--app-name basic-auth` right after the `server` word of `mlflow server`. */
function addBasicAuth(text: string, container: Container): TextEdit | undefined {
  const words = container.argv;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/\s/.test(word.value)) {
      // A shell script (`sh -c "… mlflow server …"`) or a string command: insert inside its text.
      const raw = text.slice(word.start, word.end);
      const match = /\bmlflow\s+server\b/.exec(raw);
      if (match) return { start: word.start + match.index + match[0].length, end: word.start + match.index + match[0].length, text: ' --app-name basic-auth' };
      continue;
    }
    const implicit = i === 0 && /mlflow/i.test(container.image?.value ?? '');
    if (word.value !== 'server' || !(implicit || /(^|\/)mlflow$/.test(words[i - 1]?.value ?? ''))) continue;
    const source = container.argvSources?.find((candidate) => candidate.start <= word.start && word.end <= candidate.end);
    if (!source) return undefined;
    if (source.form === 'string') return { start: word.end, end: word.end, text: ' --app-name basic-auth' };
    if (text[source.start] === '[') return { start: word.end, end: word.end, text: `, ${quoteLike(text, word.start, '--app-name')}, ${quoteLike(text, word.start, 'basic-auth')}` };
    // Block list: two new items after the `server` item, indented like it.
    const lineStart = text.lastIndexOf('\n', word.start - 1) + 1;
    const prefix = text.slice(lineStart, word.start);
    if (!/^\s*-\s+$/.test(prefix)) return undefined;
    let lineEnd = text.indexOf('\n', word.end);
    if (lineEnd === -1) lineEnd = text.length;
    const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
    const at = eol === '\r\n' ? lineEnd - 1 : lineEnd;
    return { start: at, end: at, text: `${eol}${prefix}${quoteLike(text, word.start, '--app-name')}${eol}${prefix}${quoteLike(text, word.start, 'basic-auth')}` };
  }
  return undefined;
}

function quoteLike(text: string, at: number, value: string): string {
  const quote = text[at];
  return quote === '"' || quote === "'" ? `${quote}${value}${quote}` : value;
}

/** The port entry rewritten to bind 127.0.0.1 on the host. */
function rebind(text: string, port: PortMapping): TextEdit | undefined {
  const raw = text.slice(port.start, port.end);
  if (port.form === 'short') {
    const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
    const value = quote ? raw.slice(1, -1) : raw.trim();
    let rest = value;
    if (port.hostIp !== undefined) rest = value.startsWith('[') ? value.slice(value.indexOf(']:') + 2) : value.slice(value.indexOf(':') + 1);
    const fixed = port.hostPort === undefined && !rest.includes(':') ? `127.0.0.1::${rest}` : `127.0.0.1:${rest}`;
    const q = quote || '"';
    return { start: port.start, end: port.end, text: `${q}${fixed}${q}` };
  }
  if (port.form === 'long') {
    const match = /(^|[\s{,])host_ip\s*:\s*("[^"]*"|'[^']*'|[^\s,}#]+)/.exec(raw);
    if (match) {
      const valueStart = port.start + match.index + match[0].length - match[2]!.length;
      return { start: valueStart, end: valueStart + match[2]!.length, text: '127.0.0.1' };
    }
    const target = /(^|[\s{,])(target\s*:)/.exec(raw);
    if (!target) return undefined;
    const keyStart = port.start + target.index + target[1]!.length;
    if (raw.trimStart().startsWith('{')) return { start: keyStart, end: keyStart, text: 'host_ip: 127.0.0.1, ' };
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const indent = /^[ \t]*-?[ \t]*/.exec(text.slice(lineStart, keyStart))![0].replace('-', ' ');
    return { start: keyStart, end: keyStart, text: `host_ip: 127.0.0.1\n${indent}` };
  }
  return undefined;
}

/** What a compose fix did, for stderr. */
export function describeComposeFix(file: string, outcome: Extract<ComposeFixOutcome, { status: 'changed' }>): string {
  return `${file}: ${outcome.changes.length} change${outcome.changes.length === 1 ? '' : 's'} (unauthenticated services kept off public interfaces)\n${outcome.changes.map((change) => `  ${change}\n`).join('')}${outcome.notes.map((note) => `  note: ${note}\n`).join('')}`;
}
