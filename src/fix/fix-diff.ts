import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from 'diff';
import { maskSecretsInLine } from '../core/snippet.js';
import { maskValues, secretRanges, secretValues } from '../secrets/secret-ranges.js';
import { LineIndex } from '../text/line-index.js';

// The unified diff `mlops-audit fix` prints. Its removed and context lines are the file as it was, so the
// secrets the fix moves out would be printed whole: by default each one is masked as code frames mask it.
// A masked diff does not apply; --show-secrets prints the raw one, which does.

export interface FixDiff {
  /** The diff as a patch tool applies it. */
  raw: string;
  /** The same diff with every secret masked; equal to `raw` when the file holds none in the shown lines. */
  masked: string;
}

/** Printed above a diff in which something was masked, so nobody mistakes it for a patch. */
export const MASKED_NOTICE = '# mlops-audit: secrets below are masked (•): this diff is for reading and will not apply; --show-secrets prints one that applies\n';

type FixedKind = 'json' | 'yaml';

export function fixDiff(file: string, kind: FixedKind, before: string, after: string): FixDiff {
  const name = file.startsWith('/') ? file : `/${file}`;
  const patch = structuredPatch(`a${name}`, `b${name}`, before, after, undefined, undefined, { context: 3 });
  const raw = formatPatch(patch, FILE_HEADERS_ONLY);
  const masked = formatPatch(maskPatch(patch, file, kind, before, after), FILE_HEADERS_ONLY);
  return { raw, masked };
}

function maskPatch(patch: StructuredPatch, file: string, kind: FixedKind, before: string, after: string): StructuredPatch {
  const oldRanges = secretRanges(file, kind, before);
  const newRanges = secretRanges(file, kind, after);
  // Positions cover each side; the values themselves also catch a secret the fix carried to another place.
  const values = [...new Set([...secretValues(before, oldRanges), ...secretValues(after, newRanges)])].sort((a, b) => b.length - a.length);
  const oldLines = new LineIndex(before);
  const newLines = new LineIndex(after);
  const hunks = patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const lines = hunk.lines.map((line) => {
      const sign = line[0];
      if (sign !== ' ' && sign !== '-' && sign !== '+') return line;
      const content = line.slice(1);
      const shown = sign === '+' ? maskSecretsInLine(content, newLines.lineStart(newLine), newRanges) : maskSecretsInLine(content, oldLines.lineStart(oldLine), oldRanges);
      if (sign !== '+') oldLine += 1;
      if (sign !== '-') newLine += 1;
      return sign + maskValues(shown, values);
    });
    return { ...hunk, lines };
  });
  return { ...patch, hunks };
}

