import { HclSyntaxError, parseHcl } from '../hcl/hcl.js';
import { readTerraform } from '../iam/read-terraform.js';
import { parseFailure, type KindParser } from './common.js';

/** A .tf file: IAM resources when it declares some, else its HCL body. */
export const parseTerraformFile: KindParser = (file, text, _kind, lines) => {
  let body;
  try {
    body = parseHcl(text);
  } catch (error) {
    if (error instanceof RangeError) return parseFailure(file, lines, 'skipped: HCL nested too deeply to analyse', 'too-deep');
    if (!(error instanceof HclSyntaxError)) throw error;
    const { line, column } = lines.position(error.offset);
    return { ok: false, error: { file, kind: 'parse', message: `not valid HCL at line ${line} column ${column}: ${error.message}`, line, column } };
  }
  const iam = readTerraform(body, text);
  if (iam) return { ok: true, artifact: { kind: 'iam', file, text, lines, ...iam, hcl: body } };
  return { ok: true, artifact: { kind: 'terraform', file, text, lines, body } };
};
