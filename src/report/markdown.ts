import { SEVERITIES, type Finding } from '../core/finding.js';
import { describeDataSource } from '../iam/data-sources.js';
import { describeLocation, type Report } from './report.js';

/** A Markdown report: summary table ordered by severity, then each finding in full. */
export function renderMarkdown(report: Report): string {
  const { findings, summary } = report;
  const out: string[] = ['# mlops-audit report', ''];
  const counts = SEVERITIES.map((severity) => `${summary[severity]} ${severity}`).join(', ');
  out.push(`Scanned ${report.scannedFiles} file${report.scannedFiles === 1 ? '' : 's'} with ${report.tool.name} ${report.tool.version}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts}).`);
  if (report.inventory) out.push('', `Platform facts from the inventory \`${report.inventory}\`.`);
  if (report.tool.data?.length) out.push('', `IAM findings rest on the bundled ${report.tool.data.map((data) => escapeInline(describeDataSource(data))).join(' and ')}.`);
  out.push('');

  if (findings.length > 0) {
    out.push('## Summary by severity', '', '| # | Severity | Finding | Where | Control |', '| --- | --- | --- | --- | --- |');
    findings.forEach((finding, i) => {
      out.push(`| ${i + 1} | ${finding.severity.toUpperCase()} | ${cell(finding.title)} | ${cell(where(finding))} | ${cell(firstSentence(finding.recommendation))} |`);
    });
    out.push('', '## Findings', '');
    findings.forEach((finding, i) => out.push(...section(finding, i + 1)));
  } else {
    out.push('No findings.', '');
  }

  if (report.errors.length > 0) {
    out.push('## Files not analysed', '', '| File | Problem |', '| --- | --- |');
    for (const error of report.errors) out.push(`| \`${code(error.file)}\` | ${cell(error.message)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function section(finding: Finding, number: number): string[] {
  const lines = [
    `### ${number}. ${finding.severity.toUpperCase()}: ${escapeInline(finding.title)}`,
    '',
    `- **Rule:** \`${finding.ruleId}\` (${finding.category}, confidence ${finding.confidence})`,
    `- **Where:** ${where(finding)}`,
    `- **Evidence:** \`${code(finding.evidence)}\``,
    `- **What:** ${escapeInline(finding.message)}`,
    `- **Blast radius:** ${escapeInline(finding.blastRadius)}`,
    `- **Control:** ${escapeInline(finding.recommendation)}`,
    `- **Frameworks:** ${finding.frameworks.map((ref) => `${ref.id} ${ref.name}`).join('; ')}`,
  ];
  for (const note of finding.notes ?? []) lines.push(`- **Note:** ${escapeInline(note)}`);
  for (const related of finding.related ?? []) lines.push(`- **Related:** \`${code(related.file)}:${related.line}:${related.column}\` ${escapeInline(related.message)}`);
  if (finding.fix) {
    lines.push('', `Corrected ${finding.fix.language.toUpperCase()}: ${escapeInline(finding.fix.description)}`, '', `\`\`\`${finding.fix.language}`, finding.fix.snippet.replace(/```/g, '`\u200b``'), '```');
  }
  if (finding.snippet) {
    const width = String(finding.snippet.startLine + finding.snippet.lines.length - 1).length;
    const frame = finding.snippet.lines.map((text, i) => `${String(finding.snippet!.startLine + i).padStart(width)} | ${text}`).join('\n');
    lines.push('', '```text', frame.replace(/```/g, '`\u200b``'), '```');
  }
  lines.push('');
  return lines;
}

function where(finding: Finding): string {
  const location = describeLocation(finding);
  return `\`${code(finding.file)}:${finding.line}:${finding.column}\`${location ? ` (${escapeInline(location)})` : ''}`;
}

function firstSentence(text: string): string {
  const match = /^(.+?[.;])(\s|$)/.exec(text);
  return match ? match[1]! : text;
}

/** Table cells: no pipes or line breaks. */
function cell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function escapeInline(text: string): string {
  return text.replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'));
}

function code(text: string): string {
  return text.replace(/`/g, "'");
}

