
import type { Ranged } from '../text/line-records.js';
import type { ArtifactBase } from '../artifact.js';

/** Which program a Jupyter configuration file configures, from its file name. */
export type JupyterFlavor = 'server' | 'notebook' | 'hub';

/** One `c.Class.trait = value` assignment (or the same key in a JSON config). */
export interface JupyterSetting {
  /** `ServerApp.token`, `JupyterHub.authenticator_class`. */
  key: string;
  /** Where the key is written: `c.ServerApp.token` in Python, the trait's property name in JSON, the option on a command line. */
  keySpan: { start: number; end: number };
  /** The value's source text, with its span (for a string: inside the quotes). */
  value: Ranged<string>;
  /** The value when it is a literal: string, number, boolean, null, or a list of strings. */
  literal?: string | number | boolean | null | string[];
  /** Set on a command line or through an environment variable (a container's settings); absent in config files. */
  origin?: 'argv' | 'env';
  /** The whole assignment (statement, JSON property or command-line word). */
  start: number;
  end: number;
}

/** jupyter_server_config.py / .json, jupyter_notebook_config.py / .json, jupyterhub_config.py. */
export interface JupyterConfigArtifact extends ArtifactBase {
  kind: 'jupyter-config';
  flavor: JupyterFlavor;
  format: 'python' | 'json';
  settings: JupyterSetting[];
}

const CONFIG_NAME = /^(jupyter_server|jupyter_notebook|jupyterhub|jupyter)_config\.(py|json)$/;

/** The flavor and format of a Jupyter config file name, or undefined for any other file. */
export function jupyterConfigName(baseName: string): { flavor: JupyterFlavor; format: 'python' | 'json' } | undefined {
  const match = CONFIG_NAME.exec(baseName.toLowerCase());
  if (!match) return undefined;
  const flavor = match[1] === 'jupyterhub' ? 'hub' : match[1] === 'jupyter_notebook' ? 'notebook' : 'server';
  return { flavor, format: match[2] === 'py' ? 'python' : 'json' };
}
