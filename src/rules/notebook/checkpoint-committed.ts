import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { PRE_COMMIT_CONTROL } from './controls.js';

export default defineRule({
  id: 'notebook/checkpoint-committed',
  artifact: 'notebook',
  title: 'Jupyter checkpoint copy in the repository',
  category: 'misconfiguration',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.6', 'CWE:CWE-538'),
  control: `Add .ipynb_checkpoints/ to .gitignore, remove the folder from the repository (and from history if it held secrets), and add ${PRE_COMMIT_CONTROL}.`,
  docs: {
    summary:
      "Reports notebooks inside an .ipynb_checkpoints folder that is not ignored: Jupyter's autosave copies. mlops-audit honours .gitignore, so a checkpoint it reads is one that Git would commit.",
    risk:
      'A checkpoint keeps the outputs of the last save. Clearing outputs in the notebook does not clear its checkpoint, so a credential printed once survives in the copy and is committed beside the cleaned notebook.',
    bad: { language: 'text', code: 'notebooks/train.ipynb\nnotebooks/.ipynb_checkpoints/train-checkpoint.ipynb   # committed' },
    good: { language: 'text', code: '# .gitignore\n.ipynb_checkpoints/' },
  },
  check({ artifact, report }) {
    if (!artifact.isCheckpoint) return;
    const original = artifact.file.replace(/(^|\/)\.ipynb_checkpoints\//, '$1').replace(/-checkpoint\.ipynb$/i, '.ipynb');
    const outputs = artifact.cells.reduce((sum, cell) => sum + cell.outputs.length, 0);
    report({
      start: 0,
      end: 1,
      location: { part: 'file', jsonPointer: '' },
      message: `This is Jupyter's autosave copy of ${original}${outputs > 0 ? `, with ${outputs} stored outputs` : ''}; checkpoints keep outputs even after the notebook itself is cleared, and this one is not ignored by Git.`,
      evidence: artifact.file.split('/').slice(-2).join('/'),
      blastRadius: `Everything the notebook ever showed at its last autosave, for everyone who can read the repository${outputs > 0 ? '' : ' (no outputs today, but the next autosave may add them)'}.`,
      identity: 'checkpoint',
    });
  },
});
