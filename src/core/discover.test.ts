import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { discover, repositoryPath } from './discover.js';

const NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temporary folder holding `files` (path -> content; content null makes a folder). */
function tree(files: Record<string, string | null>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-audit-discover-'));
  folders.push(root);
  for (const [path, content] of Object.entries(files)) {
    const absolute = join(root, path);
    if (content === null) {
      mkdirSync(absolute, { recursive: true });
    } else {
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
  }
  return root;
}

/** Shown paths relative to `root` (discover reports paths as given, here absolute). */
async function found(root: string, paths: string[] = [root], options: { gitignore?: boolean } = {}) {
  const { files, errors } = await discover(paths, options);
  return {
    files: files.map((file) => relative(root, file.file).split('\\').join('/')),
    errors: errors.map((error) => ({ ...error, file: relative(root, error.file).split('\\').join('/') })),
    kinds: Object.fromEntries(files.map((file) => [relative(root, file.file).split('\\').join('/'), file.kind])),
  };
}

test('notebooks, configs, code and deployment files are found; other files are passed over silently', async () => {
  const root = tree({
    'train.ipynb': NOTEBOOK,
    'Upper.IPYNB': NOTEBOOK,
    'config.json': '{}',
    'pipeline.yml': 'a: 1',
    'deploy.yaml': 'a: 1',
    'train.py': 'print(1)',
    'Dockerfile': 'FROM python:3.11',
    'requirements.txt': 'mlflow==2.9.2',
    'README.md': '# hi',
    'Makefile': 'all:',
    'notes.txt': 'hello',
  });
  const { files, errors, kinds } = await found(root);
  assert.deepEqual(files, ['Dockerfile', 'Upper.IPYNB', 'config.json', 'deploy.yaml', 'pipeline.yml', 'requirements.txt', 'train.ipynb', 'train.py']);
  assert.deepEqual(errors, []);
  assert.deepEqual(kinds, { Dockerfile: 'dockerfile', 'Upper.IPYNB': 'notebook', 'config.json': 'json', 'deploy.yaml': 'yaml', 'pipeline.yml': 'yaml', 'requirements.txt': 'requirements', 'train.ipynb': 'notebook', 'train.py': 'python' });
});

test('results are in a deterministic order: each folder by name, whatever the creation order', async () => {
  const root = tree({
    'z.ipynb': NOTEBOOK,
    'b/y.ipynb': NOTEBOOK,
    'a.ipynb': NOTEBOOK,
    'B.ipynb': NOTEBOOK,
    'a/x.ipynb': NOTEBOOK,
    'b/a.json': '{}',
    '_.json': '{}',
  });
  const first = await found(root);
  assert.deepEqual(first.files, ['B.ipynb', '_.json', 'a/x.ipynb', 'a.ipynb', 'b/a.json', 'b/y.ipynb', 'z.ipynb']);
  const second = await found(root);
  assert.deepEqual(second.files, first.files);
});

test('.gitignore at the root and in nested folders is honoured, negation included', async () => {
  const root = tree({
    '.gitignore': 'scratch/\n*.out.ipynb\ndata/*.json\n!data/keep.json\n',
    'train.ipynb': NOTEBOOK,
    'train.out.ipynb': NOTEBOOK,
    'scratch/a.ipynb': NOTEBOOK,
    'data/drop.json': '{}',
    'data/keep.json': '{}',
    'nested/.gitignore': 'local-*.yml\n!local-keep.yml\n',
    'nested/local-a.yml': 'a: 1',
    'nested/local-keep.yml': 'a: 1',
    'nested/other.yml': 'a: 1',
    'nested/deeper/local-b.yml': 'a: 1',
    'nested/deeper/run.out.ipynb': NOTEBOOK,
    'sibling/local-c.yml': 'a: 1',
  });
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['data/keep.json', 'nested/local-keep.yml', 'nested/other.yml', 'sibling/local-c.yml', 'train.ipynb']);
  assert.deepEqual(errors, []);
});

