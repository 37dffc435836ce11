import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { severityRank, type Severity } from '../../core/finding.js';
import { analyzeText } from '../../core/scan.js';
import { resolveParameters } from '../../iam/least-privilege/parameters.js';
import { buildProfile, type Profile } from '../../iam/least-privilege/profiles.js';
import { verifyPolicy, type Check } from '../../iam/least-privilege/verify.js';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { LAB_FIXTURES_DIR, loadAnswerKey, type AnswerKey, type ExpectedFinding } from '../answer-key.js';
import type { Answers, FindingEvidence, RegistryFindingEvidence, StepNumber } from './answers.js';
import { CRITERIA, MAX_SCORE } from './rubric.js';

// Scores a learner's evidence against the answer key (fixtures/mlops/expected-findings.json) and the
// analyzer: corrected YAML and recommended configs are rescanned, the IAM policy is evaluated against the
// verified least-privilege profile of the inference role. One function for the live score and the score
// stored with a submission, so the two cannot differ.

export interface CriterionResult {
  id: string;
  step: StepNumber;
  title: string;
  points: number;
  earned: number;
  reasons: string[];
}

export interface GradeResult {
  score: number;
  max: number;
  steps: Array<{ step: StepNumber; earned: number; points: number }>;
  criteria: CriterionResult[];
}

/** Which answer-key entries each step's location and severity criteria look for, with a plain name for messages. */
const TARGETS: Record<StepNumber, Array<{ ids: string[]; name: string }>> = {
  1: [{ ids: ['notebook-aws-key-pair', 'checkpoint-aws-key-pair'], name: 'the printed AWS key pair' }],
  2: [
    { ids: ['ci-plaintext-aws-secret'], name: 'the plaintext AWS secret key' },
    { ids: ['ci-tracking-uri-credentials'], name: 'the MLflow tracking URI credentials' },
  ],
  3: [
    { ids: ['mlflow-unauthenticated-tracking-server'], name: 'the disabled authentication' },
    { ids: ['mlflow-public-artifact-store'], name: 'the public-read artifact store' },
    { ids: ['mlflow-no-production-approval-gate'], name: 'the Production transition without approval' },
  ],
  4: [
    { ids: ['inference-unscoped-object-read'], name: 'the object read on every bucket' },
    { ids: ['inference-ec2-reconnaissance'], name: 'the EC2 reads' },
    { ids: ['inference-iam-reconnaissance'], name: 'the IAM reads' },
    { ids: ['inference-unscoped-log-group'], name: 'the log group creation on every resource' },
  ],
};

interface Context {
  key: AnswerKey;
  byId: Map<string, ExpectedFinding>;
  profile: Profile;
}

let cached: Context | undefined;

function context(): Context {
  if (cached) return cached;
  const key = loadAnswerKey();
  const byId = new Map(key.findings.map((finding) => [finding.id, finding]));
  const inventory = parseInventory(readFileSync(join(LAB_FIXTURES_DIR, 'mlops-inventory.json'), 'utf8'));
  if (!inventory.ok) throw new Error(`the lab inventory does not load: ${inventory.message}`);
  const policyFile = key.fixtures.find((fixture) => fixture.step === 4)!.file;
  const { parameters } = resolveParameters(policyFile, {}, new Platform(inventory.inventory));
  cached = { key, byId, profile: buildProfile(parameters) };
  return cached;
}

type Entry = FindingEvidence | RegistryFindingEvidence;
type Scored = { earned: number; reasons: string[] };

function expected(ctx: Context, ids: string[]): ExpectedFinding[] {
  return ids.map((id) => {
    const found = ctx.byId.get(id);
    if (!found) throw new Error(`the answer key has no finding ${id}`);
    return found;
  });
}

/** For each target: the learner's entry that picks its line in its file, or why none does. */
function locate(ctx: Context, step: StepNumber, entries: readonly Entry[]): Array<{ name: string; expected: ExpectedFinding; entry?: Entry; reason?: string }> {
  return TARGETS[step].map((target) => {
    const candidates = expected(ctx, target.ids);
    for (const want of candidates) {
      const entry = entries.find((item) => item.file === want.file && (item.lines ?? []).includes(want.line));
      if (entry) return { name: target.name, expected: want, entry };
    }
    const primary = candidates[0]!;
    const rightFile = entries.some((item) => candidates.some((want) => item.file === want.file));
    const reason = rightFile ? `right file, wrong line: no picked line shows ${target.name}` : entries.length === 0 ? `no finding recorded for ${target.name}` : `wrong file: ${target.name} is in another fixture`;
    return { name: target.name, expected: primary, reason };
  });
}

