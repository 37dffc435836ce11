import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'workflow/secret-in-logs';
const { analyze, own, single, readCase } = ruleKit(RULE);

/** Line and column of `needle` (unique in the text), moved `offset` characters right. */
function at(text: string, needle: string, offset = 0): { line: number; column: number } {
  const position = positionOf(text, needle);
  return { line: position.line, column: position.column + offset };
}

const workflow = (steps: string, env = '', extraJobs = '') =>
  `name: t\non:\n  push:\n${env ? `env:\n${env}\n` : ''}jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n${steps}${extraJobs}`;

test('the debugging workflow: every way a secret reaches a log, output, summary or artifact, at its exact position', () => {
  const { file, text } = readCase('positive/debug-and-publish.yml');
  const findings = own(analyze(text, file));
  const expected: Array<[{ line: number; column: number }, string, string]> = [
    [at(text, 'set -x'), 'Shell tracing prints values derived from secrets', 'high'],
    [at(text, 'Using Hub token $HF_TOKEN', 'Using Hub token '.length), 'Secret printed to the job log', 'medium'],
    [at(text, 'echo -n "ci:$HF_TOKEN"', 'echo -n "ci:'.length), 'Secret printed to the job log in a form GitHub does not mask', 'high'],
    [at(text, 'env | sort'), 'Environment dumped to the job log while it holds secrets', 'high'],
    [at(text, '"HF_TOKEN=$HF_TOKEN" > model/.env', '"HF_TOKEN='.length), 'Secret written to a file that is uploaded as an artifact', 'high'],
    [at(text, `"auth=$(printf '%s' "ci:$HF_TOKEN"`, `"auth=$(printf '%s' "ci:`.length), 'Secret written to a step output', 'high'],
    [at(text, '${{ secrets.REGISTRY_PASSWORD }}'), 'Secret written to the job summary', 'medium'],
    [at(text, '${{ toJSON(secrets) }}'), 'Every secret serialised into a run script with toJSON(secrets)', 'high'],
    [at(text, 'key: $DEPLOY_KEY', 'key: '.length), 'Secret printed to the job log', 'medium'],
    [at(text, '${DEPLOY_KEY:0:8}'), 'Secret printed to the job log in a form GitHub does not mask', 'high'],
  ];
  assert.deepEqual(
    findings.map((finding) => [{ line: finding.line, column: finding.column }, finding.title, finding.severity]),
    expected,
  );
  for (const finding of findings) {
    assert.equal(finding.category, 'secret-exposure');
    assert.match(finding.location.yamlPath!, /^jobs\.(publish|deploy)\.steps\[\d\]\.run$/);
    assert.ok(finding.evidence.length > 0 && finding.evidence.length <= 100, finding.evidence);
    assert.ok(finding.fix && finding.fix.snippet.length > 0, 'a corrected snippet');
  }
  // The range covers the reference itself.
  const dollar = findings[1]!;
  assert.equal(dollar.endColumn - dollar.column, '$HF_TOKEN'.length);
});

