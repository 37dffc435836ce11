import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { ROLE_CONTROL } from './controls.js';
import { describeExposure } from './describe-exposure.js';

export default defineRule({
  id: 'notebook/credential-in-environment',
  artifact: 'notebook',
  title: 'Credential assigned to an environment variable in a notebook',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-798', 'CWE:CWE-526'),
  control: `Let the platform put credentials into the kernel's environment (a secret store mounted by the notebook server) or better, use ${ROLE_CONTROL}.`,
  docs: {
    summary:
      'Finds credentials set as environment variables from notebook code: os.environ[...] = "…", os.environ.update(...), os.environ.setdefault(...), os.putenv(...), the %env and %set_env magics, !export, and export lines in %%bash cells. A value is reported when it has a known credential format, or when the variable name says it holds one (…_TOKEN, …_SECRET…, …PASSWORD, …API_KEY) and the value is not a placeholder.',
    risk:
      'Setting os.environ["AWS_SECRET_ACCESS_KEY"] in a cell is the usual way a long-lived key gets into a notebook: the literal is committed, and every library and subprocess of the kernel inherits it.',
    bad: { language: 'python', code: '%env HF_TOKEN=hf_…   # a real token here\nos.environ["AWS_SECRET_ACCESS_KEY"] = "…"  # and a real secret key here' },
    good: { language: 'python', code: '# JupyterHub injects HF_TOKEN from the secret store; AWS access comes from the pod\'s IAM role.\nfrom huggingface_hub import login\nlogin(token=os.environ["HF_TOKEN"])' },
  },
  check({ artifact, platform, report }) {
    for (const exposure of notebookExposures(artifact)) {
      if (exposure.context !== 'env-assignment') continue;
      report({ ...describeExposure(exposure, platform, this.control), title: `Credential assigned to ${exposure.name} in a notebook cell` });
    }
  },
});
