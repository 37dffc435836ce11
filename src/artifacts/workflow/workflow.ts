import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import type { MappedText } from '../../text/mapped-text.js';
import type { ArtifactBase } from '../artifact.js';

// A GitHub Actions workflow or composite action, read into its natural shape (workflow -> job -> step)
// with every value's position, so rules walk jobs and steps instead of YAML nodes.

/** A scalar value with its text mapped back to the file. */
export interface ValueRef {
  value: string;
  node: Scalar;
  text: MappedText;
  /** Dotted path for reports: jobs.train.steps[2].env.TOKEN */
  path: string;
  /** File offset where the value starts (after any quote or block header). */
  start: number;
  end: number;
}

/** One `NAME: value` entry of env, with, secrets or credentials. */
export interface Entry {
  name: string;
  keyStart: number;
  path: string;
  pair: Pair;
  /** Present when the value is a scalar (the usual case). */
  value?: ValueRef;
}

export interface Trigger {
  event: string;
  keyStart: number;
  config?: YamlNode;
}

export type PermissionLevel = 'read' | 'write' | 'none';

export interface Permissions {
  /** `read-all`, `write-all`, or `{}` written as a string or an empty map. */
  shorthand?: 'read-all' | 'write-all' | 'none';
  scopes: Map<string, { level: PermissionLevel; keyStart: number }>;
  start: number;
  path: string;
}

export interface ContainerSpec {
  image?: ValueRef;
  credentials: Entry[];
  env: Entry[];
  path: string;
  start: number;
}

export interface Step {
  /** 0-based index in the job's steps. */
  index: number;
  path: string;
  start: number;
  map: YAMLMap;
  id?: string;
  name?: string;
  uses?: ValueRef;
  run?: ValueRef;
  shell?: string;
  with: Entry[];
  env: Entry[];
  if?: ValueRef;
}

export interface Job {
  id: string;
  path: string;
  keyStart: number;
  map: YAMLMap;
  name?: string;
  runsOn: string[];
  runsOnRef?: ValueRef;
  permissions?: Permissions;
  environment?: { name?: ValueRef; start: number };
  env: Entry[];
  needs: string[];
  if?: ValueRef;
  container?: ContainerSpec;
  services: Array<{ id: string } & ContainerSpec>;
  /** A call to a reusable workflow: `uses: org/repo/.github/workflows/x.yml@ref`. */
  uses?: ValueRef;
  with: Entry[];
  /** `secrets: inherit` or explicit entries, on reusable-workflow calls. */
  secrets?: 'inherit' | Entry[];
  secretsStart?: number;
  steps: Step[];
}

export interface WorkflowArtifact extends ArtifactBase {
  kind: 'workflow';
  flavor: 'workflow' | 'composite-action';
  document: Document.Parsed;
  root: YAMLMap;
  name?: string;
  triggers: Trigger[];
  permissions?: Permissions;
  env: Entry[];
  jobs: Job[];
}