test('messages say what GitHub masks and what it does not', () => {
  const { file, text } = readCase('positive/debug-and-publish.yml');
  const findings = own(analyze(text, file));
  const exact = findings.find((finding) => finding.title === 'Secret printed to the job log')!;
  assert.match(exact.message, /prints `\$HF_TOKEN` \(holding `secrets\.HF_TOKEN`\) to the job log with `echo "Using Hub token \$HF_TOKEN"`/);
  assert.match(exact.message, /masks a registered secret's exact value/);
  assert.match(exact.message, /base64 of `user:token`, JSON, a substring/);
  const encoded = findings.find((finding) => finding.title.includes('does not mask') && finding.evidence.includes('base64'))!;
  assert.match(encoded.message, /passes through base64, so the text written no longer matches the registered secret/);
  const substring = findings.find((finding) => finding.evidence.includes('DEPLOY_KEY:0:8'))!;
  assert.match(substring.message, /the expansion \$\{DEPLOY_KEY:0:8\}/);
  const trace = findings.find((finding) => finding.title.startsWith('Shell tracing'))!;
  assert.match(trace.message, /turns on `set -x`, and the commands after it use `\$HF_TOKEN` and `\$\{\{ secrets\.WANDB_API_KEY \}\}`/);
  assert.match(trace.message, /Values derived from the secret \(base64\) are printed in clear/);
  const dump = findings.find((finding) => finding.title.startsWith('Environment dumped'))!;
  assert.match(dump.message, /including `HF_TOKEN`, which holds a secret/);
  const json = findings.find((finding) => finding.title.includes('toJSON'))!;
  assert.match(json.message, /shows the evaluated script, JSON included, at the top of the step's log/);
});

test('the artifact finding points at the upload step and names the artifact', () => {
  const { file, text } = readCase('positive/debug-and-publish.yml');
  const finding = own(analyze(text, file)).find((candidate) => candidate.title.includes('uploaded as an artifact'))!;
  assert.match(finding.message, /writes `\$HF_TOKEN` \(holding `secrets\.HF_TOKEN`\) to `model\/\.env`/);
  assert.match(finding.message, /step 4 \(actions\/upload-artifact@v4\) uploads that file in artifact "churn-model" \(`path: model\/`\)/);
  assert.match(finding.message, /log masking does not apply/);
  assert.equal(finding.related?.length, 1);
  assert.deepEqual({ line: finding.related![0]!.line, column: finding.related![0]!.column }, at(text, 'model/\n\n  deploy:'));
  assert.equal(finding.related![0]!.location?.yamlPath, 'jobs.publish.steps[3].with.path');
  assert.match(finding.blastRadius, /Artifact "churn-model" of job `publish`, on a self-hosted runner labelled self-hosted, linux, gpu, holds `secrets\.HF_TOKEN`/);
  assert.match(finding.blastRadius, /download it from the run until it expires \(90 days by default\)/);
  assert.match(finding.fix!.snippet, /\$RUNNER_TEMP\/\.env/);
  assert.match(finding.fix!.snippet, /!model\/\.env/);
});

test('blast radius: the job, its runner, who reads the log, and triggers outsiders can start', () => {
  const { file, text } = readCase('positive/debug-and-publish.yml');
  const findings = own(analyze(text, file));
  const publish = findings.find((finding) => finding.title === 'Secret printed to the job log')!;
  assert.match(publish.blastRadius, /The log of job `publish`, on a self-hosted runner labelled self-hosted, linux, gpu, receives `secrets\.HF_TOKEN`/);
  assert.match(publish.blastRadius, /90 days by default/);
  assert.match(publish.blastRadius, /The workflow runs on push, pull_request_target, and people outside the repository can start pull_request_target/);
  const deploy = findings.find((finding) => finding.evidence.startsWith('cat <<EOF'))!;
  assert.match(deploy.blastRadius, /job `deploy`, on a GitHub-hosted runner \(ubuntu-latest\), receives `secrets\.DEPLOY_KEY`/);
  const output = findings.find((finding) => finding.title === 'Secret written to a step output')!;
  assert.match(output.blastRadius, /job output `registry-auth` passes it to job `deploy`/);
});

test('a composite action: credential-named inputs count as secrets', () => {
  const { file, text } = readCase('positive/composite-action/action.yml');
  const finding = single(analyze(text, file));
  assert.deepEqual({ line: finding.line, column: finding.column }, at(text, '${MLFLOW_TRACKING_TOKEN}'));
  assert.equal(finding.severity, 'medium');
  assert.match(finding.message, /Step 1 "Log in" of the composite action prints `\$\{MLFLOW_TRACKING_TOKEN\}` \(holding `inputs\.mlflow-token`\) to the job log \(standard error\)/);
  assert.equal(finding.location.yamlPath, 'runs.steps[0].run');
  assert.match(finding.fix!.snippet, /MLFLOW_TRACKING_TOKEN: \$\{\{ inputs\.mlflow-token \}\}/);
});

test('clean: step-scoped secrets piped to programs, masked derivations, presence checks, names-only dumps', () => {
  const { file, text } = readCase('clean/masked-handling.yml');
  for (const needle of ['--password-stdin', '${HF_TOKEN:+yes}', '${#HF_TOKEN}', 'env | cut -d= -f1', '::add-mask::$AUTH', '{ set +x; }', '$RUNNER_TEMP/mlflow-password', '!model/**/*.env', 'role-to-assume']) {
    assert.ok(text.includes(needle), needle);
  }
  assert.deepEqual(own(analyze(text, file)), []);
});

test('output piped into a consuming program is not logged; through a filter it is', () => {
  const consumed = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          echo "$TOKEN" | docker login -u ci --password-stdin ghcr.io\n          printf '%s' "$TOKEN" | gh auth login --with-token\n`);
  assert.deepEqual(own(analyze(consumed)), []);
  const filtered = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: echo "$TOKEN" | tr a-z A-Z | sort\n`);
  const finding = single(analyze(filtered));
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /passes through tr/);
});

