import type { AnyRule } from '../../core/rule.js';
import vulnerableMlopsVersion from './vulnerable-mlops-version.js';

/** The supply-chain rules, in registry order: ../index.ts joins the groups into RULES. */
export const SUPPLY_CHAIN_RULES: readonly AnyRule[] = [
  vulnerableMlopsVersion,
];
