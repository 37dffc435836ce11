// The scanner. Each kind's reader and rules are loaded when the scan first meets a file of that kind
// (artifacts/parsers/on-demand.ts, rules/on-demand.ts): a scan of a few notebooks never sets up the YAML,
// workflow or IAM code. scan.ts has analyzeText, with everything loaded, for synchronous callers.
import { basename } from 'node:path';
import { parserFor } from '../artifacts/parsers/on-demand.js';
import type { ArtifactKind } from '../artifacts/artifact.js';
import { iamDataSources, type DataInfo } from '../iam/data-sources.js';
import { INVENTORY_FILE_NAMES, parseInventory } from '../inventory/inventory.js';
import { Platform } from '../inventory/platform.js';
import { rulesReading } from '../rules/on-demand.js';
import { analyzeParsed } from './analyze.js';
import { discover, repositoryPath, type DiscoveredFile } from './discover.js';
import { compareFindings, type Finding, type ScanError } from './finding.js';
import { readInOrder, readTextFile } from './read-file.js';
import type { AnyRule } from './rule.js';

export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

export interface ScanOptions {
  maxFileSize?: number;
  gitignore?: boolean;
  /** The rules to run; by default every rule, each group loaded when the scan meets a kind it reads. */
  rules?: readonly AnyRule[];
  /** An inventory file to use instead of one found among the scanned files. */
  inventoryPath?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanResult {
  scannedFiles: number;
  scannedBytes: number;
  findings: Finding[];
  errors: ScanError[];
  inventory?: string;
  /** The bundled data the findings rest on (the AWS action catalog and managed policies), when IAM content was analysed. */
  data?: DataInfo[];
  /** Every file read, as shown in findings, with the kind it was read as (for the platform map). */
  files?: Array<{ file: string; kind: ArtifactKind }>;
}

/** Discovers, reads, parses (once) and analyses every file under `paths`; unreadable files become errors. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const { files, errors } = await discover(paths, { gitignore: options.gitignore });
  const { platform, inventory } = await loadPlatform(files, options.inventoryPath, errors, maxFileSize);
  const findings: Finding[] = [];
  const rootCache = new Map<string, string | null>();
  let scannedFiles = 0;
  let scannedBytes = 0;
  let analysedIam = false;
  const scanned: Array<{ file: string; kind: ArtifactKind }> = [];

  for await (const { file, read } of readInOrder(files, maxFileSize)) {
    scannedFiles += 1;
    if (!read.ok) {
      errors.push({ file: file.file, kind: read.kind, message: read.message, line: read.line, column: read.column });
    } else {
      scannedBytes += read.bytes;
      const repoPath = await repositoryPath(file.absolute, file.file, rootCache);
      const parsed = (await parserFor(file.kind))(file.file, read.text);
      const rules = options.rules ?? (parsed.ok ? await rulesReading(parsed.artifact.kind) : []);
      const result = analyzeParsed(file.file, parsed, rules, { platform, repoPath });
      findings.push(...result.findings);
      if (result.error) errors.push(result.error);
      if (result.kind === 'iam') analysedIam = true;
      scanned.push({ file: file.file, kind: result.kind ?? file.kind });
    }
    options.onProgress?.(scannedFiles, files.length);
  }
  findings.sort(compareFindings);
  const result: ScanResult = { scannedFiles, scannedBytes, findings, errors, inventory, files: scanned };
  if (analysedIam) result.data = iamDataSources();
  return result;
}

async function loadPlatform(files: DiscoveredFile[], explicit: string | undefined, errors: ScanError[], maxFileSize: number): Promise<{ platform: Platform; inventory?: string }> {
  const candidate = explicit ?? files.find((file) => INVENTORY_FILE_NAMES.includes(basename(file.file)))?.absolute;
  if (!candidate) return { platform: Platform.empty() };
  const shown = explicit ?? files.find((file) => file.absolute === candidate)!.file;
  const read = await readTextFile(candidate, maxFileSize);
  if (!read.ok) {
    errors.push({ file: shown, kind: read.kind, message: `inventory: ${read.message}` });
    return { platform: Platform.empty() };
  }
  const loaded = parseInventory(read.text);
  if (!loaded.ok) {
    errors.push({ file: shown, kind: 'inventory', message: loaded.message });
    return { platform: Platform.empty() };
  }
  return { platform: new Platform(loaded.inventory, shown), inventory: shown };
}