function locationCriterion(located: ReturnType<typeof locate>, points: number): Scored {
  const each = points / located.length;
  const misses = located.filter((item) => !item.entry);
  return { earned: Math.round(each * (located.length - misses.length)), reasons: misses.map((item) => item.reason!) };
}

function severityCriterion(located: ReturnType<typeof locate>, points: number): Scored {
  const each = points / located.length;
  let earned = 0;
  const reasons: string[] = [];
  for (const item of located) {
    if (!item.entry) {
      reasons.push(`severity not checked (not located): ${item.name}`);
      continue;
    }
    const given = item.entry.severity;
    const want = item.expected.severity;
    if (!given) reasons.push(`severity not chosen for ${item.name}`);
    else if (given === want) earned += each;
    else reasons.push(`severity too ${severityRank(given) > severityRank(want) ? 'low' : 'high'} for ${item.name}`);
  }
  return { earned: Math.round(earned), reasons };
}

function texts(entries: readonly Entry[], ...fields: Array<keyof FindingEvidence | keyof RegistryFindingEvidence>): string {
  return entries.map((entry) => fields.map((field) => String((entry as Record<string, unknown>)[field] ?? '')).join('\n')).join('\n');
}

function keyword(points: number, ok: boolean, reason: string): Scored {
  return ok ? { earned: points, reasons: [] } : { earned: 0, reasons: [reason] };
}

function step1(ctx: Context, answers: Answers): Record<string, Scored> {
  const entries = answers[1]?.findings ?? [];
  const located = locate(ctx, 1, entries);
  const focus = located[0]!.entry ? [located[0]!.entry] : entries;
  const what = texts(focus, 'what');
  const blast = texts(focus, 'blastRadius');
  const controls = texts(entries, 'control');
  const ownerPolicy = ctx.byId.get('notebook-key-owner-admin')?.match ?? 'AdministratorAccess';
  const admin = new RegExp(`${ownerPolicy}|administrator\\s*access|admin(istrator)?\\s+(rights|privileges|permissions|access)|full\\s+(admin|account)`, 'i');
  const preCommit = /pre-?commit|nbstripout|git\s+hook|commit\s+hook|secret\s+scan|gitleaks|detect-secrets|mlops-audit/i.test(controls);
  const role = /\brole\b|short-lived|temporary\s+credentials|instance\s+profile|\bsts\b|\birsa\b|\bsso\b|\boidc\b/i.test(controls);
  const controlReasons: string[] = [];
  if (!preCommit) controlReasons.push('control missing the commit-time check (pre-commit hook such as nbstripout or a secret scan)');
  if (!role) controlReasons.push('control missing the IAM role with short-lived credentials in place of the long-lived key');
  return {
    's1-location': locationCriterion(located, 5),
    's1-what': keyword(4, /\b(key|credential|secret)s?\b/i.test(what) && /output|print|cell/i.test(what), 'what is wrong does not say that a credential was printed into a cell output'),
    's1-severity': severityCriterion(located, 4),
    's1-blast-radius': keyword(6, admin.test(blast), `blast radius missing the key owner's ${ownerPolicy}`),
    's1-controls': { earned: (preCommit ? 3 : 0) + (role ? 3 : 0), reasons: controlReasons },
  };
}

const SECRET_REFERENCE = /\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}/;

function step2(ctx: Context, answers: Answers): Record<string, Scored> {
  const entries = answers[2]?.findings ?? [];
  const located = locate(ctx, 2, entries);
  const risk = /rotat|\blogs?\b|fork|anyone\s+(who|with)|read\s+access|repositor|history|clone/i.test(texts(entries, 'what', 'blastRadius'));
  const yaml = answers[2]?.correctedYaml ?? '';
  const file = ctx.key.fixtures.find((fixture) => fixture.step === 2)!.file;
  let clean: Scored;
  let references: Scored;
  if (yaml.trim() === '') {
    clean = { earned: 0, reasons: ['no corrected YAML given'] };
    references = { earned: 0, reasons: ['no corrected YAML given'] };
  } else {
    const scanned = analyzeText(file, yaml, 'yaml');
    if (scanned.error) {
      const reason = `the corrected YAML could not be checked: ${scanned.error.message}`;
      clean = { earned: 0, reasons: [reason] };
      references = { earned: 0, reasons: ['the corrected YAML could not be checked'] };
    } else if (scanned.kind !== 'workflow') {
      clean = { earned: 0, reasons: ['the corrected YAML is not a GitHub Actions workflow (it needs on: and jobs:)'] };
      references = { earned: 0, reasons: ['the corrected YAML is not a GitHub Actions workflow'] };
    } else {
      const leaks = scanned.findings.filter((finding) => finding.ruleId === 'workflow/plaintext-secret' || finding.ruleId === 'workflow/credentials-in-uri');
      clean = leaks.length === 0 ? { earned: 6, reasons: [] } : { earned: 0, reasons: leaks.map((finding) => `the corrected YAML still has ${finding.ruleId === 'workflow/plaintext-secret' ? 'a plaintext secret' : 'credentials in a URI'} on line ${finding.line}`) };
      const oidc = /id-token\s*:\s*write/.test(yaml) && /role-to-assume\s*:/.test(yaml);
      references = SECRET_REFERENCE.test(yaml) || oidc ? { earned: 6, reasons: [] } : { earned: 0, reasons: ['the corrected YAML takes no credential from ${{ secrets.* }} or an OIDC role (id-token: write with role-to-assume)'] };
    }
  }
  return {
    's2-location': locationCriterion(located, 6),
    's2-severity': severityCriterion(located, 4),
    's2-risk': keyword(3, risk, 'risk not explained: say what rotation, logs, forks or readers of the repository do with a secret in the file'),
    's2-yaml-clean': clean,
    's2-yaml-references': references,
  };
}

