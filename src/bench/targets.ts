// The benchmark's gates: performance targets, plus checks that the workload was what it claims to be
// (a scan that silently skipped files or missed the planted credentials would look fast for nothing).

import type { ColdSummary } from './cold-cli.js';
import { megabytesPerSecond, type PhaseResult } from './phase-result.js';
import type { SyntheticRepo } from './synthetic-repo.js';

/** The full scan keeps at least this share of the parse-only throughput. */
export const SCAN_TO_PARSE_MIN_RATIO = 0.5;
/** A cold CLI scan of the lab fixtures finishes within this (median of the runs). */
export const COLD_SCAN_MAX_MS = 500;

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export function performanceTargets(scan: PhaseResult, parse: PhaseResult, cold: ColdSummary): Check[] {
  const ratio = megabytesPerSecond(scan) / megabytesPerSecond(parse);
  // The same ratio by CPU time: much less sensitive to other processes competing for the cores.
  const cpuRatio = scan.bytes / scan.cpuMs / (parse.bytes / parse.cpuMs);
  return [
    {
      name: `scan MB/s >= ${SCAN_TO_PARSE_MIN_RATIO} x parse-only MB/s`,
      pass: ratio >= SCAN_TO_PARSE_MIN_RATIO,
      detail: `${megabytesPerSecond(scan).toFixed(1)} vs ${megabytesPerSecond(parse).toFixed(1)} MB/s = ${ratio.toFixed(2)}x (by CPU time ${cpuRatio.toFixed(2)}x)`,
    },
    {
      name: `cold lab scan median < ${COLD_SCAN_MAX_MS} ms`,
      pass: cold.ok && cold.medianMs < COLD_SCAN_MAX_MS,
      detail: cold.ok ? `median ${cold.medianMs.toFixed(0)} ms, best ${cold.bestMs.toFixed(0)} ms` : 'a run ended with status 2 (error)',
    },
  ];
}

export function workloadChecks(repo: SyntheticRepo, scan: PhaseResult, parse: PhaseResult): Check[] {
  const found = new Set(scan.secretFiles);
  const missed = repo.planted.filter((plant) => !found.has(plant.file));
  const outside = scan.secretFiles.filter((file) => /(^|\/)(node_modules|mlruns|scratch)\//.test(file));
  return [
    {
      name: 'every expected file read, nothing skipped or ignored read',
      pass: scan.files === repo.expectedFiles && parse.files === repo.expectedFiles && scan.bytes === repo.expectedBytes && outside.length === 0,
      detail: `scan ${scan.files}, parse ${parse.files}, expected ${repo.expectedFiles} files`,
    },
    {
      name: 'no read or parse errors',
      pass: scan.errors.length === 0 && parse.errors.length === 0,
      detail: [...scan.errors, ...parse.errors].slice(0, 3).join('; ') || 'none',
    },
    {
      name: 'every planted credential reported',
      pass: missed.length === 0,
      detail: `${repo.planted.length - missed.length}/${repo.planted.length}${missed.length ? `; missed ${missed.slice(0, 3).map((plant) => `${plant.file} (${plant.kind})`).join(', ')}` : ''}`,
    },
  ];
}
