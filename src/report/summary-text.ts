import { createColors } from 'picocolors';
import type { Severity } from '../core/finding.js';
import type { PlatformAnalysis } from '../platform-map/index.js';
import { firstSentence } from './platform-markdown.js';

/** The hardening summary for the terminal (`scan --summary`): one block per platform issue, most severe first. */
export function renderSummaryText(analysis: PlatformAnalysis, options: { color: boolean }): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (text: string) => string> = { critical: (text) => c.bold(c.red(text)), high: c.red, medium: c.yellow, low: c.cyan, info: c.dim };
  const out: string[] = [c.bold('Hardening summary'), ''];
  if (analysis.issues.length === 0) out.push('  No platform issue.', '');
  for (const issue of analysis.issues) {
    out.push(`  ${issue.rank}. ${paint[issue.severity](issue.severity.toUpperCase())}  ${c.bold(issue.title)}`);
    out.push(`     ${c.dim(`${issue.primaryFile} · ${issue.findings.length} finding${issue.findings.length === 1 ? '' : 's'} in ${issue.files.length} file${issue.files.length === 1 ? '' : 's'}`)}`);
    out.push(`     Why: ${issue.why}`);
    out.push(`     ${c.dim(`Blast radius: ${issue.blastRadius.length > 400 ? `${issue.blastRadius.slice(0, 397)}…` : issue.blastRadius}`)}`);
    out.push(`     ${c.green(`Control: ${firstSentence(issue.control)}`)}`);
    out.push('');
  }
  const found = analysis.signals.filter((signal) => signal.issues.length > 0);
  if (found.length) out.push(`  Signals: ${found.map((signal) => `${signal.name} (#${signal.issues.join(', #')})`).join('; ')}`);
  for (const path of analysis.attackPaths.slice(0, 3)) out.push(`  ${paint[path.severity]('Attack path')}: ${path.title}`);
  return `${out.join('\n')}\n`;
}
