import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attribute, blocks, expressionText, hclToValue, HclSyntaxError, parseHcl, type HclExpression } from './hcl.js';

const SOURCE = `# comment
terraform {
  required_version = ">= 1.5" // trailing comment
}

/* block comment */
resource "aws_s3_bucket" "models" {
  bucket        = "\${var.prefix}-models"
  force_destroy = false
  count         = var.enabled ? 1 : 0
  tags = {
    team    = "ml"
    "cost:center" = 42
  }
  list  = [1, -2.5, "three", null, true,]
  ref   = aws_kms_key.models.arn
  index = aws_subnet.private[0].id
  call  = merge(local.tags, { a = "b" })
  body  = <<-EOT
    {
      "a": "\${var.x}"
    }
  EOT
  raw = <<EOF
plain
EOF

  lifecycle {
    prevent_destroy = true
  }
}
`;

test('reads blocks, attributes, literals, templates, heredocs, objects, tuples, calls and references with ranges', () => {
  const body = parseHcl(SOURCE);
  const [terraform, resource] = blocks(body);
  assert.equal(terraform!.blockType, 'terraform');
  assert.deepEqual(resource!.labels, ['aws_s3_bucket', 'models']);
  const value = (name: string): HclExpression => attribute(resource!.body, name)!.value;

  const bucket = value('bucket');
  assert.equal(bucket.type, 'template');
  assert.equal(expressionText(bucket), '${var.prefix}-models');
  assert.equal(SOURCE.slice(bucket.start, bucket.end), '"${var.prefix}-models"');
  assert.deepEqual(hclToValue(value('force_destroy'), SOURCE), false);
  assert.equal(value('count').type, 'expression');
  assert.equal(expressionText(value('count')), '${var.enabled ? 1 : 0}');
  assert.deepEqual(hclToValue(value('tags'), SOURCE), { team: 'ml', 'cost:center': 42 });
  assert.deepEqual(hclToValue(value('list'), SOURCE), [1, -2.5, 'three', null, true]);
  assert.equal(expressionText(value('ref')), '${aws_kms_key.models.arn}');
  assert.equal(value('ref').type, 'reference');
  assert.equal(expressionText(value('index')), '${aws_subnet.private[0].id}');
  const call = value('call');
  assert.ok(call.type === 'call' && call.name === 'merge' && call.args.length === 2);
  assert.equal(expressionText(value('body')), '{\n  "a": "${var.x}"\n}\n');
  assert.equal(expressionText(value('raw')), 'plain\n');
  assert.equal(blocks(resource!.body, 'lifecycle').length, 1);

  const list = value('list');
  assert.ok(list.type === 'tuple');
  assert.equal(SOURCE.slice(list.items[2]!.start, list.items[2]!.end), '"three"');
});

test('escapes in quoted strings, $${ as a literal ${', () => {
  const body = parseHcl('a = "tab\\there \\"q\\" \\u00e9"\nb = "$${not.interpolated}"\n');
  assert.equal(expressionText(attribute(body, 'a')!.value), 'tab\there "q" é');
  const b = attribute(body, 'b')!.value;
  assert.equal(b.type, 'literal');
  assert.equal(expressionText(b), '${not.interpolated}');
});

test('broken input throws with the offset of the problem', () => {
  const cases: Array<[string, RegExp, number]> = [
    ['resource "a" "b" {\n  x = 1\n', /unclosed block/, 27],
    ['a = "unterminated\n', /unterminated string/, 4],
    ['a = [1, 2\n', /expected , or \]/, 10],
    ['a = 1 b = 2\n', /expected a new line/, 6],
    ['a = <<EOF\nnever closed\n', /heredoc EOF is never closed/, 4],
    ['= 1\n', /expected an attribute or block name/, 0],
  ];
  for (const [text, message, offset] of cases) {
    assert.throws(
      () => parseHcl(text),
      (error: unknown) => error instanceof HclSyntaxError && message.test(error.message) && error.offset === offset,
      text,
    );
  }
});

test('deep nesting is refused, not a stack overflow', () => {
  assert.throws(() => parseHcl(`a = ${'['.repeat(2000)}${']'.repeat(2000)}\n`), /nested too deeply/);
});