test('a nested .gitignore can re-include what a parent .gitignore excludes, as git does', async () => {
  const root = tree({
    '.gitignore': '*.ipynb\n',
    'a.ipynb': NOTEBOOK,
    'reports/.gitignore': '!keep.ipynb\n',
    'reports/keep.ipynb': NOTEBOOK,
    'reports/drop.ipynb': NOTEBOOK,
  });
  const { files } = await found(root);
  assert.deepEqual(files, ['reports/keep.ipynb']);
});

test('a nested .gitignore can exclude what its parent re-included', async () => {
  const root = tree({
    '.gitignore': '*.json\n!*.keep.json\n',
    'a.keep.json': '{}',
    'sub/.gitignore': 'b.keep.json\n',
    'sub/b.keep.json': '{}',
    'sub/c.keep.json': '{}',
  });
  const { files } = await found(root);
  assert.deepEqual(files, ['a.keep.json', 'sub/c.keep.json']);
});

test('.gitignore files above a scanned subfolder apply, up to the folder that holds .git', async () => {
  const root = tree({
    '.gitignore': 'outside.ipynb\n',
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/.gitignore': 'generated/\nsecrets.json\n',
    'repo/project/.gitignore': '*.tmp.yml\n',
    'repo/project/src/generated/x.ipynb': NOTEBOOK,
    'repo/project/src/secrets.json': '{}',
    'repo/project/src/build.tmp.yml': 'a: 1',
    'repo/project/src/train.ipynb': NOTEBOOK,
    'repo/project/src/outside.ipynb': NOTEBOOK,
  });
  const { files } = await found(root, [join(root, 'repo', 'project', 'src')]);
  // The .gitignore above the repository does not apply: it belongs to another repository or none.
  assert.deepEqual(files, ['repo/project/src/outside.ipynb', 'repo/project/src/train.ipynb']);
});

test('ancestor .gitignore files apply when the subfolder is reached through a symbolic link', async () => {
  const root = tree({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/.gitignore': 'generated/\nsecrets.json\n',
    'repo/project/generated/x.ipynb': NOTEBOOK,
    'repo/project/secrets.json': '{}',
    'repo/project/train.ipynb': NOTEBOOK,
  });
  // As on macOS, where the temporary folder itself sits behind a symbolic link (/var -> /private/var).
  symlinkSync(join(root, 'repo', 'project'), join(root, 'linked'), 'dir');
  const { files } = await found(root, [join(root, 'linked')]);
  assert.deepEqual(files, ['linked/train.ipynb']);
});

test('outside a repository, only .gitignore files inside the scanned folder apply', async () => {
  const root = tree({
    '.gitignore': 'b.ipynb\n',
    'sub/a.ipynb': NOTEBOOK,
    'sub/b.ipynb': NOTEBOOK,
  });
  const { files } = await found(root, [join(root, 'sub')]);
  assert.deepEqual(files, ['sub/a.ipynb', 'sub/b.ipynb']);
});

test('gitignore: false scans the ignored files too', async () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'scratch/\n*.out.ipynb\n',
    'train.ipynb': NOTEBOOK,
    'train.out.ipynb': NOTEBOOK,
    'scratch/a.ipynb': NOTEBOOK,
  });
  assert.deepEqual((await found(root)).files, ['train.ipynb']);
  assert.deepEqual((await found(root, [root], { gitignore: false })).files, ['scratch/a.ipynb', 'train.ipynb', 'train.out.ipynb']);
});

test('vendored and tool folders are skipped: node_modules, .git, vendor, .venv and any folder with pyvenv.cfg', async () => {
  const root = tree({
    'train.ipynb': NOTEBOOK,
    'node_modules/pkg/package.json': '{}',
    'nested/node_modules/pkg/package.json': '{}',
    '.git/config.json': '{}',
    'vendor/lib.json': '{}',
    '.venv/lib/python3.11/site-packages/nb.ipynb': NOTEBOOK,
    'venv/x.json': '{}',
    'env312/pyvenv.cfg': 'home = /usr/bin\n',
    'env312/share/jupyter/kernel.json': '{}',
    '__pycache__/x.json': '{}',
    'site-packages/x.json': '{}',
    'src/config.json': '{}',
  });
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['src/config.json', 'train.ipynb']);
  assert.deepEqual(errors, []);
});

