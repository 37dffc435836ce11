import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_CASES } from '../../testing/paths.js';
import { validateAnswers, ValidationError, type Answers } from './answers.js';
import { grade, type GradeResult } from './grade.js';
import { CRITERIA, MAX_SCORE, rubric } from './rubric.js';

const load = (name: string): Answers => validateAnswers(JSON.parse(readFileSync(join(TEST_CASES, 'lab', name), 'utf8')));
const correct = (): Answers => structuredClone(load('answers-correct.json'));
const failed = (result: GradeResult) => result.criteria.filter((criterion) => criterion.earned < criterion.points);
const reasons = (result: GradeResult) => result.criteria.flatMap((criterion) => criterion.reasons);

test('the rubric is out of 100 and every step is worth 25', () => {
  assert.equal(MAX_SCORE, 100);
  assert.deepEqual(rubric().steps.map((step) => step.points), [25, 25, 25, 25]);
  assert.equal(new Set(CRITERIA.map((criterion) => criterion.id)).size, CRITERIA.length, 'criterion ids are unique');
});

test('a complete, correct answer set scores 100 with no reasons', () => {
  const result = grade(correct());
  assert.deepEqual(failed(result), []);
  assert.equal(result.score, 100);
  assert.deepEqual(reasons(result), []);
});

test("missing the key owner's AdministratorAccess and leaving iam:ListRoles scores less, with exactly those two reasons", () => {
  const answers = correct();
  answers[1]!.findings![0]!.blastRadius = 'Anyone who can read the repository can use the key.';
  const policy = JSON.parse(answers[4]!.policy!) as { Statement: unknown[] };
  policy.Statement.push({ Sid: 'Leftover', Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' });
  answers[4]!.policy = JSON.stringify(policy, null, 2);
  const result = grade(answers);
  assert.ok(result.score < 100);
  assert.equal(result.score, 100 - 6 - 2);
  assert.deepEqual(reasons(result), ["blast radius missing the key owner's AdministratorAccess", 'policy still allows iam:ListRoles']);
  assert.deepEqual(failed(result).map((criterion) => criterion.id), ['s1-blast-radius', 's4-policy-nothing-more']);
});

test('a poor answer set scores low and every criterion gives a reason', () => {
  const result = grade(load('answers-poor.json'));
  assert.ok(result.score < 20, `poor set scored ${result.score}`);
  for (const criterion of failed(result)) assert.ok(criterion.reasons.length > 0, `${criterion.id} says why`);
  const all = reasons(result);
  assert.ok(all.includes('right file, wrong line: no picked line shows the printed AWS key pair'));
  assert.ok(all.includes('policy still allows iam:ListRoles'));
  assert.ok(all.some((reason) => reason.startsWith('the corrected YAML still has a plaintext secret on line 7')));
  assert.ok(all.includes('summary: severity too low for notebook-credential-leak.ipynb'));
  assert.ok(all.includes('summary: severity too high for inference-iam-policy.json'));
});

test('an empty answer set scores 0', () => {
  const result = grade({});
  assert.equal(result.score, 0);
  assert.equal(failed(result).length, CRITERIA.length);
});

test('severity and location reasons name the direction and the line problem', () => {
  const answers = correct();
  answers[2]!.findings![0]!.severity = 'medium';
  answers[3]!.findings![0]!.lines = [12];
  const all = reasons(grade(answers));
  assert.ok(all.includes('severity too low for the plaintext AWS secret key'));
  assert.ok(all.includes('right file, wrong line: no picked line shows the disabled authentication'));
});

test('the corrected YAML is rescanned: a parse error gives the reason; no secret reference or OIDC is reported', () => {
  const answers = correct();
  answers[2]!.correctedYaml = 'on: push\njobs: [\n';
  const result = grade(answers);
  const clean = result.criteria.find((criterion) => criterion.id === 's2-yaml-clean')!;
  assert.equal(clean.earned, 0);
  assert.match(clean.reasons[0]!, /^the corrected YAML could not be checked: not valid YAML at line \d+/);

  answers[2]!.correctedYaml = 'on: push\njobs:\n  train:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python train.py\n';
  const plain = grade(answers).criteria.find((criterion) => criterion.id === 's2-yaml-references')!;
  assert.equal(plain.earned, 0);
  assert.match(plain.reasons[0]!, /no credential from \$\{\{ secrets\.\* \}\} or an OIDC role/);
});

test('a recommended MLflow config is rescanned by the registry rules', () => {
  const answers = correct();
  const config = JSON.parse(readFileSync(join(TEST_CASES, '..', 'fixtures', 'mlops', 'mlflow-config.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  config.artifact_store!.acl = 'private';
  config.artifact_store!.block_public_access = true;
  answers[3]!.recommendedConfig = JSON.stringify(config, null, 2);
  const result = grade(answers).criteria.find((criterion) => criterion.id === 's3-recommendations')!;
  assert.equal(result.earned, 4, 'only the bucket is fixed');
  assert.deepEqual(result.reasons, [
    'the recommended config is still flagged: recommendations do not turn on authentication for the tracking server (for example --app-name basic-auth)',
    'the recommended config is still flagged: recommendations add no approval gate before Production',
  ]);
});

test('the policy is evaluated: reads outside the model prefix and a missing log write are named', () => {
  const answers = correct();
  answers[4]!.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-mlflow-artifacts/*' }] });
  const all = reasons(grade(answers));
  assert.ok(all.some((reason) => /^policy still allows s3:GetObject on arn:aws:s3:::acme-mlflow-artifacts\/other\//.test(reason)), all.join('\n'));
  assert.ok(all.some((reason) => reason.startsWith('policy does not allow logs:PutLogEvents on arn:aws:logs:us-east-1:111122223333:log-group:/aws/inference/inference-api:')));
  answers[4]!.policy = '{ not json';
  assert.ok(reasons(grade(answers)).some((reason) => reason.startsWith('the policy is not valid JSON')));
});

test('the summary order is compared with the answer key', () => {
  const answers = correct();
  answers[4]!.summary!.reverse();
  const result = grade(answers);
  assert.deepEqual(failed(result).map((criterion) => criterion.id), ['s4-summary-order']);
  // Two fixtures share "high": either order of them is ordered by severity.
  const swapped = correct();
  const summary = swapped[4]!.summary!;
  [summary[1], summary[2]] = [summary[2]!, summary[1]!];
  assert.equal(grade(swapped).score, 100);
});

test('validation names the field at fault', () => {
  assert.throws(() => validateAnswers({ 1: { findings: [{ lines: [0] }] } }), (error: unknown) => error instanceof ValidationError && error.field === 'answers.1.findings[0].lines[0]');
  assert.throws(() => validateAnswers({ 4: { summary: [{ severity: 'huge' }] } }), (error: unknown) => error instanceof ValidationError && error.field === 'answers.4.summary[0].severity');
  assert.throws(() => validateAnswers({ 2: { correctedYml: '' } }), (error: unknown) => error instanceof ValidationError && error.field === 'answers.2.correctedYml');
  assert.throws(() => validateAnswers({ 5: {} }), (error: unknown) => error instanceof ValidationError && error.field === 'answers.5');
});
