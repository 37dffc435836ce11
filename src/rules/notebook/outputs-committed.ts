import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { formatBytes } from '../../core/read-file.js';
import { PRE_COMMIT_CONTROL, ROLE_CONTROL } from './controls.js';

export default defineRule({
  id: 'notebook/outputs-committed',
  artifact: 'notebook',
  title: 'Notebook stored with its outputs',
  category: 'misconfiguration',
  severity: 'low',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-538'),
  control: `Add ${PRE_COMMIT_CONTROL}; and use ${ROLE_CONTROL}.`,
  docs: {
    summary:
      'Reports a notebook saved with cell outputs, which is how printed credentials, data samples and tracebacks reach Git. It also notes execution counts that run out of order, a sign that the saved outputs come from hidden kernel state that a fresh run would not reproduce. The finding is medium when the outputs hold a credential, low otherwise.',
    risk:
      'Outputs are data, not code: they can hold credentials, personal data from training sets, internal hostnames and tracebacks with file paths, and reviewers rarely read them in a diff.',
    bad: { language: 'json', code: '{"cell_type": "code", "execution_count": 7, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["Access key: AKIA…"]}]}' },
    good: {
      language: 'yaml',
      code: '# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/kynan/nbstripout\n    rev: 0.8.1\n    hooks: [{ id: nbstripout }]\n  - repo: local\n    hooks:\n      - id: mlops-audit\n        name: mlops-audit\n        entry: npx mlops-audit scan --fail-on medium\n        language: system\n        files: \\.ipynb$',
    },
  },
  check({ artifact, report }) {
    const withOutputs = artifact.cells.filter((cell) => cell.outputs.length > 0);
    const firstCell = withOutputs[0];
    const firstOutput = firstCell?.outputs[0];
    if (!firstCell || !firstOutput) return;
    const outputCount = withOutputs.reduce((sum, cell) => sum + cell.outputs.length, 0);
    const outputBytes = withOutputs.reduce((sum, cell) => sum + cell.outputs.reduce((inner, output) => inner + output.node.length, 0), 0);
    const leaking = notebookExposures(artifact).filter((exposure) => exposure.part === 'output');
    const leakingCells = [...new Set(leaking.map((exposure) => exposure.cell!.number))];

    const counts = artifact.cells.filter((cell) => cell.type === 'code' && cell.executionCount !== null).map((cell) => cell.executionCount!);
    const outOfOrder = counts.findIndex((count, i) => i > 0 && count < counts[i - 1]!);
    const notes: string[] = [];
    if (outOfOrder > 0) {
      notes.push(`Execution counts run out of order (${counts[outOfOrder - 1]} before ${counts[outOfOrder]}): the saved outputs reflect hidden kernel state, not a clean top-to-bottom run.`);
    }
    const kept = `${withOutputs.length} of ${artifact.cells.filter((cell) => cell.type === 'code').length} code cells keep their outputs (${outputCount} outputs, ${formatBytes(outputBytes)})`;
    report({
      start: firstOutput.node.offset,
      end: firstOutput.node.offset + 1,
      location: { cell: firstCell.number, output: 0, part: 'output', jsonPointer: `/cells/${firstCell.index}/outputs/0` },
      severity: leaking.length > 0 ? 'medium' : 'low',
      message: `${kept}${leaking.length > 0 ? `; the outputs of cell ${leakingCells.join(', ')} hold credentials` : ''}. Stored outputs are committed with the notebook.`,
      evidence: `${outputCount} stored outputs`,
      blastRadius: `Whatever the outputs show is readable by everyone with access to the repository and its history${leaking.length > 0 ? ', including the credentials reported for this notebook' : ''}.`,
      identity: 'outputs',
      notes,
    });
  },
});