const REGISTRY_CONTROLS = [
  { ruleId: 'mlflow/unauthenticated-tracking-server', words: /basic-auth|authenticat|\bauth\b|login|\boidc\b|\bsso\b/i, missing: 'recommendations do not turn on authentication for the tracking server (for example --app-name basic-auth)' },
  { ruleId: 'mlflow/public-artifact-store', words: /block\s*public\s*access|block_public_access|private|remove\s+(the\s+)?public|no\s+public/i, missing: 'recommendations do not make the artifact bucket private with Block Public Access' },
  { ruleId: 'mlflow/no-promotion-approval-gate', words: /approv|\bgate\b|require_approval|reviewer/i, missing: 'recommendations add no approval gate before Production' },
];

function step3(ctx: Context, answers: Answers): Record<string, Scored> {
  const entries = answers[3]?.findings ?? [];
  const located = locate(ctx, 3, entries);
  const chainReasons: string[] = [];
  if (entries.length === 0) chainReasons.push('no registry finding recorded');
  entries.forEach((entry, i) => {
    const missing = (['current', 'risk', 'change'] as const).filter((field) => (entry[field] ?? '').trim().length < 3);
    if (missing.length > 0) chainReasons.push(`finding ${i + 1} lacks the ${missing.map((field) => (field === 'current' ? 'current config' : field === 'change' ? 'recommended change' : 'risk')).join(' and the ')}`);
  });
  const config = answers[3]?.recommendedConfig ?? '';
  let recommendations: Scored;
  if (config.trim() !== '') {
    const file = ctx.key.fixtures.find((fixture) => fixture.step === 3)!.file;
    const scanned = analyzeText(file, config, 'json');
    if (scanned.error) recommendations = { earned: 0, reasons: [`the recommended config could not be checked: ${scanned.error.message}`] };
    else {
      const open = REGISTRY_CONTROLS.filter((control) => scanned.findings.some((finding) => finding.ruleId === control.ruleId));
      recommendations = { earned: 4 * (REGISTRY_CONTROLS.length - open.length), reasons: open.map((control) => `the recommended config is still flagged: ${control.missing}`) };
    }
  } else {
    const changes = texts(entries, 'change');
    const missing = REGISTRY_CONTROLS.filter((control) => !control.words.test(changes));
    recommendations = { earned: 4 * (REGISTRY_CONTROLS.length - missing.length), reasons: missing.map((control) => control.missing) };
  }
  return {
    's3-location': locationCriterion(located, 6),
    's3-severity': severityCriterion(located, 3),
    's3-chain': chainReasons.length === 0 ? { earned: 4, reasons: [] } : { earned: 0, reasons: chainReasons },
    's3-recommendations': recommendations,
  };
}

function verb(check: Check): string {
  return check.actual === 'conditional' ? 'may still allow (under a condition)' : 'still allows';
}

