import type { JupyterSetting } from '../../artifacts/jupyter/jupyter-config.js';

// What the Jupyter rules ask of a configuration, whatever form it came in: the last assignment of a trait
// wins (as when traitlets loads the file), and the classic Notebook's `NotebookApp` traits count like
// Jupyter Server's `ServerApp` ones (jupyter_server still reads them, and notebook < 7 only knows them).

export const TOKEN_KEYS = ['ServerApp.token', 'NotebookApp.token', 'IdentityProvider.token'];
export const PASSWORD_KEYS = ['ServerApp.password', 'NotebookApp.password', 'PasswordIdentityProvider.hashed_password', 'IdentityProvider.hashed_password'];
const CUSTOM_AUTH_KEYS = ['ServerApp.identity_provider_class', 'ServerApp.login_handler_class', 'NotebookApp.login_handler_class'];
export const IP_KEYS = ['ServerApp.ip', 'NotebookApp.ip'];

const serverKeys = (trait: string) => [`ServerApp.${trait}`, `NotebookApp.${trait}`];

export class JupyterView {
  constructor(readonly settings: readonly JupyterSetting[]) {}

  /** The assignment that takes effect among these keys: the last one in the file. */
  last(keys: readonly string[]): JupyterSetting | undefined {
    let found: JupyterSetting | undefined;
    for (const setting of this.settings) if (keys.includes(setting.key)) found = setting;
    return found;
  }

  /** A server trait (`ServerApp.x` or `NotebookApp.x`). */
  server(trait: string): JupyterSetting | undefined {
    return this.last(serverKeys(trait));
  }

  /** A trait of any class ending with the given class-name suffix (`Authenticator.allow_all` matches `GitHubOAuthenticator.allow_all`). */
  anyClass(classSuffix: string, trait: string): JupyterSetting | undefined {
    let found: JupyterSetting | undefined;
    for (const setting of this.settings) {
      const dot = setting.key.lastIndexOf('.');
      if (setting.key.slice(dot + 1) === trait && setting.key.slice(0, dot).endsWith(classSuffix)) found = setting;
    }
    return found;
  }
}

export interface AuthState {
  /** off: an empty token and no password; on: a token or password is set (or left to Jupyter's generated default); custom: another identity provider or login handler decides. */
  state: 'off' | 'on' | 'custom';
  token?: JupyterSetting;
  password?: JupyterSetting;
}

/** Whether the server asks for a token or password. */
export function authState(view: JupyterView): AuthState {
  const token = view.last(TOKEN_KEYS);
  const password = view.last(PASSWORD_KEYS);
  if (view.last(CUSTOM_AUTH_KEYS)) return { state: 'custom', token, password };
  const passwordSet = password !== undefined && !(typeof password.literal === 'string' && password.literal === '') && password.literal !== null;
  const tokenEmpty = token !== undefined && (token.literal === '' || token.literal === null);
  return { state: tokenEmpty && !passwordSet ? 'off' : 'on', token, password: passwordSet ? password : undefined };
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** The `ip` setting when it makes the server listen beyond the loopback interface. */
export function remoteBinding(view: JupyterView): JupyterSetting | undefined {
  const ip = view.server('ip');
  if (!ip || typeof ip.literal !== 'string') return undefined;
  return LOOPBACK.test(ip.literal.trim()) ? undefined : ip;
}

/** How the address reads in a message: '' and '*' both mean every interface. */
export function describeBinding(ip: JupyterSetting): string {
  const value = String(ip.literal);
  return value === '' || value === '*' || value === '0.0.0.0' || value === '::' ? `every network interface (\`ip = '${value}'\`)` : `\`${value}\`, beyond the loopback interface`;
}

/** What someone who reaches a Jupyter server can do with it. */
export const SERVER_POWER =
  'run any code as the server\'s user: kernels and terminals execute shell commands, read and change every notebook and data file under the root directory, and use the cloud credentials, API tokens and mounted volumes of that environment';
