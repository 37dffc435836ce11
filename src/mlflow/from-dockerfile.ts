import type { DockerfileArtifact, DockerInstruction } from '../artifacts/text/dockerfile.js';
import { commandAt } from '../artifacts/workflow/shell-words.js';
import { settingsFromArgv, type ArgWord } from './from-argv.js';
import { settingsFromEnv, type EnvInput } from './from-env.js';
import { mergeSettings, type MlflowServerSettings } from './settings.js';

// A Dockerfile that runs the server: ENTRYPOINT and CMD (JSON array or shell form, the last of each wins,
// ENTRYPOINT words first), ENV as the server's environment, the FROM image's tag as its version.

function words(text: string, instruction: DockerInstruction): ArgWord[] {
  const args = instruction.args;
  if (args.value.trimStart().startsWith('[')) {
    try {
      const list = JSON.parse(args.value) as unknown;
      if (!Array.isArray(list)) return [];
      const out: ArgWord[] = [];
      let from = 0;
      for (const match of args.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
        if (match.index < from) continue;
        const value = JSON.parse(match[0]) as string;
        out.push({ value, start: args.start + match.index + 1, end: args.start + match.index + match[0].length - 1 });
        from = match.index + match[0].length;
      }
      return out;
    } catch {
      return [];
    }
  }
  // Shell form runs under `sh -c`: read the words of the command line (a leading `exec` is skipped by the argv reader's search).
  return commandAt(text, args.start).words;
}

function envOf(instruction: DockerInstruction): EnvInput[] {
  const args = instruction.args;
  const out: EnvInput[] = [];
  const pairs = [...args.value.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)];
  if (pairs.length > 0) {
    for (const pair of pairs) {
      const raw = pair[2]!;
      const quoted = /^["']/.test(raw);
      const start = args.start + pair.index + pair[1]!.length + 1 + (quoted ? 1 : 0);
      const value = quoted ? raw.slice(1, -1) : raw;
      out.push({ name: pair[1]!, value: { value, start, end: start + value.length } });
    }
    return out;
  }
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*?)\s*$/s.exec(args.value);
  if (legacy) {
    const start = args.start + args.value.indexOf(legacy[2]!, legacy[1]!.length);
    out.push({ name: legacy[1]!, value: { value: legacy[2]!, start, end: start + legacy[2]!.length } });
  }
  return out;
}

export function settingsFromDockerfile(artifact: Pick<DockerfileArtifact, 'instructions' | 'text'>): MlflowServerSettings[] {
  let entrypoint: ArgWord[] = [];
  let cmd: ArgWord[] = [];
  const env: EnvInput[] = [];
  let image: { value: string; start: number; end: number } | undefined;
  for (const instruction of artifact.instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--\S+\s+)*(\S+)/.exec(instruction.args.value);
      if (match) {
        const start = instruction.args.start + instruction.args.value.indexOf(match[1]!);
        image = { value: match[1]!, start, end: start + match[1]!.length };
      }
    } else if (instruction.keyword === 'ENTRYPOINT') entrypoint = words(artifact.text, instruction);
    else if (instruction.keyword === 'CMD') cmd = words(artifact.text, instruction);
    else if (instruction.keyword === 'ENV') env.push(...envOf(instruction));
  }
  const settings = settingsFromArgv([...entrypoint, ...cmd]);
  if (!settings) return [];
  const merged = mergeSettings(settings, settingsFromEnv(env).settings);
  const tag = image && /mlflow[^:]*:v?(\d+\.\d+(?:\.\d+)?)/.exec(image.value);
  if (tag && image) merged.version = { value: tag[1]!, start: image.start, end: image.end, location: {} };
  return [merged];
}
