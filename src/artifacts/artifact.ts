import type { Node } from 'jsonc-parser';
import type { Document } from 'yaml';
import type { LineIndex } from '../text/line-index.js';
import type { HclBody } from './hcl/hcl.js';
import type { IamArtifact } from './iam/iam-artifact.js';
import type { NotebookArtifact } from './notebook/notebook.js';
import type { WorkflowArtifact } from './workflow/workflow.js';
import type { DeploymentArtifact } from './deploy/deployment.js';
import type { JupyterConfigArtifact } from './jupyter/jupyter-config.js';
import { jupyterConfigName } from './jupyter/jupyter-config.js';
import type { PythonArtifact } from './python/python-artifact.js';
import type { DockerfileArtifact } from './text/dockerfile.js';
import type { EnvFileArtifact } from './text/env-file.js';
import type { IniArtifact } from './text/ini-file.js';
import type { RequirementsArtifact } from './text/requirements-file.js';
import type { ScriptArtifact } from './text/shell-script.js';

export interface ArtifactBase {
  /** Path as reported: as given on the command line, '/'-separated. */
  file: string;
  text: string;
  lines: LineIndex;
  /** Offsets of values the reader knows are secret (a password in an INI or .env file): snippets mask them. */
  sensitive?: Array<{ start: number; end: number }>;
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
export type Artifact =
  | NotebookArtifact
  | JsonArtifact
  | YamlArtifact
  | WorkflowArtifact
  | IamArtifact
  | TerraformArtifact
  | DeploymentArtifact
  | JupyterConfigArtifact
  | PythonArtifact
  | RequirementsArtifact
  | DockerfileArtifact
  | ScriptArtifact
  | EnvFileArtifact
  | IniArtifact;
export type ArtifactKind = Artifact['kind'];
export type ArtifactOf<K extends ArtifactKind> = Extract<Artifact, { kind: K }>;

/** The kinds a file name alone decides; json and yaml files become iam, workflow or deployment artifacts by content. */
export type FileKind = 'notebook' | 'json' | 'yaml' | 'terraform' | 'jupyter-config' | 'python' | 'requirements' | 'dockerfile' | 'script' | 'env' | 'ini';

/** What the CLI tells a user about files it skips. */
export const READ_FILE_TYPES = '.ipynb, .json, .yml, .yaml, .tf, .py, .sh, .env, .ini, requirements*.txt, Dockerfile, Jupyter config files';

/** Which parser reads a path, by its name; undefined for files mlops-audit does not read. */
export function artifactKindFor(path: string): FileKind | undefined {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (jupyterConfigName(base)) return 'jupyter-config';
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'yaml';
  if (lower.endsWith('.tf')) return 'terraform';
  if (lower.endsWith('.py')) return 'python';
  if (/^(requirements|constraints)([-_.][\w.-]*)?\.(txt|in)$/.test(base) || base.endsWith('.requirements.txt')) return 'requirements';
  if (base === 'dockerfile' || base === 'containerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile')) return 'dockerfile';
  if (lower.endsWith('.sh') || lower.endsWith('.bash')) return 'script';
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'env';
  if (lower.endsWith('.ini')) return 'ini';
  return undefined;
}
