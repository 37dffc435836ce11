import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskInPlace, redact, redactBlock } from './redact.js';

const MASKS = /[…•]/g;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-';

/** A secret whose characters are all different at every position, so any revealed run is attributable. */
function secretOfLength(length: number, seed: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(i * 7 + seed * 13 + ((i * i) % 5)) % ALPHABET.length];
  return out;
}

/** Characters of the secret that the redacted text shows (everything but the mask characters). */
function revealed(redacted: string): number {
  return redacted.replace(MASKS, '').length;
}

test('redaction never reveals more than 8 characters of a secret, whatever its length', () => {
  for (let length = 1; length <= 300; length++) {
    for (const seed of [1, 2, 3]) {
      const secret = secretOfLength(length, seed);
      const shown = redact(secret);
      assert.ok(revealed(shown) <= 8, `redact() of a ${length}-character secret shows ${revealed(shown)} characters: ${shown}`);
      if (length >= 10) assert.ok(!shown.includes(secret), 'the whole secret never appears');
      const masked = maskInPlace(secret);
      assert.ok(revealed(masked) <= 8, `maskInPlace() of a ${length}-character secret shows ${revealed(masked)} characters`);
      assert.equal(masked.length, secret.length, 'maskInPlace keeps the length so code-frame columns stay aligned');
    }
  }
});

test('a long secret keeps only its first and last four characters', () => {
  assert.equal(redact('hf_FakeTokenForTestsOnlyQwErTyUiOpAsD'), 'hf_F…pAsD');
  assert.equal(redact('Fake7SecretKey/ForTests0nly+NotRealAbCdE'), 'Fake…bCdE');
  assert.equal(maskInPlace('hf_FakeTokenForTestsOnlyQwErTyUiOpAsD'), `hf_F${'•'.repeat(29)}pAsD`);
});

test('short secrets are fully masked', () => {
  for (const secret of ['hunter2', 'p@ss', 'Winter24!', 'x', '12345678']) {
    assert.equal(redact(secret), '••••', secret);
    assert.equal(maskInPlace(secret), '•'.repeat(secret.length), secret);
  }
});

test('medium-length secrets show two characters at most', () => {
  for (const secret of ['Winter-2024', 'Tr4in-Run-2024', 'r3d1sS3cr3tX']) {
    const shown = redact(secret);
    assert.ok(revealed(shown) <= 2, `${secret} → ${shown}`);
    assert.ok(secret.startsWith(shown.replace(MASKS, '')));
  }
});

test('the masked length of a short secret does not reveal its length', () => {
  assert.equal(redact('abc'), redact('abcdefgh'));
});

test('surrounding whitespace is not counted as part of the secret', () => {
  assert.equal(redact('   hf_FakeTokenForTestsOnlyQwErTyUiOpAsD\n'), 'hf_F…pAsD');
});

test('a private key is summarised by its header and size, never its body', () => {
  const body = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK';
  const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
  const shown = redactBlock(pem);
  assert.equal(shown, `-----BEGIN RSA PRIVATE KEY-----… (${pem.length} characters)`);
  for (const line of body.split('\n')) assert.ok(!shown.includes(line.slice(0, 8)));
  // Without a PEM header it falls back to ordinary redaction.
  assert.equal(redactBlock('hf_FakeTokenForTestsOnlyQwErTyUiOpAsD'), 'hf_F…pAsD');
});
