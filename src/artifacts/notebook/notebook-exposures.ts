import { detectSecrets, type SecretMatch } from '../../secrets/detect.js';
import { isPlaceholder } from '../../secrets/placeholders.js';
import { codeFacts } from '../../python/code-facts.js';
import { isSecretName } from '../../secrets/secret-names.js';
import type { MappedText } from '../../text/mapped-text.js';
import { objectEntries, objectProperty, jsonStringText, pointerSegment } from '../json/json-string.js';
import { bundleTexts, isBinaryMime, stringsIn } from './parse-notebook.js';
import type { NotebookArtifact, NotebookCell, NotebookOutput } from './notebook.js';

// Every place a notebook exposes a credential, found once per notebook and shared by the notebook
// rules: each rule reports the exposures of its own kind (outputs, sources, metadata, environment
// assignments, experiment tracking) so one leaked value is never reported twice.

export type ExposurePart = 'source' | 'output' | 'metadata' | 'attachment';
export type ExposureContext = 'plain' | 'env-assignment' | 'tracking-call';

export interface Exposure {
  part: ExposurePart;
  context: ExposureContext;
  cell?: NotebookCell;
  output?: NotebookOutput;
  pointer: string;
  rawStart: number;
  rawEnd: number;
  /** A credential recognised by its format. */
  match?: SecretMatch;
  /** A credential recognised by its name: the variable, key or widget it is stored under. */
  name?: string;
  /** The literal value of a named credential, when the code holds one. Never leaves the analyzer. */
  value?: string;
  /** The whole environment is handed to experiment tracking. */
  environmentDump?: boolean;
  /** The code construct: os.environ, %env, mlflow.log_param… */
  via?: string;
  /** How to call a named credential in a sentence, when "credential named …" does not fit. */
  label?: string;
}

const cache = new WeakMap<NotebookArtifact, Exposure[]>();

export function notebookExposures(notebook: NotebookArtifact): Exposure[] {
  let exposures = cache.get(notebook);
  if (!exposures) {
    exposures = findExposures(notebook);
    cache.set(notebook, exposures);
  }
  return exposures;
}

/** File ranges holding credential values, for masking code frames. */
export function sensitiveRanges(notebook: NotebookArtifact): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const exposure of notebookExposures(notebook)) {
    if (exposure.match) {
      ranges.push({ start: exposure.match.rawStart, end: exposure.match.rawEnd });
      const partner = exposure.match.partner;
      if (partner) ranges.push({ start: partner.rawStart, end: partner.rawEnd });
    } else if (exposure.value !== undefined) ranges.push({ start: exposure.rawStart, end: exposure.rawEnd });
  }
  return ranges;
}

function findExposures(notebook: NotebookArtifact): Exposure[] {
  const exposures: Exposure[] = [];
  const { text } = notebook;
  for (const cell of notebook.cells) {
    const cellPointer = `/cells/${cell.index}`;
    exposures.push(...sourceExposures(notebook, cell, `${cellPointer}/source`));
    for (const output of cell.outputs) {
      for (const outputText of output.texts) {
        for (const match of visible(detectSecrets(outputText.text))) {
          exposures.push({ part: 'output', context: 'plain', cell, output, pointer: outputText.pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match });
        }
      }
    }
    if (cell.metadata) exposures.push(...metadataExposures(notebook, cell.metadata, `${cellPointer}/metadata`, cell));
    for (const [name, bundle] of objectEntries(cell.attachments)) {
      for (const attachment of bundleTexts(text, bundle, `${cellPointer}/attachments/${pointerSegment(name)}`)) {
        for (const match of visible(detectSecrets(attachment.text))) {
          exposures.push({ part: 'attachment', context: 'plain', cell, pointer: attachment.pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match });
        }
      }
    }
  }
  if (notebook.metadata) exposures.push(...metadataExposures(notebook, notebook.metadata, '/metadata'));
  return exposures;
}

/** An access key ID paired with its secret key is reported once, through the pair. */
function visible(matches: SecretMatch[]): SecretMatch[] {
  return matches.filter((match) => !match.paired);
}

