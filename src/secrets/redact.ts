// Nothing leaves the analyzer with a whole secret: evidence shows at most a few characters at each end,
// and short values show none at all.

const ELLIPSIS = '…';

export function redact(secret: string): string {
  const value = secret.trim();
  if (value.length >= 16) return `${value.slice(0, 4)}${ELLIPSIS}${value.slice(-4)}`;
  if (value.length >= 10) return `${value.slice(0, 2)}${ELLIPSIS}`;
  return '••••';
}

/** Same-length masking for code frames, so columns and carets stay aligned. */
export function maskInPlace(secret: string): string {
  const keep = secret.length >= 16 ? 4 : 0;
  if (keep === 0) return '•'.repeat(secret.length);
  return secret.slice(0, keep) + '•'.repeat(secret.length - 2 * keep) + secret.slice(-keep);
}

/** A multi-line secret (a PEM block) is summarised by its header and size. */
export function redactBlock(secret: string): string {
  const header = /^-----BEGIN [A-Z0-9 ]+-----/.exec(secret)?.[0];
  return header ? `${header}${ELLIPSIS} (${secret.length} characters)` : redact(secret);
}
