import { atLeast, isSeverity, summarize, type Severity } from '../core/finding.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { parseSize } from '../core/read-file.js';
import { DEFAULT_MAX_FILE_SIZE, scanPaths } from '../core/scan-paths.js';
import { buildReport, renderJson, type Report } from '../report/report.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import { progressReporter } from './progress.js';
import { UsageError, useColor } from './usage.js';

export const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanCommandOptions {
  format: string;
  output?: string;
  minSeverity: string;
  failOn: string;
  maxFileSize: string;
  gitignore: boolean;
  inventory?: string;
  color?: boolean;
  progress: boolean;
  /** Text format: add the hardening summary. */
  summary?: boolean;
}

/** Runs `mlops-audit scan` and returns the exit status of the contract: 0 clean, 1 findings at --fail-on. */
export async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const format = options.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (!isSeverity(options.minSeverity)) throw new UsageError('--min-severity must be one of critical, high, medium, low, info');
  if (options.failOn !== 'none' && !isSeverity(options.failOn)) throw new UsageError('--fail-on must be one of critical, high, medium, low, info, none');
  const maxFileSize = parseSize(options.maxFileSize);
  if (maxFileSize === undefined || maxFileSize <= 0) throw new UsageError('--max-file-size must be a size such as 20MB or 512k');

  const progress = progressReporter(process.stderr, options.progress);
  const result = await scanPaths(paths.length > 0 ? paths : ['.'], {
    maxFileSize: maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    gitignore: options.gitignore,
    inventoryPath: options.inventory,
    onProgress: progress.update,
  });
  progress.done();

  const minimum = options.minSeverity as Severity;
  const findings = result.findings.filter((finding) => atLeast(finding.severity, minimum));
  const report = buildReport({ ...result, findings });
  report.summary = summarize(findings);

  const toFile = options.output !== undefined;
  const color = !toFile && useColor(process.stdout, options.color);
  let rendered = await render(report, format, color);
  if (options.summary && format === 'text') {
    // The summary groups the findings shown; lazily loaded so a plain scan does not pay for the platform map.
    const { analyzePlatform, platformInputFromScan } = await import('../platform-map/index.js');
    const { renderSummaryText } = await import('../report/summary-text.js');
    rendered += `\n${renderSummaryText(analyzePlatform(await platformInputFromScan(result, findings)), { color })}`;
  }
  if (toFile) {
    try {
      await writeFileAtomic(options.output!, rendered);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${options.output}: ${writeFailure(error)}`);
    }
    process.stderr.write(`${report.findings.length} findings written to ${options.output} (${format})\n`);
  } else {
    process.stdout.write(rendered);
  }
  // Unreadable files are listed in the report, and on the terminal even when the report went elsewhere.
  if (format !== 'text' || toFile) {
    for (const error of report.errors) process.stderr.write(`mlops-audit: ${error.file}: ${error.message}\n`);
  }

  if (options.failOn === 'none') return 0;
  return findings.some((finding) => atLeast(finding.severity, options.failOn as Severity)) ? 1 : 0;
}

/** Why --output could not be written, without the temporary file's name the atomic write used. */
function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}

async function render(report: Report, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      // SARIF describes every rule, so only this format loads them all; the scan loaded just the ones it ran.
      return renderSarif(report, (await import('../rules/index.js')).RULES);
    case 'markdown':
      return renderMarkdown(report);
    default:
      return renderText(report, { color, width: process.stdout.columns });
  }
}
