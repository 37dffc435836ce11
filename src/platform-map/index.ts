import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { Finding } from '../core/finding.js';
import type { AnyRule } from '../core/rule.js';
import type { ScanResult } from '../core/scan.js';
import { parseInventory } from '../inventory/inventory.js';
import { RULES } from '../rules/index.js';
import { controlAssessment, mlopsChecklist, registryPromotionReview, remediationBacklog, servingEndpointFindings, type BacklogItem, type ChecklistItem, type ControlAssessmentRow, type PromotionReview, type ServingReview } from './checklists.js';
import { correlate, type PlatformIssue } from './issues.js';
import { buildPlatformModel, normalisePath, type PlatformInput, type PlatformModel } from './model.js';
import { attackPaths, type AttackPath } from './paths.js';
import { PLATFORM_SIGNALS } from './signals.js';

export type { PlatformInput, PlatformModel } from './model.js';
export type { PlatformIssue } from './issues.js';
export type { AttackPath } from './paths.js';

/** Everything the platform report shows; the JSON report's `platform` section. */
export interface PlatformAnalysis {
  model: PlatformModel;
  /** The hardening summary: platform-level issues, most severe first. */
  issues: PlatformIssue[];
  attackPaths: AttackPath[];
  /** The review signals and the issues that show them. */
  signals: Array<{ id: string; name: string; issues: number[] }>;
  checklist: ChecklistItem[];
  controlAssessment: ControlAssessmentRow[];
  promotionReview: PromotionReview;
  serving: ServingReview;
  backlog: BacklogItem[];
}

export function analyzePlatform(input: PlatformInput, rules: readonly AnyRule[] = RULES): PlatformAnalysis {
  const model = buildPlatformModel(input);
  const issues = correlate(input.findings, model);
  const context = { findings: input.findings, model, rules };
  const checklist = mlopsChecklist(context);
  return {
    model,
    issues,
    attackPaths: attackPaths(input.findings, model),
    signals: PLATFORM_SIGNALS.map((signal) => ({ id: signal.id, name: signal.name, issues: issues.filter((issue) => issue.signals.includes(signal.id)).map((issue) => issue.rank) })),
    checklist,
    controlAssessment: controlAssessment(context, checklist),
    promotionReview: registryPromotionReview(context),
    serving: servingEndpointFindings(context),
    backlog: remediationBacklog(issues, model),
  };
}

/** Reads what the model needs beyond the scan: the inventory again and the identity policy files it names. */
export async function platformInputFromScan(result: Pick<ScanResult, 'findings' | 'inventory' | 'files'>, findings: readonly Finding[] = result.findings): Promise<PlatformInput> {
  const input: PlatformInput = { findings, scanned: result.files ?? [] };
  if (!result.inventory) return input;
  const text = await readFile(resolve(result.inventory), 'utf8').catch(() => undefined);
  if (text === undefined) return input;
  const loaded = parseInventory(text);
  if (!loaded.ok) return input;
  input.inventory = loaded.inventory;
  input.inventoryFile = result.inventory;
  input.inventoryText = text;
  const folder = posix.dirname(normalisePath(result.inventory));
  input.policyFiles = [];
  for (const identity of loaded.inventory.identities) {
    for (const entry of identity.policyFiles ?? []) {
      const file = posix.normalize(posix.join(folder, entry));
      const policy = await readFile(resolve(file), 'utf8').catch(() => undefined);
      if (policy !== undefined) input.policyFiles.push({ identity: identity.id, file, text: policy });
    }
  }
  return input;
}
