// `npm run bench`: generates a synthetic MLOps repository, measures the full scan against a parse-only
// baseline (each run in its own process) and a cold CLI scan of the lab fixtures, prints a table and
// exits 1 when a target is missed. Progress goes to standard error, results to standard output.

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, USAGE, type BenchOptions } from './args.js';
import { coldCliScans, type ColdSummary } from './cold-cli.js';
import { bestOf } from './measure.js';
import { filesPerSecond, megabytesPerSecond, type PhaseResult } from './phase-result.js';
import { mb, seconds, table } from './report-table.js';
import { generateRepo, type SyntheticRepo } from './synthetic-repo.js';
import { performanceTargets, workloadChecks, type Check } from './targets.js';
import { timeWorkflows, WORKFLOW_MAX_MEDIAN_MS, type WorkflowTiming } from './workflow-timing.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  const root = mkdtempSync(join(tmpdir(), 'mlops-audit-bench-'));
  const cleanUp = () => {
    if (!options.keep) rmSync(root, { recursive: true, force: true });
  };
  const interrupted = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  // Other processes on the machine inflate every wall time here: the 1-minute load average is reported with the results.
  const loadBefore = loadavg()[0]!;
  try {
    log(`generating ${options.notebooks} notebooks (seed ${options.seed}) in ${root}`);
    const started = performance.now();
    const repo = generateRepo(root, { notebooks: options.notebooks, seed: options.seed, onProgress: log });
    log(`generated ${repo.expectedFiles} scannable files, ${mb(repo.expectedBytes)}, in ${seconds(performance.now() - started)}`);

    log(`measuring scan and parse-only baseline, ${options.runs} run(s) each, one process per run`);
    const phases = await bestOf(['scan', 'parse'], root, options.runs, log, { profileDir: options.profileDir });
    const scan = phases.get('scan')!.best;
    const parse = phases.get('parse')!.best;

    log(`cold CLI scan of fixtures/mlops, ${options.coldRuns} runs`);
    const cold = await coldCliScans(REPO_ROOT, options.coldRuns);

    log('timing the analysis of each workflow');
    const workflows = timeWorkflows(root, join(REPO_ROOT, 'fixtures', 'mlops', 'training-pipeline.yml'));

    const targets = [
      ...performanceTargets(scan, parse, cold),
      {
        name: `typical workflow analysed in < ${WORKFLOW_MAX_MEDIAN_MS} ms`,
        pass: workflows.medianMs < WORKFLOW_MAX_MEDIAN_MS,
        detail: `median ${workflows.medianMs.toFixed(2)} ms, p95 ${workflows.p95Ms.toFixed(2)} ms over ${workflows.workflows} workflows; lab workflow ${workflows.labMs.toFixed(2)} ms`,
      },
    ];
    const checks = workloadChecks(repo, scan, parse);
    printReport(options, repo, scan, parse, cold, workflows, targets, checks, loadBefore);
    if (options.keep) log(`kept the synthetic repository at ${root}`);
    return [...targets, ...checks].every((check) => check.pass) ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    cleanUp();
  }
}

function printReport(
  options: BenchOptions,
  repo: SyntheticRepo,
  scan: PhaseResult,
  parse: PhaseResult,
  cold: ColdSummary,
  workflows: WorkflowTiming,
  targets: Check[],
  checks: Check[],
  loadBefore: number,
): void {
  const out: string[] = [];
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  out.push('mlops-audit benchmark');
  const cpuCount = availableParallelism();
  out.push(`Node ${process.version} on ${process.platform}/${process.arch}, ${cpuCount} CPUs (${cpu})`);
  out.push(
    `Load average (1 min) before the run: ${loadBefore.toFixed(2)}${loadBefore >= cpuCount / 2 ? ' -- other processes were busy, wall times are pessimistic' : ''}`,
  );
  out.push(
    `Synthetic repository (seed ${options.seed}): ${repo.notebooks} notebooks + ${repo.checkpoints} checkpoint copies, ${repo.workflows} workflows, ${repo.jsonFiles} JSON configs and IAM policies, ${repo.pythonFiles} Python files; ` +
      `${repo.expectedFiles} files, ${mb(repo.expectedBytes)} to scan; ${repo.skippedFiles} files in skipped or ignored folders; ${repo.planted.length} planted credentials`,
  );
  out.push(`Best of ${options.runs} run(s) per phase, each run in a fresh process:`);
  out.push('');
  const row = (name: string, result: PhaseResult) => [
    name,
    String(result.files),
    filesPerSecond(result).toFixed(0),
    megabytesPerSecond(result).toFixed(1),
    seconds(result.wallMs),
    seconds(result.cpuMs),
    result.maxRssMiB.toFixed(0),
    result.phase === 'scan' ? String(result.findings) : '-',
  ];
  out.push(
    table(
      ['phase', 'files', 'files/s', 'MB/s', 'wall', 'cpu', 'peak RSS MiB', 'findings'],
      [row('scan (all rules)', scan), row('parse-only baseline', parse)],
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  );
  out.push('');
  out.push(`Findings by rule: ${Object.entries(scan.findingsByRule).map(([rule, count]) => `${rule} ${count}`).join(', ') || 'none'}`);
  out.push(`Cold CLI scan (node dist/mlops-audit.mjs scan fixtures/mlops --format json), ${cold.runs.length} runs: median ${seconds(cold.medianMs)}, best ${seconds(cold.bestMs)} [${cold.runs.map((run) => run.wallMs.toFixed(0)).join(', ')} ms]`);
  out.push(`Workflow analysis (parse and all rules, in process): median ${workflows.medianMs.toFixed(2)} ms, p95 ${workflows.p95Ms.toFixed(2)} ms per workflow; training-pipeline.yml ${workflows.labMs.toFixed(2)} ms`);
  out.push('');
  out.push(table(['target', 'result', 'detail'], targets.map((check) => [check.name, check.pass ? 'PASS' : 'FAIL', check.detail])));
  out.push('');
  out.push(table(['workload check', 'result', 'detail'], checks.map((check) => [check.name, check.pass ? 'PASS' : 'FAIL', check.detail])));
  const failed = [...targets, ...checks].filter((check) => !check.pass);
  out.push('');
  out.push(failed.length === 0 ? 'PASS: all targets met' : `FAIL: ${failed.map((check) => check.name).join('; ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
