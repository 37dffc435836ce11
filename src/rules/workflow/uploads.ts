import { isMap, isScalar } from 'yaml';
import type { Job, Step, ValueRef, WorkflowArtifact } from '../../artifacts/workflow/workflow.js';
import { actionOf } from './secret-scope.js';

// Which files later steps publish: actions/upload-artifact (downloadable from the run) and
// actions/upload-pages-artifact (published on GitHub Pages). Paths are compared as written, relative to
// the workspace, with `./`, `$GITHUB_WORKSPACE/` and `${{ github.workspace }}/` removed and globs expanded.

export interface Upload {
  step: Step;
  action: string;
  name: string;
  /** The `path:` input, for the related location (upload-pages-artifact defaults to _site/). */
  path?: ValueRef;
}

const UPLOADERS = new Set(['actions/upload-artifact', 'actions/upload-pages-artifact']);

/** The first upload step after `after` in the job whose `path:` takes in `file` (a path as a script wrote it). */
export function uploadOf(job: Job, after: Step, file: string, workingDirectory: string | undefined): { upload: Upload; pattern: string } | undefined {
  const target = normalize(file, workingDirectory);
  if (target === undefined) return undefined;
  for (const step of job.steps) {
    if (step.index <= after.index) continue;
    const action = actionOf(step);
    if (!action || !UPLOADERS.has(action)) continue;
    const path = step.with.find((entry) => entry.name === 'path')?.value;
    const patterns = path ? path.value.split('\n').map((line) => line.trim()).filter(Boolean) : action === 'actions/upload-pages-artifact' ? ['_site/'] : [];
    const included = patterns.filter((pattern) => !pattern.startsWith('!')).find((pattern) => covers(pattern, target));
    if (!included || patterns.some((pattern) => pattern.startsWith('!') && covers(pattern.slice(1), target))) continue;
    const name = step.with.find((entry) => entry.name === 'name')?.value?.value ?? (action === 'actions/upload-pages-artifact' ? 'github-pages' : 'artifact');
    return { upload: { step, action, name, path }, pattern: included };
  }
  return undefined;
}

/** A step's working directory (step, then job and workflow `defaults.run`), when it is set. */
export function workingDirectoryOf(workflow: WorkflowArtifact, job: Job, step: Step): string | undefined {
  const read = (node: unknown) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);
  const fromDefaults = (map: unknown) => (isMap(map) ? read(map.getIn(['defaults', 'run', 'working-directory'], true)) : undefined);
  return read(step.map.get('working-directory', true)) ?? fromDefaults(job.map) ?? fromDefaults(workflow.root);
}

/** The shell a step's script runs in: explicit, from defaults, or the runner's default. */
export function shellOf(workflow: WorkflowArtifact, job: Job, step: Step): string {
  const read = (node: unknown) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);
  const fromDefaults = (map: unknown) => (isMap(map) ? read(map.getIn(['defaults', 'run', 'shell'], true)) : undefined);
  const explicit = step.shell ?? fromDefaults(job.map) ?? fromDefaults(workflow.root);
  if (explicit) return explicit;
  return job.runsOn.some((label) => /windows/i.test(label)) ? 'pwsh' : 'bash';
}

export function isPosixShell(shell: string): boolean {
  return /^(?:\S*\/)?(?:bash|sh|zsh|dash|ksh)\b/.test(shell.trim());
}

/** A path relative to the workspace ('.' for the workspace itself), or undefined when it depends on a variable. */
function normalize(raw: string, workingDirectory?: string): string | undefined {
  let path = raw
    .trim()
    .replace(/^\$\{\{\s*github\.workspace\s*\}\}/i, '.')
    .replace(/^\$\{?GITHUB_WORKSPACE\}?/, '.')
    .replace(/^\$\{\{\s*runner\.temp\s*\}\}/i, '$RUNNER_TEMP')
    .replace(/^\$\{RUNNER_TEMP\}/, '$RUNNER_TEMP')
    .replace(/^\$\{HOME\}|^\$HOME/, '~');
  if (/\$(?!RUNNER_TEMP\b)|`/.test(path)) return undefined;
  const absolute = /^(?:\/|~|\$RUNNER_TEMP)/.test(path);
  if (!absolute && workingDirectory) {
    const base = normalize(workingDirectory);
    if (base === undefined) return undefined;
    path = `${base}/${path}`;
  }
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  if (path.startsWith('/')) return `/${joined}`;
  return joined || '.';
}

function covers(pattern: string, file: string): boolean {
  const base = normalize(pattern);
  if (base === undefined) return false;
  if (base === '.') return !/^(?:\/|~|\$RUNNER_TEMP)/.test(file);
  if (file === base || file.startsWith(`${base}/`)) return true;
  if (!/[*?[]/.test(base)) return false;
  const regex = globRegex(base);
  // A glob that matches a directory takes in everything below it.
  const parts = file.split('/');
  for (let i = parts.length; i > 0; i--) if (regex.test(parts.slice(0, i).join('/'))) return true;
  return false;
}

function globRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      source += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
