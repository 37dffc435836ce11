import { ValidationError } from './answers.js';
import type { GradeResult } from './grade.js';
import { CRITERIA } from './rubric.js';

// The self-assessment checklist: the learner ticks the rubric criteria they believe they met. The claimed
// score is computed here from the rubric, never taken from the client, and set beside the graded one.

export interface SelfAssessmentInput {
  met: string[];
}

/** Validates `{ "met": [criterion id…] }`: known ids only, each once. */
export function validateSelfAssessment(value: unknown, path = 'body'): SelfAssessmentInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError(path, 'must be an object {"met": [criterion id…]}');
  const unknown = Object.keys(value).filter((name) => name !== 'met');
  if (unknown.length > 0) throw new ValidationError(`${path}.${unknown[0]}`, 'is not a known field (expected met)');
  const met = (value as { met?: unknown }).met;
  if (!Array.isArray(met)) throw new ValidationError(`${path}.met`, 'must be an array of criterion ids');
  if (met.length > CRITERIA.length) throw new ValidationError(`${path}.met`, `has more than ${CRITERIA.length} entries`);
  const seen = new Set<string>();
  met.forEach((id, i) => {
    if (typeof id !== 'string' || !CRITERIA.some((criterion) => criterion.id === id)) throw new ValidationError(`${path}.met[${i}]`, 'is not a rubric criterion id (see GET /api/rubric)');
    if (seen.has(id)) throw new ValidationError(`${path}.met[${i}]`, `${id} appears twice`);
    seen.add(id);
  });
  // Rubric order, so equal sets compare equal.
  return { met: CRITERIA.filter((criterion) => seen.has(criterion.id)).map((criterion) => criterion.id) };
}

export function selfScore(met: readonly string[]): number {
  return CRITERIA.filter((criterion) => met.includes(criterion.id)).reduce((sum, criterion) => sum + criterion.points, 0);
}

export interface SelfComparison {
  id: string;
  title: string;
  step: number;
  points: number;
  claimed: boolean;
  earned: number;
  /** Where the claim and the grade disagree. */
  verdict: 'agree' | 'over' | 'under' | 'partial';
}

/** Per criterion: claimed met or not against what the grader gave. */
export function compareSelfAssessment(met: readonly string[], result: GradeResult): SelfComparison[] {
  return CRITERIA.map((criterion) => {
    const earned = result.criteria.find((entry) => entry.id === criterion.id)?.earned ?? 0;
    const claimed = met.includes(criterion.id);
    const verdict = earned === criterion.points ? (claimed ? 'agree' : 'under') : claimed ? (earned === 0 ? 'over' : 'partial') : 'agree';
    return { id: criterion.id, title: criterion.title, step: criterion.step, points: criterion.points, claimed, earned, verdict };
  });
}
