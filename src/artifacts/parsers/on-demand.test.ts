import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactKindFor, type ArtifactKind } from '../artifact.js';
import { parseArtifact } from '../parse.js';
import { TEST_CASES } from '../../testing/paths.js';
import { parserFor } from './on-demand.js';

// The scanner's readers, loaded one kind at a time, read every case as parseArtifact does with all of them.

/** The outcome as JSON, without the parse trees' links back to their parents. */
function shape(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (key, entry: unknown) => {
    if (key === 'parent') return undefined;
    if (typeof entry === 'object' && entry !== null) {
      if (seen.has(entry)) return '[seen]';
      seen.add(entry);
    }
    return entry;
  });
}

test('every test case parses the same through the on-demand readers', async () => {
  const files = (readdirSync(TEST_CASES, { recursive: true }) as string[]).filter((name) => artifactKindFor(name));
  const kinds = new Set<ArtifactKind>();
  for (const name of files) {
    const kind = artifactKindFor(name)!;
    kinds.add(kind);
    const text = readFileSync(join(TEST_CASES, name), 'utf8');
    const file = `test-cases/${name}`;
    assert.equal(shape((await parserFor(kind))(file, text)), shape(parseArtifact(file, text, kind)), file);
  }
  assert.ok(kinds.size >= 8, `cases of many kinds: ${[...kinds].join(', ')}`);
});
