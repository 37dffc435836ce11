import { writeFileAtomic } from '../core/atomic-write.js';
import { parseSize } from '../core/read-file.js';
import { DEFAULT_MAX_FILE_SIZE, scanPaths } from '../core/scan.js';
import { analyzePlatform, platformInputFromScan } from '../platform-map/index.js';
import { renderHtmlReport } from '../report/html-report.js';
import { renderPlatformMarkdown } from '../report/platform-markdown.js';
import { buildReport, renderJson } from '../report/report.js';
import { progressReporter } from './progress.js';
import { UsageError } from './usage.js';

import { REPORT_FORMATS } from './formats.js';

export { REPORT_FORMATS };

export interface ReportCommandOptions {
  format: string;
  output?: string;
  inventory?: string;
  maxFileSize: string;
  gitignore: boolean;
  progress: boolean;
}

/** `mlops-audit report`: scans, builds the platform map and writes the platform report. Exit 0 unless the tool failed. */
export async function runReport(paths: string[], options: ReportCommandOptions): Promise<number> {
  const format = options.format as (typeof REPORT_FORMATS)[number];
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  const maxFileSize = parseSize(options.maxFileSize);
  if (maxFileSize === undefined || maxFileSize <= 0) throw new UsageError('--max-file-size must be a size such as 20MB or 512k');
  const progress = progressReporter(process.stderr, options.progress);
  const result = await scanPaths(paths.length > 0 ? paths : ['.'], { maxFileSize: maxFileSize ?? DEFAULT_MAX_FILE_SIZE, gitignore: options.gitignore, inventoryPath: options.inventory, onProgress: progress.update });
  progress.done();
  const report = buildReport(result);
  const analysis = analyzePlatform(await platformInputFromScan(result));
  let rendered: string;
  if (format === 'html') rendered = renderHtmlReport(report, analysis);
  else if (format === 'markdown') rendered = renderPlatformMarkdown(report, analysis);
  else rendered = renderJson({ ...report, platform: analysis });
  if (options.output !== undefined) {
    try {
      await writeFileAtomic(options.output, rendered);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${options.output}: ${(error as Error).message}`);
    }
    process.stderr.write(`${analysis.issues.length} platform issues from ${report.findings.length} findings written to ${options.output} (${format})\n`);
  } else {
    process.stdout.write(rendered);
  }
  for (const error of report.errors) process.stderr.write(`mlops-audit: ${error.file}: ${error.message}\n`);
  return 0;
}
