// Values that name a secret without being one: template variables, stars, angle-bracket hints.
const PLACEHOLDER =
  /^(?:|x+|\*+|\.+|-+|•+|<[^>]*>|\{[^}]*\}|\$\{[^}]*\}|\$\{\{.*\}\}|\$[A-Za-z_][A-Za-z0-9_]*|%\([^)]*\)s|%s|\{\{.*\}\}|changeme|change[-_]?me|password|passwd|pass|secret|token|none|null|nil|undefined|dummy|redacted|removed|todo|test|example|placeholder|your[-_ ]?[a-z_ -]*|my[-_ ]?(?:secret|token|password|key)|\.\.\.)$/i;

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (PLACEHOLDER.test(trimmed)) return true;
  // One repeated character ("aaaaaaaa", "00000000") is filler, not a credential.
  return trimmed.length > 0 && new Set(trimmed).size === 1;
}

/** AWS's documentation keys (AKIAIOSFODNN7EXAMPLE and friends) carry EXAMPLE in the value. */
export function looksLikeDocumentedExample(value: string): boolean {
  return /EXAMPLE/.test(value);
}
