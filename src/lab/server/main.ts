import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../cli/usage.js';
import { isLoopback, newToken } from './security.js';
import { startLabServer, type RunningLab } from './server.js';
import { LabStore } from './store.js';

// `mlops-audit lab`: resolves the data folder, port, host and token, refuses to listen beyond loopback
// without an explicit token, starts the server and prints the URL to open. It opens no browser.

export interface LabFlags {
  port?: string;
  host?: string;
  dataDir?: string;
  token?: string;
}

export const DEFAULT_PORT = 8766;

/** The per-user data folder: MLOPS_AUDIT_LAB_DIR, else the platform's usual place for application data. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  if (env.MLOPS_AUDIT_LAB_DIR) return env.MLOPS_AUDIT_LAB_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'mlops-audit', 'lab');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'mlops-audit', 'lab');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'mlops-audit', 'lab');
}

export interface LabSettings {
  host: string;
  port: number;
  dataDir: string;
  token: string;
}

export function labSettings(flags: LabFlags, env: NodeJS.ProcessEnv = process.env): LabSettings {
  const host = flags.host ?? '127.0.0.1';
  if (!isLoopback(host) && flags.token === undefined) throw new UsageError(`--host ${host} makes the lab reachable from other machines; pass --token with a long random value to allow it`);
  if (flags.token !== undefined && !/^[A-Za-z0-9_-]{24,256}$/.test(flags.token)) throw new UsageError('--token must be 24 to 256 letters, digits, "-" or "_"');
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || (flags.port !== undefined && !/^\d+$/.test(flags.port))) throw new UsageError('--port must be a port number from 0 (any free port) to 65535');
  return { host, port, dataDir: flags.dataDir ?? defaultDataDir(env), token: flags.token ?? newToken() };
}

/** Runs the lab until SIGINT or SIGTERM; a usage mistake prints one line and returns 2. */
export async function runLab(flags: LabFlags): Promise<number> {
  try {
    return await serve(labSettings(flags));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mlops-audit: ${error.message}\n`);
    return 2;
  }
}

async function serve(settings: LabSettings): Promise<number> {
  const store = new LabStore(settings.dataDir);
  let lab: RunningLab;
  try {
    lab = await startLabServer({ store, token: settings.token, host: settings.host, port: settings.port });
  } catch (error) {
    store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${settings.port} is in use: pass --port with another number, or --port 0 for any free port`);
    throw error;
  }
  process.stdout.write(`MLOps Platform Security Lab\n  data: ${store.file}\n  open: ${lab.url}\n`);
  process.stderr.write('Press Ctrl+C to stop. Every save is on disk once the page shows it saved.\n');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      void lab.close().then(() => {
        store.close();
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
