import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseArtifact } from '../artifacts/parse.js';
import type { Inventory } from '../inventory/inventory.js';
import { Platform } from '../inventory/platform.js';
import { LAB_FIXTURES } from '../testing/paths.js';
import { configureAwsCredentialsUses, ROLE_PLACEHOLDER } from './fix-aws-oidc.js';
import type { FixKind, FixPass } from './fix-types.js';
import { FIX_PASSES, fixWorkflow, fixWorkflowText, SecretNames, type WorkflowFixOptions, type WorkflowFixOutcome } from './workflow-fixes.js';

// Each fix alone on small workflows, then all of them together: layout kept, idempotent, never broken YAML.

type Fixed = Extract<WorkflowFixOutcome, { text: string }>;
// Made-up credentials in the formats the detectors know (split so this file is not itself a finding).
const HF = ['hf_', 'Ab3dEf6hIj9lMn2pQr5tUv8xYz1BcDeFgH'].join('');
const GH = ['ghp_', 'R4nd0mT0k3nV4lu3F0rT3st1ngOnly0123AB'].join('');
const KEY_ID = ['AKIA', 'Q3EXAMPLE7TESTKEY'].join('').slice(0, 20);
const SECRET_KEY = ['wJalrXUtnFEMI/K7MDENG', '/bPxRfiCYzEXAMPLEKEY'].join('');
const DB = 's3cr3t-Passw0rd';

function fix(text: string, options: WorkflowFixOptions = {}): Fixed {
  const outcome = fixWorkflowText('.github/workflows/ci.yml', text, options);
  assert.equal(outcome.status, 'fixed', JSON.stringify(outcome).slice(0, 500));
  const fixed = outcome as Fixed;
  assert.equal(fixWorkflowText('.github/workflows/ci.yml', fixed.text, options).status, 'unchanged', `fixing again changes nothing:\n${fixed.text}`);
  return fixed;
}
const only = (...fixes: FixKind[]): WorkflowFixOptions => ({ fixes });
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const data = (text: string) => parse(text) as Json;

/** No secret value in what is shown to people: changes, notes, the secrets list. */
function assertNoValues(outcome: Fixed, ...values: string[]): void {
  const shown = JSON.stringify({ changes: outcome.changes, notes: outcome.notes, secrets: outcome.secrets });
  for (const value of values) {
    assert.ok(!shown.includes(value), `${value.slice(0, 4)}… is not shown`);
    assert.ok(!outcome.text.includes(value), `${value.slice(0, 4)}… is gone from the file`);
  }
}

/** Comment lines (a trailing comment goes with its line when a fix removes the line). */
function commentLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s*#/.test(line)).map((line) => line.trim());
}

// ---- (1) plaintext credentials ----