test('.ipynb_checkpoints is scanned: committed checkpoints leak like the notebooks they copy', async () => {
  const root = tree({
    'train.ipynb': NOTEBOOK,
    '.ipynb_checkpoints/train-checkpoint.ipynb': NOTEBOOK,
  });
  assert.deepEqual((await found(root)).files, ['.ipynb_checkpoints/train-checkpoint.ipynb', 'train.ipynb']);
});

test('a symbolic link back to a parent folder is one loop error, and the scan ends', { timeout: 10_000 }, async () => {
  const root = tree({ 'dir/a.ipynb': NOTEBOOK, 'b.ipynb': NOTEBOOK });
  symlinkSync('..', join(root, 'dir', 'link'), 'dir');
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['b.ipynb', 'dir/a.ipynb']);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0]!.file, 'dir/link');
  assert.equal(errors[0]!.kind, 'loop');
  assert.match(errors[0]!.message, /loop/);
});

test('a symbolic link that points at itself is a loop error', async () => {
  const root = tree({ 'a.ipynb': NOTEBOOK });
  symlinkSync('self.ipynb', join(root, 'self.ipynb'));
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['a.ipynb']);
  assert.deepEqual(errors.map((error) => [error.file, error.kind]), [['self.ipynb', 'loop']]);
});

test('a dangling symbolic link is reported, and the rest is still found', async () => {
  const root = tree({ 'a.ipynb': NOTEBOOK });
  symlinkSync(join(root, 'gone.ipynb'), join(root, 'broken.ipynb'));
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['a.ipynb']);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.file, 'broken.ipynb');
  assert.equal(errors[0]!.kind, 'read');
  assert.match(errors[0]!.message, /broken symbolic link/);
});

test('a file reached twice (directly and through a symbolic link) is read once', async () => {
  const root = tree({ 'real/a.ipynb': NOTEBOOK });
  symlinkSync(join(root, 'real'), join(root, 'alias'), 'dir');
  const { files, errors } = await found(root);
  assert.deepEqual(files, ['alias/a.ipynb']);
  assert.deepEqual(errors, []);
});

test('files named on the command line are read even when .gitignore excludes them', async () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*.ipynb\nvendor/\n',
    'secret.ipynb': NOTEBOOK,
    'vendor/lib.json': '{}',
  });
  assert.deepEqual((await found(root)).files, []);
  const explicit = await found(root, [join(root, 'secret.ipynb'), join(root, 'vendor', 'lib.json')]);
  assert.deepEqual(explicit.files, ['secret.ipynb', 'vendor/lib.json']);
  assert.deepEqual(explicit.errors, []);
});

test('a folder named on the command line is scanned even when a .gitignore above excludes it', async () => {
  const root = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'build/\n',
    'build/report.ipynb': NOTEBOOK,
    'build/.gitignore': 'scratch.ipynb\n',
    'build/scratch.ipynb': NOTEBOOK,
  });
  assert.deepEqual((await found(root)).files, [], 'walking the repository skips build/');
  assert.deepEqual((await found(root, [join(root, 'build')])).files, ['build/report.ipynb'], 'naming build/ scans it, with its own .gitignore');
});

test('an explicitly named file of an unsupported type is an unsupported error', async () => {
  const root = tree({ 'notes.txt': 'hello', 'a.ipynb': NOTEBOOK });
  const { files, errors } = await found(root, [join(root, 'notes.txt'), join(root, 'a.ipynb')]);
  assert.deepEqual(files, ['a.ipynb']);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.file, 'notes.txt');
  assert.equal(errors[0]!.kind, 'unsupported');
  assert.match(errors[0]!.message, /\.ipynb/);
});

