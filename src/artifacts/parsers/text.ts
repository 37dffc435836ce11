import type { KindParser } from './common.js';
import { readDockerfile } from '../text/dockerfile.js';
import { readEnvFile } from '../text/env-file.js';
import { readIniFile } from '../text/ini-file.js';
import { readRequirementsFile } from '../text/requirements-file.js';

// Python sources, shell scripts, requirements files, Dockerfiles, .env and INI files: line-based readers.

export const parseText: KindParser = (file, text, kind, lines) => {
  switch (kind) {
    case 'requirements':
      return { ok: true, artifact: { kind, file, text, lines, ...readRequirementsFile(text) } };
    case 'dockerfile':
      return { ok: true, artifact: { kind, file, text, lines, ...readDockerfile(text) } };
    case 'env':
      return { ok: true, artifact: { kind, file, text, lines, ...readEnvFile(text) } };
    case 'ini':
      return { ok: true, artifact: { kind, file, text, lines, ...readIniFile(text) } };
    case 'script':
      return { ok: true, artifact: { kind, file, text, lines } };
    default:
      return { ok: true, artifact: { kind: 'python', file, text, lines } };
  }
};
