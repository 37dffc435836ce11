import { summarize, type Finding, type ScanError, type SeveritySummary } from '../core/finding.js';
import type { DataInfo } from '../iam/data-sources.js';
import type { PlatformAnalysis } from '../platform-map/index.js';
import { TOOL_NAME, VERSION } from '../version.js';

/** The JSON document of ../shared/contracts/report-json.md; every format is rendered from it. */
export interface Report {
  /** `data`: the bundled data the findings rest on, with its date; present only when the scan analysed IAM content. */
  tool: { name: string; version: string; data?: DataInfo[] };
  scannedFiles: number;
  findings: Finding[];
  errors: ScanError[];
  summary: SeveritySummary;
  /** The inventory file the platform facts came from, if any. */
  inventory?: string;
  /** `mlops-audit report --format json`: the platform map, its issues (the hardening summary), attack paths and review artifacts. */
  platform?: PlatformAnalysis;
}

export function buildReport(result: { scannedFiles: number; findings: Finding[]; errors: ScanError[]; inventory?: string; data?: DataInfo[] }): Report {
  const report: Report = {
    tool: { name: TOOL_NAME, version: VERSION },
    scannedFiles: result.scannedFiles,
    findings: result.findings,
    errors: result.errors,
    summary: summarize(result.findings),
  };
  if (result.data?.length) report.tool.data = result.data;
  if (result.inventory) report.inventory = result.inventory;
  return report;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "cell 7, output 0", "/Statement/1", "jobs.train.steps[2]": the artifact location as a reader says it. */
export function describeLocation(finding: Finding): string {
  const { location } = finding;
  const parts: string[] = [];
  if (location.cell !== undefined) parts.push(`cell ${location.cell}`);
  if (location.output !== undefined) parts.push(`output ${location.output}`);
  if (location.cell !== undefined && location.output === undefined && location.part && location.part !== 'source') parts.push(location.part);
  if (parts.length === 0 && location.yamlPath) parts.push(location.yamlPath);
  if (parts.length === 0 && location.jsonPointer) parts.push(location.jsonPointer);
  if (parts.length === 0 && location.request) parts.push(location.request);
  return parts.join(', ');
}
