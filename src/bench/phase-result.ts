// What a worker process reports for one measured phase.

export type PhaseName = 'scan' | 'parse';

export interface PhaseResult {
  phase: PhaseName;
  files: number;
  /** Bytes read (UTF-8 file sizes). */
  bytes: number;
  wallMs: number;
  /** User + system CPU time of the phase. */
  cpuMs: number;
  /** Peak resident set size of the worker process, in MiB. */
  maxRssMiB: number;
  findings: number;
  findingsByRule: Record<string, number>;
  /** Repository-relative files with at least one secret-exposure finding. */
  secretFiles: string[];
  /** Discovery, read and parse problems, "file: message". */
  errors: string[];
}

export function megabytesPerSecond(result: PhaseResult): number {
  return result.bytes / 1e6 / (result.wallMs / 1000);
}

export function filesPerSecond(result: PhaseResult): number {
  return result.files / (result.wallMs / 1000);
}
