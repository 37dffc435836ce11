import type { Artifact } from '../artifacts/artifact.js';
import { sensitiveRanges } from '../artifacts/notebook/notebook-exposures.js';
import { workflowSensitiveRanges } from '../artifacts/workflow/workflow-secrets.js';
import { Platform } from '../inventory/platform.js';
import type { Finding } from './finding.js';
import { fingerprint } from './fingerprint.js';
import { ruleReads, type AnyRule, type ReportInput, type RuleContext } from './rule.js';
import { buildSnippet } from './snippet.js';

export interface AnalyzeOptions {
  platform?: Platform;
  /** The file's path inside its repository, for fingerprints that do not change with the scan's working directory. */
  repoPath?: string;
}

/** Runs every rule for the artifact's kind and turns their reports into complete findings. */
export function analyzeArtifact(artifact: Artifact, rules: readonly AnyRule[], options: AnalyzeOptions = {}): Finding[] {
  const platform = options.platform ?? Platform.empty();
  const repoPath = options.repoPath ?? artifact.file;
  const findings: Finding[] = [];
  const occurrences = new Map<string, number>();
  let sensitive: Array<{ start: number; end: number }> | undefined;

  for (const rule of rules) {
    if (rule.artifact !== artifact.kind && (typeof rule.artifact === 'string' || !ruleReads(rule).includes(artifact.kind))) continue;
    const report = (input: ReportInput): void => {
      const start = artifact.lines.position(input.start);
      const end = artifact.lines.position(Math.max(input.start, input.end));
      const key = `${rule.id}\u0000${input.identity}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      sensitive ??= sensitiveRangesOf(artifact);
      const finding: Finding = {
        ruleId: rule.id,
        category: rule.category,
        severity: input.severity ?? rule.severity,
        confidence: input.confidence ?? rule.confidence,
        title: input.title ?? rule.title,
        message: input.message,
        file: artifact.file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        location: input.location,
        evidence: input.evidence,
        blastRadius: input.blastRadius,
        recommendation: input.recommendation ?? rule.control,
        frameworks: rule.frameworks,
        fingerprint: fingerprint(rule.id, repoPath, input.identity, occurrence),
        snippet: buildSnippet(artifact.lines, start.line, start.column, sensitive),
      };
      if (input.notes?.length) finding.notes = input.notes;
      if (input.fix) finding.fix = input.fix;
      if (input.subjects && Object.values(input.subjects).some((value) => value !== undefined)) finding.subjects = input.subjects;
      if (input.related?.length) {
        finding.related = input.related.map((related) => ({ file: artifact.file, ...artifact.lines.position(related.start), location: related.location, message: related.message }));
      }
      findings.push(finding);
    };
    (rule.check as (this: AnyRule, context: RuleContext<Artifact>) => void).call(rule, { artifact, platform, report });
  }
  return findings;
}

/** Offsets of the secrets the rules report in this artifact: code frames mask them, and so do `fix` diffs. */
export function sensitiveRangesOf(artifact: Artifact): Array<{ start: number; end: number }> {
  switch (artifact.kind) {
    case 'notebook':
      return sensitiveRanges(artifact);
    case 'workflow':
      return workflowSensitiveRanges(artifact);
    default:
      return artifact.sensitive ?? [];
  }
}
