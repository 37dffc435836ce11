import { isPlaceholder } from './placeholders.js';

/** A value of no known format that counts as a credential when it is stored under a secret name. */
export function isCredentialLiteral(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length >= 6 && !isPlaceholder(trimmed) && !trimmed.includes('${{') && !/^\$/.test(trimmed) && !/\s/.test(trimmed);
}