test('a missing path is a not-found error and the other paths are still walked', async () => {
  const root = tree({ 'a.ipynb': NOTEBOOK });
  const { files, errors } = await found(root, [join(root, 'missing'), root, join(root, 'missing.ipynb')]);
  assert.deepEqual(files, ['a.ipynb']);
  assert.deepEqual(
    errors.map((error) => [error.file, error.kind]),
    [
      ['missing', 'not-found'],
      ['missing.ipynb', 'not-found'],
    ],
  );
  assert.match(errors[0]!.message, /no such file/);
});

test('a FIFO named like a notebook is a special-file error, never opened', { timeout: 10_000 }, async (t) => {
  const root = tree({ 'a.ipynb': NOTEBOOK });
  const fifo = join(root, 'pipe.ipynb');
  try {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [fifo]);
  } catch {
    t.skip('mkfifo is not available');
    return;
  }
  const explicit = await found(root, [fifo]);
  assert.deepEqual(explicit.files, []);
  assert.deepEqual(explicit.errors.map((error) => [error.file, error.kind]), [['pipe.ipynb', 'special-file']]);
  const walked = await found(root);
  assert.deepEqual(walked.files, ['a.ipynb']);
  assert.deepEqual(walked.errors.map((error) => [error.file, error.kind]), [['pipe.ipynb', 'special-file']]);
});

test('paths are reported as given on the command line, joined with /', async () => {
  const root = tree({ 'x/a.ipynb': NOTEBOOK, 'x/sub/b.json': '{}', 'c.yml': 'a: 1' });
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const shown = async (...paths: string[]) => (await discover(paths)).files.map((file) => file.file);
    assert.deepEqual(await shown('./x/'), ['x/a.ipynb', 'x/sub/b.json']);
    assert.deepEqual(await shown('x'), ['x/a.ipynb', 'x/sub/b.json']);
    assert.deepEqual(await shown('x//sub/../sub/'), ['x/sub/b.json']);
    assert.deepEqual(await shown('.'), ['c.yml', 'x/a.ipynb', 'x/sub/b.json']);
    assert.deepEqual(await shown('./'), ['c.yml', 'x/a.ipynb', 'x/sub/b.json']);
    assert.deepEqual(await shown('./x/a.ipynb'), ['x/a.ipynb']);
    process.chdir(join(root, 'x', 'sub'));
    assert.deepEqual(await shown('../../c.yml', '..'), ['../../c.yml', '../a.ipynb', '../sub/b.json']);
    const absolute = await discover([join(root, 'x') + '/']);
    assert.deepEqual(
      absolute.files.map((file) => file.file),
      [`${join(root, 'x')}/a.ipynb`, `${join(root, 'x')}/sub/b.json`].map((path) => path.split('\\').join('/')),
    );
    const missing = await discover(['./nope/']);
    assert.equal(missing.errors[0]!.file, 'nope');
  } finally {
    process.chdir(cwd);
  }
});

test('repositoryPath is the path inside the repository, or the shown path outside one, also for relative paths', { timeout: 10_000 }, async () => {
  const root = tree({ 'repo/.git/HEAD': 'x', 'repo/nb/a.ipynb': NOTEBOOK, 'loose/b.ipynb': NOTEBOOK });
  const cache = new Map<string, string | null>();
  assert.equal(await repositoryPath(join(root, 'repo', 'nb', 'a.ipynb'), 'shown/a.ipynb', cache), 'nb/a.ipynb');
  assert.equal(await repositoryPath(join(root, 'loose', 'b.ipynb'), 'shown/b.ipynb', cache), 'shown/b.ipynb');
  const cwd = process.cwd();
  process.chdir(join(root, 'loose'));
  try {
    // Walking up from a relative path must reach the file system root, not loop on '../../..'.
    assert.equal(await repositoryPath('b.ipynb', 'b.ipynb', new Map()), 'b.ipynb');
    process.chdir(join(root, 'repo'));
    assert.equal(await repositoryPath(join('nb', 'a.ipynb'), 'nb/a.ipynb', new Map()), 'nb/a.ipynb');
  } finally {
    process.chdir(cwd);
  }
});