function step4(ctx: Context, answers: Answers): Record<string, Scored> {
  const entries = answers[4]?.findings ?? [];
  const located = locate(ctx, 4, entries);
  const policy = answers[4]?.policy ?? '';
  let needs: Scored;
  let nothingMore: Scored;
  if (policy.trim() === '') {
    needs = { earned: 0, reasons: ['no policy given'] };
    nothingMore = { earned: 0, reasons: ['no policy given'] };
  } else {
    let checks: Check[] | undefined;
    let problem = '';
    try {
      checks = verifyPolicy(policy, ctx.profile).checks;
    } catch (error) {
      problem = error instanceof SyntaxError ? `the policy is not valid JSON: ${error.message}` : `the policy could not be evaluated: ${(error as Error).message}`;
    }
    if (!checks) {
      needs = { earned: 0, reasons: [problem] };
      nothingMore = { earned: 0, reasons: ['the policy could not be evaluated'] };
    } else {
      const missing = checks.filter((check) => check.kind === 'required' && !check.ok);
      needs = { earned: missing.length === 0 ? 4 : 0, reasons: missing.map((check) => `policy does not allow ${check.action} on ${check.resource}, which the inference service needs`) };
      const excess = new Map<string, Check>();
      for (const check of checks) if (check.kind === 'risky' && !check.ok && !excess.has(check.action)) excess.set(check.action, check);
      const needed = new Set(ctx.profile.statements.flatMap((statement) => statement.actions));
      nothingMore = { earned: Math.max(0, 7 - 2 * excess.size), reasons: [...excess.values()].map((check) => `policy ${verb(check)} ${check.action}${needed.has(check.action) ? ` on ${check.resource}` : ''}`) };
    }
  }

  const summary = answers[4]?.summary ?? [];
  const keyOrder = ctx.key.hardeningSummary;
  const coverageReasons: string[] = [];
  if (summary.length !== keyOrder.length) coverageReasons.push(`the summary has ${summary.length} entries; ${keyOrder.length} expected, one per fixture`);
  for (const want of keyOrder) if (!summary.some((entry) => entry.fixture === want.fixture)) coverageReasons.push(`the summary has no entry for ${want.fixture}`);
  for (const entry of summary) if (!keyOrder.some((want) => want.fixture === entry.fixture)) coverageReasons.push(`the summary entry "${entry.fixture ?? ''}" is not one of the four fixtures`);

  let severityPoints = 0;
  const severityReasons: string[] = [];
  for (const want of keyOrder) {
    const entry = summary.find((item) => item.fixture === want.fixture);
    if (!entry) severityReasons.push(`summary: no severity for ${want.fixture}`);
    else if (!entry.severity) severityReasons.push(`summary: severity not chosen for ${want.fixture}`);
    else if (entry.severity === want.severity) severityPoints += 1;
    else severityReasons.push(`summary: severity too ${severityRank(entry.severity) > severityRank(want.severity) ? 'low' : 'high'} for ${want.fixture}`);
  }

  // Ordered by the key's severities, most severe first; entries of equal severity may come in either order.
  const ranks = summary.map((entry) => keyOrder.find((want) => want.fixture === entry.fixture)).filter((want) => want !== undefined).map((want) => severityRank(want.severity as Severity));
  const ordered = ranks.length === keyOrder.length && ranks.every((rank, i) => i === 0 || rank >= ranks[i - 1]!);
  const orderReason = `summary not ordered by severity: expected ${keyOrder.map((want) => want.fixture).join(', ')}`;

  const noControl = keyOrder.filter((want) => (summary.find((entry) => entry.fixture === want.fixture)?.control ?? '').trim().length < 10);
  return {
    's4-location': locationCriterion(located, 4),
    's4-policy-needs': needs,
    's4-policy-nothing-more': nothingMore,
    's4-summary-coverage': coverageReasons.length === 0 ? { earned: 2, reasons: [] } : { earned: 0, reasons: coverageReasons },
    's4-summary-severity': { earned: severityPoints, reasons: severityReasons },
    's4-summary-order': ordered ? { earned: 2, reasons: [] } : { earned: 0, reasons: [summary.length === 0 ? 'no summary given' : orderReason] },
    's4-summary-controls': noControl.length === 0 ? { earned: 2, reasons: [] } : { earned: 0, reasons: noControl.map((want) => `summary: no control for ${want.fixture}`) },
  };
}

/** The score out of 100 with one result per rubric criterion; the same call for the live score and a submission. */
export function grade(answers: Answers): GradeResult {
  const ctx = context();
  const scored: Record<string, Scored> = { ...step1(ctx, answers), ...step2(ctx, answers), ...step3(ctx, answers), ...step4(ctx, answers) };
  const criteria = CRITERIA.map((criterion) => {
    const result = scored[criterion.id];
    if (!result) throw new Error(`the grader has no check for ${criterion.id}`);
    return { id: criterion.id, step: criterion.step, title: criterion.title, points: criterion.points, earned: Math.min(criterion.points, result.earned), reasons: result.reasons };
  });
  const steps = ([1, 2, 3, 4] as const).map((step) => {
    const own = criteria.filter((criterion) => criterion.step === step);
    return { step, earned: own.reduce((sum, c) => sum + c.earned, 0), points: own.reduce((sum, c) => sum + c.points, 0) };
  });
  return { score: criteria.reduce((sum, c) => sum + c.earned, 0), max: MAX_SCORE, steps, criteria };
}
