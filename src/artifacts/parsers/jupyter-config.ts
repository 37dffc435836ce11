import { jupyterConfigName } from '../jupyter/jupyter-config.js';
import { readJupyterConfig } from '../jupyter/read-jupyter-config.js';
import { parseFailure, type KindParser } from './common.js';

export const parseJupyterConfig: KindParser = (file, text, _kind, lines) => {
  const name = jupyterConfigName(file.slice(file.lastIndexOf('/') + 1)) ?? { flavor: 'server' as const, format: 'python' as const };
  const read = readJupyterConfig(text, name.flavor, name.format);
  if (!read.ok) return parseFailure(file, lines, read.message, 'parse', read.offset);
  return { ok: true, artifact: { kind: 'jupyter-config', file, text, lines, ...name, ...read.value } };
};
