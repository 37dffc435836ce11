import { SEVERITIES } from '../core/finding.js';
import type { PlatformAnalysis } from '../platform-map/index.js';
import { describeIdentity } from '../platform-map/issues.js';
import { COMPONENT_NOUN } from '../platform-map/model.js';
import type { Report } from './report.js';

// The platform review in Markdown: hardening summary, signals, attack paths, the map as tables, and the
// chapter's output artifacts (checklist, control assessment, promotion review, serving findings, backlog).

const STATUS = { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN' } as const;

export function renderPlatformMarkdown(report: Report, analysis: PlatformAnalysis): string {
  const out: string[] = [];
  const { model } = analysis;
  out.push(`# MLOps platform security report${model.name ? `: ${text(model.name)}` : ''}`, '');
  const counts = SEVERITIES.map((severity) => `${report.summary[severity]} ${severity}`).join(', ');
  out.push(`${report.scannedFiles} files scanned with ${report.tool.name} ${report.tool.version}: ${report.findings.length} findings (${counts}) in ${analysis.issues.length} platform issues.${report.inventory ? ` Platform facts from \`${code(report.inventory)}\`.` : ' No inventory: components are inferred from the files.'}`, '');

  out.push('## Hardening summary', '', '| # | Severity | Issue | File | Findings | Control |', '| --- | --- | --- | --- | --- | --- |');
  for (const issue of analysis.issues) out.push(`| ${issue.rank} | ${issue.severity.toUpperCase()} | ${cell(issue.title)} | \`${code(issue.primaryFile)}\` | ${issue.findings.length} | ${cell(firstSentence(issue.control))} |`);
  if (analysis.issues.length === 0) out.push('', 'No platform issue in the scanned files.');
  out.push('');
  for (const issue of analysis.issues) {
    out.push(`### ${issue.rank}. ${issue.severity.toUpperCase()}: ${text(issue.title)}`, '');
    out.push(`- **Why this severity:** ${text(issue.why)}`);
    out.push(`- **Blast radius:** ${text(issue.blastRadius)}`);
    out.push(`- **Control:** ${text(issue.control)}`);
    out.push(`- **Signals:** ${issue.signals.map((id) => analysis.signals.find((signal) => signal.id === id)?.name ?? id).join(', ') || 'none'}`);
    out.push(`- **Files:** ${issue.files.map((file) => `\`${code(file)}\``).join(', ')}`);
    out.push('- **Evidence:**');
    for (const line of issue.evidence) out.push(`  - \`${code(line)}\``);
    out.push('- **Findings:**');
    for (const finding of issue.findings) out.push(`  - ${finding.severity.toUpperCase()}${finding.platformSeverity !== finding.severity ? ` (platform: ${finding.platformSeverity})` : ''} \`${finding.ruleId}\` \`${code(finding.file)}:${finding.line}:${finding.column}\` ${text(finding.title)}`);
    out.push('');
  }

  out.push('## Lab signals', '', '| Signal | Shown by issues |', '| --- | --- |');
  for (const signal of analysis.signals) out.push(`| ${signal.name} | ${signal.issues.length ? signal.issues.map((rank) => `#${rank}`).join(', ') : 'not found'} |`);
  out.push('');

  out.push('## Attack paths', '');
  if (analysis.attackPaths.length === 0) out.push('No attack path found.', '');
  for (const path of analysis.attackPaths) {
    out.push(`### ${path.severity.toUpperCase()}: ${text(path.title)}`, '');
    path.steps.forEach((step, i) => out.push(`${i + 1}. ${text(step.text)}`));
    out.push('');
  }

  out.push('## Platform map', '', '| Node | Type | Details |', '| --- | --- | --- |');
  for (const component of model.components) out.push(`| ${cell(component.name)} | ${COMPONENT_NOUN[component.kind]} | ${cell([component.url, component.files.join(', ')].filter(Boolean).join(' · '))} |`);
  for (const identity of model.identities) out.push(`| ${cell(describeIdentity(identity))} | identity | ${cell(identity.reach ? (identity.reach.fullAdmin ? 'every action on every resource' : `${identity.reach.actions} actions in ${identity.reach.services} services`) : identity.policies.join(', '))} |`);
  for (const store of model.storage) out.push(`| ${cell(store.name)} | ${store.kind} | ${cell(`${store.holds.join(', ')}${store.publicRead ? ' (public)' : ''}`)} |`);
  for (const credential of model.credentials) out.push(`| ${cell(credential.label)} | credential | ${cell(credential.locations.map((location) => `${location.file}:${location.line}`).join(', '))} |`);
  out.push('', '| From | Edge | To | Basis |', '| --- | --- | --- | --- |');
  for (const edge of model.edges) out.push(`| ${cell(edge.from)} | ${edge.kind} | ${cell(edge.to)} | ${cell(edge.basis)} |`);
  out.push('');

  out.push('## MLOps security checklist', '', '| Area | Control | Status | Evidence |', '| --- | --- | --- | --- |');
  for (const item of analysis.checklist) out.push(`| ${item.area} | ${cell(item.control)} | ${STATUS[item.status]} | ${cell(item.evidence.join('; '))} |`);
  out.push('');

  out.push('## Platform control assessment', '', '| Component | Kind | Identity | Findings | Controls |', '| --- | --- | --- | --- | --- |');
  for (const row of analysis.controlAssessment) {
    const findings = SEVERITIES.filter((severity) => row.findings[severity] > 0).map((severity) => `${row.findings[severity]} ${severity}`).join(', ') || 'none';
    out.push(`| ${cell(row.component)} | ${row.kind} | ${cell(row.identity ?? '—')} | ${findings} | ${row.controls.map((control) => `${control.id}: ${STATUS[control.status]}`).join(', ') || '—'} |`);
  }
  out.push('');

  out.push('## Registry promotion review', '', text(analysis.promotionReview.verdict), '');
  for (const promoter of analysis.promotionReview.promoters) out.push(`- **${text(promoter.who)}** ${text(promoter.how)}`);
  if (analysis.promotionReview.findings.length) {
    out.push('', '| Severity | Rule | Where | Finding |', '| --- | --- | --- | --- |');
    for (const finding of analysis.promotionReview.findings) out.push(`| ${finding.severity.toUpperCase()} | \`${finding.ruleId}\` | \`${code(finding.where)}\` | ${cell(finding.title)} |`);
  }
  out.push('');

  out.push('## Serving endpoint findings', '');
  if (analysis.serving.endpoints.length === 0) out.push('No inference service in the inventory or the scanned files.');
  for (const endpoint of analysis.serving.endpoints) {
    out.push(`### ${text(endpoint.name)}${endpoint.url ? ` (${text(endpoint.url)})` : ''}`, '');
    if (endpoint.identity) out.push(`- **Identity:** ${text(endpoint.identity)}`);
    for (const read of endpoint.reads) out.push(`- **Can read:** ${text(read)}`);
    for (const finding of endpoint.findings) out.push(`- ${finding.severity.toUpperCase()} \`${finding.ruleId}\` \`${code(finding.where)}\` ${text(finding.title)}`);
    if (endpoint.findings.length === 0) out.push('- No finding on this endpoint.');
    out.push('');
  }

  out.push('## Remediation backlog', '', '| Order | Severity | Item | Control | Effort | Owner | Status |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const item of analysis.backlog) out.push(`| ${item.order} | ${item.severity.toUpperCase()} | ${cell(item.title)} | ${cell(firstSentence(item.control))} | ${item.effort} | ${cell(item.owner)} | ${item.status} |`);
  out.push('');
  if (report.errors.length) {
    out.push('## Files not analysed', '');
    for (const error of report.errors) out.push(`- \`${code(error.file)}\`: ${text(error.message)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** The control's first sentence or clause, for a table cell; a clause cut at ';' ends with a full stop. */
export function firstSentence(value: string): string {
  const match = /^(.+?(?<!\b(?:e\.g|i\.e|etc|vs))[.;])(\s|$)/.exec(value);
  if (!match) return value;
  return match[1]!.endsWith(';') ? `${match[1]!.slice(0, -1)}.` : match[1]!;
}

function cell(value: string): string {
  return text(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function text(value: string): string {
  return value.replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'));
}

function code(value: string): string {
  return value.replace(/`/g, "'");
}
