// PEP 440 version parsing and ordering, enough for the Python packages the advisory data names (mlflow,
// jupyter-server, notebook, jupyterlab, jupyterhub): epoch, release, pre-release (a/b/rc and their
// spellings), post- and dev-releases; a local label (+cpu) is ignored for ordering, as pip does for ranges.

export interface Version {
  epoch: number;
  release: number[];
  /** a = 0, b = 1, rc = 2 */
  pre?: [number, number];
  post?: number;
  dev?: number;
  text: string;
}

const PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;

const PRE: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

/** The version, or undefined when the text is not a PEP 440 version. */
export function parseVersion(text: string): Version | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const version: Version = { epoch: match[1] ? Number(match[1]) : 0, release: match[2]!.split('.').map(Number), text: text.trim() };
  if (match[3]) version.pre = [PRE[match[3].toLowerCase()]!, Number(match[4] || 0)];
  if (match[5] !== undefined) version.post = Number(match[5]);
  else if (match[6]) version.post = Number(match[7] || 0);
  if (match[8]) version.dev = Number(match[9] || 0);
  return version;
}

/** Negative when a sorts before b, 0 when equal, positive after. */
export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const difference = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (difference) return difference;
  }
  return compareKeys(sortKey(a), sortKey(b));
}

// After the release: a dev-only release sorts before its pre-releases, pre-releases before the final
// release, and post-releases after it; a dev suffix sorts before the same release without one.
function sortKey(version: Version): number[] {
  const pre = version.pre ? [version.pre[0], version.pre[1]] : version.dev !== undefined && version.post === undefined ? [-1, 0] : [3, 0];
  const post = version.post !== undefined ? [1, version.post] : [0, 0];
  const dev = version.dev !== undefined ? [0, version.dev] : [1, 0];
  return [...pre, ...post, ...dev];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** One affected range of an advisory: from `introduced` (inclusive, "0" = every version) up to `fixed` (exclusive) or `lastAffected` (inclusive). */
export interface AffectedRange {
  introduced: string;
  fixed?: string;
  lastAffected?: string;
}

/** True when `version` falls inside the range; a range with neither bound above covers every later version. */
export function inRange(version: Version, range: AffectedRange): boolean {
  const introduced = range.introduced === '0' ? undefined : parseVersion(range.introduced);
  if (introduced && compareVersions(version, introduced) < 0) return false;
  if (range.fixed !== undefined) return compareVersions(version, parseVersion(range.fixed)!) < 0;
  if (range.lastAffected !== undefined) return compareVersions(version, parseVersion(range.lastAffected)!) <= 0;
  return true;
}
