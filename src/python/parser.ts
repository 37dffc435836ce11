import { createRequire } from 'node:module';
import type { parser as LezerPythonParser } from '@lezer/python';

// The Python parser (@lezer/python and the LR runtime under it) is about a tenth of the CLI's code, and
// most scans never run it: code-facts.ts parses only notebook cells that touch the environment or a
// tracking API. It is required on first use, from the package's CommonJS build, because the analysis that
// needs it is synchronous (the CLI bundle keeps it in the scan's chunk, initialised on that first use).
let parser: typeof LezerPythonParser | undefined;

export function pythonParser(): typeof LezerPythonParser {
  parser ??= (createRequire(import.meta.url)('@lezer/python') as typeof import('@lezer/python')).parser;
  return parser;
}
