// Cold start: the wall time of `node dist/mlops-audit.mjs scan fixtures/mlops --format json`, as a pre-commit
// hook or a CI step would run it, process start and module loading included.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ColdRun {
  wallMs: number;
  status: number | null;
}

export interface ColdSummary {
  runs: ColdRun[];
  medianMs: number;
  bestMs: number;
  /** Every run ended with a scan result (0: clean, 1: findings at --fail-on); 2 means usage or internal error. */
  ok: boolean;
}

function runOnce(repoRoot: string): Promise<ColdRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'mlops-audit.mjs'), 'scan', 'fixtures/mlops', '--format', 'json'], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => {
      const wallMs = performance.now() - started;
      if (status !== 0 && status !== 1) process.stderr.write(`cold CLI scan exited with ${status}: ${stderr.trim()}\n`);
      resolve({ wallMs, status });
    });
  });
}

export async function coldCliScans(repoRoot: string, times: number): Promise<ColdSummary> {
  const runs: ColdRun[] = [];
  for (let i = 0; i < times; i++) runs.push(await runOnce(repoRoot));
  const sorted = runs.map((run) => run.wallMs).sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { runs, medianMs, bestMs: sorted[0]!, ok: runs.every((run) => run.status === 0 || run.status === 1) };
}
