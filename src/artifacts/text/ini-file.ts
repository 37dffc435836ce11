
import type { ArtifactBase } from '../artifact.js';
import { isSecretName } from '../../secrets/secret-names.js';
import { type Ranged, locatedTrim, textLines } from './line-records.js';

export interface IniEntry {
  key: Ranged<string>;
  value: Ranged<string>;
  start: number;
  end: number;
}

export interface IniSection {
  /** Section name without brackets; '' for entries before the first section. */
  name: Ranged<string>;
  entries: IniEntry[];
  start: number;
  end: number;
}

/** An INI file such as MLflow's `basic_auth.ini` (Python configparser syntax: `[section]`, `key = value`). */
export interface IniArtifact extends ArtifactBase {
  kind: 'ini';
  sections: IniSection[];
}

export function readIniFile(text: string): Pick<IniArtifact, 'sections' | 'sensitive'> {
  const sections: IniSection[] = [{ name: { value: '', start: 0, end: 0 }, entries: [], start: 0, end: 0 }];
  for (const line of textLines(text)) {
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const section = /^\s*\[([^\]]*)\]/.exec(line.text);
    if (section) {
      const nameStart = line.start + line.text.indexOf('[') + 1;
      sections.push({ name: locatedTrim(text, nameStart, nameStart + section[1]!.length), entries: [], start: line.start, end: line.end });
      continue;
    }
    const separator = line.text.search(/[=:]/);
    if (separator === -1) continue;
    const current = sections[sections.length - 1]!;
    current.entries.push({
      key: locatedTrim(text, line.start, line.start + separator),
      value: locatedTrim(text, line.start + separator + 1, line.end),
      start: line.start,
      end: line.end,
    });
    current.end = line.end;
  }
  const kept = sections.filter((section, index) => index > 0 || section.entries.length > 0);
  // A password in an INI file (basic_auth.ini's admin_password) is masked in every snippet.
  const sensitive = kept.flatMap((section) => section.entries).filter((entry) => isSecretName(entry.key.value) && entry.value.value !== '').map((entry) => ({ start: entry.value.start, end: entry.value.end }));
  return { sections: kept, sensitive };
}

/** The value of `key` in `section` (case-insensitive keys, as configparser reads them). */
export function iniValue(artifact: Pick<IniArtifact, 'sections'>, section: string, key: string): IniEntry | undefined {
  const lowered = key.toLowerCase();
  return artifact.sections.find((candidate) => candidate.name.value === section)?.entries.find((entry) => entry.key.value.toLowerCase() === lowered);
}
