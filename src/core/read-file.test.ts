import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeText, formatBytes, parseSize, readTextFile } from './read-file.js';

const root = mkdtempSync(join(tmpdir(), 'mlops-audit-read-'));
after(() => rmSync(root, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(root, name);
  writeFileSync(path, content);
  return path;
}

test('a UTF-8 file is read as text with its byte count', async () => {
  const text = '{"name": "café ✓"}\n';
  const result = await readTextFile(file('ok.json', text), 1024);
  assert.deepEqual(result, { ok: true, text, bytes: Buffer.byteLength(text) });
});

test('an empty file is read as empty text (the parser, not the reader, says what is wrong with it)', async () => {
  assert.deepEqual(await readTextFile(file('empty.ipynb', ''), 1024), { ok: true, text: '', bytes: 0 });
});

test('a byte order mark is stripped from the text', async () => {
  const result = await readTextFile(file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}')])), 1024);
  assert.equal(result.ok, true);
  assert.ok(result.ok);
  assert.equal(result.text, '{"a": 1}');
  assert.equal(result.bytes, 11, 'the byte count is of the file on disk');
});

test('a file with NUL bytes is refused as binary', async () => {
  const result = await readTextFile(file('binary.ipynb', Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0x02, 0x7d])), 1024);
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.kind, 'binary');
  assert.match(result.message, /binary/);
  assert.match(result.message, /NUL/);
});

test('binary detection looks at the start of the file, as git does', () => {
  const late = Buffer.concat([Buffer.from('a'.repeat(9000)), Buffer.from([0])]);
  const result = decodeText(late);
  // A NUL byte is valid UTF-8; after the probe window the file is text.
  assert.equal(result.ok, true);
});

test('invalid UTF-8 is refused with the line and column of the first bad byte', async () => {
  // Latin-1 "é" (0xe9) on line 3 after 11 characters.
  const bytes = Buffer.concat([Buffer.from('{\n "ok": "ü",\n "x": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
  const result = await readTextFile(file('latin1.ipynb', bytes), 1024);
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.equal(result.kind, 'encoding');
  assert.equal(result.line, 3);
  assert.equal(result.column, 11);
  assert.match(result.message, /not valid UTF-8/);
  assert.match(result.message, /0xe9/);
  assert.match(result.message, /line 3 column 11/);
});

test('invalid UTF-8 positions: truncated sequences, overlongs, surrogates and the last byte', () => {
  const cases: Array<{ bytes: Buffer; line: number; column: number; byte: string }> = [
    // A 3-byte sequence cut short by an ASCII byte.
    { bytes: Buffer.from([0x61, 0xe2, 0x82, 0x41]), line: 1, column: 2, byte: '0xe2' },
    // Overlong encoding of "/".
    { bytes: Buffer.from([0x61, 0x0a, 0x62, 0xc0, 0xaf]), line: 2, column: 2, byte: '0xc0' },
    // A UTF-16 surrogate encoded in UTF-8 (CESU).
    { bytes: Buffer.from([0xed, 0xa0, 0x80]), line: 1, column: 1, byte: '0xed' },
    // A lone continuation byte after a multi-byte character: columns count characters, not bytes.
    { bytes: Buffer.concat([Buffer.from('é'), Buffer.from([0x80])]), line: 1, column: 2, byte: '0x80' },
    // A sequence truncated by the end of the file.
    { bytes: Buffer.from([0x61, 0x62, 0xf0, 0x9f]), line: 1, column: 3, byte: '0xf0' },
  ];
  for (const { bytes, line, column, byte } of cases) {
    const result = decodeText(bytes);
    assert.ok(!result.ok, bytes.toString('hex'));
    assert.equal(result.kind, 'encoding', bytes.toString('hex'));
    assert.deepEqual([result.line, result.column], [line, column], bytes.toString('hex'));
    assert.match(result.message, new RegExp(`bad byte ${byte} at line ${line} column ${column}`), bytes.toString('hex'));
  }
});

test('a file over the size cap is refused without being read, naming its size, the cap and --max-file-size', async () => {
  const path = file('huge.json', `[${'1,'.repeat(3000)}1]`);
  const result = await readTextFile(path, 2048);
  assert.ok(!result.ok);
  assert.equal(result.kind, 'too-large');
  assert.match(result.message, /5\.9 KiB/, 'the file size');
  assert.match(result.message, /2\.0 KiB/, 'the cap');
  assert.match(result.message, /--max-file-size/);
  // Exactly at the cap is allowed.
  const exact = await readTextFile(file('exact.json', 'x'.repeat(2048)), 2048);
  assert.equal(exact.ok, true);
});

test('missing files, folders and symbolic link loops are reported, not thrown', async () => {
  const missing = await readTextFile(join(root, 'nope.ipynb'), 1024);
  assert.deepEqual(missing, { ok: false, kind: 'not-found', message: 'no such file' });

  const folder = join(root, 'folder.ipynb');
  mkdirSync(folder);
  const directory = await readTextFile(folder, 1024);
  assert.ok(!directory.ok);
  assert.equal(directory.kind, 'special-file');

  const loop = join(root, 'loop.ipynb');
  symlinkSync(loop, loop);
  const looped = await readTextFile(loop, 1024);
  assert.ok(!looped.ok);
  assert.equal(looped.kind, 'loop');
});

test('a FIFO is refused at once instead of blocking until something writes to it', { timeout: 10_000 }, async (t) => {
  const fifo = join(root, 'pipe.ipynb');
  try {
    execFileSync('mkfifo', [fifo]);
  } catch {
    t.skip('mkfifo is not available');
    return;
  }
  const result = await readTextFile(fifo, 1024);
  assert.ok(!result.ok);
  assert.equal(result.kind, 'special-file');
  assert.match(result.message, /not a regular file/);
});

test('parseSize reads byte counts and k/M/G sizes, binary units, any case', () => {
  assert.equal(parseSize('0'), 0);
  assert.equal(parseSize('1234'), 1234);
  assert.equal(parseSize('512k'), 512 * 1024);
  assert.equal(parseSize('512K'), 512 * 1024);
  assert.equal(parseSize('512kb'), 512 * 1024);
  assert.equal(parseSize('20MB'), 20 * 1024 * 1024);
  assert.equal(parseSize('20mib'), 20 * 1024 * 1024);
  assert.equal(parseSize(' 1.5GiB '), 1.5 * 1024 ** 3);
  assert.equal(parseSize('1 MB'), 1024 * 1024);
  assert.equal(parseSize('100B'), 100);
  for (const bad of ['', 'MB', '-1MB', '1TB', '1.2.3', 'ten', '20 M B', '1e6', '0x10']) assert.equal(parseSize(bad), undefined, JSON.stringify(bad));
});

test('formatBytes uses B, KiB, MiB and GiB with one decimal below ten', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(1024), '1.0 KiB');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(20 * 1024), '20 KiB');
  assert.equal(formatBytes(20 * 1024 * 1024), '20 MiB');
  assert.equal(formatBytes(5.5 * 1024 * 1024), '5.5 MiB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB');
  assert.equal(formatBytes(4096 * 1024 ** 3), '4096 GiB');
});
