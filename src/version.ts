import { readFileSync } from 'node:fs';

/** The package version, read once from package.json beside dist/. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const TOOL_NAME = 'mlops-audit';
export const INFORMATION_URI = 'https://www.npmjs.com/package/mlops-audit';
