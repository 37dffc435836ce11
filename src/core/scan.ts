// One file's text, parsed and analysed synchronously, with every reader and rule loaded: for the lab, the
// bench and tests. The scanner itself (scan-paths.ts, re-exported here) loads them kind by kind instead.
import { parseArtifact } from '../artifacts/parse.js';
import type { ArtifactKind } from '../artifacts/artifact.js';
import type { Platform } from '../inventory/platform.js';
import { RULES } from '../rules/index.js';
import { analyzeParsed, type TextAnalysis } from './analyze.js';
import type { AnyRule } from './rule.js';

export { scanPaths, DEFAULT_MAX_FILE_SIZE, type ScanOptions, type ScanResult } from './scan-paths.js';

export interface AnalyzeTextOptions {
  rules?: readonly AnyRule[];
  platform?: Platform;
  repoPath?: string;
}

/** Parses and analyses one file's text: the scanner's inner step, also used by the lab and tests. */
export function analyzeText(file: string, text: string, kind: ArtifactKind, options: AnalyzeTextOptions = {}): TextAnalysis {
  return analyzeParsed(file, parseArtifact(file, text, kind), options.rules ?? RULES, { platform: options.platform, repoPath: options.repoPath });
}
