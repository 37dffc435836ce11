import { readIamJson } from '../iam/read-iam-json.js';
import type { KindParser } from './common.js';
import { jsonRoot } from './json-root.js';

/** A .json file: IAM policies (and the principals and resources around them) when it holds some, else plain JSON. */
export const parseJsonFile: KindParser = (file, text, _kind, lines) => {
  const parsed = jsonRoot(file, text, lines);
  if (!parsed.ok) return parsed.outcome;
  const iam = readIamJson(parsed.root, file);
  if (iam) return { ok: true, artifact: { kind: 'iam', file, text, lines, ...iam } };
  return { ok: true, artifact: { kind: 'json', file, text, lines, root: parsed.root } };
};
