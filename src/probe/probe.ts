import { compareFindings, type Finding, type ScanError } from '../core/finding.js';
import { ProbeClient, ProbeNetworkError, type ProbeClientOptions } from './http.js';
import { identify, SERVICE_NAMES, type ServiceKind } from './identify.js';
import { probeJupyter } from './services/jupyter.js';
import { probeManagement } from './services/management.js';
import { probeMlflow } from './services/mlflow.js';
import { probeModelServer, probeOpenApiService } from './services/inference.js';
import { ProbeTarget } from './target.js';

export interface ProbeOptions extends ProbeClientOptions {
  tryDefaultCredentials?: boolean;
}

export interface ProbedService {
  target: string;
  service?: ServiceKind;
  name?: string;
  evidence?: string;
  version?: string;
}

export interface ProbeResult {
  findings: Finding[];
  errors: ScanError[];
  services: ProbedService[];
  /** Every request sent, in order (method, URL, status). */
  requests: Array<{ method: string; url: string; status?: number }>;
}

/** Checks that a target is an http(s) URL; returns the reason when it is not. */
export function targetProblem(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'is not a URL (expected http://host:port or https://host)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `uses ${url.protocol}; only http and https are probed`;
  if (url.username || url.password) return 'carries credentials in the URL; give the URL without them';
  return undefined;
}

/** The target as probed and shown: scheme, host, port and base path; a query (a Jupyter ?token=) or fragment is dropped. */
export function baseUrl(target: string): string {
  const url = new URL(target);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Probes each target with read-only requests (by default) and returns findings and per-target errors. */
export async function probeTargets(targets: readonly string[], options: ProbeOptions = {}): Promise<ProbeResult> {
  const client = new ProbeClient(options);
  const findings: Finding[] = [];
  const errors: ScanError[] = [];
  const services: ProbedService[] = [];
  for (const given of targets) {
    const problem = targetProblem(given);
    if (problem) {
      errors.push({ file: given.replace(/\/\/[^/@]*@/, '//'), message: `${given.replace(/\/\/[^/@]*@/, '//')} ${problem}`, kind: 'usage' });
      continue;
    }
    const raw = baseUrl(given);
    const target = new ProbeTarget(raw, client, { tryDefaultCredentials: options.tryDefaultCredentials ?? false });
    try {
      // One plain request first, so an unreachable or TLS-failing target gives one clear error.
      await client.request(target.url('/'), { method: 'GET' });
      const identification = await identify(target);
      if (!identification) {
        errors.push({ file: raw, message: `${raw} answered, but not as any service the probe knows (MLflow, Jupyter, JupyterHub, FastAPI, BentoML, Ray, TorchServe, Triton, Ollama, vLLM); nothing was checked`, kind: 'unidentified' });
        services.push({ target: raw });
        continue;
      }
      services.push({ target: raw, service: identification.service, name: SERVICE_NAMES[identification.service], evidence: identification.evidence, version: identification.version });
      switch (identification.service) {
        case 'mlflow':
          await probeMlflow(target, identification);
          break;
        case 'jupyter':
        case 'jupyterhub':
          await probeJupyter(target, identification);
          break;
        case 'fastapi':
        case 'bentoml':
          await probeOpenApiService(target, identification);
          break;
        case 'vllm':
          await probeModelServer(target, identification);
          break;
        default:
          await probeManagement(target, identification);
      }
      findings.push(...target.findings);
    } catch (error) {
      if (error instanceof ProbeNetworkError) errors.push({ file: raw, message: error.message, kind: error.kind });
      else errors.push({ file: raw, message: `probe failed: ${(error as Error).message}`, kind: 'probe' });
    }
  }
  findings.sort(compareFindings);
  return { findings, errors, services, requests: client.log.map((entry) => ({ ...entry })) };
}
