import type { Artifact, ArtifactKind } from '../artifacts/artifact.js';
import type { ParseOutcome } from '../artifacts/parsers/common.js';
import { Platform } from '../inventory/platform.js';
import type { Finding, ScanError } from './finding.js';
import { fingerprint } from './fingerprint.js';
import { ruleReads, type AnyRule, type ReportInput, type RuleContext } from './rule.js';
import { artifactSecretRanges } from '../secrets/artifact-secrets.js';
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
  const frames: Array<{ finding: Finding; line: number; column: number }> = [];

  for (const rule of rules) {
    if (rule.artifact !== artifact.kind && (typeof rule.artifact === 'string' || !ruleReads(rule).includes(artifact.kind))) continue;
    const report = (input: ReportInput): void => {
      const start = artifact.lines.position(input.start);
      const end = artifact.lines.position(Math.max(input.start, input.end));
      const key = `${rule.id}\u0000${input.identity}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
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
        snippet: { startLine: start.line, lines: [] },
      };
      frames.push({ finding, line: start.line, column: start.column });
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
  // Code frames are cut once every rule has run: readers mark some secrets only when a rule first reads them.
  if (frames.length > 0) {
    const sensitive = artifactSecretRanges(artifact);
    for (const frame of frames) frame.finding.snippet = buildSnippet(artifact.lines, frame.line, frame.column, sensitive);
  }
  return findings;
}

export interface TextAnalysis {
  findings: Finding[];
  error?: ScanError;
  /** The kind the file was analysed as, once parsed. */
  kind?: ArtifactKind;
}

/** The findings for a parsed file, or the error that stopped its parse or its analysis. */
export function analyzeParsed(file: string, parsed: ParseOutcome, rules: readonly AnyRule[], options: AnalyzeOptions = {}): TextAnalysis {
  if (!parsed.ok) return { findings: [], error: parsed.error };
  const analysed = parsed.artifact.kind;
  try {
    return { findings: analyzeArtifact(parsed.artifact, rules, options), kind: analysed };
  } catch (error) {
    // A rule failing on one odd file must not end the scan; the file is reported instead.
    const reason = error instanceof RangeError ? 'the file is nested too deeply to analyse' : `analysis failed: ${(error as Error).message}`;
    return { findings: [], error: { file, kind: 'analysis', message: reason }, kind: analysed };
  }
}
