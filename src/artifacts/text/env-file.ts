
import type { ArtifactBase } from '../artifact.js';
import { isSecretName } from '../../secrets/secret-names.js';
import { type Ranged, locatedTrim, textLines, unquote } from './line-records.js';

/** A dotenv file (`.env`, `mlflow.env`): settings compose `env_file` and many launch scripts load. */
export interface EnvFileArtifact extends ArtifactBase {
  kind: 'env';
  vars: Array<{ name: Ranged<string>; value: Ranged<string>; start: number; end: number }>;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/;

export function readEnvFile(text: string): Pick<EnvFileArtifact, 'vars' | 'sensitive'> {
  const vars: EnvFileArtifact['vars'] = [];
  for (const line of textLines(text)) {
    const match = ASSIGNMENT.exec(line.text);
    if (!match) continue;
    const nameStart = line.start + match[0].indexOf(match[1]!);
    let valueEnd = line.end;
    const rest = line.text.slice(match[0].length);
    // An unquoted value ends at " #" (a trailing comment); a quoted one is taken whole.
    if (!/^\s*["']/.test(rest)) {
      const comment = rest.search(/\s#/);
      if (comment !== -1) valueEnd = line.start + match[0].length + comment;
    }
    vars.push({
      name: { value: match[1]!, start: nameStart, end: nameStart + match[1]!.length },
      value: unquote(locatedTrim(text, line.start + match[0].length, valueEnd)),
      start: line.start,
      end: line.end,
    });
  }
  // Values stored under secret-looking names are masked in every snippet, whatever a rule reports.
  return { vars, sensitive: vars.filter((entry) => isSecretName(entry.name.value) && entry.value.value !== '').map((entry) => ({ start: entry.value.start, end: entry.value.end })) };
}
