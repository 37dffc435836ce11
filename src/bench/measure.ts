// Runs a phase in a fresh child process (child_process.fork of worker.js) and collects its result.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PhaseName, PhaseResult } from './phase-result.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

export interface MeasureOptions {
  /** Write a V8 CPU profile of the worker into this folder (node --cpu-prof). */
  profileDir?: string;
}

export function measurePhase(phase: PhaseName, root: string, options: MeasureOptions = {}): Promise<PhaseResult> {
  const execArgv = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${phase}-${process.hrtime.bigint()}.cpuprofile`] : [];
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [phase, root], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: PhaseResult | undefined;
    child.on('message', (message) => {
      result = message as PhaseResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`${phase} worker ended with ${signal ?? `status ${code}`} before reporting`));
    });
  });
}

/** Runs the phases round-robin `runs` times each (scan, parse, scan, parse…) and keeps each phase's best wall time. */
export async function bestOf(phases: readonly PhaseName[], root: string, runs: number, log: (line: string) => void, options: MeasureOptions = {}): Promise<Map<PhaseName, { best: PhaseResult; all: PhaseResult[] }>> {
  const results = new Map<PhaseName, { best: PhaseResult; all: PhaseResult[] }>();
  for (let run = 1; run <= runs; run++) {
    for (const phase of phases) {
      const result = await measurePhase(phase, root, options);
      log(`${phase} run ${run}/${runs}: ${(result.wallMs / 1000).toFixed(2)} s, ${(result.bytes / 1e6 / (result.wallMs / 1000)).toFixed(1)} MB/s, peak RSS ${result.maxRssMiB.toFixed(0)} MiB`);
      const entry = results.get(phase);
      if (!entry) results.set(phase, { best: result, all: [result] });
      else {
        entry.all.push(result);
        if (result.wallMs < entry.best.wallMs) entry.best = result;
      }
    }
  }
  return results;
}
