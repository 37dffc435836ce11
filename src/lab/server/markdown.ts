import type { Answers, FindingEvidence, RegistryFindingEvidence } from '../grading/answers.js';
import type { GradeResult } from '../grading/grade.js';
import { STEP_CONTENT } from '../content.js';
import { compareSelfAssessment } from '../grading/self-assessment.js';

// The "MLOps Platform Security Assessment" as Markdown. Learner text is untrusted: in running text every
// character Markdown or HTML could act on is escaped (so "<script>" comes out as "&lt;script&gt;"), and
// documents go into fenced blocks whose fence is longer than any backtick run inside them.

/** Escapes text for a Markdown paragraph or list item: HTML entities for & < > " and a backslash before Markdown punctuation. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.')
    .replace(/^(\s*)-/gm, '$1\\-')
    .replace(/\r?\n/g, ' ');
}

function fenced(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n?$/, '\n')}${fence}`;
}

function field(label: string, value: string | undefined): string {
  return `  - ${label}: ${value && value.trim() !== '' ? escapeMarkdown(value) : '_(not given)_'}`;
}

function lines(entry: { file?: string; lines?: number[] }): string {
  const file = entry.file ? escapeMarkdown(entry.file) : '_(no file)_';
  return entry.lines && entry.lines.length > 0 ? `${file}, line${entry.lines.length > 1 ? 's' : ''} ${entry.lines.join(', ')}` : file;
}

function finding(entry: FindingEvidence, i: number): string[] {
  return [`- Finding ${i + 1}: ${lines(entry)}`, field('What is wrong', entry.what), field('Severity', entry.severity), field('Blast radius', entry.blastRadius), field('Control', entry.control)];
}

function registryFinding(entry: RegistryFindingEvidence, i: number): string[] {
  return [`- Finding ${i + 1}: ${lines(entry)}`, field('Current config', entry.current), field('Risk', entry.risk), field('Recommended change', entry.change), field('Severity', entry.severity)];
}

const VERDICT: Record<string, string> = { agree: 'agrees', over: 'claimed, not earned', under: 'earned, not claimed', partial: 'claimed, partly earned' };

function selfAssessmentSection(met: readonly string[], claimed: number, result: GradeResult): string[] {
  const rows = compareSelfAssessment(met, result);
  const out = ['## Self-assessment', '', `Self-assessed score: ${claimed}/${result.max}; graded: ${result.score}/${result.max}.`, ''];
  out.push('| Step | Criterion | Points | Claimed | Graded | |', '| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) out.push(`| ${row.step} | ${escapeMarkdown(row.title)} | ${row.points} | ${row.claimed ? 'met' : 'not met'} | ${row.earned}/${row.points} | ${VERDICT[row.verdict]} |`);
  return [...out, ''];
}

export function assessmentMarkdown(
  answers: Answers,
  result: GradeResult,
  meta: { title: string; generatedAt: string; submission?: { id: number; createdAt: string }; selfAssessment?: { met: string[]; score: number } },
): string {
  const out: string[] = ['# MLOps Platform Security Assessment', ''];
  out.push(`${escapeMarkdown(meta.title)}. Generated ${meta.generatedAt}${meta.submission ? ` from submission ${meta.submission.id} of ${meta.submission.createdAt}` : ' from the current drafts'}.`, '');
  out.push(`**Score: ${result.score}/${result.max}**${meta.selfAssessment ? ` (self-assessed: ${meta.selfAssessment.score}/${result.max})` : ''}`, '');
  for (const content of STEP_CONTENT) {
    const step = result.steps.find((entry) => entry.step === content.step)!;
    out.push(`## Step ${content.step}: ${content.title} (${step.earned}/${step.points})`, '', `Fixture: ${content.fixture}`, '');
    const answer = answers[content.step] ?? {};
    const entries = (answer as { findings?: unknown[] }).findings ?? [];
    if (entries.length === 0) out.push('_No findings recorded._', '');
    else {
      entries.forEach((entry, i) => out.push(...(content.step === 3 ? registryFinding(entry as RegistryFindingEvidence, i) : finding(entry as FindingEvidence, i))));
      out.push('');
    }
    if (content.step === 2 && answers[2]?.correctedYaml) out.push('Corrected workflow:', '', fenced(answers[2].correctedYaml, 'yaml'), '');
    if (content.step === 3 && answers[3]?.recommendedConfig) out.push('Recommended configuration:', '', fenced(answers[3].recommendedConfig, 'json'), '');
    if (content.step === 4) {
      if (answers[4]?.policy) out.push('Least-privilege policy:', '', fenced(answers[4].policy, 'json'), '');
      const summary = answers[4]?.summary ?? [];
      if (summary.length > 0) {
        out.push('### Hardening summary', '');
        summary.forEach((entry, i) => out.push(`${i + 1}. **${escapeMarkdown(entry.severity || 'no severity')}**: ${escapeMarkdown(entry.fixture ?? '')}${entry.title ? `: ${escapeMarkdown(entry.title)}` : ''}. Control: ${entry.control ? escapeMarkdown(entry.control) : '_(not given)_'}`));
        out.push('');
      }
    }
    const criteria = result.criteria.filter((criterion) => criterion.step === content.step);
    out.push('Grading:', '');
    for (const criterion of criteria) out.push(`- ${criterion.title}: ${criterion.earned}/${criterion.points}${criterion.reasons.length > 0 ? `: ${criterion.reasons.map(escapeMarkdown).join('; ')}` : ''}`);
    out.push('');
  }
  if (meta.selfAssessment) out.push(...selfAssessmentSection(meta.selfAssessment.met, meta.selfAssessment.score, result));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
