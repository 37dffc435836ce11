import type { Severity } from '../core/finding.js';
import { normalisePackageName } from '../artifacts/text/requirements-file.js';
import data from './advisories.json' with { type: 'json' };
import { compareVersions, inRange, parseVersion, type AffectedRange, type Version } from './versions.js';

// The reviewed advisory data (advisories.json) and what a version or a container image maps to in it.

export interface Advisory {
  package: string;
  ghsa: string;
  cve?: string;
  severity: Severity;
  summary: string;
  affected: AffectedRange[];
  url: string;
}

export interface AdvisoryData {
  reviewed: string;
  sources: string[];
  advisories: Advisory[];
}

export const ADVISORY_DATA = data as AdvisoryData;

/** Packages the data covers, by normalised name. */
export const WATCHED_PACKAGES: ReadonlySet<string> = new Set(ADVISORY_DATA.advisories.map((advisory) => advisory.package));

export interface Affected {
  package: string;
  version: Version;
  advisories: Advisory[];
  severity: Severity;
  /** The lowest version above every matched range's end: fixes every advisory listed (an `lastAffected`-only range needs a later release). */
  upgradeTo: { version: string; inclusive: boolean };
}

const ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The advisories that cover `packageName` at `versionText`; undefined when none does or the version does not parse. */
export function advisoriesFor(packageName: string, versionText: string): Affected | undefined {
  const name = normalisePackageName(packageName);
  if (!WATCHED_PACKAGES.has(name)) return undefined;
  const version = parseVersion(versionText);
  if (!version) return undefined;
  const advisories = ADVISORY_DATA.advisories.filter((advisory) => advisory.package === name && advisory.affected.some((range) => inRange(version, range)));
  if (advisories.length === 0) return undefined;
  // Code-unit order, not localeCompare: the first localeCompare loads ICU's collation data (about 10 ms of a
  // cold CLI run), and for GHSA ids (digits and lower-case letters after the prefix) both orders agree.
  advisories.sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || (a.ghsa < b.ghsa ? -1 : a.ghsa > b.ghsa ? 1 : 0));
  let upgradeTo: Affected['upgradeTo'] | undefined;
  for (const advisory of advisories) {
    const range = advisory.affected.find((candidate) => inRange(version, candidate))!;
    const bound = range.fixed ? { version: range.fixed, inclusive: true } : range.lastAffected ? { version: range.lastAffected, inclusive: false } : undefined;
    if (!bound) continue;
    if (!upgradeTo) upgradeTo = bound;
    else {
      const order = compareVersions(parseVersion(bound.version)!, parseVersion(upgradeTo.version)!);
      if (order > 0 || (order === 0 && !bound.inclusive)) upgradeTo = bound;
    }
  }
  return { package: name, version, advisories, severity: advisories[0]!.severity, upgradeTo: upgradeTo ?? { version: versionText, inclusive: false } };
}

/** "2.10.0 or later", or "a release later than 2.14.1" when the last advisory names no fixed version. */
export function describeUpgrade(affected: Affected): string {
  return affected.upgradeTo.inclusive ? `${affected.upgradeTo.version} or later` : `a release later than ${affected.upgradeTo.version}`;
}

export interface ImageComponent {
  package: string;
  version: string;
  /** Offsets of the version inside the image reference. */
  versionStart: number;
  versionEnd: number;
}

// Official and common images whose tag names the package version. The Jupyter Docker Stacks tag each
// image with the versions it ships (notebook-6.4.8, lab-3.4.5, hub-2.3.1, jupyter_server-…).
const VERSIONED_IMAGES: Array<{ repository: RegExp; package: string }> = [
  { repository: /^(?:ghcr\.io\/)?mlflow\/mlflow$/, package: 'mlflow' },
  { repository: /^(?:docker\.io\/)?(?:bitnami|burakince)\/mlflow$/, package: 'mlflow' },
  { repository: /^(?:docker\.io\/)?jupyterhub\/jupyterhub$/, package: 'jupyterhub' },
];
const JUPYTER_STACKS = /^(?:docker\.io\/|quay\.io\/)?jupyter\/[a-z0-9-]+-notebook$/;
const STACK_TAGS: Record<string, string> = { notebook: 'notebook', lab: 'jupyterlab', hub: 'jupyterhub', 'jupyter_server': 'jupyter-server', 'jupyter-server': 'jupyter-server' };

/** The package and version an image reference names in its tag, if it is one of the images above. */
export function imageComponent(reference: string): ImageComponent | undefined {
  const withoutDigest = reference.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon === -1 || withoutDigest.indexOf('/', colon) !== -1) return undefined;
  const repository = withoutDigest.slice(0, colon).toLowerCase();
  const tag = withoutDigest.slice(colon + 1);
  for (const image of VERSIONED_IMAGES) {
    if (!image.repository.test(repository)) continue;
    const version = /^v?(\d+(?:\.\d+){1,3}(?:(?:a|b|rc)\d+)?)(?=$|[-_])/.exec(tag);
    if (!version) return undefined;
    const start = colon + 1 + tag.indexOf(version[1]!);
    return { package: image.package, version: version[1]!, versionStart: start, versionEnd: start + version[1]!.length };
  }
  if (JUPYTER_STACKS.test(repository)) {
    const stack = /^(notebook|lab|hub|jupyter[_-]server)-v?(\d+(?:\.\d+){1,3})$/.exec(tag);
    if (!stack) return undefined;
    const start = colon + 1 + stack[1]!.length + 1 + (tag.slice(stack[1]!.length + 1).startsWith('v') ? 1 : 0);
    return { package: STACK_TAGS[stack[1]!]!, version: stack[2]!, versionStart: start, versionEnd: start + stack[2]!.length };
  }
  return undefined;
}
