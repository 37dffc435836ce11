import type { ArtifactKind } from '../artifacts/artifact.js';
import { ruleReads, type AnyRule } from '../core/rule.js';

// The rule groups as a scan loads them: one folder's rules at a time, when the scan first meets an
// artifact of a kind they read, so a notebook-only scan sets up no workflow, IAM or deployment rule (nor the
// YAML or IAM code they bring). The CLI bundle keeps them in the scan's chunk, initialised on first use
// (scripts/bundle-cli.mjs). `reads` repeats what the rules declare; registry.test.ts checks that the two
// agree and that the groups, in this order, are RULES.

export interface RuleGroup {
  folder: string;
  reads: readonly ArtifactKind[];
  load(): Promise<readonly AnyRule[]>;
}

export const RULE_GROUPS: readonly RuleGroup[] = [
  { folder: 'notebook', reads: ['notebook'], load: async () => (await import('./notebook/index.js')).NOTEBOOK_RULES },
  { folder: 'workflow', reads: ['workflow'], load: async () => (await import('./workflow/index.js')).WORKFLOW_RULES },
  { folder: 'iam', reads: ['iam'], load: async () => (await import('./iam/index.js')).IAM_RULES },
  { folder: 'deploy', reads: ['deployment'], load: async () => (await import('./deploy/index.js')).DEPLOY_RULES },
  {
    folder: 'mlflow',
    reads: ['json', 'yaml', 'script', 'dockerfile', 'deployment', 'env', 'ini', 'terraform', 'iam'],
    load: async () => (await import('./mlflow/index.js')).MLFLOW_RULES,
  },
  {
    folder: 'supply-chain',
    reads: ['requirements', 'dockerfile', 'workflow', 'deployment', 'json'],
    load: async () => (await import('./supply-chain/index.js')).SUPPLY_CHAIN_RULES,
  },
  { folder: 'jupyter', reads: ['jupyter-config', 'deployment'], load: async () => (await import('./jupyter/index.js')).JUPYTER_RULES },
  { folder: 'jupyterhub', reads: ['jupyter-config'], load: async () => (await import('./jupyterhub/index.js')).JUPYTERHUB_RULES },
  { folder: 'serving', reads: ['python'], load: async () => (await import('./serving/index.js')).SERVING_RULES },
];

const groups = new Map<RuleGroup, Promise<readonly AnyRule[]>>();
const byKind = new Map<ArtifactKind, Promise<AnyRule[]>>();

/** The rules that read `kind`, in registry order; their groups are loaded on the first call. */
export function rulesReading(kind: ArtifactKind): Promise<AnyRule[]> {
  let rules = byKind.get(kind);
  if (!rules) {
    const loads = RULE_GROUPS.filter((group) => group.reads.includes(kind)).map((group) => {
      let load = groups.get(group);
      if (!load) groups.set(group, (load = group.load()));
      return load;
    });
    rules = Promise.all(loads).then((loaded) => loaded.flat().filter((rule) => ruleReads(rule).includes(kind)));
    byKind.set(kind, rules);
  }
  return rules;
}
