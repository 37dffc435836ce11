// Per-workflow analysis time: parse plus every rule, in process, for each generated workflow and the lab's
// training-pipeline.yml. The target is a typical workflow well under 5 ms.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText } from '../core/scan.js';

export const WORKFLOW_MAX_MEDIAN_MS = 5;

export interface WorkflowTiming {
  workflows: number;
  medianMs: number;
  p95Ms: number;
  labMs: number;
}

export function timeWorkflows(root: string, labWorkflow: string, passes = 3): WorkflowTiming {
  const folder = join(root, '.github', 'workflows');
  const files = readdirSync(folder).filter((name) => name.endsWith('.yml')).map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
  const lab = readFileSync(labWorkflow, 'utf8');
  // One untimed pass so the JIT has seen the code, as it has in any scan of more than a few files.
  for (const file of files) analyzeText(file.name, file.text, 'yaml');
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const file of files) {
      const started = performance.now();
      analyzeText(file.name, file.text, 'yaml');
      samples.push(performance.now() - started);
    }
  }
  const labSamples: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    analyzeText('training-pipeline.yml', lab, 'yaml');
    labSamples.push(performance.now() - started);
  }
  return { workflows: files.length, medianMs: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95), labMs: percentile(labSamples, 0.5) };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}
