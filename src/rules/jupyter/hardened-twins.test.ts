import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactKindFor } from '../../artifacts/artifact.js';
import { atLeast } from '../../core/finding.js';
import { analyzeText } from '../../core/scan.js';
import { TEST_CASES } from '../../testing/paths.js';

// Each open Jupyter or JupyterHub config (or deployment) has a hardened twin: the open one is reported, the twin yields no
// medium-or-higher finding from any rule.
const TWINS: Array<[open: string, hardened: string]> = [
  ['jupyter/no-authentication/positive/shared-gpu-box/jupyter_server_config.py', 'jupyter/no-authentication/clean/shared-gpu-box/jupyter_server_config.py'],
  ['jupyter/no-authentication/positive/legacy-notebook/jupyter_notebook_config.py', 'jupyter/no-authentication/clean/legacy-notebook/jupyter_notebook_config.py'],
  ['jupyter/no-authentication/positive/json/jupyter_server_config.json', 'jupyter/no-authentication/clean/json/jupyter_server_config.json'],
  ['jupyter/no-authentication/positive/internal-loadbalancer/notebook.yaml', 'jupyter/no-authentication/clean/internal-loadbalancer/notebook.yaml'],
  ['jupyterhub/dummy-authenticator/positive/workshop/jupyterhub_config.py', 'jupyterhub/dummy-authenticator/clean/github-org/jupyterhub_config.py'],
  ['jupyterhub/open-signup/positive/native-open-signup/jupyterhub_config.py', 'jupyterhub/open-signup/clean/github-org/jupyterhub_config.py'],
  ['jupyterhub/open-signup/positive/github-allow-all/jupyterhub_config.py', 'jupyterhub/open-signup/clean/github-org/jupyterhub_config.py'],
];

function scan(path: string) {
  const file = `test-cases/${path}`;
  const { findings, error } = analyzeText(file, readFileSync(join(TEST_CASES, path), 'utf8'), artifactKindFor(file)!);
  assert.equal(error, undefined, `${file} parses`);
  return findings;
}

for (const [open, hardened] of TWINS) {
  test(`${hardened} fixes ${open}`, () => {
    const before = scan(open);
    assert.ok(before.some((finding) => atLeast(finding.severity, 'high')), `${open} has a high or critical finding`);
    const after = scan(hardened).filter((finding) => atLeast(finding.severity, 'medium'));
    assert.deepEqual(after.map((finding) => `${finding.line}: ${finding.ruleId} ${finding.severity}`), []);
  });
}

test('the open server config is reported by all five Jupyter server rules', () => {
  const rules = new Set(scan(TWINS[0]![0]).map((finding) => finding.ruleId));
  for (const id of ['jupyter/no-authentication', 'jupyter/open-cors', 'jupyter/xsrf-disabled', 'jupyter/runs-as-root', 'jupyter/remote-access']) assert.ok(rules.has(id), id);
});
