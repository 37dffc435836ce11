import { LineIndex } from '../text/line-index.js';
import type { ArtifactKind } from './artifact.js';
import { readerOf, type KindParser, type ParseOutcome, type ReaderName } from './parsers/common.js';
import { parseJupyterConfig } from './parsers/jupyter-config.js';
import { parseJsonFile } from './parsers/json.js';
import { parseNotebookFile } from './parsers/notebook.js';
import { parseTerraformFile } from './parsers/terraform.js';
import { parseText } from './parsers/text.js';
import { parseYamlFile } from './parsers/yaml.js';

export type { ParseOutcome };

// Every reader, loaded: for callers that parse synchronously (the lab, fixes, the platform map, tests).
// A scan loads each reader on demand instead (parsers/on-demand.ts).
const READERS: Record<ReaderName, KindParser> = {
  notebook: parseNotebookFile,
  json: parseJsonFile,
  yaml: parseYamlFile,
  terraform: parseTerraformFile,
  'jupyter-config': parseJupyterConfig,
  text: parseText,
};

/** Parses a file's text once, with positions, into the artifact its rules walk. */
export function parseArtifact(file: string, text: string, kind: ArtifactKind): ParseOutcome {
  return READERS[readerOf(kind)](file, text, kind, new LineIndex(text));
}
