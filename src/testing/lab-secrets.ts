import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_FIXTURES } from './paths.js';

/**
 * Every secret planted in the lab fixtures, found with plain patterns (independent of the scanner's own
 * detectors): AWS access key ids and secret keys, and passwords inside URIs. Reports must show none whole.
 */
export function labSecrets(): string[] {
  const found = new Set<string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'expected-findings.json') {
        const text = readFileSync(path, 'utf8');
        for (const match of text.matchAll(/AKIA[0-9A-Z]{16}/g)) found.add(match[0]);
        for (const match of text.matchAll(/(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g)) if (/[a-z]/.test(match[0]) && /[A-Z]/.test(match[0]) && /[0-9]/.test(match[0]) && /\//.test(match[0])) found.add(match[0]);
        for (const match of text.matchAll(/:\/\/[^:/\s"@]+:([^@\s"]+)@/g)) found.add(match[1]!);
      }
    }
  };
  walk(LAB_FIXTURES);
  return [...found];
}
