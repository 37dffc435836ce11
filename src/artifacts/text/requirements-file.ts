
import type { ArtifactBase } from '../artifact.js';
import { type Ranged, textLines } from './line-records.js';

export interface Requirement {
  /** Normalised name (PEP 503: lower case, runs of -_. as -). */
  name: string;
  /** The name as written, with its span. */
  written: Ranged<string>;
  /** Version when pinned exactly (`==2.9.2` or `===2.9.2`). */
  pinned?: Ranged<string>;
  /** The whole specifier as written (`>=2.9,<3`), when there is one. */
  specifier?: string;
  start: number;
  end: number;
}

/** A pip requirements or constraints file. */
export interface RequirementsArtifact extends ArtifactBase {
  kind: 'requirements';
  requirements: Requirement[];
}

const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;#]*)/;

export function normalisePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function readRequirementsFile(text: string): Pick<RequirementsArtifact, 'requirements'> {
  const requirements: Requirement[] = [];
  for (const line of textLines(text)) {
    const trimmed = line.text.trim();
    // Options (-r, -c, --hash lines), comments and URLs are not package pins.
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('-') || /^[a-z+]+:\/\//i.test(trimmed)) continue;
    const match = REQUIREMENT.exec(line.text);
    if (!match) continue;
    const nameStart = line.start + line.text.indexOf(match[1]!);
    const specifier = match[3]!.trim().replace(/\s*\\$/, '');
    const requirement: Requirement = {
      name: normalisePackageName(match[1]!),
      written: { value: match[1]!, start: nameStart, end: nameStart + match[1]!.length },
      start: line.start,
      end: line.end,
    };
    if (specifier) requirement.specifier = specifier;
    const pin = /^===?\s*([0-9][A-Za-z0-9.+!-]*)\s*$/.exec(specifier);
    if (pin) {
      const at = line.text.indexOf(pin[1]!, nameStart - line.start + match[1]!.length);
      requirement.pinned = { value: pin[1]!, start: line.start + at, end: line.start + at + pin[1]!.length };
    }
    requirements.push(requirement);
  }
  return { requirements };
}