test('tee to an uploaded file is two findings: the log and the artifact', () => {
  const text = workflow(
    `      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: echo "token=$TOKEN" | tee -a out/config.txt\n      - uses: actions/upload-artifact@v4\n        with:\n          name: out\n          path: out/**/*.txt\n`,
  );
  assert.deepEqual(
    own(analyze(text)).map((finding) => finding.title),
    ['Secret written to a file that is uploaded as an artifact', 'Secret printed to the job log'],
  );
});

test('files: only a file a later upload takes in is reported; exclusions, order and working-directory count', () => {
  const write = (path: string, extra = '') => `      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n${extra}        run: printf '%s' "$TOKEN" > ${path}\n`;
  const upload = (path: string) => `      - uses: actions/upload-artifact@v4\n        with:\n          name: results\n          path: ${path}\n`;
  const count = (steps: string) => own(analyze(workflow(steps))).length;
  assert.equal(count(write('creds.txt') + upload('.')), 1, 'the whole workspace');
  assert.equal(count(write('./out/creds.txt') + upload('${{ github.workspace }}/out')), 1, './ and github.workspace are the same place');
  assert.equal(count(write('creds.txt', '        working-directory: out\n') + upload('out/')), 1, 'relative to the working directory');
  assert.equal(count(write('out/creds.json') + upload('out/*.json')), 1, 'a glob');
  assert.equal(count(write('"$RUNNER_TEMP/creds.txt"') + upload('.')), 0, 'outside the workspace');
  assert.equal(count(write('out/creds.txt') + upload('|\n            out/\n            !out/creds.txt')), 0, 'excluded');
  assert.equal(count(write('creds.txt') + upload('dist/')), 0, 'another directory');
  assert.equal(count(upload('.') + write('creds.txt')), 0, 'uploaded before it was written');
  assert.equal(count(write('"$OUT_DIR/creds.txt"') + upload('.')), 0, 'a path that depends on a variable is not guessed');
});

test('$GITHUB_ENV, /dev/null and heredocs into files nobody uploads are not reported', () => {
  const text = workflow(
    `      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          echo "TOKEN2=$TOKEN" >> "$GITHUB_ENV"\n          echo "$TOKEN" > /dev/null\n          cat > ~/.netrc <<EOF\n          machine api.example.com password $TOKEN\n          EOF\n`,
  );
  assert.deepEqual(own(analyze(text)), []);
});

test('set -x: medium when only exact values are traced, nothing when tracing is off before the secret is used', () => {
  const exact = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          set -eux\n          curl -H "Authorization: Bearer $TOKEN" https://api.example.com\n`);
  const finding = single(analyze(exact));
  assert.equal(finding.severity, 'medium');
  assert.equal(finding.title, 'Shell tracing (set -x) in a script that uses secrets');
  assert.deepEqual({ line: finding.line, column: finding.column }, at(exact, 'set -eux'));
  assert.match(finding.message, /GitHub masks the exact values today/);
  const off = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          set -x\n          make build\n          set +x\n          curl -H "Authorization: Bearer $TOKEN" https://api.example.com\n`);
  assert.deepEqual(own(analyze(off)), []);
});

