import type { Container, DeploymentArtifact, Exposure } from '../../artifacts/deploy/deployment.js';
import { reachOf } from '../../deploy/exposures.js';
import type { JupyterConfigArtifact, JupyterFlavor, JupyterSetting } from '../../artifacts/jupyter/jupyter-config.js';
import { isJupyterCommand, jupyterSettingsFromArgv, jupyterSettingsFromEnv, type ArgWord } from '../../artifacts/jupyter/read-jupyter-config.js';
import { commandAt } from '../../artifacts/workflow/shell-words.js';
import type { ArtifactLocation } from '../../core/finding.js';
import { JupyterView, remoteBinding, describeBinding } from './settings.js';

// A Jupyter server the rules judge: the settings of a config file, or those of a container's command line
// and environment (`jupyter lab --ServerApp.token=` in a compose service or a Kubernetes container).

export interface JupyterTarget {
  format: 'python' | 'json' | 'argv';
  flavor: JupyterFlavor;
  view: JupyterView;
  /** How the server is reachable beyond its host, in words; undefined when nothing in the file says so. */
  remote?: Route;
  /**
   * For a container whose only routes without a login are limited (internal load balancer, source ranges): the
   * first of them. Not `remote`, as deploy/exposed-without-auth does not count them, so the Jupyter rules report it.
   */
  restricted?: Route & { restrictedTo: string };
  /** For a container reached only through authenticating routes (ingress auth, oauth2-proxy): what authenticates. */
  proxiedBy?: string;
  /** For a container: its name and where it sits in the file. */
  container?: { name: string; pointer: string; format: DeploymentArtifact['format'] };
}

export interface Route {
  start: number;
  end: number;
  description: string;
  literal: string;
}

export function jupyterTargets(artifact: JupyterConfigArtifact | DeploymentArtifact): JupyterTarget[] {
  if (artifact.kind === 'jupyter-config') {
    const view = new JupyterView(artifact.settings);
    const ip = remoteBinding(view);
    return [{ format: artifact.format, flavor: artifact.flavor, view, remote: ip && { start: ip.start, end: ip.end, description: describeBinding(ip), literal: String(ip.literal) } }];
  }
  const targets: JupyterTarget[] = [];
  for (const workload of artifact.workloads ?? []) {
    for (const container of workload.containers) {
      const argv = jupyterArgv(artifact.text, container.argv);
      if (!argv) continue;
      // The environment is read first: command-line options override it.
      const settings = [...jupyterSettingsFromEnv(container.env), ...jupyterSettingsFromArgv(argv)];
      const reach = reachOf(workload, container);
      const open = reach.open[0];
      const limited = reach.restricted[0];
      targets.push({
        format: 'argv',
        flavor: argv.some((word) => /(?:^|\/)jupyterhub$/.test(word.value)) ? 'hub' : 'server',
        view: new JupyterView(settings),
        remote: open && route(open),
        restricted: !open && limited ? { ...route(limited), restrictedTo: limited.restrictedTo! } : undefined,
        // A login on one route means nothing while a route without one also reaches the server.
        proxiedBy: open || limited ? undefined : reach.authenticated[0]?.authenticatedBy,
        container: { name: container.name, pointer: container.pointer, format: artifact.format },
      });
    }
  }
  return targets;
}

/** The words of the Jupyter command in a container's argv, reading into a `sh -c "…"` script when needed. */
function jupyterArgv(text: string, argv: Container['argv']): ArgWord[] | undefined {
  if (isJupyterCommand(argv)) return argv;
  for (const word of argv) {
    const at = word.value.search(/(?:^|[\s;&|/])(?:jupyter(?:hub)?|start-notebook\.(?:sh|py))\b/);
    if (at === -1 || !/\s/.test(word.value)) continue;
    const program = at === 0 ? 0 : at + 1;
    // Offsets inside the script are exact when the script appears verbatim in the file, else the word's span.
    const base = text.slice(word.start, word.end).indexOf(word.value);
    const words = commandAt(word.value, program).words.map((inner) =>
      base === -1 ? { value: inner.value, start: word.start, end: word.end } : { value: inner.value, start: word.start + base + inner.start, end: word.start + base + inner.end },
    );
    if (isJupyterCommand(words)) return words;
  }
  return undefined;
}

