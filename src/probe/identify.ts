import type { ProbeResponse } from './http.js';
import { isObject, json, type ProbeTarget } from './target.js';

export const SERVICES = ['mlflow', 'jupyterhub', 'jupyter', 'ray', 'ollama', 'vllm', 'triton', 'torchserve', 'bentoml', 'fastapi'] as const;
export type ServiceKind = (typeof SERVICES)[number];

export const SERVICE_NAMES: Record<ServiceKind, string> = {
  mlflow: 'MLflow tracking server',
  jupyterhub: 'JupyterHub',
  jupyter: 'Jupyter Server',
  ray: 'Ray dashboard',
  ollama: 'Ollama',
  vllm: 'vLLM OpenAI-compatible server',
  triton: 'Triton Inference Server',
  torchserve: 'TorchServe',
  bentoml: 'BentoML service',
  fastapi: 'FastAPI inference service',
};

export interface Identification {
  service: ServiceKind;
  /** How it was recognised, e.g. "GET /api answered {version}". */
  evidence: string;
  version?: string;
  /** The first answers, reused by the checks. */
  answers: Map<string, ProbeResponse | undefined>;
}

// Harmless GETs whose answers tell the services apart by shape, not by port.
const PATHS = ['/version', '/health', '/api/2.0/mlflow/experiments/search?max_results=1', '/api', '/hub/api', '/api/version', '/api/tags', '/v1/models', '/v2', '/models', '/ping', '/docs.json', '/openapi.json'];

const VERSION = /^v?\d+\.\d+(\.\d+)?([.+-]?[\w.]+)?$/;

export async function identify(target: ProbeTarget): Promise<Identification | undefined> {
  const answers = new Map<string, ProbeResponse | undefined>();
  await Promise.all(PATHS.map(async (path) => answers.set(path, await target.get(path))));
  const ok = (path: string) => (answers.get(path)?.status === 200 ? answers.get(path) : undefined);
  const body = (path: string) => json(ok(path));
  const found = (service: ServiceKind, evidence: string, version?: string): Identification => ({ service, evidence, version, answers });

  const hub = body('/hub/api');
  if (isObject(hub) && typeof hub.version === 'string') return found('jupyterhub', 'GET /hub/api answered with a JupyterHub version document', hub.version);

  const api = body('/api');
  if (isObject(api) && typeof api.version === 'string' && Object.keys(api).length <= 2) return found('jupyter', 'GET /api answered with a Jupyter version document', api.version);

  const mlflowVersion = ok('/version')?.body.trim();
  const search = answers.get('/api/2.0/mlflow/experiments/search?max_results=1');
  const searchBody = json(search);
  const mlflowSearch =
    (search?.status === 200 && isObject(searchBody) && ('experiments' in searchBody || Object.keys(searchBody).length === 0 || 'next_page_token' in searchBody)) ||
    (search !== undefined && [401, 403].includes(search.status) && /mlflow/i.test(search.headers.get('www-authenticate') ?? search.body.slice(0, 400)));
  if (mlflowSearch || (mlflowVersion && VERSION.test(mlflowVersion) && ok('/health')?.body.trim() === 'OK')) {
    return found('mlflow', mlflowSearch ? `GET /api/2.0/mlflow/experiments/search answered HTTP ${search!.status} in MLflow's shape` : 'GET /health answered OK and GET /version a version number', mlflowVersion && VERSION.test(mlflowVersion) ? mlflowVersion : undefined);
  }

  const ray = body('/api/version');
  if (isObject(ray) && typeof ray.ray_version === 'string') return found('ray', 'GET /api/version answered with ray_version', ray.ray_version);

  const tags = body('/api/tags');
  if (isObject(tags) && Array.isArray(tags.models)) {
    const version = body('/api/version');
    return found('ollama', 'GET /api/tags answered with a model list in Ollama\'s shape', isObject(version) && typeof version.version === 'string' ? version.version : undefined);
  }

  const models = body('/v1/models');
  const modelsAnswer = answers.get('/v1/models');
  if ((isObject(models) && models.object === 'list' && Array.isArray(models.data)) || (modelsAnswer?.status === 401 && /api key/i.test(modelsAnswer.body.slice(0, 400)))) {
    const version = body('/version');
    return found('vllm', `GET /v1/models answered HTTP ${modelsAnswer!.status} in the OpenAI-compatible shape`, isObject(version) && typeof version.version === 'string' ? version.version : undefined);
  }

  const v2 = body('/v2');
  if (isObject(v2) && typeof v2.name === 'string' && Array.isArray(v2.extensions)) return found('triton', 'GET /v2 answered with KServe v2 server metadata', typeof v2.version === 'string' ? v2.version : undefined);

  const bento = body('/docs.json');
  if (isObject(bento) && typeof bento.openapi === 'string') return found('bentoml', 'GET /docs.json answered with an OpenAPI document');

  const openapi = body('/openapi.json');
  if (isObject(openapi) && (typeof openapi.openapi === 'string' || typeof openapi.swagger === 'string')) return found('fastapi', 'GET /openapi.json answered with an OpenAPI document');
  const torch = body('/models');
  const ping = body('/ping');
  if ((isObject(torch) && Array.isArray(torch.models) && !('object' in torch)) || (isObject(ping) && ping.status === 'Healthy')) {
    return found('torchserve', isObject(torch) && Array.isArray(torch.models) ? 'GET /models answered with a TorchServe model list' : 'GET /ping answered {"status": "Healthy"}');
  }

  // FastAPI's own 404 body and uvicorn's server header, when the docs are turned off.
  for (const response of answers.values()) {
    if (!response) continue;
    if (/uvicorn|hypercorn/i.test(response.headers.get('server') ?? '') || (response.status === 404 && response.body.trim() === '{"detail":"Not Found"}')) {
      return found('fastapi', `${/uvicorn|hypercorn/i.test(response.headers.get('server') ?? '') ? `server header ${response.headers.get('server')}` : 'FastAPI\'s JSON 404 body'} (interactive docs and schema not served)`);
    }
  }
  return undefined;
}
