import type { PythonArtifact } from '../../artifacts/python/python-artifact.js';
import type { FastApiRoute, ServingFacts } from '../../python/serving-facts.js';
import { routeAuthentication } from '../../python/serving-facts.js';

// Wording and snippets the serving rules share.

/** Source text of a range on one line, whitespace collapsed and clipped, for evidence. */
export function written(artifact: PythonArtifact, from: number, to: number, max = 120): string {
  const text = artifact.text.slice(from, to).replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The path a client calls: the router's and the include's prefixes in front of the route's own. */
export function fullPath(facts: ServingFacts, route: FastApiRoute): string {
  const router = facts.routers.find((candidate) => candidate.name === route.owner);
  const include = router?.includedIn[0];
  return `${include?.prefix ?? ''}${router?.prefix ?? ''}${route.path}` || '/';
}

/** Inference routes of the file that nothing authenticates (health and metrics routes left out). */
export function openRoutes(facts: ServingFacts): FastApiRoute[] {
  return facts.routes.filter((route) => !route.health && !routeAuthentication(facts, route));
}

/** The apps a route is served by: its own app, or the apps that include its router. */
export function appsOf(facts: ServingFacts, route: FastApiRoute): string[] {
  const router = facts.routers.find((candidate) => candidate.name === route.owner);
  return router ? router.includedIn.map((include) => include.app) : [route.owner];
}

export const API_KEY_DEPENDENCY = [
  'import hmac',
  'import os',
  '',
  'from fastapi import Depends, FastAPI, HTTPException, Security, status',
  'from fastapi.security import APIKeyHeader',
  '',
  'api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)',
  '',
  '',
  'def verify_api_key(api_key: str | None = Security(api_key_header)) -> None:',
  '    expected = os.environ["INFERENCE_API_KEY"]  # injected from the secret store, never committed',
  '    if not api_key or not hmac.compare_digest(api_key.encode(), expected.encode()):',
  '        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid or missing API key")',
].join('\n');