test('plaintext env, with and container credentials become secret references named after their keys', () => {
  const text = `name: ci
on: push
env:
  DB_PASSWORD: ${DB}   # the database
jobs:
  train:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/acme/trainer:1
      credentials:
        username: acme-bot
        password: "Regi5try-Passw0rd"
    env:
      HF_TOKEN: ${HF}
    steps:
      - uses: acme/upload-model@v1
        with:
          hf-token: '${HF}'
          model: churn
`;
  const outcome = fix(text, only('plaintext-secret'));
  const fixed = data(outcome.text);
  assert.equal(fixed.env.DB_PASSWORD, '${{ secrets.DB_PASSWORD }}');
  assert.deepEqual(fixed.jobs.train.container.credentials, { username: 'acme-bot', password: '${{ secrets.PASSWORD }}' });
  assert.equal(fixed.jobs.train.env.HF_TOKEN, '${{ secrets.HF_TOKEN }}');
  assert.deepEqual(fixed.jobs.train.steps[0].with, { 'hf-token': '${{ secrets.HF_TOKEN }}', model: 'churn' }, 'hf-token upper-cased, and the same value shares the secret');
  assert.match(outcome.text, /DB_PASSWORD: \$\{\{ secrets\.DB_PASSWORD \}\} {3}# the database\n/, 'the comment stays where it was');
  assert.deepEqual(
    outcome.secrets.map((secret) => [secret.name, secret.from]).sort(),
    [
      ['DB_PASSWORD', ['env.DB_PASSWORD']],
      ['HF_TOKEN', ['jobs.train.env.HF_TOKEN', 'jobs.train.steps[0].with.hf-token']],
      ['PASSWORD', ['jobs.train.container.credentials.password']],
    ],
  );
  assertNoValues(outcome, DB, HF, 'Regi5try-Passw0rd');
});

test('the same name with another value gets a secret of its own; names are made valid GitHub secret names', () => {
  const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: ./one
        env:
          API_TOKEN: first-Token-Value-1
      - run: ./two
        env:
          API_TOKEN: second-Token-Value-2
          github_token: ${GH}
`;
  const outcome = fix(text, only('plaintext-secret'));
  const steps = data(outcome.text).jobs.a.steps;
  assert.equal(steps[0].env.API_TOKEN, '${{ secrets.API_TOKEN }}');
  assert.equal(steps[1].env.API_TOKEN, '${{ secrets.API_TOKEN_2 }}');
  assert.equal(steps[1].env.github_token, '${{ secrets.CI_GITHUB_TOKEN }}', 'GitHub refuses secret names starting with GITHUB_');
  assert.deepEqual(outcome.secrets.map((secret) => secret.name).sort(), ['API_TOKEN', 'API_TOKEN_2', 'CI_GITHUB_TOKEN']);
  assert.equal(SecretNames.normalise('9-lives.key'), '_9_LIVES_KEY');
});

test('one run shares secret names across files: a second value under the same name gets its own secret', () => {
  const names = new SecretNames();
  const workflow = (value: string) => `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ./train\n        env:\n          WANDB_API_KEY: ${value}\n`;
  const first = fix(workflow('a1b2c3d4'.repeat(5)), { ...only('plaintext-secret'), secretNames: names });
  const same = fixWorkflowText('b.yml', workflow('a1b2c3d4'.repeat(5)), { ...only('plaintext-secret'), secretNames: names }) as Fixed;
  const other = fixWorkflowText('c.yml', workflow('f9e8d7c6'.repeat(5)), { ...only('plaintext-secret'), secretNames: names }) as Fixed;
  assert.deepEqual([first, same, other].map((outcome) => outcome.secrets.map((secret) => secret.name)), [['WANDB_API_KEY'], ['WANDB_API_KEY'], ['WANDB_API_KEY_2']]);
});

test('a credential in a run script moves to the step env and the script reads the variable', () => {
  const text = `on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - name: upload
        run: |
          export HF_TOKEN=${HF}
          huggingface-cli upload acme/churn ./model
      - name: call the API
        env:
          MODE: fast
        run: 'curl -H "Authorization: token ${GH}" https://api.github.com/user'
      - run: "echo password='${DB}' > .pgpass"
`;
  const outcome = fix(text, only('plaintext-secret'));
  const steps = data(outcome.text).jobs.publish.steps;
  assert.deepEqual(steps[0].env, { HF_TOKEN: '${{ secrets.HF_TOKEN }}' });
  assert.equal(steps[0].run, 'export HF_TOKEN="$HF_TOKEN"\nhuggingface-cli upload acme/churn ./model\n');
  assert.deepEqual(steps[1].env, { MODE: 'fast', GH_TOKEN: '${{ secrets.GH_TOKEN }}' });
  assert.equal(steps[1].run, 'curl -H "Authorization: token $GH_TOKEN" https://api.github.com/user', 'inside double quotes, no extra quotes');
  assert.equal(steps[2].run, `echo password=''"$PASSWORD"'' > .pgpass`, 'single quotes are closed around the variable');
  assert.deepEqual(steps[2].env, { PASSWORD: '${{ secrets.PASSWORD }}' });
  assert.match(outcome.text, /- name: upload\n {8}env:\n {10}HF_TOKEN: \$\{\{ secrets\.HF_TOKEN \}\}\n {8}run: \|/, 'env goes before run, in the step’s indentation');
  assertNoValues(outcome, HF, GH, DB);
});

test('PowerShell scripts read $env:NAME; a shell the fix does not know keeps its credential, with a note', () => {
  const text = `on: push
jobs:
  win:
    runs-on: windows-latest
    steps:
      - run: Invoke-RestMethod -Headers @{ Authorization = "Bearer ${HF}" } https://huggingface.co/api/whoami-v2
      - shell: python
        run: print("${GH}")
`;
  const outcome = fixWorkflowText('ci.yml', text, only('plaintext-secret')) as Fixed;
  assert.equal(outcome.status, 'fixed');
  const steps = data(outcome.text).jobs.win.steps;
  assert.equal(steps[0].run, 'Invoke-RestMethod -Headers @{ Authorization = "Bearer $env:HF_TOKEN" } https://huggingface.co/api/whoami-v2');
  assert.equal(steps[1].run, `print("${GH}")`);
  assert.ok(outcome.notes.some((note) => /steps\[1\]\.run: a credential in a python script was left in place/.test(note)), outcome.notes.join('\n'));
  assert.ok(outcome.notes.some((note) => /^jobs\.win\.steps\[1\]\.run still holds a credential/.test(note)), outcome.notes.join('\n'));
  assert.ok(!JSON.stringify(outcome.notes).includes(GH));
});

test('a flow mapping gets a quoted reference; references and placeholders are left alone', () => {
  const outcome = fix(`on: push\nenv: { DB_PASSWORD: ${DB}, MODE: fast }\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n`, only('plaintext-secret'));
  assert.match(outcome.text, /env: \{ DB_PASSWORD: "\$\{\{ secrets\.DB_PASSWORD \}\}", MODE: fast \}/);
  assert.equal(data(outcome.text).env.DB_PASSWORD, '${{ secrets.DB_PASSWORD }}');

  const clean = 'on: push\nenv:\n  TOKEN: ${{ secrets.TOKEN }}\n  PASSWORD: changeme\n  HOST_PASSWORD_FILE: /run/secrets/pw\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo "$TOKEN"\n';
  assert.equal(fixWorkflowText('ci.yml', clean, only('plaintext-secret')).status, 'unchanged');
});

test('a credential outside env, with and run is reported by line, never by value', () => {
  const outcome = fixWorkflowText('ci.yml', `on: push\njobs:\n  a:\n    name: deploy ${GH}\n    runs-on: x\n    steps:\n      - run: echo\n`, only('plaintext-secret', 'workflow-permissions')) as Fixed;
  assert.equal(outcome.status, 'fixed');
  assert.deepEqual(outcome.notes, ['line 4 still holds a credential that could not be moved automatically; move it to a secret by hand']);
});

// ---- (2) AWS keys to OIDC ----

const AWS_WORKFLOW = `on: push
env:
  AWS_ACCESS_KEY_ID: ${KEY_ID}
  AWS_SECRET_ACCESS_KEY: ${SECRET_KEY}
  AWS_REGION: eu-west-1
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: aws s3 sync ./site s3://acme-site
  lint:
    runs-on: ubuntu-latest
    steps:
      # lint first
      - run: make lint
  call:
    uses: acme/workflows/.github/workflows/release.yml@main
`;

test('static AWS keys in the workflow env become OIDC in every job that has steps', () => {
  const outcome = fix(AWS_WORKFLOW, { ...only('aws-oidc'), awsRoleArn: 'arn:aws:iam::123456789012:role/gha-deploy' });
  const fixed = data(outcome.text);
  assert.deepEqual(fixed.env, { AWS_REGION: 'eu-west-1' }, 'the keys are gone, the region stays');
  const step = { name: 'Configure AWS credentials (OIDC)', uses: configureAwsCredentialsUses().split(' ')[0], with: { 'role-to-assume': 'arn:aws:iam::123456789012:role/gha-deploy', 'aws-region': 'eu-west-1' } };
  assert.deepEqual(fixed.jobs.deploy.steps[1], step, 'after checkout');
  assert.deepEqual(fixed.jobs.lint.steps[0], step, 'first when there is no checkout');
  for (const job of ['deploy', 'lint']) assert.deepEqual(fixed.jobs[job].permissions, { 'id-token': 'write', contents: 'read' }, job);
  assert.deepEqual(fixed.jobs.call, { uses: 'acme/workflows/.github/workflows/release.yml@main' }, 'a reusable-workflow call does not see workflow env');
  assert.match(outcome.text, /steps:\n {6}- name: Configure AWS credentials \(OIDC\)\n[\s\S]*\n {6}# lint first\n {6}- run: make lint/, 'inserted above the comment of the first step');
  assert.match(outcome.text, /runs-on: ubuntu-latest\n {4}permissions:\n {6}id-token: write\n {6}contents: read\n {4}steps:/);
  assert.ok(outcome.notes.some((note) => note.includes('delete them in IAM')));
  assertNoValues(outcome, KEY_ID, SECRET_KEY);
});

test('the role comes from --aws-role-arn, else the inventory owner of the key, else a placeholder with a note', () => {
  const inventory = (kind: 'aws-iam-user' | 'aws-iam-role'): Platform =>
    new Platform({
      version: 1,
      platform: { account: '111122223333', region: 'us-east-2' },
      identities: [{ id: 'ci', kind, name: 'ci-deployer', arn: kind === 'aws-iam-role' ? 'arn:aws:iam::444455556666:role/ci-deployer' : 'arn:aws:iam::111122223333:user/ci-deployer', accessKeyIds: [KEY_ID] }],
      components: [],
      storage: [],
    } satisfies Inventory);
  const role = (options: WorkflowFixOptions) => data(fix(AWS_WORKFLOW, { ...only('aws-oidc'), ...options }).text).jobs.deploy.steps[1].with['role-to-assume'];
  assert.equal(role({ platform: inventory('aws-iam-user') }), 'arn:aws:iam::111122223333:role/ci-deployer', 'a user becomes a role of the same name in its account');
  assert.equal(role({ platform: inventory('aws-iam-role') }), 'arn:aws:iam::444455556666:role/ci-deployer', 'a role is used as it is');
  assert.equal(role({ platform: inventory('aws-iam-user'), awsRoleArn: 'arn:aws:iam::123456789012:role/x' }), 'arn:aws:iam::123456789012:role/x', 'the option wins');
  const placeholder = fix(AWS_WORKFLOW, only('aws-oidc'));
  assert.equal(data(placeholder.text).jobs.deploy.steps[1].with['role-to-assume'], ROLE_PLACEHOLDER);
  assert.ok(placeholder.notes.some((note) => note.includes('role-to-assume is a placeholder') && note.includes('--aws-role-arn')), placeholder.notes.join('\n'));
  assert.equal(data(fix(AWS_WORKFLOW, { ...only('aws-oidc'), awsRegion: 'ap-south-1' }).text).jobs.deploy.steps[1].with['aws-region'], 'ap-south-1', '--aws-region wins over the file');
});

test('keys read from secrets at job and step level go too, and only the jobs that used them change', () => {
  const text = `on: push
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
      id-token: read
    env:
      AWS_ACCESS_KEY_ID: \${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
    steps:
      - run: aws sts get-caller-identity
        env:
          AWS_SESSION_TOKEN: \${{ secrets.AWS_SESSION_TOKEN }}
          AWS_DEFAULT_REGION: us-west-2
  build:
    runs-on: ubuntu-latest
    permissions: { contents: read }
    steps:
      - run: make
        env:
          AWS_ACCESS_KEY_ID: \${{ steps.creds.outputs.id }}
`;
  const outcome = fix(text, { ...only('aws-oidc'), awsRoleArn: 'arn:aws:iam::123456789012:role/r' });
  const fixed = data(outcome.text);
  assert.equal(fixed.jobs.deploy.env, undefined, 'an env left empty is removed');
  assert.deepEqual(fixed.jobs.deploy.permissions, { contents: 'write', 'pull-requests': 'write', 'id-token': 'write' }, 'merged: existing scopes kept, id-token raised to write');
  assert.equal(fixed.jobs.deploy.steps[0].uses, configureAwsCredentialsUses().split(' ')[0]);
  assert.equal(fixed.jobs.deploy.steps[0].with['aws-region'], 'us-west-2');
  assert.deepEqual(fixed.jobs.deploy.steps[1].env, { AWS_DEFAULT_REGION: 'us-west-2' });
  assert.deepEqual(fixed.jobs.build, data(text).jobs.build, 'an output of another step is not a static key');
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) assert.ok(outcome.notes.some((note) => note.includes(`secret ${name} is no longer read`)), name);
});

test('an existing configure-aws-credentials step loses its key inputs and gains role-to-assume', () => {
  const text = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: read-all
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-central-1
      - run: aws s3 ls
`;
  const outcome = fix(text, { ...only('aws-oidc'), awsRoleArn: 'arn:aws:iam::123456789012:role/r' });
  const fixed = data(outcome.text);
  assert.equal(fixed.jobs.deploy.steps.length, 2, 'no second configure step');
  assert.deepEqual(fixed.jobs.deploy.steps[0].with, { 'aws-region': 'eu-central-1', 'role-to-assume': 'arn:aws:iam::123456789012:role/r' });
  assert.deepEqual(fixed.jobs.deploy.permissions, { 'id-token': 'write', contents: 'read' });
  assert.ok(outcome.notes.some((note) => note.includes('read-all became')), 'narrowing read-all is said');
});

test('keys in a flow env of a step after a commented checkout: the OIDC step lands between the two steps', () => {
  const text = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
    steps:
      - name: co
        uses: actions/checkout@v4
        with:
          fetch-depth: 0
          # about the checkout

      # the build
      - run: make
        env: {AWS_ACCESS_KEY_ID: ${KEY_ID}, AWS_SECRET_ACCESS_KEY: "${SECRET_KEY}", MODE: fast}
`;
  const outcome = fix(text, { awsRoleArn: 'arn:aws:iam::123456789012:role/r', awsRegion: 'us-east-1' });
  const steps = data(outcome.text).jobs.build.steps;
  assert.deepEqual(
    steps.map((step: Json) => step.name ?? step.run),
    ['co', 'Configure AWS credentials (OIDC)', 'make'],
  );
  assert.deepEqual(steps[2].env, { MODE: 'fast' });
  assert.deepEqual(data(outcome.text).jobs.build.permissions, { 'id-token': 'write', contents: 'read' }, 'an empty permissions key is filled');
  assert.match(outcome.text, /# about the checkout\n\n {6}- name: Configure AWS credentials \(OIDC\)\n[^#]*\n\n {6}# the build\n {6}- run: make\n/);
  assertNoValues(outcome, KEY_ID, SECRET_KEY);
});

// ---- (3) workflow permissions, (4) checkout ----

test('a workflow without permissions gets contents: read above jobs and the comment over it', () => {
  const outcome = fix('on: push\n\n# The jobs\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n', only('workflow-permissions'));
  assert.equal(outcome.text, 'on: push\n\npermissions:\n  contents: read\n\n# The jobs\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n');
  assert.equal(fixWorkflowText('ci.yml', 'on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n', only('workflow-permissions')).status, 'unchanged');
});

test('every actions/checkout step gets persist-credentials: false, in whatever with: it has', () => {
  const text = `on: push
jobs:
    a:
        runs-on: x
        steps:
        -   uses: actions/checkout@v4
        -   uses: actions/checkout@8e5e7e5ab8b370d6c329ec480221332ada57f0ab # v3
            with:
                fetch-depth: 0
        -   uses: actions/checkout@v4
            with: { persist-credentials: true }
        -   uses: actions/checkout@v4
            with:
        -   uses: actions/checkout@v4
            with:
                persist-credentials: false
        -   uses: actions/setup-python@v5
`;
  const outcome = fix(text, only('checkout-credentials'));
  const steps = data(outcome.text).jobs.a.steps;
  assert.deepEqual(
    steps.map((step: Json) => step.with),
    [{ 'persist-credentials': false }, { 'fetch-depth': 0, 'persist-credentials': false }, { 'persist-credentials': false }, { 'persist-credentials': false }, { 'persist-credentials': false }, undefined],
  );
  assert.match(outcome.text, /-   uses: actions\/checkout@v4\n {12}with:\n {16}persist-credentials: false\n/, 'four-space indentation kept');
  assert.match(outcome.text, /# v3\n/, 'the pin comment stays');
  assert.equal(outcome.changes.length, 4, 'the step that already had it is not counted');
});

// ---- all together ----

test('all fixes together keep CRLF line endings, the indentation and every comment, and are idempotent', () => {
  const text = [
    '# deploy the model',
    'on: [push]',
    'env:',
    `    AWS_ACCESS_KEY_ID: ${KEY_ID}   # ci key`,
    `    AWS_SECRET_ACCESS_KEY: ${SECRET_KEY}`,
    `    WANDB_API_KEY: ${'a1b2c3d4'.repeat(5)}`,
    'jobs:',
    '    deploy:',
    '        runs-on: ubuntu-latest',
    '        steps:',
    '        # get the code',
    '        - uses: actions/checkout@v4',
    '        - run: python deploy.py',
    '',
  ].join('\r\n');
  const outcome = fix(text, { awsRegion: 'us-east-1' });
  assert.ok(!/[^\r]\n/.test(outcome.text), 'every line ends in CRLF');
  for (const comment of commentLines(text.replace(/\r/g, ''))) assert.ok(outcome.text.includes(comment), comment);
  const fixed = data(outcome.text);
  assert.deepEqual(fixed.env, { WANDB_API_KEY: '${{ secrets.WANDB_API_KEY }}' });
  assert.deepEqual(fixed.permissions, { contents: 'read' });
  assert.deepEqual(fixed.jobs.deploy.steps[0].with, { 'persist-credentials': false });
  assert.equal(fixed.jobs.deploy.steps[1].with['aws-region'], 'us-east-1');
  assert.match(outcome.text, /\r\n {8}- name: Configure AWS credentials \(OIDC\)\r\n {10}uses: /, 'the dash and key columns of the other steps');
  assert.match(outcome.text, /\r\n {8}permissions:\r\n {12}id-token: write\r\n/, 'the four-space unit');
  assert.deepEqual(outcome.secrets.map((secret) => secret.name), ['WANDB_API_KEY'], 'secrets made for AWS keys that OIDC removed are not asked for');
  assert.deepEqual(new Set(outcome.changes.map((change) => change.kind)), new Set(['plaintext-secret', 'checkout-credentials', 'workflow-permissions', 'aws-oidc']));
  assertNoValues(outcome, KEY_ID, SECRET_KEY, 'a1b2c3d4'.repeat(5));
});

test('the lab workflow is fixed once and for all', () => {
  const text = readFileSync(join(LAB_FIXTURES, 'training-pipeline.yml'), 'utf8');
  const outcome = fix(text);
  assert.equal(parseArtifact('training-pipeline.yml', outcome.text, 'yaml').ok, true);
  assert.deepEqual(commentLines(text).filter((comment) => !outcome.text.includes(comment)), []);
});

test('not a workflow, or not YAML: nothing is fixed', () => {
  assert.equal(fixWorkflowText('action.yml', 'name: x\nruns:\n  using: composite\n  steps:\n    - run: echo\n').status, 'not-a-workflow');
  assert.equal(fixWorkflowText('config.yml', `password: ${DB}\n`).status, 'not-a-workflow');
  const broken = fixWorkflowText('ci.yml', 'on: push\njobs:\n  a: [\n');
  assert.equal(broken.status, 'unparsable');
});

test('a fix that would break the file is refused, never returned', () => {
  const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n';
  const artifact = parseArtifact('ci.yml', text, 'yaml');
  assert.ok(artifact.ok && artifact.artifact.kind === 'workflow');
  const workflow = artifact.artifact;
  const passes = (pass: FixPass) => [{ kind: 'plaintext-secret' as const, pass }];
  const unparsable = fixWorkflow(workflow, {}, passes(() => ({ edits: [{ start: text.indexOf('  a:'), end: text.indexOf('  a:'), text: '  - [\n' }], changes: [], notes: [] })));
  assert.equal(unparsable.status, 'refused');
  assert.match((unparsable as { message: string }).message, /would not parse/);
  const renamed = fixWorkflow(workflow, {}, passes(() => ({ edits: [{ start: text.indexOf('a:'), end: text.indexOf('a:') + 1, text: 'b' }], changes: [], notes: [] })));
  assert.match((renamed as { message: string }).message, /same jobs/);
  const overlapping = fixWorkflow(workflow, {}, passes(() => ({ edits: [{ start: 0, end: 4, text: '' }, { start: 2, end: 6, text: '' }], changes: [], notes: [] })));
  assert.match((overlapping as { message: string }).message, /conflicting edits/);
  assert.equal(FIX_PASSES.length, 4);
});
