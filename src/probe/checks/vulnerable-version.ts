import { frameworks } from '../../core/frameworks.js';
import { defineProbeCheck } from '../check.js';

export default defineProbeCheck({
  id: 'probe/vulnerable-version',
  title: 'Running service reports a version with known advisories',
  category: 'vulnerable-component',
  severity: 'high',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-1395', 'CWE:CWE-1104'),
  control:
    'Upgrade the running server to the first release that fixes every listed advisory (pin it in the image or requirements and redeploy), and keep the version endpoint behind the same network controls as the API.',
  docs: {
    summary:
      'Reads the version a running MLflow (`/version`), Jupyter Server (`/api`) or JupyterHub (`/hub/api`) reports and looks it up in the bundled, reviewed advisory data. The finding takes the severity of the worst advisory that applies and names the release that fixes them all.',
    risk:
      'MLflow and Jupyter releases have had path traversal, arbitrary file read and remote code execution advisories that work against a reachable server; a version read over the network is what an attacker scans for first.',
    bad: { language: 'text', code: 'GET /version -> 2.9.2' },
    good: { language: 'text', code: 'GET /version -> 3.17.2' },
    references: [{ title: 'PyPA advisory database', url: 'https://github.com/pypa/advisory-database' }],
  },
});
