import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast } from '../../core/finding.js';
import { parseInventory } from '../../inventory/inventory.js';
import { Platform } from '../../inventory/platform.js';
import { displayData, errorOutput, executeResult, notebook, stream } from '../../testing/notebook-builder.js';
import { assertRedacted, positionOf, ruleKit } from '../../testing/rule-test-kit.js';

const RULE = 'notebook/credential-in-output';
const { analyze, own, single, readCase } = ruleKit(RULE);

// Fake credentials with the shapes of real ones.
const AWS_KEY_ID = 'AKIAFAKE4TEST5KEY6ZQ';
const AWS_SECRET = 'Fake7SecretKey/ForTests0nly+NotRealAbCdE';
const HF_TOKEN = 'hf_FakeTokenForTestsOnlyQwErTyUiOpAsD';
const GITHUB_TOKEN = 'ghp_FakeTokenForTests0nlyAbCdEfGhIjKlMnO';
const OPENAI_KEY = 'sk-proj-FakeKeyForTests0nly_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

test('an AWS key pair printed to stdout is one critical finding at the secret key, with the key id related', () => {
  const { file, text } = readCase('positive/aws-key-in-stream.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.category, 'secret-exposure');
  assert.equal(finding.title, 'AWS access key pair printed in a cell output');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, AWS_SECRET));
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: positionOf(text, AWS_SECRET).line, column: positionOf(text, AWS_SECRET).column + AWS_SECRET.length });
  assert.deepEqual(finding.location, { cell: 3, output: 0, part: 'output', jsonPointer: '/cells/2/outputs/0/text' });
  assert.match(finding.message, /cell 3, output 0 \(stdout stream\)/);
  assert.equal(finding.evidence, 'AKIA…Y6ZQ / Fake…bCdE');
  assert.equal(finding.related?.length, 1);
  assert.deepEqual({ line: finding.related![0]!.line, column: finding.related![0]!.column }, positionOf(text, AWS_KEY_ID));
  assert.match(finding.blastRadius, /every action the owning IAM identity may take/);
  assert.equal(finding.notes, undefined, 'no placeholder note for a key without EXAMPLE');
  assertRedacted(finding, AWS_KEY_ID, AWS_SECRET);
});

test('text/plain of an execute_result: the repr of boto3 credentials', () => {
  const text = notebook([
    { source: 'import boto3' },
    { source: 'boto3.Session().get_credentials().get_frozen_credentials()', outputs: [executeResult({ 'text/plain': [`ReadOnlyCredentials(access_key='${AWS_KEY_ID}', secret_key='${AWS_SECRET}', token=None)`] })] },
  ]);
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'critical');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, AWS_SECRET));
  assert.deepEqual(finding.location, { cell: 2, output: 0, part: 'output', jsonPointer: '/cells/1/outputs/0/data/text~1plain' });
  assert.match(finding.message, /cell 2, output 0 \(execute result\)/);
  assertRedacted(finding, AWS_KEY_ID, AWS_SECRET);
});

test('temporary STS credentials in an execute_result: the key pair and the session token', () => {
  const { file, text } = readCase('positive/sts-session-credentials.ipynb');
  const findings = own(analyze(text, file));
  assert.deepEqual(
    findings.map((finding) => [finding.title, finding.severity, finding.line, finding.column]),
    [
      ['AWS access key pair printed in a cell output', 'critical', ...Object.values(positionOf(text, 'Fake2SessionSecret/ForTests0nly+AbCdEfGh'))],
      ['AWS session token printed in a cell output', 'high', ...Object.values(positionOf(text, 'IQoJb3JpZ2luX2VjEFakeSessionTokenForTests0nly/'))],
    ],
  );
  for (const finding of findings) {
    assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0/data/text~1plain' });
    assert.ok(!JSON.stringify(finding).includes('IQoJb3JpZ2luX2VjEFakeSessionTokenForTests0nly/'), 'the session token is redacted');
  }
  assert.equal(findings[0]!.evidence, 'ASIA…SS7Q / Fake…EfGh');
  assert.equal(findings[1]!.evidence, 'IQoJ…Zz==');
});

test('text/html of an execute_result: a token in a DataFrame cell', () => {
  const html = `<table class="dataframe">\n<tr><th>name</th><th>value</th></tr>\n<tr><td>GITHUB_TOKEN</td><td>${GITHUB_TOKEN}</td></tr>\n</table>`;
  const text = notebook([{ source: 'pd.DataFrame(os.environ.items())', outputs: [executeResult({ 'text/html': html.split(/(?<=\n)/), 'text/plain': ['<DataFrame 1 rows>'] })] }]);
  const finding = single(analyze(text));
  assert.equal(finding.severity, 'high');
  assert.equal(finding.title, 'GitHub token printed in a cell output');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, GITHUB_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0/data/text~1html' });
  assert.equal(finding.evidence, 'ghp_…lMnO');
  assertRedacted(finding, GITHUB_TOKEN);
});

