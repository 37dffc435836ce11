import { sensitiveRanges } from '../notebook/notebook-exposures.js';
import { readNotebook } from '../notebook/parse-notebook.js';
import { jsonRoot } from './json-root.js';
import { parseFailure, sensitiveOnDemand, type KindParser } from './common.js';

export const parseNotebookFile: KindParser = (file, text, _kind, lines) => {
  const parsed = jsonRoot(file, text, lines);
  if (!parsed.ok) return parsed.outcome;
  const notebook = readNotebook(text, parsed.root, file);
  if (!notebook.ok) return parseFailure(file, lines, notebook.message, 'parse', notebook.offset);
  return { ok: true, artifact: sensitiveOnDemand({ ...notebook.notebook, file, text, lines }, sensitiveRanges) };
};
