import { commandAt, commentChecker } from '../artifacts/workflow/shell-words.js';
import { readEnvFile } from '../artifacts/text/env-file.js';
import { settingsFromArgv } from './from-argv.js';
import { settingsFromEnv } from './from-env.js';
import { mergeSettings, type MlflowServerSettings } from './settings.js';

// A shell script that launches the server: each `mlflow server …` command (backslash continuations
// joined by the shell-word reader), with the `export NAME=value` lines of the script as its environment.

export function settingsFromScript(text: string): MlflowServerSettings[] {
  if (!text.includes('mlflow')) return [];
  const inComment = commentChecker(text);
  const env = settingsFromEnv(readEnvFile(text).vars.map((entry) => ({ name: entry.name.value, value: entry.value })));
  const out: MlflowServerSettings[] = [];
  for (const match of text.matchAll(/(?<![\w./-])(?:[\w./-]*\/)?mlflow\s+(?:server|ui)\b/g)) {
    if (inComment(match.index)) continue;
    const command = commandAt(text, match.index);
    const settings = settingsFromArgv(command.words);
    if (settings) out.push(mergeSettings(settings, env.settings));
  }
  return out;
}
