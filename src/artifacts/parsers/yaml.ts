import { parseAllDocuments } from 'yaml';
import { readDeployment } from '../deploy/read-deployment.js';
import { readCloudFormationYaml } from '../iam/read-cloudformation.js';
import { readWorkflow, workflowFlavor } from '../workflow/parse-workflow.js';
import { workflowSensitiveRanges } from '../workflow/workflow-secrets.js';
import { yamlNestingExceeds } from '../yaml/nesting.js';
import { parseFailure, sensitiveOnDemand, type KindParser } from './common.js';

// Deeper than any real pipeline or config; the YAML composer overflows its stack a little below this anyway.
const MAX_YAML_NESTING = 1000;

/** A YAML file: a CloudFormation template with IAM resources, a workflow, a deployment, or plain YAML. */
export const parseYamlFile: KindParser = (file, text, _kind, lines) => {
  const fail = (message: string, kindName: string) => parseFailure(file, lines, message, kindName);
  // Parsed to a document tree with positions; aliases are never expanded here, and rules that convert to
  // plain values must pass maxAliasCount so a "billion laughs" document cannot exhaust memory.
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
  if (flavor) return { ok: true, artifact: sensitiveOnDemand({ kind: 'workflow', file, text, lines, ...readWorkflow(text, list[0]!, flavor) }, workflowSensitiveRanges) };
  const deployment = readDeployment(list as never, text, file);
  if (deployment) return { ok: true, artifact: { kind: 'deployment', file, text, lines, ...deployment } };
  return { ok: true, artifact: { kind: 'yaml', file, text, lines, documents: list as never } };
};