test('environment dumps: only in steps whose environment holds a secret; env running a command is not a dump', () => {
  const secretEnv = `  TOKEN: \${{ secrets.TOKEN }}`;
  assert.equal(own(analyze(workflow('      - run: printenv\n', secretEnv))).length, 1);
  assert.equal(own(analyze(workflow('      - run: export -p\n', secretEnv))).length, 1);
  assert.equal(own(analyze(workflow('      - run: env python train.py\n', secretEnv))).length, 0);
  assert.equal(own(analyze(workflow('      - run: env | sort\n', '  MODEL_NAME: churn'))).length, 0, 'no secret in the environment');
  const named = single(analyze(workflow('      - run: printenv TOKEN\n', secretEnv)));
  assert.equal(named.title, 'Secret printed to the job log');
  // A step that redefines the name without a secret does not hold it.
  assert.equal(own(analyze(workflow('      - env:\n          TOKEN: not-a-secret-value\n        run: env | sort\n', secretEnv))).length, 0);
});

test('quoting: single quotes stop shell expansion but not ${{ }} substitution', () => {
  const text = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          echo 'literal $TOKEN'\n          echo 'substituted \${{ secrets.OTHER }}'\n`);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, at(text, '${{ secrets.OTHER }}'));
});

test('a derived variable is a secret too, unless registered with ::add-mask:: first', () => {
  const steps = (mask: string) => `      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          AUTH=$(printf '%s' "ci:$TOKEN" | base64)\n${mask}          echo "Authorization: Basic $AUTH"\n`;
  const finding = single(analyze(workflow(steps(''))));
  assert.equal(finding.severity, 'high');
  assert.match(finding.message, /\$AUTH, derived from the secret/);
  assert.deepEqual(own(analyze(workflow(steps('          echo "::add-mask::$AUTH"\n')))), []);
  // Text around an unchanged secret keeps it whole: still masked, so medium.
  const wrapped = single(analyze(workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n          URL="https://ci:$TOKEN@registry.example.com"\n          echo "Pushing to $URL"\n`)));
  assert.equal(wrapped.severity, 'medium');
  assert.match(wrapped.message, /prints `\$URL` \(holding `secrets\.TOKEN`\)/);
});

test('toJSON(secrets) in a script is reported once, by this rule, and in any shell', () => {
  const text = workflow(`      - run: echo '\${{ toJSON(secrets) }}' | jq keys\n      - shell: pwsh\n        run: ./upload.ps1 -Secrets '\${{ toJSON(secrets) }}'\n`);
  const findings = analyze(text);
  assert.deepEqual(
    own(findings).map((finding) => [finding.title, finding.location.yamlPath]),
    [
      ['Secret printed to the job log in a form GitHub does not mask', 'jobs.build.steps[0].run'],
      ['Every secret serialised into a run script with toJSON(secrets)', 'jobs.build.steps[1].run'],
    ],
  );
  assert.deepEqual(findings.filter((finding) => finding.ruleId === 'workflow/secret-overexposure'), [], 'secret-overexposure leaves run scripts to this rule');
});

test('evidence and every other field mask plaintext credentials that sit on the same line', () => {
  const token = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
  const text = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: echo "$TOKEN and ${token}"\n`);
  const finding = single(analyze(text));
  assert.match(finding.evidence, /hf_F…pAsD/);
  assertRedacted(finding, token);
});

test('a shell this rule does not read (pwsh) is left alone apart from toJSON(secrets)', () => {
  const text = workflow(`      - shell: pwsh\n        env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: echo "$env:TOKEN"\n`);
  assert.deepEqual(own(analyze(text)), []);
});

test('hostile scripts (unclosed nesting, thousands of flows) are read in linear time', () => {
  for (const unit of ['x="$(echo "', "echo '${{ toJSON(secrets) }}' | base64\n"]) {
    const script = unit.repeat(10_000);
    const text = workflow(`      - env:\n          TOKEN: \${{ secrets.TOKEN }}\n        run: |\n${script.split('\n').map((line) => `          ${line}`).join('\n')}\n`);
    const started = Date.now();
    analyze(text);
    assert.ok(Date.now() - started < 10_000, `${JSON.stringify(unit)} took ${Date.now() - started} ms`);
  }
});
