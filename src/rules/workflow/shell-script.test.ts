import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandName, parseShell, unquote, variablesIn } from './shell-script.js';

const shape = (script: string) =>
  parseShell(script).map((pipeline) =>
    pipeline.commands.map((command) => ({
      words: command.words.map((word) => word.text),
      redirects: command.redirects.map((redirect) => `${redirect.fd ?? ''}${redirect.op}${redirect.target?.text ?? ''}`),
      heredocs: command.heredocs.map((heredoc) => [heredoc.delimiter, heredoc.quoted, heredoc.body]),
    })),
  );

test('pipelines, lists and redirections', () => {
  assert.deepEqual(shape('echo "$A" | base64 -w0 > out.txt && env 2>&1 | sort; cmd >> "$GITHUB_OUTPUT" &>/dev/null'), [
    [
      { words: ['echo', '"$A"'], redirects: [], heredocs: [] },
      { words: ['base64', '-w0'], redirects: ['>out.txt'], heredocs: [] },
    ],
    [
      { words: ['env'], redirects: ['2>&1'], heredocs: [] },
      { words: ['sort'], redirects: [], heredocs: [] },
    ],
    [{ words: ['cmd'], redirects: ['>>"$GITHUB_OUTPUT"', '&>/dev/null'], heredocs: [] }],
  ]);
});

test('quotes, substitutions and ${{ }} stay inside one word; comments and line continuations do not split commands', () => {
  assert.deepEqual(shape(`AUTH=$(printf '%s' "u:$T" | base64) # a | comment\ncurl -H "x: \${{ secrets.A }}" \\\n  https://e.example`), [
    [{ words: [`AUTH=$(printf '%s' "u:$T" | base64)`], redirects: [], heredocs: [] }],
    [{ words: ['curl', '-H', '"x: ${{ secrets.A }}"', 'https://e.example'], redirects: [], heredocs: [] }],
  ]);
});

test('here-documents: body, quoted delimiters and <<- with tabs', () => {
  assert.deepEqual(shape("cat > f <<EOF\nkey=$K\nEOF\ncat <<'X' | tee g\nraw $K\nX\ncat <<-END\n\tindented\n\tEND\necho after"), [
    [{ words: ['cat'], redirects: ['>f', '<<EOF'], heredocs: [['EOF', false, 'key=$K']] }],
    [
      { words: ['cat'], redirects: ["<<'X'"], heredocs: [['X', true, 'raw $K']] },
      { words: ['tee', 'g'], redirects: [], heredocs: [] },
    ],
    [{ words: ['cat'], redirects: ['<<-END'], heredocs: [['END', false, '\tindented']] }],
    [{ words: ['echo', 'after'], redirects: [], heredocs: [] }],
  ]);
});

test('command names skip keywords and assignments', () => {
  const [pipeline] = parseShell('then FOO=1 echo "$X"');
  const { name, args, assignments } = commandName(pipeline!.commands[0]!);
  assert.equal(name?.text, 'echo');
  assert.deepEqual(args.map((word) => word.text), ['"$X"']);
  assert.deepEqual(assignments.map((word) => word.text), ['FOO=1']);
  assert.equal(unquote(`'a'"b"\\c`), 'abc');
});

test('variable expansions: plain, braced, modified, in substitutions; not lengths, :+ or single quotes', () => {
  assert.deepEqual(
    variablesIn(`$A "\${B}" \${C:0:4} $(echo $D) \${#E} \${F:+set} '$G' \${H:-x}`).map((found) => [found.name, found.transformed, found.substituted]),
    [
      ['A', false, false],
      ['B', false, false],
      ['C', true, false],
      ['D', true, true],
      ['H', false, false],
    ],
  );
  assert.deepEqual(variablesIn(`'$G'`, true).map((found) => found.name), ['G'], 'here-document bodies expand inside quotes');
});

test('unclosed ${ and deeply nested "$( are read in linear time', () => {
  for (const text of ['echo ${'.repeat(50_000), 'x="$(echo "'.repeat(50_000)]) {
    const started = Date.now();
    parseShell(text);
    variablesIn(text);
    assert.ok(Date.now() - started < 5_000, `${text.slice(0, 12)}… took ${Date.now() - started} ms`);
  }
});
