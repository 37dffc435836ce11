import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/exposed-api-docs',
  title: 'Inference service publishes its interactive API docs and OpenAPI schema',
  category: 'public-exposure',
  severity: 'low',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM10:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0040', 'CWE:CWE-200', 'CWE:CWE-668'),
  control:
    'Turn the interactive docs and the schema off in production (`FastAPI(docs_url=None, redoc_url=None, openapi_url=None)`), or serve them only behind authentication.',
  docs: {
    summary:
      'Requests `/docs`, `/redoc` and `/openapi.json` (BentoML: `/docs.json`) of a running inference service without credentials and reports the service when the schema or the Swagger UI answers with HTTP 200. The evidence lists the routes the schema declares, without calling them.',
    risk:
      'The schema is a map of every route, including management routes (model reload, admin) and the exact request shape, which makes abusing an unprotected route or extracting the model a matter of minutes.',
    bad: { language: 'python', code: 'app = FastAPI(title="churn-inference")  # /docs and /openapi.json are on by default' },
    good: { language: 'python', code: 'app = FastAPI(title="churn-inference", docs_url=None, redoc_url=None, openapi_url=None)' },
    references: [{ title: 'FastAPI: metadata and docs URLs', url: 'https://fastapi.tiangolo.com/tutorial/metadata/' }],
  },
});
