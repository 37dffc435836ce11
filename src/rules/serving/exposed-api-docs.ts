import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { routeAuthentication, servingFacts } from '../../python/serving-facts.js';
import { appsOf, fullPath, written } from './serving-text.js';

export default defineRule({
  id: 'serving/exposed-api-docs',
  artifact: 'python',
  title: 'Interactive API docs and OpenAPI schema served without authentication',
  category: 'public-exposure',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM10:2025', 'MITRE-ATLAS:AML.T0040', 'MITRE-ATLAS:AML.T0007', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-200', 'CWE:CWE-1188'),
  control:
    'Turn the documentation endpoints off in production with `FastAPI(docs_url=None, redoc_url=None, openapi_url=None)` (enable them from a setting in development only), or serve them only behind an authenticating middleware.',
  docs: {
    summary:
      'Reads FastAPI services (`.py` files) and finds apps that keep the default documentation endpoints (`/docs`, `/redoc`, `/openapi.json`, or the URLs given as strings): no `docs_url=None`, `redoc_url=None`, and no `openapi_url=None`, which turns all three off. Medium when the app also has inference routes that nothing authenticates (the docs hand out a ready-made client for them); low when every route is authenticated by dependencies, because route and app dependencies do not cover the docs pages, so the schema still lists every route and model input to anyone. An app with an authenticating middleware, which covers the docs too, is not reported; nor is an app whose docs URLs are computed (an environment switch).',
    risk:
      'Swagger UI and ReDoc give anyone who finds the service a complete map of it: every route, its parameters, the model\'s input schema and example payloads, and a "Try it out" button that calls the model. With open inference routes this turns discovery into a one-click attack: model extraction, input probing and load all start from the published schema.',
    bad: {
      language: 'python',
      code: 'app = FastAPI(title="churn-inference")  # /docs, /redoc and /openapi.json are public',
    },
    good: {
      language: 'python',
      code: 'import os\n\nDOCS = os.getenv("ENABLE_API_DOCS") == "1"  # development only\napp = FastAPI(\n    title="churn-inference",\n    docs_url="/docs" if DOCS else None,\n    redoc_url=None,\n    openapi_url="/openapi.json" if DOCS else None,\n)',
    },
    references: [
      { title: 'FastAPI: Metadata and docs URLs', url: 'https://fastapi.tiangolo.com/tutorial/metadata/#docs-urls' },
      { title: 'FastAPI: Conditional OpenAPI', url: 'https://fastapi.tiangolo.com/how-to/conditional-openapi/' },
    ],
  },
  check({ artifact, report }) {
    const facts = servingFacts(artifact);
    for (const app of facts.apps) {
      if (app.docs.length === 0 || app.middleware) continue;
      const routes = facts.routes.filter((route) => !route.health && appsOf(facts, route).includes(app.name));
      if (routes.length === 0) continue;
      const open = routes.filter((route) => !routeAuthentication(facts, route));
      const urls = app.docs.map((url) => `\`${url}\``).join(', ');
      const openList = open.slice(0, 3).map((route) => `\`${route.methods.join(', ')} ${fullPath(facts, route)}\``).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
      report({
        start: app.from,
        end: app.to,
        location: {},
        severity: open.length ? 'medium' : 'low',
        title: open.length ? 'API docs published for unauthenticated inference routes' : 'API docs and schema served without authentication',
        message: open.length
          ? `FastAPI app \`${app.name}\` serves ${urls} to anyone, and its routes ${openList} need no credential: the docs are a ready-made client for the model.`
          : `FastAPI app \`${app.name}\` serves ${urls} to anyone; its routes need a credential, but route and app dependencies do not cover the docs, so the schema lists every route and model input publicly.`,
        evidence: written(artifact, app.from, app.to),
        blastRadius: open.length
          ? `Anyone who reaches the service can read the full API and call ${openList} from the browser with "Try it out".`
          : 'Anyone who reaches the service learns every route, parameter and model input schema, which helps target the authenticated routes.',
        identity: `docs:${app.name}`,
        recommendation: `Turn the documentation off in production: \`${app.name} = FastAPI(..., docs_url=None, redoc_url=None, openapi_url=None)\`, enabled only by a development setting${open.length ? ', and add an authenticating dependency to the routes (see serving/unauthenticated-inference-route)' : ''}.`,
        fix: {
          description: 'FastAPI app without public documentation endpoints',
          language: 'python',
          snippet: `${app.name} = FastAPI(\n    ...,\n    docs_url=None,\n    redoc_url=None,\n    openapi_url=None,\n)`,
        },
      });
    }
  },
});
