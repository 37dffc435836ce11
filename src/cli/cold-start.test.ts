import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { notebook, stream } from '../testing/notebook-builder.js';
import { CLI, LAB_FIXTURES, REPO_ROOT } from '../testing/paths.js';

// Much of the cold start of a small scan is setting up code, so a scan sets up only what the files it
// meets need: each kind's reader and rule group, the Python parser, the IAM analysis and its data are
// loaded on first use, and other commands (report, fix, lab, probe) never. These tests run a scan in a
// fresh process and list the modules it compiled (V8 coverage names every script and counts its calls),
// so an import that drags one of them back into every scan fails here rather than as a slower benchmark.
// The compiled modules (dist/cli.js) show what is loaded; the bundle keeps the same modules initialised
// only on first use, and other commands out of the chunks a scan reads, which the last test checks with
// the bundle's metafile.

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

interface Coverage {
  /** Files the process compiled, relative to the repository ('node_modules/yaml/…', 'dist/iam/catalog.js'). */
  files: string[];
  /** Whether a function of that name in that file ran. */
  ran(file: string, functionName: string): boolean;
}

/** What a fresh `node <entry> ...args` compiled and ran, from V8's coverage of every script. */
function coverage(entry: string, args: string[]): Coverage {
  const folder = temporaryFolder('mlops-audit-coverage-');
  const run = spawnSync(process.execPath, [entry, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: folder, NO_COLOR: '1' } });
  assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
  const scripts = new Map<string, Array<{ functionName: string; ranges: Array<{ count: number }> }>>();
  for (const name of readdirSync(folder)) {
    const { result } = JSON.parse(readFileSync(join(folder, name), 'utf8')) as { result: Array<{ url: string; functions: Array<{ functionName: string; ranges: Array<{ count: number }> }> }> };
    for (const script of result) if (script.url.startsWith('file:')) scripts.set(relative(REPO_ROOT, fileURLToPath(script.url)).split(sep).join('/'), script.functions);
  }
  return {
    files: [...scripts.keys()].sort(),
    ran: (file, functionName) => (scripts.get(file) ?? []).some((fn) => fn.functionName === functionName && fn.ranges[0]!.count > 0),
  };
}

const COMPILED_CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** What no scan of notebooks needs. */
const NOT_FOR_NOTEBOOKS: Array<[string, RegExp]> = [
  ['the IAM analysis', /^dist\/iam\/(?:grants|blast-radius|evaluate|escalation|conditions|arn-match|pattern|sensitive-actions|workload|least-privilege\/)/],
  ['IAM readers', /^dist\/artifacts\/iam\//],
  ['rules for other kinds, or all rules', /^dist\/rules\/(?!notebook\/|on-demand\.js$)/],
  ['the YAML library', /node_modules\/yaml\//],
  ['the Python parser', /node_modules\/@lezer\//],
  ['the Actions expression parser', /node_modules\/@actions\//],
  ['the HCL reader', /^dist\/artifacts\/hcl\//],
];

/** What no scan needs: other commands and their libraries. */
const NOT_FOR_SCANS: Array<[string, RegExp]> = [
  ['the graph layout of the HTML report', /node_modules\/@dagrejs\//],
  ['the HTML report', /^dist\/report\/html-report\.js$/],
  ['SQLite', /node_modules\/better-sqlite3\//],
  ['the lab server', /^dist\/lab\//],
  ['the live probe', /^dist\/probe\//],
  ['fixes and their diff library', /^dist\/fix\/|node_modules\/diff\//],
];

function assertNoneLoaded(files: readonly string[], unwanted: Array<[string, RegExp]>, what: string): void {
  for (const [name, pattern] of unwanted) {
    assert.deepEqual(
      files.filter((file) => pattern.test(file)),
      [],
      `${what} loads ${name}`,
    );
  }
}

test('a scan of notebooks loads the notebook reader and rules, and none of IAM, YAML, workflows, the Python parser or other commands', () => {
  const folder = temporaryFolder('mlops-audit-cold-');
  writeFileSync(join(folder, 'train.ipynb'), notebook([{ source: 'import boto3\ns3 = boto3.client("s3")', outputs: [stream('AKIAIOSFODNN7EXAMPLE\n')] }, { source: 'print(1 + 1)', outputs: [stream('2\n')] }]));
  const { files, ran } = coverage(COMPILED_CLI, ['scan', folder, '--format', 'json']);
  // The check means something: the scan did load the notebook reader and its rules.
  assert.ok(files.includes('dist/artifacts/parsers/notebook.js'), files.join('\n'));
  assert.ok(ran('dist/rules/notebook/credential-in-output.js', 'check'), 'the notebook rules ran');
  assert.ok(!ran('dist/iam/data-files.js', 'readDataFile'), 'the IAM catalog and managed policies are not read');
  assertNoneLoaded(files, NOT_FOR_NOTEBOOKS, 'a notebook scan');
  assertNoneLoaded(files, NOT_FOR_SCANS, 'a notebook scan');
});

test('the Python parser is loaded for a notebook cell that sets the environment', () => {
  const folder = temporaryFolder('mlops-audit-cold-');
  writeFileSync(join(folder, 'setup.ipynb'), notebook([{ source: 'import os\nos.environ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"' }]));
  const { files } = coverage(COMPILED_CLI, ['scan', folder, '--format', 'json']);
  assert.ok(
    files.some((file) => /node_modules\/@lezer\/python\//.test(file)),
    files.join('\n'),
  );
  assertNoneLoaded(files, NOT_FOR_NOTEBOOKS.filter(([name]) => name !== 'the Python parser'), 'a notebook scan');
});

test('a scan of the lab fixtures (IAM, workflow, MLflow and notebook files) loads no other command', () => {
  const { files, ran } = coverage(COMPILED_CLI, ['scan', LAB_FIXTURES, '--format', 'json']);
  assert.ok(ran('dist/iam/data-files.js', 'readDataFile'), 'the IAM policy needs the catalog');
  assertNoneLoaded(files, NOT_FOR_SCANS, 'the lab scan');
});

test('the bundled scan reads no chunk that holds another command or its libraries', () => {
  // esbuild's metafile (written by scripts/bundle-cli.mjs) names the modules in each chunk.
  const meta = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'mlops-audit.meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const chunks = coverage(CLI, ['scan', LAB_FIXTURES, '--format', 'json']).files.filter((file) => /^dist\/mlops-audit.*\.mjs$/.test(file));
  assert.ok(chunks.includes('dist/mlops-audit.mjs'));
  const modules = chunks.flatMap((chunk) => Object.keys(meta.outputs[chunk]?.inputs ?? {}));
  assert.ok(modules.includes('dist/core/scan-paths.js'), 'the metafile is current');
  assertNoneLoaded(
    modules.map((module) => module.replace(/^.*?node_modules\//, 'node_modules/')),
    NOT_FOR_SCANS,
    'the bundled lab scan',
  );
});
