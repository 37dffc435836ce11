import type { WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import type { Platform } from '../inventory/platform.js';
import type { TextEdit } from './text-edits.js';
import type { YamlText } from './yaml-text.js';

export interface WorkflowFixOptions {
  /** Which fixes to run (default: all of them). */
  fixes?: readonly FixKind[];
  /** The role configure-aws-credentials assumes; wins over the inventory. */
  awsRoleArn?: string;
  /** The region configure-aws-credentials uses; wins over AWS_REGION / AWS_DEFAULT_REGION in the file. */
  awsRegion?: string;
  /** The platform inventory: the identity that owns a plaintext access key names the role that replaces it. */
  platform?: Platform;
  /** Secret names already given out (name to value), shared across the files of one run so names do not clash. */
  secretNames?: SecretNames;
}

export type FixKind = 'plaintext-secret' | 'aws-oidc' | 'workflow-permissions' | 'checkout-credentials';

/** One change a fix made, described for people and located for reports. */
export interface FixChange {
  kind: FixKind;
  /** What changed and why, in a sentence. Never holds a secret value. */
  description: string;
  /** YAML paths in the original file that this change addresses (where findings point). */
  addresses: string[];
  /** YAML paths in the fixed file where the result can be seen: a block (env, permissions) or a step. */
  shows: string[];
  /** Repository secrets the change makes the workflow read. */
  secrets?: string[];
}

/** A repository secret the fixed workflow reads and someone has to create. */
export interface SecretToCreate {
  name: string;
  /** YAML paths in the original file where the value was written. */
  from: string[];
}

/** What one pass over a parsed workflow proposes. */
export interface PassResult {
  edits: TextEdit[];
  changes: FixChange[];
  notes: string[];
  secrets?: SecretToCreate[];
  /** Steps the pass inserted, as indices in the fixed job, so earlier paths can be moved past them. */
  insertedSteps?: Array<{ job: string; index: number }>;
}

export interface PassContext {
  options: WorkflowFixOptions;
  /** The file as it was before any pass. */
  originalText: string;
  /** Plaintext AWS access key IDs of the original file by job id ('' for workflow-level env). */
  accessKeyIds: Map<string, string[]>;
  secretNames: SecretNames;
}

export type FixPass = (workflow: WorkflowArtifact, yaml: YamlText, context: PassContext) => PassResult;

/**
 * Secret names as GitHub allows them (letters, digits, underscores; not starting with a digit or GITHUB_),
 * one name per value: the same name with another value becomes NAME_2.
 */
export class SecretNames {
  private readonly values = new Map<string, string>();

  static normalise(raw: string): string {
    let name = raw
      .toUpperCase()
      .replace(/[^A-Z0-9_]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (name === '') name = 'SECRET';
    if (/^[0-9]/.test(name)) name = `_${name}`;
    if (name.startsWith('GITHUB_')) name = `CI_${name}`;
    return name;
  }

  /** The name for `value` stored under `raw`, reusing it when the same value already has it. */
  claim(raw: string, value: string, taken: (name: string) => boolean = () => false): string {
    const base = SecretNames.normalise(raw);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}_${n}`;
      const existing = this.values.get(name);
      if (existing === value) return name;
      if (existing === undefined && !taken(name)) {
        this.values.set(name, value);
        return name;
      }
    }
  }
}
