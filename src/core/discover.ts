import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { artifactKindFor, READ_FILE_TYPES, type ArtifactKind } from '../artifacts/artifact.js';
import type { ScanError } from './finding.js';

export interface DiscoveredFile {
  /** Path as reported: the command-line path joined with the path below it, '/'-separated. */
  file: string;
  absolute: string;
  kind: ArtifactKind;
}

export interface DiscoverOptions {
  /** Honour .gitignore files found while walking (default true). */
  gitignore?: boolean;
}

// Folders that hold other people's code or tool state, never the platform's own artifacts.
const SKIPPED_DIRECTORIES = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'vendor', 'third_party', '.venv', 'venv', 'site-packages',
  '__pypackages__', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.terraform', '.cache',
]);

interface IgnoreScope {
  /** The folder the rules' paths are relative to, as the walk spells it. */
  base: string;
  /** For a .gitignore above the scanned folder: the path from its folder down to `base`. */
  prefix: string;
  rules: Ignore;
}

/**
 * Expands command-line paths into the files to analyse. Files named explicitly are always read;
 * directories are walked with .gitignore honoured, vendored folders skipped and symlink loops cut.
 */
export async function discover(paths: readonly string[], options: DiscoverOptions = {}): Promise<{ files: DiscoveredFile[]; errors: ScanError[] }> {
  const files: DiscoveredFile[] = [];
  const errors: ScanError[] = [];
  const seen = new Set<string>();
  const useGitignore = options.gitignore !== false;

  const addFile = (file: string, absolute: string, kind: ArtifactKind, real: string) => {
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ file, absolute, kind });
  };

  for (const given of paths) {
    const display = toDisplay(given);
    let info;
    try {
      info = await stat(given);
    } catch (error) {
      errors.push(pathError(display, error));
      continue;
    }
    if (info.isFile()) {
      const kind = artifactKindFor(given);
      if (!kind) {
        errors.push({ file: display, kind: 'unsupported', message: `skipped: not a file type mlops-audit reads (${READ_FILE_TYPES})` });
        continue;
      }
      addFile(display, given, kind, await realpath(given));
    } else if (info.isDirectory()) {
      let scopes = useGitignore ? await ancestorScopes(given) : [];
      // A folder named on the command line is scanned even if a .gitignore above it excludes it, as named
      // files are; .gitignore files inside it still apply.
      if (isIgnored(scopes, given, true)) scopes = [];
      await walk(given, display, scopes, new Set([await realpath(given)]));
    } else {
      errors.push({ file: display, kind: 'special-file', message: 'skipped: not a regular file or directory' });
    }
  }
  return { files, errors };

  async function walk(directory: string, display: string, scopes: IgnoreScope[], ancestors: Set<string>): Promise<void> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      errors.push(pathError(display, error));
      return;
    }
    const local = useGitignore && entries.some((entry) => entry.name === '.gitignore' && entry.isFile()) ? await loadGitignore(directory) : undefined;
    const active = local ? [...scopes, local] : scopes;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    for (const entry of entries) {
      const absolute = join(directory, entry.name);
      const shown = display === '.' ? entry.name : `${display}/${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(absolute);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          errors.push({ file: shown, kind: code === 'ELOOP' ? 'loop' : 'read', message: code === 'ELOOP' ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link' });
          continue;
        }
      }
      if (isDirectory) {
        if (SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(active, absolute, true)) continue;
        if (await isVirtualEnv(absolute)) continue;
        let real;
        try {
          real = await realpath(absolute);
        } catch (error) {
          errors.push(pathError(shown, error));
          continue;
        }
        if (ancestors.has(real)) {
          errors.push({ file: shown, kind: 'loop', message: 'skipped: symbolic link loop back to a folder already being scanned' });
          continue;
        }
        await walk(absolute, shown, active, new Set([...ancestors, real]));
      } else if (isFile) {
        const kind = artifactKindFor(entry.name);
        if (!kind || isIgnored(active, absolute, false)) continue;
        let real = absolute;
        try {
          real = await realpath(absolute);
        } catch {
          // Keep the path itself; reading it will report the problem.
        }
        addFile(shown, absolute, kind, real);
      } else if (artifactKindFor(entry.name) && !isIgnored(active, absolute, false)) {
        // A FIFO, socket or device named like an artifact: never opened (a FIFO would block), but reported.
        errors.push({ file: shown, kind: 'special-file', message: 'skipped: not a regular file or directory' });
      }
    }
  }
}

/** Scopes run from the outermost .gitignore to the innermost; as in git, a deeper file's rules (negations too) win. */
function isIgnored(scopes: readonly IgnoreScope[], absolute: string, directory: boolean): boolean {
  let ignored = false;
  for (const scope of scopes) {
    const below = relative(scope.base, absolute).split(sep).join(posix.sep);
    if (below === '..' || below.startsWith('../') || isAbsolute(below)) continue;
    const rel = scope.prefix ? (below ? `${scope.prefix}/${below}` : scope.prefix) : below;
    if (!rel) continue;
    const result = scope.rules.test(directory ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function loadGitignore(directory: string): Promise<IgnoreScope | undefined> {
  try {
    const text = await readFile(join(directory, '.gitignore'), 'utf8');
    return { base: directory, prefix: '', rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/**
 * .gitignore files of the folders above a scanned folder, up to its repository's root, still apply to it.
 * The folders above are found from the real path (the scanned folder may be reached through a symbolic
 * link), so each scope is anchored at the scanned folder with the path from the .gitignore's folder as prefix.
 */
async function ancestorScopes(directory: string): Promise<IgnoreScope[]> {
  const start = await realpath(directory);
  const above: string[] = [];
  let current = start;
  while (!(await exists(join(current, '.git')))) {
    const parent = join(current, '..');
    if (parent === current) return []; // not inside a repository: no ancestor rules apply
    current = parent;
    above.unshift(current);
  }
  const scopes: IgnoreScope[] = [];
  for (const folder of above) {
    const scope = await loadGitignore(folder);
    if (scope) scopes.push({ base: directory, prefix: relative(folder, start).split(sep).join(posix.sep), rules: scope.rules });
  }
  return scopes;
}

async function isVirtualEnv(directory: string): Promise<boolean> {
  return exists(join(directory, 'pyvenv.cfg'));
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The path of the repository a file belongs to, '/'-separated, for fingerprints; the shown path outside a repository. */
export async function repositoryPath(absolute: string, fallback: string, rootCache: Map<string, string | null>): Promise<string> {
  // Resolved first: walking up a relative path ('a.ipynb' -> '.' -> '..' -> '../..') never reaches the root.
  let directory = dirname(resolve(absolute));
  const visited: string[] = [];
  let root: string | null | undefined;
  for (;;) {
    if (rootCache.has(directory)) {
      root = rootCache.get(directory);
      break;
    }
    visited.push(directory);
    if (await exists(join(directory, '.git'))) {
      root = directory;
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      root = null;
      break;
    }
    directory = parent;
  }
  for (const folder of visited) rootCache.set(folder, root ?? null);
  if (!root) return fallback;
  return relative(root, absolute).split(sep).join(posix.sep);
}

function toDisplay(given: string): string {
  const normalized = posix.normalize(given.split(sep).join(posix.sep));
  return normalized.length > 1 ? normalized.replace(/\/$/, '') : normalized;
}

function pathError(file: string, error: unknown): ScanError {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'skipped: symbolic link loop' : `could not read: ${(error as Error).message}`;
  return { file, kind: code === 'ENOENT' ? 'not-found' : code === 'ELOOP' ? 'loop' : 'read', message };
}
