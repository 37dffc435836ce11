import { SEVERITIES, type Severity } from '../../core/finding.js';

// The learner's evidence, one object per step, exactly as the API stores it. Every field is optional so a
// half-finished draft can be saved; the grader says what is missing. validateStepAnswer() is the only way
// in: it rejects unknown fields and wrong types with the path of the field at fault.

export const STEPS = [1, 2, 3, 4] as const;
export type StepNumber = (typeof STEPS)[number];

/** One finding: where it is (fixture file and the lines picked), what is wrong, how bad, how far it reaches, the fix. */
export interface FindingEvidence {
  file?: string;
  lines?: number[];
  what?: string;
  severity?: Severity | '';
  blastRadius?: string;
  control?: string;
}

/** Step 3 asks for current config -> risk -> recommended change for each registry finding. */
export interface RegistryFindingEvidence {
  file?: string;
  lines?: number[];
  current?: string;
  risk?: string;
  change?: string;
  severity?: Severity | '';
}

export interface SummaryEvidence {
  fixture?: string;
  title?: string;
  severity?: Severity | '';
  control?: string;
}

export interface Step1Answer {
  findings?: FindingEvidence[];
}
export interface Step2Answer {
  findings?: FindingEvidence[];
  correctedYaml?: string;
}
export interface Step3Answer {
  findings?: RegistryFindingEvidence[];
  /** Optional: the recommended mlflow-config.json as a whole; when given, it is rescanned. */
  recommendedConfig?: string;
}
export interface Step4Answer {
  findings?: FindingEvidence[];
  policy?: string;
  summary?: SummaryEvidence[];
}

export interface Answers {
  1?: Step1Answer;
  2?: Step2Answer;
  3?: Step3Answer;
  4?: Step4Answer;
}
export type StepAnswer = Step1Answer | Step2Answer | Step3Answer | Step4Answer;

export const LIMITS = { findings: 20, lines: 200, line: 100_000, text: 4_000, document: 64 * 1024, summary: 8 } as const;

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

type Shape = Record<string, (value: unknown, path: string) => unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(max: number) {
  return (value: unknown, path: string): string => {
    if (typeof value !== 'string') throw new ValidationError(path, 'must be a string');
    if (value.length > max) throw new ValidationError(path, `is longer than ${max} characters`);
    return value;
  };
}

function severity(value: unknown, path: string): Severity | '' {
  if (value === '' || (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value))) return value as Severity | '';
  throw new ValidationError(path, `must be one of ${SEVERITIES.join(', ')} (or "" for not chosen yet)`);
}

function lines(value: unknown, path: string): number[] {
  if (!Array.isArray(value)) throw new ValidationError(path, 'must be an array of line numbers');
  if (value.length > LIMITS.lines) throw new ValidationError(path, `has more than ${LIMITS.lines} lines`);
  return value.map((line, i) => {
    if (!Number.isInteger(line) || (line as number) < 1 || (line as number) > LIMITS.line) throw new ValidationError(`${path}[${i}]`, 'must be a line number (a whole number from 1)');
    return line as number;
  });
}

function object(shape: Shape) {
  return (value: unknown, path: string): Record<string, unknown> => {
    if (!isObject(value)) throw new ValidationError(path, 'must be an object');
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const check = Object.hasOwn(shape, key) ? shape[key] : undefined;
      if (!check) throw new ValidationError(`${path}.${key}`, `is not a known field (expected ${Object.keys(shape).join(', ')})`);
      out[key] = check(field, `${path}.${key}`);
    }
    return out;
  };
}

function array(max: number, item: (value: unknown, path: string) => unknown) {
  return (value: unknown, path: string): unknown[] => {
    if (!Array.isArray(value)) throw new ValidationError(path, 'must be an array');
    if (value.length > max) throw new ValidationError(path, `has more than ${max} entries`);
    return value.map((entry, i) => item(entry, `${path}[${i}]`));
  };
}

const finding = object({ file: text(200), lines, what: text(LIMITS.text), severity, blastRadius: text(LIMITS.text), control: text(LIMITS.text) });
const registryFinding = object({ file: text(200), lines, current: text(LIMITS.text), risk: text(LIMITS.text), change: text(LIMITS.text), severity });
const summaryEntry = object({ fixture: text(200), title: text(LIMITS.text), severity, control: text(LIMITS.text) });

const STEP_SHAPES: Record<StepNumber, (value: unknown, path: string) => Record<string, unknown>> = {
  1: object({ findings: array(LIMITS.findings, finding) }),
  2: object({ findings: array(LIMITS.findings, finding), correctedYaml: text(LIMITS.document) }),
  3: object({ findings: array(LIMITS.findings, registryFinding), recommendedConfig: text(LIMITS.document) }),
  4: object({ findings: array(LIMITS.findings, finding), policy: text(LIMITS.document), summary: array(LIMITS.summary, summaryEntry) }),
};

export function parseStep(value: unknown, path = 'step'): StepNumber {
  const step = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (!STEPS.includes(step as StepNumber)) throw new ValidationError(path, 'must be 1, 2, 3 or 4');
  return step as StepNumber;
}

/** The answer of one step, checked field by field; throws ValidationError naming the field. */
export function validateStepAnswer(step: StepNumber, value: unknown, path = 'answer'): StepAnswer {
  return STEP_SHAPES[step](value, path) as StepAnswer;
}

/** All four steps' answers ({"1": {...}, ...}); steps left out are empty. */
export function validateAnswers(value: unknown, path = 'answers'): Answers {
  if (!isObject(value)) throw new ValidationError(path, 'must be an object with keys "1" to "4"');
  const out: Answers = {};
  for (const [key, answer] of Object.entries(value)) {
    const step = parseStep(key, `${path}.${key}`);
    (out as Record<number, StepAnswer>)[step] = validateStepAnswer(step, answer, `${path}.${key}`);
  }
  return out;
}