function route(exposure: Exposure): Route {
  return { start: exposure.start, end: exposure.end, description: exposure.description, literal: exposure.kind };
}

/** How the setting is written, for messages and evidence; secret values are never shown. */
export function written(target: JupyterTarget, setting: JupyterSetting, secret = false): string {
  const hidden = secret && typeof setting.literal === 'string' && setting.literal !== '';
  if (target.format === 'argv') {
    if (setting.origin === 'env') return hidden ? 'JUPYTER_TOKEN=<redacted>' : `JUPYTER_TOKEN=${setting.value.value}`;
    return `--${setting.key}=${hidden ? '<redacted>' : typeof setting.literal === 'string' ? setting.literal : setting.literal === undefined ? setting.value.value : pythonLiteral(setting)}`;
  }
  if (target.format === 'json') {
    const [cls, trait] = split(setting.key);
    return `"${cls}": {"${trait}": ${hidden ? '"<redacted>"' : setting.literal === undefined ? setting.value.value : JSON.stringify(setting.literal)}}`;
  }
  return `c.${setting.key} = ${hidden ? "'<redacted>'" : pythonLiteral(setting)}`;
}

function pythonLiteral(setting: JupyterSetting): string {
  const literal = setting.literal;
  if (literal === undefined) return setting.value.value.length > 80 ? `${setting.value.value.slice(0, 77)}...` : setting.value.value;
  if (literal === null) return 'None';
  if (typeof literal === 'boolean') return literal ? 'True' : 'False';
  if (typeof literal === 'number') return String(literal);
  if (Array.isArray(literal)) return `[${literal.map((item) => `'${item}'`).join(', ')}]`;
  return `'${literal}'`;
}

export function split(key: string): [string, string] {
  const dot = key.indexOf('.');
  return [key.slice(0, dot), key.slice(dot + 1)];
}

/** Where a finding sits: a JSON pointer in JSON configs, the container's path in a deployment file. */
export function locationOf(target: JupyterTarget, setting: JupyterSetting): ArtifactLocation {
  if (target.container) return { yamlPath: target.container.pointer };
  if (target.format !== 'json') return {};
  const [cls, trait] = split(setting.key);
  return { jsonPointer: `/${cls}/${trait}` };
}

/** The application class the file uses: NotebookApp in a classic Notebook config, ServerApp otherwise. */
export function appClass(target: Pick<JupyterTarget, 'flavor'>, setting?: JupyterSetting): string {
  const used = setting ? split(setting.key)[0] : undefined;
  if (used === 'NotebookApp' || used === 'ServerApp') return used;
  return target.flavor === 'notebook' ? 'NotebookApp' : 'ServerApp';
}

/** A fix in the file's own language: Python lines, a JSON object, or the container's command-line options. */
export function configSnippet(target: JupyterTarget, python: string, json: Record<string, Record<string, unknown>>, options?: string): { language: string; snippet: string } {
  if (target.format === 'json') return { language: 'json', snippet: JSON.stringify(json, null, 2) };
  if (target.format === 'argv') return { language: 'yaml', snippet: options ?? argvOptions(json) };
  return { language: 'python', snippet: python };
}

function argvOptions(json: Record<string, Record<string, unknown>>): string {
  const options = Object.entries(json).flatMap(([cls, traits]) => Object.entries(traits).map(([trait, value]) => `--${cls}.${trait}=${typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value)}`));
  return `# command-line options of the Jupyter command\n${options.map((option) => `- "${option}"`).join('\n')}`;
}

/** The words a finding names the container with, empty for a config file. */
export function inContainer(target: JupyterTarget): string {
  return target.container ? ` in the container ${target.container.name}` : '';
}
