import type { ArtifactLocation } from '../core/finding.js';
import type { MlflowServerSettings, Setting } from './settings.js';

// `mlflow server …` (or `mlflow ui …`) as words: from a shell script, a Dockerfile CMD/ENTRYPOINT or a
// container's argv. Both `--opt value` and `--opt=value` are read.

export interface ArgWord {
  value: string;
  start: number;
  end: number;
}

const VALUE_OPTIONS: Record<string, keyof MlflowServerSettings | undefined> = {
  '--host': 'host',
  '-h': 'host',
  '--port': 'port',
  '-p': 'port',
  '--app-name': 'appName',
  '--backend-store-uri': 'backendStoreUri',
  '--default-artifact-root': 'defaultArtifactRoot',
  '--artifacts-destination': 'artifactsDestination',
  '--gunicorn-opts': 'gunicornOpts',
  '--uvicorn-opts': 'uvicornOpts',
  '--registry-store-uri': undefined,
  '--workers': undefined,
  '-w': undefined,
  '--static-prefix': undefined,
  '--waitress-opts': undefined,
  '--expose-prometheus': undefined,
  '--allowed-hosts': undefined,
  '--cors-allowed-origins': undefined,
};

/** Index of the `mlflow` word that starts `mlflow server` / `mlflow ui` (also `python -m mlflow server`), or -1. */
export function mlflowServerAt(words: readonly ArgWord[]): number {
  for (let i = 0; i + 1 < words.length; i++) {
    const name = words[i]!.value.replace(/^.*\//, '');
    if (name === 'mlflow' && (words[i + 1]!.value === 'server' || words[i + 1]!.value === 'ui')) return i;
  }
  return -1;
}

/** TLS options handed to the web server: gunicorn --certfile/--keyfile, uvicorn --ssl-certfile/--ssl-keyfile. */
export function tlsInServerOpts(opts: string | undefined): boolean {
  return opts !== undefined && /--(ssl-)?certfile\b/.test(opts) && /--(ssl-)?keyfile\b/.test(opts);
}

export function settingsFromArgv(words: readonly ArgWord[], location: ArtifactLocation = {}): MlflowServerSettings | undefined {
  const at = mlflowServerAt(words);
  if (at === -1) return undefined;
  const first = words[at]!;
  const command = words[at + 1]!;
  const settings: MlflowServerSettings = {
    source: 'argv',
    isServer: true,
    anchor: { value: `mlflow ${command.value}`, start: first.start, end: command.end, location },
  };
  const put = (key: keyof MlflowServerSettings, setting: Setting<string>) => {
    (settings as unknown as Record<string, unknown>)[key] = setting;
  };
  for (let i = at + 2; i < words.length; i++) {
    const word = words[i]!;
    if (word.value === '--serve-artifacts' || word.value === '--no-serve-artifacts') {
      settings.serveArtifacts = { value: word.value === '--serve-artifacts', start: word.start, end: word.end, location };
      continue;
    }
    if (word.value === '--artifacts-only') continue;
    const eq = word.value.startsWith('--') ? word.value.indexOf('=') : -1;
    const name = eq === -1 ? word.value : word.value.slice(0, eq);
    if (!(name in VALUE_OPTIONS)) continue;
    const key = VALUE_OPTIONS[name];
    let value: Setting<string>;
    if (eq !== -1) {
      // The value's offset inside the word: exact for an unquoted word, the whole word otherwise.
      const raw = word.end - word.start === word.value.length;
      value = { value: word.value.slice(eq + 1), start: raw ? word.start + eq + 1 : word.start, end: word.end, location };
    } else {
      const next = words[i + 1];
      if (!next) break;
      value = { value: next.value, start: next.start, end: next.end, location };
      i++;
    }
    if (key) put(key, value);
  }
  const opts = settings.gunicornOpts ?? settings.uvicornOpts;
  if (tlsInServerOpts(settings.gunicornOpts?.value) || tlsInServerOpts(settings.uvicornOpts?.value)) settings.tls = { value: true, start: opts!.start, end: opts!.end, location };
  return settings;
}
