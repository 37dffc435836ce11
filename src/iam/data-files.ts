import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The IAM data files are generated at build time into dist/data/ (scripts/build-iam-data.mjs). This module
// runs from dist/iam/ when used as a library and from the bundled dist/mlops-audit.mjs as the CLI, so it
// looks beside itself first and one folder up second.

export interface DataSource {
  package: string;
  version: string;
  /** ISO date of the newest data in the file. */
  updatedAt: string;
  license: string;
}

export function readDataFile<T>(name: string): T {
  const candidates = [new URL(`./data/${name}`, import.meta.url), new URL(`../data/${name}`, import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`IAM data file ${name} is missing: run npm run build (it generates dist/data/ from the installed packages)`);
  return JSON.parse(readFileSync(found, 'utf8')) as T;
}
