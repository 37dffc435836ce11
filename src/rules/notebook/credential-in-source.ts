import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { PRE_COMMIT_CONTROL } from './controls.js';
import { capitalize, describeExposure, exposureLabel } from './describe-exposure.js';

export default defineRule({
  id: 'notebook/credential-in-source',
  artifact: 'notebook',
  title: 'Credential written in a notebook cell',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-798'),
  control: `Read credentials at run time from the notebook server's role or a secret manager instead of writing them into cells, and add ${PRE_COMMIT_CONTROL}.`,
  docs: {
    summary:
      'Finds credentials written literally in code, markdown or raw cells: cloud keys, API tokens of the providers ML teams use (Hugging Face, OpenAI, Anthropic, Databricks, Weights & Biases, GitHub, Slack, Kaggle, Google Cloud), private keys and passwords inside connection URIs. Values assigned to environment variables or handed to experiment tracking are reported by their own rules instead.',
    risk: 'A literal in a cell is committed with the notebook and copied into every clone, fork and export (HTML, PDF, slides) of it.',
    bad: { language: 'python', code: 'engine = create_engine("postgresql://mlflow:s3cr3t-pass@db.internal:5432/mlflow")' },
    good: {
      language: 'python',
      code: 'engine = create_engine(os.environ["MLFLOW_BACKEND_STORE_URI"])  # injected by the notebook server from a secret store',
    },
  },
  check({ artifact, platform, report }) {
    for (const exposure of notebookExposures(artifact)) {
      if (exposure.part !== 'source' || exposure.context !== 'plain') continue;
      report({ ...describeExposure(exposure, platform, this.control), title: `${capitalize(exposureLabel(exposure))} written in a notebook cell` });
    }
  },
});
