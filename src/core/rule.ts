import type { ArtifactKind, ArtifactOf } from '../artifacts/artifact.js';
import type { Platform } from '../inventory/platform.js';
import type { ArtifactLocation, Category, Confidence, FindingSubjects, FixSuggestion, FrameworkRef, Severity } from './finding.js';

export interface CodeExample {
  language: string;
  code: string;
  note?: string;
}

/** Everything a reader, the docs page and `explain` need, kept in the rule's own module. */
export interface RuleDocs {
  /** What the rule finds, in a paragraph. */
  summary: string;
  /** Why it matters for an ML platform. */
  risk: string;
  bad: CodeExample;
  good: CodeExample;
  references?: Array<{ title: string; url: string }>;
}

export interface RuleMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  frameworks: FrameworkRef[];
  /** The one targeted control this rule recommends. */
  control: string;
  docs: RuleDocs;
  /** Which lab signal the rule supports, if any (see fixtures/mlops/expected-findings.json). */
  labSignal?: string;
}

export interface ReportInput {
  /** File offsets of what the finding points at. */
  start: number;
  end: number;
  location: ArtifactLocation;
  message: string;
  evidence: string;
  blastRadius: string;
  /** Position-free identity of what was found (a secret's hash, a key name), for the fingerprint. */
  identity: string;
  title?: string;
  severity?: Severity;
  confidence?: Confidence;
  recommendation?: string;
  notes?: string[];
  related?: Array<{ start: number; location: ArtifactLocation; message: string }>;
  fix?: FixSuggestion;
  /** Platform facts for the platform map (a credential's hash prefix, its owner); never a secret value. */
  subjects?: FindingSubjects;
}

export interface RuleContext<A> {
  artifact: A;
  platform: Platform;
  report(input: ReportInput): void;
}

export interface Rule<K extends ArtifactKind = ArtifactKind> extends RuleMeta {
  /** The artifact kind the rule walks, or the kinds, when the same setting lives in several formats. */
  artifact: K | readonly K[];
  check(context: RuleContext<ArtifactOf<K>>): void;
}

export type AnyRule = Rule<ArtifactKind>;

/** The artifact kinds a rule reads. */
export function ruleReads(rule: Pick<AnyRule, 'artifact'>): readonly ArtifactKind[] {
  return typeof rule.artifact === 'string' ? [rule.artifact] : rule.artifact;
}

export function defineRule<K extends ArtifactKind>(rule: Rule<K>): AnyRule {
  return rule as unknown as AnyRule;
}
