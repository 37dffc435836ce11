import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, TEST_CASES } from './paths.js';

// Real MLflow, Jupyter Server and FastAPI/uvicorn for the probe tests: a virtual environment installed
// from PyPI with the exact pins of test-cases/probe/requirements.txt, cached under node_modules/.cache
// (keyed by the pins and the Python version), and servers started on 127.0.0.1 on free ports.

export const REQUIREMENTS = join(TEST_CASES, 'probe', 'requirements.txt');
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'mlops-audit-pyenv');
const PIP_TIMEOUT_MS = 15 * 60 * 1000;

/** The venv's python, creating and installing the environment the first time (a few minutes). */
export async function pythonEnv(): Promise<string> {
  const pythonVersion = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (pythonVersion.status !== 0) throw new Error('python3 is needed for the live probe tests (python3 --version failed)');
  const key = createHash('sha256').update(readFileSync(REQUIREMENTS)).update(pythonVersion.stdout).digest('hex').slice(0, 16);
  const dir = join(CACHE, key);
  const python = join(dir, 'bin', 'python');
  const marker = join(dir, '.installed');
  if (existsSync(marker)) return python;

  rmSync(dir, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  await run('python3', ['-m', 'venv', dir], 'python3 -m venv');
  await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', REQUIREMENTS], `pip install -r ${REQUIREMENTS}`);
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return python;
}

function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PIP_NO_INPUT: '1' } });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), PIP_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${what} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit ${code}`}); the live probe tests need PyPI. Last output:\n${output.split('\n').slice(-25).join('\n')}`));
    });
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningService {
  name: string;
  url: string;
  port: number;
  process: ChildProcess;
  /** The last lines the server wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server in its own process group and waits until `readyPath` answers with any HTTP status. */
export async function startService(options: { name: string; python: string; args: string[]; port: number; env?: Record<string, string>; cwd?: string; readyPath?: string; timeoutMs?: number }): Promise<RunningService> {
  const child = spawn(options.python, options.args, {
    cwd: options.cwd,
    env: { ...process.env, PYTHONUNBUFFERED: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-6000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${options.port}`;
  const service: RunningService = {
    name: options.name,
    url,
    port: options.port,
    process: child,
    output: () => output,
    stop: async () => {
      if (exited || child.pid === undefined) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready:\n${output.split('\n').slice(-30).join('\n')}`);
    try {
      const response = await fetch(`${url}${options.readyPath ?? '/'}`, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
      await response.body?.cancel();
      return service;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${options.name} was not ready on ${url} within ${options.timeoutMs ?? 120_000} ms:\n${output.split('\n').slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
