import type { MappedText } from '../text/mapped-text.js';
import { DETECTORS, type Detector } from './detectors.js';

export interface SecretMatch {
  detector: Detector;
  /** The raw credential. It stays inside the analyzer: findings carry only redacted evidence. */
  secret: string;
  display?: string;
  detail?: string;
  /** Index range in the decoded text. */
  start: number;
  end: number;
  /** Offset range in the file on disk. */
  rawStart: number;
  rawEnd: number;
  /** On an AWS secret key: the access key ID printed or written beside it. */
  partner?: SecretMatch;
  /** On an AWS access key ID: it is reported as part of a pair, not alone. */
  paired?: boolean;
}

// When two detectors claim overlapping text, the more specific one wins: a GitHub token inside
// https://user:ghp_…@github.com is a GitHub token, not just a URI password.
const GENERIC = new Set(['uri-password', 'aws-secret-access-key']);

/** `hint` is the name the text is stored under (an env variable, a config key), when there is one. */
export function detectSecrets(text: MappedText, detectors: readonly Detector[] = DETECTORS, hint?: string): SecretMatch[] {
  const source = text.text;
  if (source.length < 8) return [];
  const found: SecretMatch[] = [];
  for (const detector of detectors) {
    if (!detector.keywords.some((keyword) => source.includes(keyword) || (hint !== undefined && hint.includes(keyword)))) continue;
    for (const raw of detector.find(source, hint)) {
      const range = text.rawRange(raw.start, raw.end);
      found.push({ detector, secret: raw.secret, display: raw.display, detail: raw.detail, start: raw.start, end: raw.end, rawStart: range.start, rawEnd: range.end });
    }
  }
  if (found.length === 0) return found;
  const kept = resolveOverlaps(found);
  pairAwsKeys(kept);
  return kept;
}

function resolveOverlaps(matches: SecretMatch[]): SecretMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  for (const match of matches) {
    const previous = kept[kept.length - 1];
    if (previous && match.start < previous.end) {
      if (GENERIC.has(previous.detector.id) && !GENERIC.has(match.detector.id)) kept[kept.length - 1] = match;
      continue;
    }
    kept.push(match);
  }
  return kept;
}

function pairAwsKeys(matches: SecretMatch[]): void {
  const ids = matches.filter((match) => match.detector.id === 'aws-access-key-id');
  if (ids.length === 0) return;
  for (const secret of matches) {
    if (secret.detector.id !== 'aws-secret-access-key') continue;
    let best: SecretMatch | undefined;
    for (const id of ids) {
      if (id.paired) continue;
      const distance = Math.abs(id.start - secret.start);
      if (distance <= 600 && (!best || distance < Math.abs(best.start - secret.start))) best = id;
    }
    if (best) {
      best.paired = true;
      secret.partner = best;
    }
  }
}
