import { createColors } from 'picocolors';
import { compareByPosition, SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import { describeDataSource } from '../iam/data-sources.js';
import { describeLocation, type Report } from './report.js';

export interface TextOptions {
  color: boolean;
  width?: number;
}

/** The terminal format: findings grouped by file, a masked code frame each, and a count by severity. */
export function renderText(report: Report, options: TextOptions): string {
  const c = createColors(options.color);
  const width = Math.max(60, Math.min(options.width ?? 100, 140));
  const paint: Record<Severity, (text: string) => string> = {
    critical: (text) => c.bold(c.red(text)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...report.findings].sort(compareByPosition)) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }

  for (const [file, findings] of byFile) {
    out.push(c.underline(c.bold(file)));
    // Several findings on one file often share one corrected file (an IAM policy rewrite): print it once.
    const shownFixes = new Map<string, string>();
    for (const finding of findings) {
      const position = `${finding.line}:${finding.column}`;
      const where = describeLocation(finding);
      out.push(`  ${c.dim(`${file}:${position}`)}  ${paint[finding.severity](finding.severity.toUpperCase())}  ${c.bold(finding.title)}  ${c.dim(finding.ruleId)}`);
      out.push(...wrap(`${where ? `${where} · ` : ''}evidence ${finding.evidence}`, width, '    '));
      out.push(...frame(finding, c));
      out.push(...wrap(finding.message, width, '    '));
      out.push(...wrap(`Blast radius: ${finding.blastRadius}`, width, '    ').map((line) => c.dim(line)));
      out.push(...wrap(`Control: ${finding.recommendation}`, width, '    ').map((line) => c.green(line)));
      const shownAt = finding.fix && shownFixes.get(finding.fix.snippet);
      if (finding.fix && shownAt) out.push(c.green(`    Corrected ${finding.fix.language.toUpperCase()}: the same as for ${shownAt}.`));
      else if (finding.fix) {
        shownFixes.set(finding.fix.snippet, `line ${finding.line}`);
        out.push(...wrap(`Corrected ${finding.fix.language.toUpperCase()} (${finding.fix.description}):`, width, '    ').map((line) => c.green(line)));
        out.push(...finding.fix.snippet.split('\n').map((line) => c.green(`      ${line}`)));
      }
      for (const note of finding.notes ?? []) out.push(...wrap(`Note: ${note}`, width, '    ').map((line) => c.dim(line)));
      out.push('');
    }
  }

  if (report.errors.length > 0) {
    out.push(c.bold('Not analysed'));
    for (const error of report.errors) {
      out.push(`  ${c.yellow(error.file)}${error.line ? c.dim(`:${error.line}:${error.column ?? 1}`) : ''}  ${error.message}`);
    }
    out.push('');
  }

  const total = report.findings.length;
  const counts = SEVERITIES.map((severity) => {
    const count = report.summary[severity];
    return count > 0 ? paint[severity](`${count} ${severity}`) : c.dim(`0 ${severity}`);
  }).join(', ');
  const mark = total === 0 ? c.green('✔') : c.red('✖');
  const errorNote = report.errors.length > 0 ? ` · ${report.errors.length} not analysed` : '';
  if (report.tool.data?.length) out.push(c.dim(`Data: ${report.tool.data.map(describeDataSource).join('; ')}`));
  out.push(`${mark} ${total} finding${total === 1 ? '' : 's'} (${counts}) in ${report.scannedFiles} file${report.scannedFiles === 1 ? '' : 's'}${errorNote}`);
  return `${out.join('\n')}\n`;
}

function frame(finding: Finding, c: ReturnType<typeof createColors>): string[] {
  const snippet = finding.snippet;
  if (!snippet) return [];
  const last = snippet.startLine + snippet.lines.length - 1;
  const gutter = String(last).length;
  const lines: string[] = [];
  snippet.lines.forEach((text, i) => {
    const number = snippet.startLine + i;
    const current = number === finding.line;
    lines.push(`  ${current ? c.red('>') : ' '} ${c.dim(`${String(number).padStart(gutter)} |`)} ${text}`);
    if (current) {
      const shift = snippet.columnShift?.[i] ?? 0;
      const length = finding.endLine === finding.line ? Math.max(1, finding.endColumn - finding.column) : 1;
      lines.push(`    ${' '.repeat(gutter)} ${c.dim('|')} ${' '.repeat(Math.max(0, finding.column - 1 - shift))}${c.red('^'.repeat(Math.min(length, 60)))}`);
    }
  });
  return lines;
}

function wrap(text: string, width: number, indent: string): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = indent;
  for (const word of words) {
    if (line.length + word.length + 1 > width && line.trim()) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += (line === indent ? '' : ' ') + word;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
