import { SEVERITIES, type Severity } from '../core/finding.js';
import type { PlatformAnalysis } from '../platform-map/index.js';
import { describeIdentity } from '../platform-map/issues.js';
import { escapeXml as esc, platformMapSvg, SEVERITY_COLOURS } from './platform-map-svg.js';
import { firstSentence } from './platform-markdown.js';
import { describeLocation, type Report } from './report.js';

// One self-contained HTML file: inline CSS and SVG, no script, no external resource, and a Content
// Security Policy that forbids loading anything, so it opens from file:// and makes no network request.

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:24px 32px;background:#0d1b2a;color:#fff}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#c9d1d9}header code{background:#22364d;color:#e6edf3}
main{padding:8px 32px 48px;max-width:1400px}h2{margin-top:36px;border-bottom:1px solid var(--line);padding-bottom:6px}h3{margin:20px 0 6px}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:var(--soft)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--soft);padding:1px 4px;border-radius:4px;word-break:break-all}
.sev{display:inline-block;min-width:64px;text-align:center;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;text-transform:uppercase}
${SEVERITIES.map((severity) => `.sev-${severity}{background:${SEVERITY_COLOURS[severity]}}`).join('')}
.status{font-weight:700}.status-pass{color:#1a7f37}.status-fail{color:#b42318}.status-unknown{color:#6b7280}
.issue{border:1px solid var(--line);border-radius:8px;padding:4px 16px 12px;margin:12px 0}.issue dl{display:grid;grid-template-columns:150px 1fr;gap:4px 12px;margin:8px 0}.issue dt{font-weight:600;color:var(--muted)}.issue dd{margin:0}
.map{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:8px;background:#fcfcfd;padding:8px}
.map svg{max-width:100%;height:auto}.platform-map text{font:12px system-ui,sans-serif;fill:#1f2328}.platform-map .node-title{font-weight:700}.platform-map .node-sub{fill:#59636e;font-size:11px}.platform-map .badge{fill:#fff;font-size:10px;font-weight:700}.platform-map .edge-label{font-size:10px;fill:#59636e}
ol.path{margin:4px 0 12px}.muted{color:var(--muted)}
`;

export function renderHtmlReport(report: Report, analysis: PlatformAnalysis): string {
  const { model } = analysis;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<meta http-equiv="Content-Security-Policy" content="${CSP}">`, '<meta name="viewport" content="width=device-width, initial-scale=1">', '<meta name="referrer" content="no-referrer">');
  out.push(`<title>MLOps platform security report${model.name ? ` — ${esc(model.name)}` : ''}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  const counts = SEVERITIES.map((severity) => `${report.summary[severity]} ${severity}`).join(', ');
  out.push('<header>', `<h1>MLOps platform security report${model.name ? `: ${esc(model.name)}` : ''}</h1>`);
  out.push(`<p>${report.scannedFiles} files scanned with ${esc(report.tool.name)} ${esc(report.tool.version)} · ${report.findings.length} findings (${counts}) · ${analysis.issues.length} platform issues${report.inventory ? ` · inventory <code>${esc(report.inventory)}</code>` : ''}</p>`, '</header>', '<main>');

  out.push('<h2 id="map">Platform map</h2>', '<p class="muted">Components (blue), identities (yellow), credentials found in files (red) and storage (green); the border and badges show the findings about each node.</p>');
  out.push(`<div class="map">${platformMapSvg(model, report.findings)}</div>`);

  out.push('<h2 id="summary">Hardening summary</h2>', '<table><thead><tr><th>#</th><th>Severity</th><th>Issue</th><th>File</th><th>Findings</th><th>Control</th></tr></thead><tbody>');
  for (const issue of analysis.issues) out.push(`<tr><td>${issue.rank}</td><td>${sev(issue.severity)}</td><td><a href="#issue-${issue.rank}">${esc(issue.title)}</a></td><td><code>${esc(issue.primaryFile)}</code></td><td>${issue.findings.length}</td><td>${esc(firstSentence(issue.control))}</td></tr>`);
  out.push('</tbody></table>');
  if (analysis.issues.length === 0) out.push('<p>No platform issue in the scanned files.</p>');
  for (const issue of analysis.issues) {
    out.push(`<section class="issue" id="issue-${issue.rank}"><h3>${issue.rank}. ${sev(issue.severity)} ${esc(issue.title)}</h3><dl>`);
    out.push(`<dt>Why this severity</dt><dd>${esc(issue.why)}</dd><dt>Blast radius</dt><dd>${esc(issue.blastRadius)}</dd><dt>Control</dt><dd>${esc(issue.control)}</dd>`);
    out.push(`<dt>Signals</dt><dd>${esc(issue.signals.map((id) => analysis.signals.find((signal) => signal.id === id)?.name ?? id).join(', ') || 'none')}</dd>`);
    out.push(`<dt>Evidence</dt><dd><ul>${issue.evidence.map((line) => `<li><code>${esc(line)}</code></li>`).join('')}</ul></dd>`);
    out.push(`<dt>Findings</dt><dd><ul>${issue.findings.map((finding) => `<li>${sev(finding.severity)} <code>${esc(finding.ruleId)}</code> <code>${esc(`${finding.file}:${finding.line}:${finding.column}`)}</code> ${esc(finding.title)}${finding.platformSeverity !== finding.severity ? ` <span class="muted">(platform: ${finding.platformSeverity})</span>` : ''}</li>`).join('')}</ul></dd>`);
    out.push('</dl></section>');
  }

  out.push('<h2 id="signals">Lab signals</h2>', '<table><thead><tr><th>Signal</th><th>Shown by issues</th></tr></thead><tbody>');
  for (const signal of analysis.signals) out.push(`<tr><td>${esc(signal.name)}</td><td>${signal.issues.length ? signal.issues.map((rank) => `<a href="#issue-${rank}">#${rank}</a>`).join(', ') : '<span class="muted">not found</span>'}</td></tr>`);
  out.push('</tbody></table>');

  out.push('<h2 id="paths">Attack paths</h2>');
  if (analysis.attackPaths.length === 0) out.push('<p>No attack path found.</p>');
  for (const path of analysis.attackPaths) {
    out.push(`<h3>${sev(path.severity)} ${esc(path.title)}</h3><ol class="path">${path.steps.map((step) => `<li>${esc(step.text)}</li>`).join('')}</ol>`);
  }

  out.push('<h2 id="checklist">MLOps security checklist</h2>', '<table><thead><tr><th>Area</th><th>Control</th><th>Status</th><th>Evidence</th></tr></thead><tbody>');
  for (const item of analysis.checklist) out.push(`<tr><td>${esc(item.area)}</td><td>${esc(item.control)}</td><td class="status status-${item.status}">${item.status.toUpperCase()}</td><td>${item.evidence.map((line) => esc(line)).join('<br>')}</td></tr>`);
  out.push('</tbody></table>');

  out.push('<h2 id="controls">Platform control assessment</h2>', '<table><thead><tr><th>Component</th><th>Kind</th><th>Identity</th><th>Findings</th><th>Controls</th></tr></thead><tbody>');
  for (const row of analysis.controlAssessment) {
    const findings = SEVERITIES.filter((severity) => row.findings[severity] > 0).map((severity) => `${row.findings[severity]} ${severity}`).join(', ') || 'none';
    out.push(`<tr><td>${esc(row.component)}</td><td>${esc(row.kind)}</td><td>${esc(row.identity ?? '—')}</td><td>${findings}</td><td>${row.controls.map((control) => `${esc(control.id)}: <span class="status status-${control.status}">${control.status.toUpperCase()}</span>`).join('<br>') || '—'}</td></tr>`);
  }
  out.push('</tbody></table>');

  const review = analysis.promotionReview;
  out.push('<h2 id="promotion">Registry promotion review</h2>', `<p>${esc(review.verdict)}</p>`);
  if (review.promoters.length) out.push(`<ul>${review.promoters.map((promoter) => `<li><strong>${esc(promoter.who)}</strong> ${esc(promoter.how)}</li>`).join('')}</ul>`);
  if (review.findings.length) out.push(`<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>${review.findings.map((finding) => `<tr><td>${sev(finding.severity)}</td><td><code>${esc(finding.ruleId)}</code></td><td><code>${esc(finding.where)}</code></td><td>${esc(finding.title)}</td></tr>`).join('')}</tbody></table>`);

  out.push('<h2 id="serving">Serving endpoint findings</h2>');
  if (analysis.serving.endpoints.length === 0) out.push('<p>No inference service in the inventory or the scanned files.</p>');
  for (const endpoint of analysis.serving.endpoints) {
    out.push(`<h3>${esc(endpoint.name)}${endpoint.url ? ` <code>${esc(endpoint.url)}</code>` : ''}</h3><ul>`);
    if (endpoint.identity) out.push(`<li><strong>Identity:</strong> ${esc(endpoint.identity)}</li>`);
    for (const read of endpoint.reads) out.push(`<li><strong>Can read:</strong> ${esc(read)}</li>`);
    for (const finding of endpoint.findings) out.push(`<li>${sev(finding.severity)} <code>${esc(finding.ruleId)}</code> <code>${esc(finding.where)}</code> ${esc(finding.title)}</li>`);
    if (endpoint.findings.length === 0) out.push('<li>No finding on this endpoint.</li>');
    out.push('</ul>');
  }

  out.push('<h2 id="backlog">Remediation backlog</h2>', '<table><thead><tr><th>Order</th><th>Severity</th><th>Item</th><th>Control</th><th>Effort</th><th>Owner</th><th>Status</th></tr></thead><tbody>');
  for (const item of analysis.backlog) out.push(`<tr><td>${item.order}</td><td>${sev(item.severity)}</td><td>${esc(item.title)}</td><td>${esc(firstSentence(item.control))}</td><td>${item.effort}</td><td>${esc(item.owner)}</td><td>${item.status}</td></tr>`);
  out.push('</tbody></table>');

  out.push('<h2 id="identities">Identities</h2>', '<table><thead><tr><th>Identity</th><th>Keys</th><th>Policies</th><th>Reach (computed from the policies)</th></tr></thead><tbody>');
  for (const identity of model.identities) out.push(`<tr><td>${esc(describeIdentity(identity))}</td><td>${esc(identity.keys.join(', ') || '—')}</td><td>${esc(identity.policies.join(', ') || '—')}</td><td>${esc(identity.reach?.sentence ?? 'not computed')}</td></tr>`);
  out.push('</tbody></table>');

  out.push('<h2 id="findings">All findings</h2>', '<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Evidence</th><th>Control</th></tr></thead><tbody>');
  for (const finding of report.findings) {
    const where = describeLocation(finding);
    out.push(`<tr><td>${sev(finding.severity)}</td><td><code>${esc(finding.ruleId)}</code><br>${esc(finding.title)}</td><td><code>${esc(`${finding.file}:${finding.line}:${finding.column}`)}</code>${where ? `<br>${esc(where)}` : ''}</td><td><code>${esc(finding.evidence)}</code></td><td>${esc(firstSentence(finding.recommendation))}</td></tr>`);
  }
  out.push('</tbody></table>');
  if (report.errors.length) out.push('<h2>Files not analysed</h2>', `<ul>${report.errors.map((error) => `<li><code>${esc(error.file)}</code>: ${esc(error.message)}</li>`).join('')}</ul>`);
  out.push('</main>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function sev(severity: Severity): string {
  return `<span class="sev sev-${severity}">${severity}</span>`;
}
