import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { servingFacts } from '../../python/serving-facts.js';
import { API_KEY_DEPENDENCY, fullPath, openRoutes, written } from './serving-text.js';

// Routes that change what the service serves, rather than only answer with a prediction.
const STATE_CHANGING = /reload|refresh|update|upload|train|retrain|swap|deploy|admin|delete|config|promote/i;

export default defineRule({
  id: 'serving/unauthenticated-inference-route',
  artifact: 'python',
  title: 'Inference route without authentication',
  category: 'missing-authentication',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM10:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0040', 'MITRE-ATLAS:AML.T0024', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-306'),
  control:
    'Require a credential on every inference route: a FastAPI dependency such as `Depends(verify_api_key)` built on `APIKeyHeader` (or `HTTPBearer` / `OAuth2PasswordBearer` with token validation), set on the app (`FastAPI(dependencies=[…])`), on the router, or on each route, with the key injected from a secret store.',
  docs: {
    summary:
      'Reads FastAPI services (`.py` files) and finds routes (`@app.post("/predict")`, `@router.get(…)`, `@app.api_route(…)`, `app.add_api_route(…)`) that nothing authenticates. A route counts as authenticated when an authenticating dependency is on the route (`dependencies=[Depends(verify_token)]`, or a handler parameter with `Depends(…)` of an authentication function, `Security(…)`, `HTTPBearer`, `OAuth2PasswordBearer`, `APIKeyHeader`), on its router (`APIRouter(dependencies=[…])`, `include_router(…, dependencies=[…])`) or on the app (`FastAPI(dependencies=[…])`), or when the app has an authenticating middleware (`app.add_middleware(…)` of an auth, token, JWT or API-key middleware class, or an `@app.middleware("http")` function that reads the Authorization or API-key header and answers 401 or 403). A dependency counts when its function raises 401/403, takes a security scheme, or is named like one (`verify_*`, `*auth*`, `*token*`, `get_current_user`). GET routes whose last path segment is `health`, `healthz`, `ready`, `readyz`, `live`, `livez`, `ping` or `metrics` are health, readiness and metrics endpoints, not inference routes, and are skipped. Flask and other frameworks are not read yet. The finding points at the route decorator and names the method and path.',
    risk:
      'An inference endpoint without authentication serves anyone who can reach it. Callers can run the model at your expense and exhaust its capacity, send thousands of queries to copy its behaviour (model extraction) or learn about its training data (membership inference), and probe it with crafted inputs. Network placement is not a control: services meant to be internal end up behind a load balancer, an ingress or a port-forward. Routes that reload or swap the model let anyone change what production serves.',
    bad: {
      language: 'python',
      code: 'app = FastAPI()\n\n@app.post("/predict")\ndef predict(customer: Customer) -> dict:\n    return {"score": model.predict([customer.features])[0]}',
    },
    good: {
      language: 'python',
      code: `${API_KEY_DEPENDENCY}\n\n\napp = FastAPI(dependencies=[Depends(verify_api_key)])  # or per route: @app.post("/predict", dependencies=[...])`,
      note: 'Health and readiness probes can stay open on their own routes; put the dependency on the router or routes that serve the model.',
    },
    references: [
      { title: 'FastAPI: Security – first steps', url: 'https://fastapi.tiangolo.com/tutorial/security/first-steps/' },
      { title: 'FastAPI: Dependencies in path operation decorators', url: 'https://fastapi.tiangolo.com/tutorial/dependencies/dependencies-in-path-operation-decorators/' },
      { title: 'FastAPI: Global dependencies', url: 'https://fastapi.tiangolo.com/tutorial/dependencies/global-dependencies/' },
      { title: 'MITRE ATLAS AML.T0040: AI Model Inference API Access', url: 'https://atlas.mitre.org/techniques/AML.T0040' },
    ],
  },
  check({ artifact, report }) {
    const facts = servingFacts(artifact);
    for (const route of openRoutes(facts)) {
      const path = fullPath(facts, route);
      const method = route.methods.join(', ');
      const router = facts.routers.find((candidate) => candidate.name === route.owner);
      const unseenApp = router ? router.includedIn.length === 0 : !facts.apps.some((app) => app.name === route.owner);
      const changesState = STATE_CHANGING.test(path) || STATE_CHANGING.test(route.handler ?? '');
      const handler = route.handler ? ` (handler \`${route.handler}\`)` : '';
      report({
        start: route.from,
        end: route.to,
        location: {},
        message: `\`${method} ${path}\`${handler} has no authentication: no authenticating dependency on the route${router ? `, on router \`${router.name}\`` : ''} or on the app, and no authenticating middleware${unseenApp ? ` in this file` : ''}. Anyone who reaches the service can call it.`,
        evidence: written(artifact, route.from, route.to),
        blastRadius: changesState
          ? `Anyone who can reach the service can call \`${method} ${path}\`, which changes what the service serves (reload, update or swap the model), and the model's prediction routes with it.`
          : `Anyone who can reach the service can call \`${method} ${path}\`: run the model at your expense or until it is overloaded, query it enough to copy its behaviour or infer its training data, and probe it with crafted inputs.`,
        identity: `route:${method}:${path}`,
        confidence: unseenApp ? 'medium' : 'high',
        notes: unseenApp ? [`The app that serves \`${route.owner}\` is not in this file: if it adds an authenticating dependency or middleware where it includes the router, this route is covered.`] : undefined,
        recommendation: `Add an authenticating dependency to \`${method} ${path}\`: define \`verify_api_key\` on an \`APIKeyHeader\` (or validate a bearer token) and set it on the route with \`dependencies=[Depends(verify_api_key)]\`, on the router with \`APIRouter(dependencies=[…])\`, or on the app with \`FastAPI(dependencies=[…])\`; keep the key in a secret store.`,
        fix: {
          description: 'An API-key dependency on the route',
          language: 'python',
          snippet: `${API_KEY_DEPENDENCY}\n\n\n@${route.owner}.${route.methods.length === 1 && route.methods[0] !== 'WEBSOCKET' ? route.methods[0]!.toLowerCase() : 'api_route'}("${route.path}", dependencies=[Depends(verify_api_key)])${route.handler ? `\ndef ${route.handler}(...):\n    ...` : ''}`,
        },
      });
    }
  },
});
