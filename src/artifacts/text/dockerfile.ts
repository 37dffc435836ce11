
import type { ArtifactBase } from '../artifact.js';
import { type Ranged, textLines } from './line-records.js';

export interface DockerInstruction {
  /** Upper-cased instruction (FROM, RUN, CMD, ENTRYPOINT, ENV, USER, EXPOSE, …). */
  keyword: string;
  /** Everything after the keyword, continuation lines joined with their backslash-newlines kept, so offsets stay exact. */
  args: Ranged<string>;
  start: number;
  end: number;
}

/** A Dockerfile or Containerfile, as a list of instructions. */
export interface DockerfileArtifact extends ArtifactBase {
  kind: 'dockerfile';
  instructions: DockerInstruction[];
}

export function readDockerfile(text: string): Pick<DockerfileArtifact, 'instructions'> {
  const instructions: DockerInstruction[] = [];
  const lines = textLines(text);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const match = /^\s*([A-Za-z]+)(\s+|$)/.exec(line.text);
    if (!match || line.text.trim().startsWith('#')) continue;
    let end = line.end;
    // A trailing backslash continues the instruction; comment lines inside it are skipped by Docker too.
    while (lines[index]!.text.trimEnd().endsWith('\\') && index + 1 < lines.length) {
      index++;
      end = lines[index]!.end;
    }
    const argsStart = line.start + match[0].length;
    instructions.push({ keyword: match[1]!.toUpperCase(), args: { value: text.slice(argsStart, end), start: argsStart, end }, start: line.start, end });
  }
  return { instructions };
}
