import { isMap, isSeq, parseDocument, type Pair } from 'yaml';
import type { WorkflowArtifact } from '../artifacts/workflow/workflow.js';
import type { Platform } from '../inventory/platform.js';
import { LineIndex } from '../text/line-index.js';
import type { FixChange, WorkflowFixOptions } from './fix-types.js';
import { fixWorkflow, type WorkflowFixOutcome } from './workflow-fixes.js';
import { pairOf, YamlText } from './yaml-text.js';

// "The corrected YAML" for one finding: the blocks of the fixed file that the fixes for that finding's
// location changed, with the keys above them for context, e.g. a job's new permissions and its OIDC step.
// A rule can hand the result to `report({ ..., fix })`; Finding.fix has the same shape.

export interface CorrectedYaml {
  /** What the fix does, in a sentence or two. Never holds a secret value. */
  description: string;
  /** Lines of the fixed file (dedented), with the keys that lead to them. */
  snippet: string;
  language: 'yaml';
}

const cache = new WeakMap<WorkflowArtifact, Map<string, WorkflowFixOutcome>>();
const platformIds = new WeakMap<Platform, number>();
let nextPlatformId = 1;

/**
 * The corrected YAML for a finding at `yamlPath` (as in `location.yamlPath`, e.g. `env.AWS_SECRET_ACCESS_KEY`,
 * `jobs.train.steps[0]`), or undefined when no fix addresses that location. The whole file is fixed once per
 * artifact and options and the result is cached, so a rule may call this for each of its findings.
 */
export function correctedYamlFor(workflow: WorkflowArtifact, yamlPath: string, options: Omit<WorkflowFixOptions, 'secretNames'> = {}): CorrectedYaml | undefined {
  const outcome = cachedFix(workflow, options);
  if (outcome.status !== 'fixed') return undefined;
  const relevant = outcome.changes.filter((change) => addresses(change, yamlPath));
  if (relevant.length === 0) return undefined;
  const snippet = renderBlocks(outcome.text, [...new Set(relevant.flatMap((change) => change.shows))]);
  if (!snippet) return undefined;
  return { description: [...new Set(relevant.map((change) => change.description))].join(' '), snippet, language: 'yaml' };
}

function cachedFix(workflow: WorkflowArtifact, options: Omit<WorkflowFixOptions, 'secretNames'>): WorkflowFixOutcome {
  let platformId = 0;
  if (options.platform) {
    platformId = platformIds.get(options.platform) ?? 0;
    if (!platformId) platformIds.set(options.platform, (platformId = nextPlatformId++));
  }
  const key = JSON.stringify([options.awsRoleArn, options.awsRegion, options.fixes, platformId]);
  let byOptions = cache.get(workflow);
  if (!byOptions) cache.set(workflow, (byOptions = new Map()));
  let outcome = byOptions.get(key);
  if (!outcome) byOptions.set(key, (outcome = fixWorkflow(workflow, options)));
  return outcome;
}

/** True when a finding at `path` is one this change fixes. */
function addresses(change: FixChange, path: string): boolean {
  if (change.addresses.some((address) => address === path || path.startsWith(`${address}.`) || path.startsWith(`${address}[`))) return true;
  // A finding on a whole env/with block covers the entries in it.
  if (/(?:^|\.)(?:env|with|credentials|secrets)$/.test(path) && change.addresses.some((address) => address.startsWith(`${path}.`))) return true;
  // A workflow or a job without permissions is reported at the top, at `on`, or at the job.
  if (change.kind === 'workflow-permissions') return path === '' || /^(?:on|jobs|jobs\.[^.]+)$/.test(path);
  if (change.kind === 'aws-oidc') return change.addresses.includes(`${path}.permissions`);
  return false;
}

/** The lines of each block at `paths` in `text`, plus the key lines above them, dedented. */
export function renderBlocks(text: string, paths: readonly string[]): string | undefined {
  const document = parseDocument(text, { keepSourceTokens: false });
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  const yaml = new YamlText(text, document);
  const lines = new LineIndex(text);
  const shown = new Set<number>();
  const showRange = (start: number, end: number) => {
    const first = lines.position(start).line;
    const last = lines.position(Math.max(start, end - 1)).line;
    for (let line = first; line <= last; line++) shown.add(line);
  };

  for (const path of paths) {
    const segments = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
    let node: unknown = document.contents;
    const above: number[] = [];
    let block: { start: number; end: number } | undefined;
    for (const [i, segment] of segments.entries()) {
      const last = i === segments.length - 1;
      if (typeof segment === 'number') {
        if (!isSeq(node) || !node.items[segment]) break;
        const item = node.items[segment] as { range?: [number, number, number] };
        if (last) block = { start: yaml.lineStart(yaml.dashBefore(yaml.start(item)) ?? yaml.start(item)), end: yaml.nodeEnd(item) };
        node = item;
      } else {
        if (!isMap(node)) break;
        const pair: Pair | undefined = pairOf(node, segment);
        if (!pair) break;
        const keyStart = yaml.start(pair.key);
        if (last) block = { start: keyStart, end: yaml.nodeEnd(pair.value ?? pair.key) };
        else above.push(keyStart);
        node = pair.value;
      }
    }
    if (!block) continue;
    for (const start of above) shown.add(lines.position(start).line);
    showRange(block.start, block.end);
  }
  if (shown.size === 0) return undefined;

  const out: string[] = [];
  let previous = 0;
  for (const line of [...shown].sort((a, b) => a - b)) {
    const content = lines.lineText(line);
    // A gap before a new top-level key reads better with a blank line, as files usually have one there.
    if (previous && line > previous + 1 && /^\S/.test(content) && out[out.length - 1] !== '') out.push('');
    out.push(content);
    previous = line;
  }
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  const indent = Math.min(...out.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return `${out.map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n')}\n`;
}
