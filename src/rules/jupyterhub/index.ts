import type { AnyRule } from '../../core/rule.js';
import jupyterhubDummyAuthenticator from './dummy-authenticator.js';
import jupyterhubOpenSignup from './open-signup.js';

/** The jupyterhub rules, in registry order: ../index.ts joins the groups into RULES. */
export const JUPYTERHUB_RULES: readonly AnyRule[] = [
  jupyterhubDummyAuthenticator,
  jupyterhubOpenSignup,
];
