import { readFile } from 'node:fs/promises';
import { atLeast, isSeverity, summarize, type Severity } from '../core/finding.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { parseInventory } from '../inventory/inventory.js';
import { PROBE_CHECKS } from '../probe/checks/index.js';
import { DEFAULT_TIMEOUT_MS } from '../probe/http.js';
import { probeTargets } from '../probe/probe.js';
import { buildReport, renderJson, type Report } from '../report/report.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { renderText } from '../report/text.js';
import { FORMATS, type Format } from './scan-command.js';
import { UsageError, useColor } from './usage.js';

export interface ProbeCommandOptions {
  format: string;
  output?: string;
  inventory?: string;
  tryDefaultCredentials?: boolean;
  allowUnsafeMethods?: boolean;
  timeout: string;
  failOn: string;
  color?: boolean;
  /** Text: add the hardening summary; JSON: add the platform analysis. */
  summary?: boolean;
}

/** Runs `mlops-audit probe`: exit 0 clean, 1 findings at --fail-on, 2 usage errors (as scan). */
export async function runProbe(urls: string[], options: ProbeCommandOptions): Promise<number> {
  const format = options.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (options.failOn !== 'none' && !isSeverity(options.failOn)) throw new UsageError('--fail-on must be one of critical, high, medium, low, info, none');
  const timeout = Number(options.timeout);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new UsageError('--timeout must be a number of milliseconds, e.g. 5000');

  const targets = [...urls];
  if (options.inventory) targets.push(...(await inventoryTargets(options.inventory)));
  if (targets.length === 0) throw new UsageError('give one or more URLs to probe, or --inventory with components that have a url');

  const result = await probeTargets([...new Set(targets)], {
    timeoutMs: timeout,
    tryDefaultCredentials: options.tryDefaultCredentials ?? false,
    allowUnsafeMethods: options.allowUnsafeMethods ?? false,
  });
  const report = buildReport({ scannedFiles: result.services.length, findings: result.findings, errors: result.errors, inventory: options.inventory });
  report.summary = summarize(report.findings);

  const toFile = options.output !== undefined;
  const color = !toFile && useColor(process.stdout, options.color);
  let rendered: string;
  if (options.summary && (format === 'text' || format === 'json')) {
    // The probe findings on the platform map: each joins the inventory component whose url was probed.
    const { analyzePlatform, platformInputFromScan } = await import('../platform-map/index.js');
    const analysis = analyzePlatform(await platformInputFromScan({ findings: report.findings, inventory: options.inventory, files: [] }));
    if (format === 'json') {
      report.platform = analysis;
      rendered = renderJson(report);
    } else {
      const { renderSummaryText } = await import('../report/summary-text.js');
      rendered = `${render(report, format, color)}\n${renderSummaryText(analysis, { color })}`;
    }
  } else {
    rendered = render(report, format, color);
  }
  if (toFile) {
    try {
      await writeFileAtomic(options.output!, rendered);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${options.output}: ${(error as Error).message}`);
    }
    process.stderr.write(`${report.findings.length} findings written to ${options.output} (${format})\n`);
  } else {
    process.stdout.write(rendered);
  }
  if (format !== 'text' || toFile) {
    for (const error of report.errors) process.stderr.write(`mlops-audit: ${error.file}: ${error.message}\n`);
  }
  for (const service of result.services) {
    if (service.service) process.stderr.write(`mlops-audit: ${service.target}: ${service.name}${service.version ? ` ${service.version}` : ''} (${service.evidence})\n`);
  }
  if (options.failOn === 'none') return 0;
  return report.findings.some((finding) => atLeast(finding.severity, options.failOn as Severity)) ? 1 : 0;
}

/** The `url` of every inventory component. */
async function inventoryTargets(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the inventory ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const loaded = parseInventory(text);
  if (!loaded.ok) throw new UsageError(`inventory ${path}: ${loaded.message}`);
  return (loaded.inventory.components ?? []).flatMap((component) => (component.url ? [component.url] : []));
}

function render(report: Report, format: Format, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, PROBE_CHECKS);
    case 'markdown':
      return renderMarkdown(report);
    default:
      return renderText(report, { color, width: process.stdout.columns });
  }
}

export { DEFAULT_PROBE_TIMEOUT } from './formats.js';
