import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { PRE_COMMIT_CONTROL, ROLE_CONTROL } from './controls.js';
import { capitalize, describeExposure, exposureLabel } from './describe-exposure.js';

export default defineRule({
  id: 'notebook/credential-in-output',
  artifact: 'notebook',
  title: 'Credential printed in a notebook cell output',
  category: 'secret-exposure',
  severity: 'critical',
  confidence: 'high',
  labSignal: 'credential in notebook output',
  frameworks: frameworks(
    'OWASP-LLM-2025:LLM02:2025',
    'OWASP-LLM-2025:LLM03:2025',
    'OWASP-ML-2023:ML06:2023',
    'MITRE-ATLAS:AML.T0055',
    'NIST-AI-RMF:MEASURE 2.7',
    'ISO-42001:A.6.2.6',
    'CWE:CWE-532',
    'CWE:CWE-538',
  ),
  control: `Use ${ROLE_CONTROL}; and add ${PRE_COMMIT_CONTROL}.`,
  docs: {
    summary:
      'Finds credentials in the saved outputs of notebook cells: stream output (print, logging), execute_result and display_data text and HTML, and error tracebacks with their colour codes removed. Lines split across the output array and JSON escapes are undone before matching; images and other binary payloads are skipped by MIME type. Each finding names the cell (1-based), the output (0-based) and the exact line of the .ipynb file.',
    risk:
      'Jupyter stores outputs inside the .ipynb file, so a credential printed once is committed, pushed, forked and cached with the notebook, and stays in Git history after the cell is cleared. A long-lived cloud key in an output gives the reader everything its identity may do: on an ML platform that usually means the model artifact store, the training data and the registry.',
    bad: {
      language: 'python',
      code: 'session = boto3.Session()\ncredentials = session.get_credentials().get_frozen_credentials()\nprint(f"Access key: {credentials.access_key}")\nprint(f"Secret: {credentials.secret_key}")',
      note: 'The key pair is now in the cell output and in every commit of the notebook.',
    },
    good: {
      language: 'python',
      code: '# The notebook server runs with an IAM role; boto3 finds short-lived credentials itself.\nsts = boto3.client("sts")\nprint("Running as", sts.get_caller_identity()["Arn"])',
      note: 'Print who you are, never what you hold; nbstripout and mlops-audit run in pre-commit.',
    },
    references: [
      { title: 'nbstripout', url: 'https://github.com/kynan/nbstripout' },
      { title: 'IAM roles for service accounts (IRSA)', url: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html' },
    ],
  },
  check({ artifact, platform, report }) {
    for (const exposure of notebookExposures(artifact)) {
      if (exposure.part !== 'output') continue;
      report({ ...describeExposure(exposure, platform, this.control), title: `${capitalize(exposureLabel(exposure))} printed in a cell output` });
    }
  },
});
