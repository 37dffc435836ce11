import { LineIndex } from '../../text/line-index.js';
import type { ArtifactKind } from '../artifact.js';
import { readerOf, type KindParser, type ParseOutcome, type ReaderName } from './common.js';

// The scanner's way to the readers: each is imported on first use, so a scan sets up only the readers (and
// their libraries: yaml, the HCL parser, the IAM readers) for the kinds of file it meets. The CLI bundle
// keeps them in the scan's chunk, initialised on that first use (scripts/bundle-cli.mjs). ../parse.ts has
// them all loaded, for callers that parse synchronously.

const IMPORTS: Record<ReaderName, () => Promise<KindParser>> = {
  notebook: async () => (await import('./notebook.js')).parseNotebookFile,
  json: async () => (await import('./json.js')).parseJsonFile,
  yaml: async () => (await import('./yaml.js')).parseYamlFile,
  terraform: async () => (await import('./terraform.js')).parseTerraformFile,
  'jupyter-config': async () => (await import('./jupyter-config.js')).parseJupyterConfig,
  text: async () => (await import('./text.js')).parseText,
};

const loading = new Map<ReaderName, Promise<KindParser>>();

/** parseArtifact for files of `kind`, once its reader is loaded. */
export async function parserFor(kind: ArtifactKind): Promise<(file: string, text: string) => ParseOutcome> {
  const name = readerOf(kind);
  let reader = loading.get(name);
  if (!reader) loading.set(name, (reader = IMPORTS[name]()));
  const parse = await reader;
  return (file, text) => parse(file, text, kind, new LineIndex(text));
}
