import { test } from 'node:test';
import assert from 'node:assert/strict';
import { positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'workflow/secret-overexposure';
const { analyze, own, single, readCase } = ruleKit(RULE);

function at(text: string, needle: string, offset = 0): { line: number; column: number } {
  const position = positionOf(text, needle);
  return { line: position.line, column: position.column + offset };
}

test('secrets: inherit, toJSON(secrets) to an action and workflow-level secrets used by one job, each where it stands', () => {
  const { file, text } = readCase('positive/shared-env-and-inherit.yml');
  const findings = own(analyze(text, file));
  const inherit = text.split('secrets: inherit');
  assert.equal(inherit.length, 3, 'two calls with secrets: inherit');
  const secondInherit = text.indexOf('secrets: inherit', text.indexOf('secrets: inherit') + 1);
  const secondLine = text.slice(0, secondInherit).split('\n').length;
  assert.deepEqual(
    findings.map((finding) => [finding.line, finding.column, finding.title, finding.severity, finding.location.yamlPath]),
    [
      [at(text, 'secrets: inherit\n\n  report').line, 5, 'Every secret passed to a reusable workflow with secrets: inherit', 'high', 'jobs.evaluate.secrets'],
      [secondLine, 5, 'Every secret passed to a reusable workflow with secrets: inherit', 'medium', 'jobs.report.secrets'],
      [...Object.values(at(text, '${{ toJSON(secrets) }}')), 'Every secret passed at once with toJSON(secrets)', 'high', 'jobs.train.steps[3].with.secrets-json'],
      [...Object.values(at(text, 'HF_TOKEN: ${{ secrets.HF_TOKEN }}')), 'Secret in workflow-level env used by one step', 'medium', 'env.HF_TOKEN'],
      [...Object.values(at(text, 'WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}')), 'Secret in workflow-level env that no step names', 'medium', 'env.WANDB_API_KEY'],
    ],
  );
  for (const finding of findings) assert.equal(finding.category, 'secret-exposure');
});

test('secrets: inherit to another repository at a branch is high; the message and blast radius say why', () => {
  const { file, text } = readCase('positive/shared-env-and-inherit.yml');
  const [external, local] = own(analyze(text, file));
  assert.match(external!.message, /Job `evaluate` calls `acme\/ml-workflows\/\.github\/workflows\/evaluate\.yml@main` with `secrets: inherit`/);
  assert.match(external!.message, /not only the ones the called workflow declares under `on\.workflow_call\.secrets`/);
  assert.match(external!.blastRadius, /a workflow in another repository at `main`, a ref its owners can move/);
  assert.match(external!.blastRadius, /people outside the repository can start pull_request_target/);
  assert.match(external!.recommendation, /pin the called workflow to a full commit SHA/);
  assert.match(external!.fix!.snippet, /evaluate\.yml@<full-commit-sha>\n  secrets:\n    <SECRET_NAME>: \$\{\{ secrets\.<SECRET_NAME> \}\}/);
  assert.equal(external!.evidence, 'uses: acme/ml-workflows/.github/workflows/evaluate.yml@main · secrets: inherit');
  assert.equal(local!.endColumn - local!.column, 'secrets: inherit'.length, 'the range covers the key and its value');
  assert.match(local!.blastRadius, /a workflow in this repository/);
});

test('a workflow-level secret used by one step: names the user, the steps that only receive it and the third-party actions', () => {
  const { file, text } = readCase('positive/shared-env-and-inherit.yml');
  const finding = own(analyze(text, file)).find((candidate) => candidate.location.yamlPath === 'env.HF_TOKEN')!;
  assert.equal(finding.confidence, 'high');
  assert.match(finding.message, /`HF_TOKEN` holds `secrets\.HF_TOKEN` and is set in workflow-level `env:`, so all 7 steps of the 2 jobs receive it, but only step 3 "Publish to the Hub" of job `train` uses it/);
  assert.match(finding.blastRadius, /6 steps that do not use `secrets\.HF_TOKEN` still receive it/);
  assert.match(finding.blastRadius, /`acme\/format-action@v2` and `acme\/notify-action@v1` are third-party code/);
  assert.match(finding.blastRadius, /job `train` on a self-hosted runner labelled self-hosted, linux, gpu/);
  assert.match(finding.recommendation, /Move `HF_TOKEN: \$\{\{ secrets\.HF_TOKEN \}\}` from workflow-level `env:` to the `env:` of step 3 "Publish to the Hub" in job `train`/);
  assert.equal(
    finding.fix!.snippet,
    '# workflow-level env: HF_TOKEN removed\njobs:\n  train:\n    steps:\n      - name: Publish to the Hub\n        env:\n          HF_TOKEN: ${{ secrets.HF_TOKEN }}\n        run: huggingface-cli upload acme/churn-model model/ --token "$HF_TOKEN"',
  );
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, at(text, 'HF_TOKEN: ${{ secrets.HF_TOKEN }}', 'HF_TOKEN: ${{ secrets.HF_TOKEN }}'.length));
});

