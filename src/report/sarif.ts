import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { frameworkUrl } from '../core/frameworks.js';
import { INFORMATION_URI } from '../version.js';
import { describeLocation, type Report } from './report.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-docs.js';

// GitHub code scanning reads `security-severity` (0–10) to rank alerts: critical is above 9.0.
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const LEVEL: Record<Severity, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const PRECISION = { high: 'very-high', medium: 'high', low: 'medium' } as const;

export function renderSarif(report: Report, rules: readonly RuleMeta[], cwd = process.cwd()): string {
  const used = rules.filter((rule) => report.findings.some((finding) => finding.ruleId === rule.id));
  const descriptors = (used.length > 0 ? used : []).map(descriptor);
  const index = new Map(descriptors.map((rule, i) => [rule.id, i]));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
          // The bundled data is a component of the analysis with its own version and date (SARIF §3.19).
          ...(report.tool.data?.length
            ? { extensions: report.tool.data.map((data) => ({ name: data.package, fullName: data.name, version: data.version, releaseDateUtc: data.updatedAt, properties: { dataName: data.name } })) }
            : {}),
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => result(finding, index.get(finding.ruleId))),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((error) => ({
              level: 'warning' as const,
              message: { text: error.message },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(error.file), ...(error.line ? { region: { startLine: error.line, startColumn: error.column ?? 1 } } : {}) } }],
              properties: { kind: error.kind },
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: RuleMeta): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id.split(/[/-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.summary },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: PRECISION[rule.confidence],
      'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
      category: rule.category,
      tags: ['security', rule.category, ...rule.frameworks.map((ref) => ref.id)],
      frameworks: rule.frameworks.map((ref) => ({ ...ref, url: frameworkUrl(ref) })),
    },
  };
}

function result(finding: Finding, ruleIndex: number | undefined): Result {
  const where = describeLocation(finding);
  const region = {
    startLine: finding.line,
    startColumn: finding.column,
    endLine: finding.endLine,
    endColumn: Math.max(finding.endColumn, finding.endLine === finding.line ? finding.column + 1 : 1),
    ...(finding.snippet ? { snippet: { text: finding.snippet.lines[finding.line - finding.snippet.startLine] ?? '' } } : {}),
  };
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} Evidence: ${finding.evidence}.` },
    locations: [
      {
        physicalLocation: { artifactLocation: artifactLocation(finding.file), region },
        ...(where
          ? {
              logicalLocations: [
                {
                  name: where,
                  fullyQualifiedName: `${finding.file}#${where.replace(/, /g, '/')}`,
                  kind: 'element',
                },
              ],
            }
          : {}),
      },
    ],
    relatedLocations: finding.related?.map((related, id) => ({
      id,
      message: { text: related.message },
      physicalLocation: { artifactLocation: artifactLocation(related.file), region: { startLine: related.line, startColumn: related.column } },
    })),
    partialFingerprints: { 'mlopsAudit/v1': finding.fingerprint },
    properties: {
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      confidence: finding.confidence,
      category: finding.category,
      title: finding.title,
      evidence: finding.evidence,
      blastRadius: finding.blastRadius,
      recommendation: finding.recommendation,
      ...(finding.location.cell !== undefined ? { notebookCell: finding.location.cell } : {}),
      ...(finding.location.output !== undefined ? { notebookOutput: finding.location.output } : {}),
      ...(finding.location.jsonPointer !== undefined ? { jsonPointer: finding.location.jsonPointer } : {}),
      ...(finding.location.yamlPath !== undefined ? { yamlPath: finding.location.yamlPath } : {}),
      ...(finding.notes?.length ? { notes: finding.notes } : {}),
      ...(finding.fix ? { fix: finding.fix } : {}),
    },
  };
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file.startsWith('/')) return { uri: pathToFileURL(file).href };
  // Live probe findings are located at the probed service's URL.
  if (/^https?:\/\//.test(file)) return { uri: file };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}