test('display_data as the second output of a cell: output index is 0-based', () => {
  const text = notebook([
    { source: 'x = 1' },
    {
      source: 'print("Loading config")\ndisplay(Markdown(f"Key: `{key}`"))',
      outputs: [stream('Loading config\n'), displayData({ 'text/markdown': [`Key: \`${OPENAI_KEY}\``], 'text/plain': ['<IPython.core.display.Markdown object>'] })],
    },
  ]);
  const finding = single(analyze(text));
  assert.equal(finding.title, 'OpenAI API key printed in a cell output');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, OPENAI_KEY));
  assert.deepEqual(finding.location, { cell: 2, output: 1, part: 'output', jsonPointer: '/cells/1/outputs/1/data/text~1markdown' });
  assert.match(finding.message, /cell 2, output 1 \(display data\)/);
  assertRedacted(finding, OPENAI_KEY);
});

test('an error traceback: ANSI colour codes around the token are stripped before matching', () => {
  const { file, text } = readCase('positive/token-in-coloured-traceback.ipynb');
  // The colour codes sit right against the token in the file: ...\u001b[0;33m"hf_...
  assert.ok(text.includes(`\\u001b[0;33m\\"${HF_TOKEN}\\"\\u001b[0m`), 'the case file wraps the token in colour codes');
  const finding = single(analyze(text, file));
  assert.equal(finding.title, 'Hugging Face token printed in a cell output');
  assert.equal(finding.severity, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0/traceback' });
  assert.match(finding.message, /cell 1, output 0 \(error\)/);
  assert.equal(finding.evidence, 'hf_F…pAsD');
  assertRedacted(finding, HF_TOKEN);
});

test('the evalue of an error output, with colour codes', () => {
  const text = notebook([{ source: 'login(token)', outputs: [errorOutput('ValueError', `\u001b[31mInvalid token ${HF_TOKEN}\u001b[0m`, [])] }]);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0/evalue' });
});

test('coloured log lines in a stream: ANSI codes right before the token do not hide it', () => {
  const text = notebook([{ source: 'logger.info(...)', outputs: [stream(`\u001b[32mINFO\u001b[0m pushing with token=\u001b[1m${HF_TOKEN}\u001b[0m\n`, 'stderr')] }]);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.match(finding.message, /\(stderr stream\)/);
});

test('JSON escapes before the secret on its line: \\" is mapped back to the right column', () => {
  const printed = `config: {"repo": "acme/churn", "token": "${HF_TOKEN}"}\n`;
  const text = notebook([{ source: 'print(json.dumps(config))', outputs: [stream(printed)] }]);
  const line = positionOf(text, HF_TOKEN);
  // Seven quotes precede the token, each written \" in the file: raw and decoded offsets differ by seven.
  assert.equal(printed.slice(0, printed.indexOf(HF_TOKEN)).split('"').length - 1, 7);
  assert.equal(line.column - 1 - text.split('\n')[line.line - 1]!.indexOf('config: '), printed.indexOf(HF_TOKEN) + 7);
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, line);
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: line.line, column: line.column + HF_TOKEN.length });
});

test('\\u escapes before the secret on its line (a notebook written with ensure_ascii)', () => {
  const generated = notebook([{ source: 'print(summary)', outputs: [stream(`Résumé of café naïve run — token ${HF_TOKEN}\n`)] }]);
  const text = generated.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  assert.ok(text.includes('R\\u00e9sum\\u00e9 of caf\\u00e9 na\\u00efve run \\u2014 token'));
  const finding = single(analyze(text));
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, HF_TOKEN));
  assert.equal(finding.endColumn, positionOf(text, HF_TOKEN).column + HF_TOKEN.length);
});

