import type { AnyRule } from '../../core/rule.js';
import jupyterNoAuthentication from './no-authentication.js';
import jupyterOpenCors from './open-cors.js';
import jupyterXsrfDisabled from './xsrf-disabled.js';
import jupyterRunsAsRoot from './runs-as-root.js';
import jupyterRemoteAccess from './remote-access.js';

/** The jupyter rules, in registry order: ../index.ts joins the groups into RULES. */
export const JUPYTER_RULES: readonly AnyRule[] = [
  jupyterNoAuthentication,
  jupyterOpenCors,
  jupyterXsrfDisabled,
  jupyterRunsAsRoot,
  jupyterRemoteAccess,
];
