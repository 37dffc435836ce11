import type { Finding } from '../core/finding.js';
import type { ProbeCheck } from './check.js';
import { probeFinding, type ProbeFindingInput } from './finding.js';
import type { ProbeClient, ProbeResponse } from './http.js';

/** One probed service: its base URL, the client and where findings go. */
export class ProbeTarget {
  readonly findings: Finding[] = [];
  readonly base: URL;

  constructor(
    readonly target: string,
    readonly client: ProbeClient,
    readonly options: { tryDefaultCredentials: boolean },
  ) {
    this.base = new URL(target);
  }

  /** The URL of `path` under the target's base path (a target may be mounted under a prefix). */
  url(path: string): string {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return new URL(`${prefix}${path}`, this.base).href;
  }

  get(path: string, headers?: Record<string, string>): Promise<ProbeResponse | undefined> {
    return this.client.tryGet(this.url(path), headers);
  }

  report(check: ProbeCheck, input: ProbeFindingInput): void {
    this.findings.push(probeFinding(check, this.target, input));
  }
}

export function json(response: ProbeResponse | undefined): unknown {
  if (!response || response.truncated) return undefined;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "HTTP 200 (application/json, 2 items)": what answered, never the body itself. */
export function describe(response: ProbeResponse, what?: string): string {
  const type = response.headers.get('content-type')?.split(';')[0];
  const server = response.headers.get('server');
  const parts = [type, server ? `server ${server}` : undefined, what].filter(Boolean);
  return `HTTP ${response.status}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** The length of the first array-valued field, e.g. {"experiments": [...]} -> 1. */
export function countOf(value: unknown, key: string): number | undefined {
  if (Array.isArray(value)) return value.length;
  if (isObject(value) && Array.isArray(value[key])) return (value[key] as unknown[]).length;
  if (isObject(value) && !(key in value)) return 0;
  return undefined;
}
