import exposedApiDocs from '../checks/exposed-api-docs.js';
import inferenceUnauthenticated from '../checks/inference-unauthenticated.js';
import { SERVICE_NAMES, type Identification } from '../identify.js';
import { describe, isObject, json, type ProbeTarget } from '../target.js';
import { checkCors } from './common.js';

interface Route {
  method: string;
  path: string;
  secured: boolean;
}

// Routes that answer without credentials on purpose: probes, metrics, the docs themselves.
const HOUSEKEEPING = /^\/(health|healthz|livez|readyz|ready|ping|metrics|docs|redoc|openapi\.json|docs\.json|favicon\.ico)?\/?$/;

/** FastAPI, BentoML and other OpenAPI-described inference services. */
export async function probeOpenApiService(target: ProbeTarget, identification: Identification): Promise<void> {
  const schemaPath = identification.service === 'bentoml' ? '/docs.json' : '/openapi.json';
  const schemaResponse = identification.answers.get(schemaPath) ?? (await target.get(schemaPath));
  const schema = schemaResponse?.status === 200 ? json(schemaResponse) : undefined;
  const name = SERVICE_NAMES[identification.service];
  const [docs, redoc] = await Promise.all([target.get('/docs'), target.get('/redoc')]);
  const ui = [docs, redoc].filter((response) => response?.status === 200 && /swagger|redoc/i.test(response.body)).map((response) => new URL(response!.url).pathname);

  if (!isObject(schema)) {
    if (ui.length > 0) {
      target.report(exposedApiDocs, {
        url: target.url(ui[0]!),
        request: `GET ${ui[0]}`,
        message: `The ${name} at ${target.target} serves its interactive API docs (${ui.join(', ')}) without credentials. Turn them off in production: FastAPI(docs_url=None, redoc_url=None, openapi_url=None).`,
        evidence: ui.map((path) => `GET ${path} -> HTTP 200 (interactive API docs)`).join('; '),
        blastRadius: `A map of every route of ${target.base.host} for anyone who reaches it.`,
        identity: 'api-docs',
      });
    }
    await checkCors(target, identification.service, '/');
    return;
  }

  const routes = routesOf(schema);
  const callable = routes.filter((route) => !HOUSEKEEPING.test(route.path));
  target.report(exposedApiDocs, {
    url: target.url(schemaPath),
    request: `GET ${schemaPath}`,
    message: `The ${name} at ${target.target} publishes its OpenAPI schema${ui.length ? ` and interactive docs (${ui.join(', ')})` : ''} without credentials, a map of ${routes.length} route(s)${callable.length ? ` including ${callable.slice(0, 4).map((route) => `${route.method} ${route.path}`).join(', ')}` : ''}. Turn them off in production: FastAPI(docs_url=None, redoc_url=None, openapi_url=None).`,
    evidence: [`GET ${schemaPath} -> ${describe(schemaResponse!, `OpenAPI, ${routes.length} route(s)`)}`, ...ui.map((path) => `GET ${path} -> HTTP 200 (interactive API docs)`)].join('; '),
    blastRadius: `A map of every route of ${target.base.host} for anyone who reaches it.`,
    identity: 'api-docs',
  });

  const schemes = isObject(schema.components) && isObject(schema.components.securitySchemes) ? Object.keys(schema.components.securitySchemes) : [];
  const unsecured = callable.filter((route) => !route.secured);
  const evidence: string[] = [];
  // GET routes without path parameters are read-only by contract and safe to call.
  for (const route of unsecured.filter((candidate) => candidate.method === 'GET' && !candidate.path.includes('{')).slice(0, 4)) {
    const response = await target.get(route.path);
    if (response?.status === 200) evidence.push(`GET ${route.path} -> HTTP 200 without credentials`);
  }
  const writes = unsecured.filter((route) => route.method !== 'GET');
  if (target.client.unsafeAllowed) {
    for (const route of writes.filter((candidate) => candidate.method === 'POST' && !candidate.path.includes('{')).slice(0, 4)) {
      try {
        const response = await target.client.request(target.url(route.path), { method: 'POST', headers: { 'content-type': 'application/json' } });
        // 422 is FastAPI's validation error: the request got past any authentication dependency.
        if (response.status === 200 || response.status === 422) evidence.push(`POST ${route.path} (empty body, --allow-unsafe-methods) -> HTTP ${response.status}, not an authentication error`);
      } catch {
        // the route did not answer; nothing to report for it
      }
    }
  }
  if (writes.length > 0 && schemes.length === 0) {
    evidence.push(`OpenAPI declares no securitySchemes; ${writes.slice(0, 6).map((route) => `${route.method} ${route.path}`).join(', ')} ${target.client.unsafeAllowed ? 'declared without security' : 'declared without security (listed, not called)'}`);
  }
  if (evidence.length > 0) {
    const first = evidence[0]!.split(' ');
    target.report(inferenceUnauthenticated, {
      url: target.url(first[0] === 'OpenAPI' ? schemaPath : first[1]!),
      request: first[0] === 'OpenAPI' ? `GET ${schemaPath}` : `${first[0]} ${first[1]}`,
      message: `The ${name} at ${target.target} takes calls without credentials: ${unsecured.slice(0, 4).map((route) => `${route.method} ${route.path}`).join(', ')} ${unsecured.length === 1 ? 'has' : 'have'} no authentication. Anyone who reaches it can query the model (extraction, cost) and call management routes. Require an API key or bearer token on every prediction route (a FastAPI dependency such as APIKeyHeader with a constant-time comparison) or an authenticating gateway.`,
      evidence: evidence.join('; '),
      blastRadius: `The model behind ${target.base.host} and every route the schema lists.`,
      identity: 'inference-api',
    });
  }
  await checkCors(target, identification.service, schemaPath);
}

/** GET /v1/models (vLLM) or /v2 metadata (Triton) answering without credentials. */
export async function probeModelServer(target: ProbeTarget, identification: Identification): Promise<void> {
  const path = identification.service === 'vllm' ? '/v1/models' : '/v2/models/stats';
  const response = identification.answers.get(path) ?? (await target.get(path));
  if (response?.status === 200 && json(response) !== undefined) {
    target.report(inferenceUnauthenticated, {
      url: target.url(path),
      request: `GET ${path}`,
      message: `The ${SERVICE_NAMES[identification.service]} at ${target.target} answers ${path} without credentials, so its inference routes take calls from anyone who reaches it. ${identification.service === 'vllm' ? 'Start vLLM with --api-key from a secret (VLLM_API_KEY)' : 'Put an authenticating gateway in front of Triton and restrict its HTTP port to that gateway'}.`,
      evidence: `GET ${path} -> ${describe(response)}`,
      blastRadius: `The models served by ${target.base.host}.`,
      identity: 'inference-api',
    });
  }
  await checkCors(target, identification.service, path);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The routes an OpenAPI document declares, each marked secured when it (or the document) requires a scheme. */
export function routesOf(schema: Record<string, unknown>): Route[] {
  const globalSecurity = Array.isArray(schema.security) && schema.security.length > 0;
  const routes: Route[] = [];
  if (!isObject(schema.paths)) return routes;
  for (const [path, item] of Object.entries(schema.paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const security = operation.security;
      const secured = Array.isArray(security) ? security.some((requirement) => isObject(requirement) && Object.keys(requirement).length > 0) : globalSecurity;
      routes.push({ method: method.toUpperCase(), path, secured });
    }
  }
  return routes;
}