test('a workflow-level secret no step names is reported with medium confidence and a tool hint', () => {
  const { file, text } = readCase('positive/shared-env-and-inherit.yml');
  const finding = own(analyze(text, file)).find((candidate) => candidate.location.yamlPath === 'env.WANDB_API_KEY')!;
  assert.equal(finding.confidence, 'medium');
  assert.match(finding.message, /no step refers to it by name/);
  assert.match(finding.message, /wandb reads WANDB_API_KEY/);
});

test('clean: step-scoped secrets, explicit reusable-workflow secrets, a secret shared by two jobs, github.token', () => {
  const { file, text } = readCase('clean/step-scoped-secrets.yml');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('jobs that use a workflow-level secret: run scripts, env.NAME in inputs and conditions; a step that shadows it does not count', () => {
  const make = (jobs: string) => `name: t\non: push\nenv:\n  TOKEN: \${{ secrets.TOKEN }}\njobs:\n${jobs}`;
  const job = (id: string, step: string) => `  ${id}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${step}`;
  const twoJobs = make(job('a', '      - run: ./a.sh "$TOKEN"\n') + job('b', '      - uses: acme/x@v1\n        with:\n          token: ${{ env.TOKEN }}\n'));
  assert.deepEqual(own(analyze(twoJobs)), [], 'used by two jobs');
  const viaIf = make(job('a', '      - run: ./a.sh "$TOKEN"\n') + job('b', "      - if: ${{ env.TOKEN != '' }}\n        run: ./b.sh\n"));
  assert.deepEqual(own(analyze(viaIf)), [], 'a condition that reads it is a use');
  const shadowed = make(job('a', '      - run: ./a.sh "$TOKEN"\n') + job('b', '      - env:\n          TOKEN: other\n        run: ./b.sh "$TOKEN"\n'));
  const finding = single(analyze(shadowed));
  assert.match(finding.message, /only step 2 of job `a` uses it/);
});

test('one job whose every step uses the secret leaves no step to protect: not reported', () => {
  const text = `name: t\non: push\nenv:\n  TOKEN: \${{ secrets.TOKEN }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./a.sh "$TOKEN"\n      - run: ./b.sh "\${TOKEN}"\n`;
  assert.deepEqual(own(analyze(text)), []);
});

test('toJSON(secrets) in env, job env and reusable-workflow secrets; never in run scripts (secret-in-logs owns those)', () => {
  const text = `name: t\non: push\nenv:\n  ALL: \${{ toJSON(secrets) }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      JOB_ALL: \${{ toJSON(secrets) }}\n    steps:\n      - run: echo '\${{ toJSON(secrets) }}' | ./consume\n  b:\n    uses: ./.github/workflows/b.yml\n    secrets:\n      everything: \${{ toJSON(secrets) }}\n`;
  const findings = own(analyze(text));
  assert.deepEqual(
    findings.map((finding) => [finding.location.yamlPath, finding.severity]),
    [
      ['env.ALL', 'medium'],
      ['jobs.a.env.JOB_ALL', 'medium'],
      ['jobs.b.secrets.everything', 'medium'],
    ],
  );
  assert.match(findings[0]!.message, /hands it to every step of every job as environment variable `ALL`/);
  assert.match(findings[2]!.message, /the called workflow `\.\/\.github\/workflows\/b\.yml` as its secret `everything`/);
  assert.deepEqual({ line: findings[1]!.line, column: findings[1]!.column }, at(text, '${{ toJSON(secrets) }}\n    steps'));
});

test('plaintext values and GITHUB_TOKEN in workflow env are left to other rules', () => {
  const text = `name: t\non: push\nenv:\n  WANDB_API_KEY: 0123456789abcdef0123456789abcdef01234567\n  GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: gh release list\n`;
  assert.deepEqual(own(analyze(text)), []);
});
