// The one Finding type that flows from a rule to every output format, the lab and the grader.
// Field names and meanings follow ../shared/contracts/report-json.md; extra fields are additions.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CATEGORIES = [
  'secret-exposure',
  'excessive-privilege',
  'missing-authentication',
  'public-exposure',
  'missing-approval-gate',
  'missing-artifact-integrity',
  'ci-injection',
  'insecure-transport',
  'unsafe-deserialization',
  'vulnerable-component',
  'sensitive-data-logging',
  'environment-isolation',
  'misconfiguration',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface FrameworkRef {
  framework: string;
  id: string;
  name: string;
}

/** Where inside the artifact a finding sits, in the artifact's own terms. */
export interface ArtifactLocation {
  /** 1-based notebook cell number, as a reader counts cells. */
  cell?: number;
  /** 0-based index into the cell's outputs (the contract's convention). */
  output?: number;
  /** Which part of a notebook cell or notebook: source, output, metadata, attachment. */
  part?: 'source' | 'output' | 'metadata' | 'attachment' | 'file';
  /** RFC 6901 pointer into a JSON document (notebooks, policies, configs). */
  jsonPointer?: string;
  /** Dotted path into a YAML document, e.g. jobs.train.steps[2].env.TOKEN */
  yamlPath?: string;
  /** Live probe: the URL that answered. */
  url?: string;
  /** Live probe: the request that showed the finding, e.g. "GET /api/kernels". */
  request?: string;
}

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  location?: ArtifactLocation;
  message: string;
}

/** Source lines around the finding, with every detected secret in them masked. */
export interface Snippet {
  startLine: number;
  lines: string[];
  /** Per line, what to subtract from a file column to get the column in the shown (clipped) text. */
  columnShift?: number[];
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  title: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  location: ArtifactLocation;
  evidence: string;
  blastRadius: string;
  recommendation: string;
  frameworks: FrameworkRef[];
  fingerprint: string;
  notes?: string[];
  related?: RelatedLocation[];
  snippet?: Snippet;
  /** The corrected configuration for this finding, as the user should write it (no secret values). */
  fix?: FixSuggestion;
  /** Platform facts for correlating findings across files (the platform map); never a secret value. */
  subjects?: FindingSubjects;
}

/** What a finding is about on the platform, for joining findings across files. */
export interface FindingSubjects {
  /** A one-way hash prefix of the secret value (`sha256:` + 16 hex): equal wherever the same secret appears. */
  credential?: string;
  /** The inventory identity the finding concerns: the owner of a leaked key, the holder of a policy. */
  identity?: string;
  /** A bucket the finding concerns. */
  bucket?: string;
}

export interface FixSuggestion {
  description: string;
  /** Replacement text in the artifact's own language (YAML, JSON, Python). */
  snippet: string;
  language: string;
}

export interface ScanError {
  file: string;
  message: string;
  /** Machine-readable reason: parse, encoding, binary, too-large, too-deep, read, not-found, loop, special-file. */
  kind: string;
  line?: number;
  column?: number;
}

export type SeveritySummary = Record<Severity, number>;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold` (critical is the highest). */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function summarize(findings: readonly Finding[]): SeveritySummary {
  const summary: SeveritySummary = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) summary[finding.severity] += 1;
  return summary;
}

/** Severity first, then file, line and column, then rule id: the order every report uses. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId)
  );
}

/** Position order within a file, for reports grouped by file. */
export function compareByPosition(a: Finding, b: Finding): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.ruleId, b.ruleId);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
