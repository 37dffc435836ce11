import type { Node } from 'jsonc-parser';
import { stripAnsi } from '../../text/ansi.js';
import { MappedText } from '../../text/mapped-text.js';
import { jsonStringText, multilineText, objectEntries, objectProperty, pointerSegment } from '../json/json-string.js';
import type { NotebookArtifact, NotebookCell, NotebookOutput, OutputText } from './notebook.js';

/** MIME types whose payload is binary data (base64) or media: never scanned for secrets. */
export function isBinaryMime(mime: string): boolean {
  if (mime === 'image/svg+xml') return false;
  return /^(image|audio|video|font)\//.test(mime) || mime === 'application/pdf' || mime === 'application/octet-stream' || mime.endsWith('+zip');
}

export type NotebookParse = { ok: true; notebook: Omit<NotebookArtifact, 'file' | 'text' | 'lines'> } | { ok: false; message: string; offset: number };

export function readNotebook(text: string, root: Node, path: string): NotebookParse {
  if (root.type !== 'object') return { ok: false, message: 'not a Jupyter notebook: the top level is not a JSON object', offset: root.offset };
  const nbformat = numberValue(objectProperty(root, 'nbformat'));
  const cellsNode = objectProperty(root, 'cells');
  if (nbformat !== undefined && nbformat < 4) {
    return { ok: false, message: `nbformat ${nbformat} notebooks are not supported; convert with 'jupyter nbconvert --to notebook'`, offset: root.offset };
  }
  if (!cellsNode || cellsNode.type !== 'array') return { ok: false, message: 'not a Jupyter notebook: no "cells" array', offset: root.offset };

  const metadata = objectProperty(root, 'metadata');
  const cells = (cellsNode.children ?? []).map((node, index) => readCell(text, node, index));
  const language =
    stringValue(objectProperty(objectProperty(metadata, 'kernelspec'), 'language')) ??
    stringValue(objectProperty(objectProperty(metadata, 'language_info'), 'name')) ??
    'python';
  return {
    ok: true,
    notebook: {
      kind: 'notebook',
      root,
      nbformat: nbformat ?? 4,
      nbformatMinor: numberValue(objectProperty(root, 'nbformat_minor')) ?? 0,
      cells,
      metadata,
      language: language.toLowerCase(),
      isCheckpoint: /(^|\/)\.ipynb_checkpoints\//.test(path),
    },
  };
}

function readCell(text: string, node: Node, index: number): NotebookCell {
  const pointer = `/cells/${index}`;
  const outputsNode = objectProperty(node, 'outputs');
  const outputs = (outputsNode?.type === 'array' ? outputsNode.children ?? [] : []).map((output, outputIndex) =>
    readOutput(text, output, outputIndex, `${pointer}/outputs/${outputIndex}`),
  );
  const count = objectProperty(node, 'execution_count');
  return {
    number: index + 1,
    index,
    type: stringValue(objectProperty(node, 'cell_type')) ?? 'unknown',
    executionCount: count?.type === 'number' ? (count.value as number) : null,
    source: multilineText(text, objectProperty(node, 'source')),
    node,
    outputs,
    metadata: objectProperty(node, 'metadata'),
    attachments: objectProperty(node, 'attachments'),
  };
}

function readOutput(text: string, node: Node, index: number, pointer: string): NotebookOutput {
  const type = stringValue(objectProperty(node, 'output_type')) ?? 'unknown';
  const texts: OutputText[] = [];
  if (type === 'stream') {
    // Coloured logging (tqdm, loguru, transformers warnings) writes ANSI codes into streams too.
    texts.push({ kind: 'stream', text: stripAnsi(multilineText(text, objectProperty(node, 'text'))), pointer: `${pointer}/text` });
  } else if (type === 'error') {
    const evalue = objectProperty(node, 'evalue');
    if (evalue?.type === 'string') texts.push({ kind: 'evalue', text: stripAnsi(jsonStringText(text, evalue)), pointer: `${pointer}/evalue` });
    const traceback = objectProperty(node, 'traceback');
    if (traceback?.type === 'array' && traceback.children) {
      // Each traceback entry is one frame; joining with a newline keeps frames apart for matching.
      const frames = traceback.children.filter((frame) => frame.type === 'string').map((frame) => jsonStringText(text, frame));
      if (frames.length > 0) texts.push({ kind: 'traceback', text: stripAnsi(MappedText.join(frames, '\n')), pointer: `${pointer}/traceback` });
    }
  } else {
    texts.push(...bundleTexts(text, objectProperty(node, 'data'), `${pointer}/data`));
  }
  return { index, type, name: stringValue(objectProperty(node, 'name')), node, texts };
}

/** Text-like entries of a MIME bundle (outputs and attachments); JSON payloads are walked for strings. */
export function bundleTexts(text: string, bundle: Node | undefined, pointer: string): OutputText[] {
  const texts: OutputText[] = [];
  for (const [mime, value] of objectEntries(bundle)) {
    if (isBinaryMime(mime)) continue;
    const at = `${pointer}/${pointerSegment(mime)}`;
    if (value.type === 'string' || value.type === 'array') {
      const joined = value.type === 'array' && value.children?.some((child) => child.type !== 'string') ? undefined : multilineText(text, value);
      if (joined) {
        texts.push({ kind: mime, text: joined, pointer: at });
        continue;
      }
    }
    for (const found of stringsIn(value, at)) texts.push({ kind: mime, text: jsonStringText(text, found.node), pointer: found.pointer });
  }
  return texts;
}

/** Every string value under a node with its JSON pointer; iterative, so hostile nesting cannot overflow the stack. */
export function stringsIn(node: Node, pointer: string, skipKey?: (key: string) => boolean): Array<{ node: Node; pointer: string; key?: string }> {
  const found: Array<{ node: Node; pointer: string; key?: string }> = [];
  const stack: Array<{ node: Node; pointer: string; key?: string }> = [{ node, pointer }];
  while (stack.length > 0) {
    const { node: current, pointer: at, key } = stack.pop()!;
    if (current.type === 'string') found.push({ node: current, pointer: at, key });
    else if (current.type === 'array') current.children?.forEach((child, i) => stack.push({ node: child, pointer: `${at}/${i}`, key }));
    else if (current.type === 'object') {
      for (const [childKey, child] of objectEntries(current)) {
        if (skipKey?.(childKey)) continue;
        stack.push({ node: child, pointer: `${at}/${pointerSegment(childKey)}`, key: childKey });
      }
    }
  }
  return found.reverse();
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

function numberValue(node: Node | undefined): number | undefined {
  return node?.type === 'number' ? (node.value as number) : undefined;
}
