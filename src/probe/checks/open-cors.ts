import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/open-cors',
  title: 'Service answers cross-origin requests from any web origin',
  category: 'public-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-942', 'CWE:CWE-284'),
  control:
    'Allow only the origins that need the API (Jupyter: `--ServerApp.allow_origin=https://hub.example.com`; FastAPI: `CORSMiddleware(allow_origins=["https://app.example.com"])`), never `*` or an origin echoed back, and never with credentials allowed.',
  docs: {
    summary:
      'Sends one read-only request (OPTIONS preflight and GET) with `Origin: https://evil.example` to an API route and reports the service when `Access-Control-Allow-Origin` is `*` or echoes that origin back; echoing it with `Access-Control-Allow-Credentials: true` is noted in the evidence.',
    risk:
      'A web page on any site can then call the API from a victim\'s browser: read notebook files, start kernels or call the model with the victim\'s network position and, when credentials are allowed, the victim\'s session.',
    bad: { language: 'shell', code: 'jupyter server --ServerApp.allow_origin=\'*\'\n# Origin: https://evil.example -> Access-Control-Allow-Origin: *' },
    good: { language: 'shell', code: 'jupyter server --ServerApp.allow_origin=https://hub.example.com\n# Origin: https://evil.example -> no Access-Control-Allow-Origin' },
    references: [{ title: 'MDN: Cross-Origin Resource Sharing', url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS' }],
  },
});
