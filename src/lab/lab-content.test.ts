import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../rules/index.js';
import { PROBE_CHECKS } from '../probe/checks/index.js';
import { loadAnswerKey } from './answer-key.js';
import { labFrameworkMap } from './framework-map.js';
import { READING } from './reading.js';

const key = loadAnswerKey();
const ids = [...RULES, ...PROBE_CHECKS].map((rule) => rule.id);

test('every rule the reading module points at exists (a family needs at least one rule)', () => {
  for (const section of READING.sections) {
    assert.ok(section.items.length > 0, section.id);
    for (const item of section.items) {
      for (const ref of item.rules ?? []) {
        const found = ref.endsWith('/*') ? ids.some((id) => id.startsWith(ref.slice(0, -1))) : ids.includes(ref);
        assert.ok(found, `${section.id}: "${item.text}" names ${ref}, which is no rule`);
      }
      for (const step of item.steps ?? []) assert.ok([1, 2, 3, 4].includes(step), `${section.id}: step ${step}`);
    }
  }
});

test('framework mappings come from the rules that report each expected signal', () => {
  const map = labFrameworkMap(key);
  assert.deepEqual(map.signals.map((row) => row.signal), key.signals.map((signal) => signal.id));
  for (const row of map.signals) {
    const rules = RULES.filter((rule) => row.rules.includes(rule.id));
    assert.ok(rules.length > 0, row.signal);
    for (const [framework, refs] of Object.entries(row.refs)) {
      const cited = new Set(rules.flatMap((rule) => rule.frameworks.filter((ref) => ref.framework === framework).map((ref) => ref.id)));
      assert.deepEqual(new Set(refs.map((ref) => ref.id)), cited, `${row.signal} ${framework}`);
    }
  }
  const notebook = map.signals.find((row) => row.signal === 'credential-in-notebook-output')!;
  assert.deepEqual(notebook.steps, [1]);
  assert.ok(notebook.refs['OWASP-LLM-2025'].some((ref) => ref.id === 'LLM02:2025' && ref.name === 'Sensitive Information Disclosure'));
});

test("the seed's older framework names each point at current ids the lab's findings actually cite", () => {
  const map = labFrameworkMap(key);
  assert.deepEqual(map.olderNames.map((entry) => entry.framework), ['OWASP-LLM-2025', 'MITRE-ATLAS', 'NIST-AI-RMF', 'ISO-42001']);
  for (const entry of map.olderNames) {
    for (const ref of entry.current) {
      assert.ok(
        map.signals.some((row) => row.refs[entry.framework].some((cited) => cited.id === ref.id)),
        `${entry.framework} ${ref.id} is named as current but no lab signal cites it`,
      );
    }
  }
  const atlas = map.olderNames.find((entry) => entry.framework === 'MITRE-ATLAS')!;
  assert.equal(atlas.current[0]!.name, 'AI Supply Chain Compromise');
});