function sourceExposures(notebook: NotebookArtifact, cell: NotebookCell, pointer: string): Exposure[] {
  const source = cell.source;
  const matches = visible(detectSecrets(source));
  const isCode = cell.type === 'code' && notebook.language === 'python';
  if (!isCode) return matches.map((match) => plainSource(cell, pointer, match));

  const facts = codeFacts(source.text);
  const exposures: Exposure[] = [];
  const claimed = new Set<SecretMatch>();
  const inside = (from: number, to: number) => matches.filter((match) => match.start >= from && match.end <= to);

  for (const assignment of facts.envAssignments) {
    const literal = assignment.literal;
    const found = literal ? inside(literal.from, literal.to) : [];
    for (const match of found) {
      claimed.add(match);
      exposures.push({ part: 'source', context: 'env-assignment', cell, pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match, name: assignment.name, via: assignment.via });
    }
    if (found.length === 0 && literal && isSecretName(assignment.name) && isCredentialLiteral(literal.value)) {
      const range = source.rawRange(literal.from, literal.to);
      exposures.push({ part: 'source', context: 'env-assignment', cell, pointer, rawStart: range.start, rawEnd: range.end, name: assignment.name, value: literal.value, via: assignment.via });
    }
  }
  for (const call of facts.trackingCalls) {
    const found = inside(call.from, call.to).filter((match) => !claimed.has(match));
    for (const match of found) {
      claimed.add(match);
      exposures.push({ part: 'source', context: 'tracking-call', cell, pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match, via: call.callee });
    }
    for (const key of call.secretKeys) {
      if (found.some((match) => match.start >= key.from && match.end <= key.to)) continue;
      const literal = key.literal && isCredentialLiteral(key.literal.value) ? key.literal : undefined;
      const range = literal ? source.rawRange(literal.from, literal.to) : source.rawRange(key.from, key.to);
      exposures.push({ part: 'source', context: 'tracking-call', cell, pointer, rawStart: range.start, rawEnd: range.end, name: key.name, value: literal?.value, via: call.callee });
    }
    if (call.dumpsEnvironment) {
      const range = source.rawRange(call.from, call.to);
      exposures.push({ part: 'source', context: 'tracking-call', cell, pointer, rawStart: range.start, rawEnd: range.end, environmentDump: true, via: call.callee });
    }
  }
  for (const match of matches) if (!claimed.has(match)) exposures.push(plainSource(cell, pointer, match));
  return exposures;
}

function plainSource(cell: NotebookCell, pointer: string, match: SecretMatch): Exposure {
  return { part: 'source', context: 'plain', cell, pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match };
}

/** A literal worth reporting under a secret-looking name: not empty, not a placeholder, not a path to a file. */
function isCredentialLiteral(value: string): boolean {
  return value.length >= 6 && !isPlaceholder(value) && !/^(?:\/|~\/|\.\/)/.test(value) && !/\s/.test(value.trim());
}

const WIDGET_STATE = 'application/vnd.jupyter.widget-state+json';

function metadataExposures(notebook: NotebookArtifact, metadata: NonNullable<NotebookCell['metadata']>, pointer: string, cell?: NotebookCell): Exposure[] {
  const exposures: Exposure[] = [];
  const { text } = notebook;
  for (const found of stringsIn(metadata, pointer, isBinaryMime)) {
    for (const match of visible(detectSecrets(jsonStringText(text, found.node)))) {
      exposures.push({ part: 'metadata', context: 'plain', cell, pointer: found.pointer, rawStart: match.rawStart, rawEnd: match.rawEnd, match });
    }
  }
  // A password widget saves what the user typed into the notebook's widget state.
  const states = objectProperty(objectProperty(objectProperty(metadata, 'widgets'), WIDGET_STATE), 'state');
  for (const [modelId, model] of objectEntries(states)) {
    const state = objectProperty(model, 'state');
    const modelName = objectProperty(state, '_model_name')?.value ?? objectProperty(model, 'model_name')?.value;
    const value = objectProperty(state, 'value');
    if (modelName !== 'PasswordModel' || value?.type !== 'string' || !isCredentialLiteral(String(value.value))) continue;
    const valueText: MappedText = jsonStringText(text, value);
    const range = valueText.rawRange(0, valueText.text.length);
    if (exposures.some((exposure) => exposure.rawStart <= range.start && exposure.rawEnd >= range.end)) continue;
    exposures.push({
      part: 'metadata',
      context: 'plain',
      cell,
      pointer: `${pointer}/widgets/${pointerSegment(WIDGET_STATE)}/state/${pointerSegment(modelId)}/state/value`,
      rawStart: range.start,
      rawEnd: range.end,
      name: 'password widget',
      label: 'password widget value',
      value: valueText.text,
    });
  }
  return exposures;
}
