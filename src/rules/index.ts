import type { AnyRule } from '../core/rule.js';
import { DEPLOY_RULES } from './deploy/index.js';
import { IAM_RULES } from './iam/index.js';
import { JUPYTER_RULES } from './jupyter/index.js';
import { JUPYTERHUB_RULES } from './jupyterhub/index.js';
import { MLFLOW_RULES } from './mlflow/index.js';
import { NOTEBOOK_RULES } from './notebook/index.js';
import { SERVING_RULES } from './serving/index.js';
import { SUPPLY_CHAIN_RULES } from './supply-chain/index.js';
import { WORKFLOW_RULES } from './workflow/index.js';

/**
 * Every rule, registered in one place: each folder's index.ts lists its rules, joined here in this order.
 * Rule files live at src/rules/<id>.ts with tests beside them. A scan loads the groups on demand
 * (on-demand.ts), so a new folder goes in both lists; registry.test.ts checks that they agree.
 */
export const RULES: readonly AnyRule[] = [
  ...NOTEBOOK_RULES,
  ...WORKFLOW_RULES,
  ...IAM_RULES,
  ...DEPLOY_RULES,
  ...MLFLOW_RULES,
  ...SUPPLY_CHAIN_RULES,
  ...JUPYTER_RULES,
  ...JUPYTERHUB_RULES,
  ...SERVING_RULES,
];

export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