test('escapes inside the secret itself: the range covers the escaped form on disk', () => {
  // Some serialisers write / as \/; the decoded secret still matches and the range spans the raw text.
  const generated = notebook([{ source: '!cat ~/.aws/credentials', outputs: [stream(`aws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`)] }]);
  const text = generated.replace(AWS_SECRET, AWS_SECRET.replace(/\//g, '\\/'));
  const onDisk = AWS_SECRET.replace(/\//g, '\\/');
  const finding = single(analyze(text));
  const at = positionOf(text, onDisk);
  assert.deepEqual({ line: finding.line, column: finding.column }, at);
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: at.line, column: at.column + onDisk.length });
  assert.equal(finding.evidence, 'AKIA…Y6ZQ / Fake…bCdE');
});

test('a private key printed over many lines of the output array is one finding from BEGIN to END', () => {
  const { file, text } = readCase('positive/private-key-split-across-lines.ipynb');
  const finding = single(analyze(text, file));
  const begin = positionOf(text, '-----BEGIN RSA PRIVATE KEY-----');
  const end = positionOf(text, '-----END RSA PRIVATE KEY-----');
  assert.ok(end.line - begin.line >= 8, 'the key spans several entries of the text array');
  assert.equal(finding.title, 'Private key printed in a cell output');
  assert.equal(finding.severity, 'high');
  assert.deepEqual({ line: finding.line, column: finding.column }, begin);
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: end.line, column: end.column + '-----END RSA PRIVATE KEY-----'.length });
  assert.deepEqual(finding.location, { cell: 1, output: 0, part: 'output', jsonPointer: '/cells/0/outputs/0/text' });
  assert.match(finding.evidence, /^-----BEGIN RSA PRIVATE KEY-----… \(\d+ characters\)$/);
  // Not one line of the key body appears anywhere in the finding, snippet included.
  const body = text.split('\n').filter((line) => /^\s+"[A-Za-z0-9+/]{40,}\\n",?$/.test(line));
  assert.ok(body.length >= 6);
  const serialised = JSON.stringify(finding);
  for (const line of body) assert.ok(!serialised.includes(line.trim().slice(1, 30)), 'the key body is masked');
  // In the code frame, lines inside the key are masked whole: no line keeps its first or last characters.
  const inside = finding.snippet!.lines.slice(finding.line - finding.snippet!.startLine + 1);
  assert.ok(inside.length > 0);
  for (const line of inside) assert.match(line, /^•+$/);
});

test('a token split between two consecutive lines of the text array is matched on the joined text', () => {
  const head = HF_TOKEN.slice(0, 15);
  const tail = HF_TOKEN.slice(15);
  const text = notebook([{ source: 'print(token, end="")', outputs: [{ name: 'stdout', output_type: 'stream', text: [`token: ${head}`, `${tail}\n`] }] }]);
  assert.ok(!text.includes(HF_TOKEN), 'the whole token never appears on one line of the file');
  const finding = single(analyze(text));
  const start = positionOf(text, `token: ${head}`);
  const end = positionOf(text, `${tail}\\n`);
  assert.deepEqual({ line: finding.line, column: finding.column }, { line: start.line, column: start.column + 'token: '.length });
  assert.deepEqual({ line: finding.endLine, column: finding.endColumn }, { line: end.line, column: end.column + tail.length });
  assert.equal(finding.evidence, 'hf_F…pAsD');
  assertRedacted(finding, HF_TOKEN, head, tail);
});

test('base64 images are skipped: a secret-looking string inside image/png is not reported', () => {
  const payload = `iVBORw0KGgoAAAANSUhEUgAA\naws_access_key_id=${AWS_KEY_ID}\naws_secret_access_key=${AWS_SECRET}\ntoken=${HF_TOKEN}\nAAAAElFTkSuQmCC\n`;
  const text = notebook([
    {
      source: 'plt.plot(losses)',
      outputs: [displayData({ 'image/png': payload, 'image/jpeg': payload, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] })],
    },
  ]);
  const findings = analyze(text);
  assert.deepEqual(own(findings), []);
  assert.deepEqual(
    findings.map((finding) => [finding.ruleId, finding.severity]),
    [['notebook/outputs-committed', 'low']],
  );
  // The same string as text is reported, so the skip is by MIME type, not by content.
  const asText = notebook([{ source: 'print(payload)', outputs: [stream(payload)] }]);
  assert.ok(own(analyze(asText)).length > 0);
});

