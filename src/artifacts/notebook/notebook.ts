import type { Node } from 'jsonc-parser';
import type { MappedText } from '../../text/mapped-text.js';
import type { ArtifactBase } from '../artifact.js';

/** A Jupyter notebook (nbformat 4) with every text it holds mapped back to the file. */
export interface NotebookArtifact extends ArtifactBase {
  kind: 'notebook';
  root: Node;
  nbformat: number;
  nbformatMinor: number;
  cells: NotebookCell[];
  metadata?: Node;
  /** Kernel language from metadata (python, r, julia…), lower-case. */
  language: string;
  /** The file sits in an .ipynb_checkpoints folder: Jupyter's autosave copy. */
  isCheckpoint: boolean;
}

export interface NotebookCell {
  /** 1-based, as a reader counts cells in the notebook. */
  number: number;
  /** 0-based position in the cells array. */
  index: number;
  type: string;
  executionCount: number | null;
  source: MappedText;
  node: Node;
  outputs: NotebookOutput[];
  metadata?: Node;
  attachments?: Node;
}

export interface NotebookOutput {
  /** 0-based index into the cell's outputs. */
  index: number;
  type: string;
  /** stdout or stderr for stream outputs. */
  name?: string;
  node: Node;
  /** Every readable text in the output: stream text, text-like MIME bundles, traceback. Images are left out. */
  texts: OutputText[];
}

export interface OutputText {
  /** MIME type, or `stream`, `traceback`, `evalue`. */
  kind: string;
  text: MappedText;
  pointer: string;
}
