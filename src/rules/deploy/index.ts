import type { AnyRule } from '../../core/rule.js';
import deployExposedWithoutAuth from './exposed-without-auth.js';
import deployLatestImageTag from './latest-image-tag.js';

/** The deploy rules, in registry order: ../index.ts joins the groups into RULES. */
export const DEPLOY_RULES: readonly AnyRule[] = [
  deployExposedWithoutAuth,
  deployLatestImageTag,
];
