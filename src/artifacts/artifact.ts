import type { Node } from 'jsonc-parser';
import type { Document } from 'yaml';
import type { LineIndex } from '../text/line-index.js';
import type { HclBody } from './hcl/hcl.js';
import type { IamArtifact } from './iam/iam-artifact.js';
import type { NotebookArtifact } from './notebook/notebook.js';
import type { WorkflowArtifact } from './workflow/workflow.js';

export interface ArtifactBase {
  /** Path as reported: as given on the command line, '/'-separated. */
  file: string;
  text: string;
  lines: LineIndex;
}

export interface JsonArtifact extends ArtifactBase {
  kind: 'json';
  root: Node;
}

export interface YamlArtifact extends ArtifactBase {
  kind: 'yaml';
  documents: Document.Parsed[];
}

/** A Terraform file without IAM resources: its HCL, for rules that read other settings from it. */
export interface TerraformArtifact extends ArtifactBase {
  kind: 'terraform';
  body: HclBody;
}

/** What a file is read as: a file named .yml becomes a workflow, a .json file with IAM policies an IamArtifact, when its content is one. */
export type Artifact = NotebookArtifact | JsonArtifact | YamlArtifact | WorkflowArtifact | IamArtifact | TerraformArtifact;
export type ArtifactKind = Artifact['kind'];
export type ArtifactOf<K extends ArtifactKind> = Extract<Artifact, { kind: K }>;

/** Which parser reads a path, by its name; undefined for files mlops-audit does not read. */
export function artifactKindFor(path: string): 'notebook' | 'json' | 'yaml' | 'terraform' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower.endsWith('.tf')) return 'terraform';
  return undefined;
}
