// Runs one measured phase in its own process, so each phase's peak RSS is its own, and reports back
// over IPC. Usage (from the benchmark): fork(worker.js, [phase, root]); by hand, it prints the result.

import { parseArtifact } from '../artifacts/parse.js';
import { discover } from '../core/discover.js';
import { readInOrder } from '../core/read-file.js';
import { DEFAULT_MAX_FILE_SIZE, scanPaths } from '../core/scan.js';
import type { PhaseName, PhaseResult } from './phase-result.js';

async function scanPhase(root: string): Promise<Omit<PhaseResult, 'phase' | 'wallMs' | 'maxRssMiB' | 'cpuMs'>> {
  const result = await scanPaths([root]);
  const byRule: Record<string, number> = {};
  const secretFiles = new Set<string>();
  for (const finding of result.findings) {
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    if (finding.category === 'secret-exposure') secretFiles.add(relativeTo(root, finding.file));
  }
  return {
    files: result.scannedFiles,
    bytes: result.scannedBytes,
    findings: result.findings.length,
    findingsByRule: byRule,
    secretFiles: [...secretFiles].sort(),
    errors: result.errors.map((error) => `${relativeTo(root, error.file)}: ${error.message}`),
  };
}

/** Discovery, reading and parsing exactly as the scanner does them, with no rules. */
async function parsePhase(root: string): Promise<Omit<PhaseResult, 'phase' | 'wallMs' | 'maxRssMiB' | 'cpuMs'>> {
  const { files, errors: discoveryErrors } = await discover([root]);
  const errors = discoveryErrors.map((error) => `${relativeTo(root, error.file)}: ${error.message}`);
  let bytes = 0;
  // The scanner's own reading loop, so the baseline overlaps disk and CPU just as much.
  for await (const { file, read } of readInOrder(files, DEFAULT_MAX_FILE_SIZE)) {
    if (!read.ok) {
      errors.push(`${relativeTo(root, file.file)}: ${read.message}`);
      continue;
    }
    bytes += read.bytes;
    const outcome = parseArtifact(file.file, read.text, file.kind);
    if (!outcome.ok) errors.push(`${relativeTo(root, file.file)}: ${outcome.error.message}`);
  }
  return { files: files.length, bytes, findings: 0, findingsByRule: {}, secretFiles: [], errors };
}

function relativeTo(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

async function main(): Promise<void> {
  const [phase, root] = process.argv.slice(2) as [PhaseName, string];
  if ((phase !== 'scan' && phase !== 'parse') || !root) throw new Error('usage: worker.js scan|parse <root>');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const work = phase === 'scan' ? await scanPhase(root) : await parsePhase(root);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const result: PhaseResult = {
    phase,
    ...work,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  // Run by hand (node --cpu-prof dist/bench/worker.js scan <root>), there is no IPC channel: print instead.
  if (!process.send) {
    process.stdout.write(`${JSON.stringify({ ...result, secretFiles: result.secretFiles.length, errors: result.errors.slice(0, 5) }, null, 2)}\n`);
    return;
  }
  await new Promise<void>((resolve, reject) => process.send!(result, (error: Error | null) => (error ? reject(error) : resolve())));
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.stderr.write(`bench worker: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
    process.disconnect?.();
  },
);
