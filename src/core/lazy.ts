import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads a module the first time it is needed, synchronously. Heavy parsers (the YAML library, the
 * Python grammar) stay out of the start-up path of scans that never meet a YAML file or Python code.
 */
export function lazy<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
