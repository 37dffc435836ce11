import { parseAllDocuments } from 'yaml';
import { LineIndex } from '../text/line-index.js';
import type { ScanError } from '../core/finding.js';
import type { Artifact, ArtifactKind } from './artifact.js';
import { HclSyntaxError, parseHcl } from './hcl/hcl.js';
import { readCloudFormationYaml } from './iam/read-cloudformation.js';
import { readIamJson } from './iam/read-iam-json.js';
import { readTerraform } from './iam/read-terraform.js';
import { describeJsonError, parseJson } from './json/parse-json.js';
import { readNotebook } from './notebook/parse-notebook.js';
import { readWorkflow, workflowFlavor } from './workflow/parse-workflow.js';
import { yamlNestingExceeds } from './yaml/nesting.js';
import { readDeployment } from './deploy/read-deployment.js';
import { jupyterConfigName } from './jupyter/jupyter-config.js';
import { readJupyterConfig } from './jupyter/read-jupyter-config.js';
import { readDockerfile } from './text/dockerfile.js';
import { readEnvFile } from './text/env-file.js';
import { readIniFile } from './text/ini-file.js';
import { readRequirementsFile } from './text/requirements-file.js';

// Deeper than any real pipeline or config; the YAML composer overflows its stack a little below this anyway.
const MAX_YAML_NESTING = 1000;

export type ParseOutcome = { ok: true; artifact: Artifact } | { ok: false; error: ScanError };

/** Parses a file's text once, with positions, into the artifact its rules walk. */
export function parseArtifact(file: string, text: string, kind: ArtifactKind): ParseOutcome {
  const lines = new LineIndex(text);
  const fail = (message: string, kindName: string, offset?: number): ParseOutcome => {
    const position = offset === undefined ? undefined : lines.position(offset);
    return { ok: false, error: { file, kind: kindName, message, line: position?.line, column: position?.column } };
  };

  switch (kind) {
    case 'python':
      return { ok: true, artifact: { kind, file, text, lines } };
    case 'script':
      return { ok: true, artifact: { kind, file, text, lines } };
    case 'requirements':
      return { ok: true, artifact: { kind, file, text, lines, ...readRequirementsFile(text) } };
    case 'dockerfile':
      return { ok: true, artifact: { kind, file, text, lines, ...readDockerfile(text) } };
    case 'env':
      return { ok: true, artifact: { kind, file, text, lines, ...readEnvFile(text) } };
    case 'ini':
      return { ok: true, artifact: { kind, file, text, lines, ...readIniFile(text) } };
    case 'jupyter-config': {
      const name = jupyterConfigName(file.slice(file.lastIndexOf('/') + 1)) ?? { flavor: 'server' as const, format: 'python' as const };
      const read = readJupyterConfig(text, name.flavor, name.format);
      if (!read.ok) return fail(read.message, 'parse', read.offset);
      return { ok: true, artifact: { kind, file, text, lines, ...name, ...read.value } };
    }
    default:
      break;
  }

  if (kind === 'notebook' || kind === 'json') {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      if (parsed.message === 'nested too deeply to analyse') return fail('skipped: JSON nested too deeply to analyse', 'too-deep');
      const described = describeJsonError(parsed, lines);
      return { ok: false, error: { file, kind: 'parse', message: described.message, line: described.line, column: described.column } };
    }
    if (kind === 'json') {
      const iam = readIamJson(parsed.root, file);
      if (iam) return { ok: true, artifact: { kind: 'iam', file, text, lines, ...iam } };
      return { ok: true, artifact: { kind: 'json', file, text, lines, root: parsed.root } };
    }
    const notebook = readNotebook(text, parsed.root, file);
    if (!notebook.ok) return fail(notebook.message, 'parse', notebook.offset);
    return { ok: true, artifact: { ...notebook.notebook, file, text, lines } };
  }

  if (kind === 'terraform') {
    let body;
    try {
      body = parseHcl(text);
    } catch (error) {
      if (error instanceof RangeError) return fail('skipped: HCL nested too deeply to analyse', 'too-deep');
      if (!(error instanceof HclSyntaxError)) throw error;
      const { line, column } = lines.position(error.offset);
      return { ok: false, error: { file, kind: 'parse', message: `not valid HCL at line ${line} column ${column}: ${error.message}`, line, column } };
    }
    const iam = readTerraform(body, text);
    if (iam) return { ok: true, artifact: { kind: 'iam', file, text, lines, ...iam, hcl: body } };
    return { ok: true, artifact: { kind: 'terraform', file, text, lines, body } };
  }

  // YAML: parsed to a document tree with positions; aliases are never expanded here, and rules that
  // convert to plain values must pass maxAliasCount so a "billion laughs" document cannot exhaust memory.
  if (yamlNestingExceeds(text, MAX_YAML_NESTING)) return fail('skipped: YAML nested too deeply to analyse', 'too-deep');
  let documents;
  try {
    documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  } catch (error) {
    if (error instanceof RangeError) return fail('skipped: YAML nested too deeply to analyse', 'too-deep');
    return fail(`not valid YAML: ${(error as Error).message}`, 'parse');
  }
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const first = document.errors[0];
    if (first) {
      // The yaml library catches its own stack overflow on deep nesting and reports it as a document error.
      if (document.errors.some((error) => error.code === 'RESOURCE_EXHAUSTION')) return fail('skipped: YAML nested too deeply to analyse', 'too-deep');
      const offset = first.pos[0];
      const { line, column } = lines.position(offset);
      // The yaml library quotes a bad block scalar header whole, and in `KEY: |value` that is the value.
      const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/^(Block scalar header includes extra characters): .*$/, '$1');
      return { ok: false, error: { file, kind: 'parse', message: `not valid YAML at line ${line} column ${column}: ${reason}`, line, column } };
    }
  }
  const flavor = list.length === 1 ? workflowFlavor(list[0]!) : undefined;
  const template = list.length === 1 ? readCloudFormationYaml(list[0]!, text) : undefined;
  if (template) return { ok: true, artifact: { kind: 'iam', file, text, lines, ...template } };
  if (flavor) return { ok: true, artifact: { kind: 'workflow', file, text, lines, ...readWorkflow(text, list[0]!, flavor) } };
  const deployment = readDeployment(list as never, text, file);
  if (deployment) return { ok: true, artifact: { kind: 'deployment', file, text, lines, ...deployment } };
  return { ok: true, artifact: { kind: 'yaml', file, text, lines, documents: list as never } };
}
