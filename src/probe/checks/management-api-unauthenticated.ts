import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/management-api-unauthenticated',
  title: 'Model server or cluster management API answers without credentials',
  category: 'missing-authentication',
  severity: 'critical',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM10:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-306', 'CWE:CWE-1188'),
  control:
    'Keep management and job APIs off every network users reach: bind them to 127.0.0.1 or a private admin network, put an authenticating proxy in front (Ray dashboard, Ollama), or turn on the server\'s own token authentication (TorchServe token authorization).',
  docs: {
    summary:
      'Reads the management or job API of a Ray dashboard (`/api/jobs/`), TorchServe management API (`/models`), Triton (`/v2/models/stats`) and Ollama (`/api/tags`) with GET only and reports the service when it answers HTTP 200 without credentials. Nothing is submitted, loaded or deleted.',
    risk:
      'These APIs have no authentication of their own by default, and their write side (Ray job submission, TorchServe model registration from a URL, Ollama model pull and delete) runs code or replaces models: ShadowRay was mass exploitation of exactly this.',
    bad: { language: 'shell', code: 'ray start --head --dashboard-host 0.0.0.0\n# GET /api/jobs/ -> 200 []' },
    good: { language: 'shell', code: 'ray start --head --dashboard-host 127.0.0.1   # reach it through an authenticating proxy' },
    references: [{ title: 'Ray: security', url: 'https://docs.ray.io/en/latest/ray-security/index.html' }],
  },
});
