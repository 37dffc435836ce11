import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/inference-unauthenticated',
  title: 'Inference API accepts calls without credentials',
  category: 'missing-authentication',
  severity: 'high',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM10:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0040', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-862'),
  control:
    'Require a credential on every prediction route (an API key or bearer token checked in a FastAPI dependency, or an authenticating gateway in front) and declare it in the OpenAPI document as a security scheme.',
  docs: {
    summary:
      'Reads the OpenAPI document of a running FastAPI, BentoML or similar inference service (or the model list of vLLM and Triton) without credentials. It reports the service when the document declares no security scheme for its prediction routes, or when a GET model route answers HTTP 200 without credentials. POST routes are listed from the document and never called unless `--allow-unsafe-methods` is given.',
    risk:
      'An inference endpoint without authentication can be queried by anyone who reaches it: model extraction by repeated queries, probing for training data, running up GPU cost, or calling management routes such as a model reload that the document lists next to /predict.',
    bad: { language: 'python', code: 'app = FastAPI()\n\n@app.post("/predict")\ndef predict(customer: Customer) -> dict: ...' },
    good: {
      language: 'python',
      code: 'api_key = APIKeyHeader(name="X-API-Key")\n\n@app.post("/predict", dependencies=[Depends(verify_api_key)])\ndef predict(customer: Customer) -> dict: ...',
    },
    references: [{ title: 'FastAPI: security', url: 'https://fastapi.tiangolo.com/tutorial/security/' }],
  },
});
