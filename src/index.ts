// Library entry point: the same analyzer the CLI runs.
export { scanPaths, analyzeText, DEFAULT_MAX_FILE_SIZE, type ScanOptions, type ScanResult } from './core/scan.js';
export { RULES, findRule } from './rules/index.js';
export type { Finding, ScanError, Severity, Category, Confidence, ArtifactLocation, FrameworkRef } from './core/finding.js';
export type { Rule, RuleMeta } from './core/rule.js';
export { buildReport, renderJson, type Report } from './report/report.js';
export { renderSarif } from './report/sarif.js';
export { renderMarkdown } from './report/markdown.js';
export { renderText } from './report/text.js';
export { loadAnswerKey, type AnswerKey, type ExpectedFinding } from './lab/answer-key.js';
export { leastPrivilege, leastPrivilegeFixFor, type LeastPrivilegeResult } from './iam/least-privilege/least-privilege.js';
