import type { Node } from 'jsonc-parser';
import { createRequire } from 'node:module';
import type { Scalar } from 'yaml';
import type { Artifact } from '../artifacts/artifact.js';
import { jsonStringText } from '../artifacts/json/json-string.js';
import { parseJson } from '../artifacts/json/parse-json.js';
import { scalarText } from '../artifacts/yaml/scalar-text.js';
import { MappedText, verbatimPiece } from '../text/mapped-text.js';
import { isCredentialLiteral } from './credential-literal.js';
import { detectSecrets } from './detect.js';
import { isSecretName } from './secret-names.js';

// Where a scanned file holds secrets, for its code frames: what core/analyze.ts needs of secret-ranges.ts,
// without the readers of every kind (a scan sets those up only for the kinds it meets) or, until a YAML
// file needs it, the YAML library.

export type Range = { start: number; end: number };

/**
 * Where a parsed file holds secrets: the ranges its rules report secrets from (a workflow's plaintext
 * credentials, MLflow passwords and keys), each string value as the detectors read it with its key as the
 * hint, values stored under secret names (compose environments, Helm values), and detector matches
 * anywhere else (comments). Call it after the rules ran: some readers mark ranges only when first read.
 */
export function artifactSecretRanges(artifact: Artifact): Range[] {
  // What the readers marked as they read (notebooks and workflows on first read, MLflow passwords, …).
  const ranges = [...(artifact.sensitive ?? [])];
  const text = artifact.text;
  // Notebook and workflow readers already judge every value (by detector, by name and in pairs) as they
  // read, so only other files are searched again here (a second parse and a detector pass cost a notebook
  // scan a third of its time).
  const own = artifact.kind === 'notebook' || artifact.kind === 'workflow';
  const format = own ? undefined : /\.json$/i.test(artifact.file) ? 'json' : /\.ya?ml$/i.test(artifact.file) ? 'yaml' : undefined;
  if (format) for (const value of format === 'yaml' ? yamlStrings(text) : jsonStrings(text)) ranges.push(...valueSecrets(value.text, value.key, true));
  // The whole-text pass pairs a secret key with a key id on another line; those readers pair them already.
  if (!own) ranges.push(...valueSecrets(verbatimPiece(text, 0)));
  return ranges;
}

/** Detector matches in a value, and the value itself when it is a credential literal under a secret name. */
export function valueSecrets(text: MappedText, key?: string, byName = false): Range[] {
  const found: Range[] = [];
  for (const match of detectSecrets(text, undefined, key)) {
    found.push({ start: match.rawStart, end: match.rawEnd });
    if (match.partner) found.push({ start: match.partner.rawStart, end: match.partner.rawEnd });
  }
  if (found.length > 0 || !byName || key === undefined) return found;
  // A value under a secret name in a map, or `POSTGRES_PASSWORD=…` in a compose environment list.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text.text);
  const [value, offset] = isSecretName(key) ? [text.text, 0] : assignment && isSecretName(assignment[1]!) ? [assignment[2]!, assignment[1]!.length + 1] : ['', 0];
  if (isCredentialLiteral(value)) found.push(text.rawRange(offset, text.text.length));
  return found;
}

interface StringValue {
  text: MappedText;
  /** The key it is stored under, or for a list item the key of the list. */
  key?: string;
}

// Required on first use rather than imported, so a scan with no YAML file never sets the library up.
let yamlLibrary: typeof import('yaml') | undefined;

function yamlStrings(text: string): StringValue[] {
  const { isPair, isScalar, parseAllDocuments, visit } = (yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
  const out: StringValue[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false, keepSourceTokens: false });
  } catch {
    return out;
  }
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    if (document.errors.length > 0) continue;
    visit(document, {
      Scalar(_key, node, path) {
        if (typeof node.value !== 'string' || !node.range) return;
        const parent = [...path].reverse().find(isPair);
        const key = parent && isScalar(parent.key) && parent.key !== node ? String((parent.key as Scalar).value) : undefined;
        if (parent && parent.key === node) return;
        out.push({ text: scalarText(text, node), key });
      },
    });
  }
  return out;
}

function jsonStrings(text: string): StringValue[] {
  const parsed = parseJson(text);
  if (!parsed.ok) return [];
  const out: StringValue[] = [];
  const walk = (node: Node, key: string | undefined, depth: number) => {
    if (depth > 200) return;
    if (node.type === 'string') out.push({ text: jsonStringText(text, node), key });
    else if (node.type === 'property' && node.children?.[1]) walk(node.children[1], String(node.children[0]?.value ?? ''), depth + 1);
    else for (const child of node.children ?? []) walk(child, key, depth + 1);
  };
  walk(parsed.root, undefined, 0);
  return out;
}