test("AWS's documented example keys are still reported, with a note that they look like placeholders", () => {
  const { file, text } = readCase('positive/aws-documented-example-keys.ipynb');
  const finding = single(analyze(text, file));
  assert.equal(finding.severity, 'critical');
  assert.equal(finding.title, 'AWS access key pair printed in a cell output');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'));
  assert.equal(finding.evidence, 'AKIA…MPLE / wJal…EKEY');
  assert.equal(finding.notes?.length, 1);
  assert.match(finding.notes![0]!, /example keys in AWS's documentation/);
  assert.match(finding.notes![0]!, /placeholder/);
  assertRedacted(finding, 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
});

test('with an inventory, the blast radius names the key owner and its AdministratorAccess', () => {
  const loaded = parseInventory(
    JSON.stringify({
      version: 1,
      platform: { name: 'Acme ML', cloud: 'aws', account: '111122223333' },
      identities: [
        { id: 'ml-notebook', kind: 'aws-iam-user', name: 'ml-notebook', accessKeyIds: [AWS_KEY_ID], attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
        { id: 'ci', kind: 'aws-iam-user', name: 'ci-training', accessKeyIds: ['AKIAFAKE4TEST5CI7KEYX'], attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'] },
      ],
      storage: [{ id: 'models', kind: 's3-bucket', name: 'acme-mlflow-artifacts', holds: ['model artifacts'] }],
    }),
  );
  assert.ok(loaded.ok, 'the inventory is valid');
  const platform = new Platform(loaded.inventory);
  const { file, text } = readCase('positive/aws-key-in-stream.ipynb');

  const withInventory = single(analyze(text, file, { platform }));
  assert.match(withInventory.blastRadius, /IAM user ml-notebook/);
  assert.match(withInventory.blastRadius, /AdministratorAccess/);
  assert.match(withInventory.blastRadius, /account 111122223333/);
  assert.match(withInventory.blastRadius, /acme-mlflow-artifacts \(model artifacts\)/);

  const withoutInventory = single(analyze(text, file));
  assert.doesNotMatch(withoutInventory.blastRadius, /AdministratorAccess/);
  assert.doesNotMatch(withoutInventory.blastRadius, /ml-notebook/);

  // A key the inventory does not know gets the generic blast radius.
  const other = notebook([{ source: 'print(key)', outputs: [stream('Access key: AKIAFAKE4OTHER5KEY6Z\n')] }]);
  const unknown = single(analyze(other, undefined, { platform }));
  assert.equal(unknown.severity, 'medium', 'a key id alone is medium');
  assert.doesNotMatch(unknown.blastRadius, /AdministratorAccess/);
});

test('a key id alone, when the inventory knows it, still carries the owner and its policies', () => {
  const loaded = parseInventory(JSON.stringify({ version: 1, identities: [{ id: 'nb', kind: 'aws-iam-user', name: 'ml-notebook', accessKeyIds: [AWS_KEY_ID], attachedPolicies: ['AdministratorAccess'] }] }));
  assert.ok(loaded.ok);
  const text = notebook([{ source: 'print(key)', outputs: [stream(`Access key: ${AWS_KEY_ID}\n`)] }]);
  const finding = single(analyze(text, undefined, { platform: new Platform(loaded.inventory) }));
  assert.equal(finding.title, 'AWS access key ID printed in a cell output');
  assert.deepEqual({ line: finding.line, column: finding.column }, positionOf(text, AWS_KEY_ID));
  assert.match(finding.blastRadius, /AdministratorAccess/);
});

test('clean: a notebook full of images and role-based access yields nothing of medium or higher from any rule', () => {
  const { file, text } = readCase('clean/images-and-role-based-access.ipynb');
  const nb = JSON.parse(text) as { cells: Array<{ source: string[]; outputs?: Array<{ data?: Record<string, unknown> }> }> };
  // The case is what it claims to be: many large images, an IAM role, environment and getpass secrets.
  const images = nb.cells.flatMap((cell) => cell.outputs ?? []).map((output) => output.data?.['image/png']).filter((png): png is string => typeof png === 'string');
  assert.ok(images.length >= 6, 'at least six image/png outputs');
  assert.ok(images.reduce((sum, png) => sum + png.length, 0) > 200_000, 'a few hundred KB of base64 image data');
  const code = nb.cells.map((cell) => cell.source.join('')).join('\n');
  for (const needle of ['sts.get_caller_identity()', 'os.environ["', 'getpass(', 'mlflow.log_params(params)', 'boto3.client("s3")']) assert.ok(code.includes(needle), needle);

  const findings = analyze(text, file);
  assert.deepEqual(
    findings.filter((finding) => atLeast(finding.severity, 'medium')).map((finding) => `${finding.ruleId} ${finding.severity} ${finding.line}: ${finding.title}`),
    [],
  );
  // Outputs are stored, and reported at low severity only.
  assert.deepEqual(
    findings.map((finding) => [finding.ruleId, finding.severity]),
    [['notebook/outputs-committed', 'low']],
  );
});

test('clean: credentials masked before printing are not reported', () => {
  const { file, text } = readCase('clean/masked-credentials-printed.ipynb');
  assert.deepEqual(own(analyze(text, file)), []);
});

test('a credential in the source is not reported as an output, and one printed is not reported as source', () => {
  const text = notebook([{ source: `token = "${HF_TOKEN}"\nprint(token)`, outputs: [stream(`${HF_TOKEN}\n`)] }]);
  const findings = analyze(text);
  const output = single(findings);
  assert.equal(output.location.part, 'output');
  assert.deepEqual(
    findings.filter((finding) => finding.ruleId === 'notebook/credential-in-source').map((finding) => finding.location.part),
    ['source'],
  );
});

test('a notebook without outputs has nothing for this rule', () => {
  assert.deepEqual(own(analyze(notebook([{ source: `print("${HF_TOKEN}")` }]))), []);
});
