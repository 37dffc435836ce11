import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { capitalize, describeExposure, exposureLabel } from './describe-exposure.js';

export default defineRule({
  id: 'notebook/credential-in-metadata',
  artifact: 'notebook',
  title: 'Credential saved in notebook metadata or attachments',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-312'),
  control:
    'Strip metadata and widget state before commit (nbstripout with --extra-keys, or turn off "save widget state"), and enter secrets through getpass or the platform\'s secret store rather than password widgets that persist their value.',
  docs: {
    summary:
      'Finds credentials in places readers never look: notebook and cell metadata (including the saved state of ipywidgets, where a password widget keeps what was typed), and text attachments of markdown cells.',
    risk: 'Metadata is invisible in the Jupyter interface but is committed with the file; a password typed into a widget is saved in clear text in the notebook.',
    bad: {
      language: 'json',
      code: '"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {"7f3e": {"model_name": "PasswordModel", "state": {"value": "Winter2024!db"}}}}}',
    },
    good: { language: 'python', code: 'from getpass import getpass\npassword = getpass("Database password: ")  # nothing is saved in the notebook' },
  },
  check({ artifact, platform, report }) {
    for (const exposure of notebookExposures(artifact)) {
      if (exposure.part !== 'metadata' && exposure.part !== 'attachment') continue;
      const where = exposure.part === 'attachment' ? 'a cell attachment' : exposure.pointer.includes('widget-state') ? 'widget state' : 'notebook metadata';
      report({ ...describeExposure(exposure, platform, this.control), title: `${capitalize(exposureLabel(exposure))} saved in ${where}` });
    }
  },
});
