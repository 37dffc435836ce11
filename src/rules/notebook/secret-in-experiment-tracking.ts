import { notebookExposures } from '../../artifacts/notebook/notebook-exposures.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { capitalize, describeExposure } from './describe-exposure.js';

export default defineRule({
  id: 'notebook/secret-in-experiment-tracking',
  artifact: 'notebook',
  title: 'Secret sent to experiment tracking',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.8', 'CWE:CWE-532'),
  control:
    'Log run configuration through an allow-list that drops secret-named keys, never pass os.environ or credentials to log_param, set_tag or wandb.config, and delete the affected runs\' parameters from the tracking server.',
  docs: {
    summary:
      'Finds credentials handed to experiment tracking from notebook code: MLflow (log_param, log_params, set_tag, set_tags, log_dict, log_text, and MlflowClient equivalents), Weights & Biases (wandb.config assignments and updates, wandb.init(config=…), wandb.log), Comet and ClearML. It reports secret-named keys whatever their value, credentials recognised by format in any argument, and whole environment dumps such as mlflow.log_params(os.environ).',
    risk:
      'Tracking servers keep parameters and tags forever and show them to everyone with read access to the experiment, often without authentication at all; experiment tracking becomes a shadow secret store.',
    bad: { language: 'python', code: 'mlflow.log_params(os.environ)\nmlflow.log_param("db_password", DB_PASSWORD)' },
    good: { language: 'python', code: 'SAFE_KEYS = {"learning_rate", "epochs", "batch_size"}\nmlflow.log_params({k: v for k, v in config.items() if k in SAFE_KEYS})' },
  },
  check({ artifact, platform, report }) {
    for (const exposure of notebookExposures(artifact)) {
      if (exposure.context !== 'tracking-call') continue;
      const described = describeExposure(exposure, platform, this.control);
      if (exposure.environmentDump) {
        report({
          ...described,
          title: 'Whole environment sent to experiment tracking',
          message: `Cell ${exposure.cell?.number} passes the whole process environment to ${exposure.via}; every credential in it becomes a run parameter readable by anyone with access to the experiment.`,
        });
      } else if (exposure.match) {
        report({ ...described, title: `${capitalize(exposure.match.detector.label)} sent to experiment tracking`, severity: exposure.match.partner ? 'critical' : 'high', confidence: 'high' });
      } else {
        report({
          ...described,
          title: `Secret-named value "${exposure.name}" sent to experiment tracking`,
          message: `Cell ${exposure.cell?.number} logs "${exposure.name}" through ${exposure.via}; whatever it holds is stored with the run and shown to everyone who can read the experiment.`,
          confidence: exposure.value !== undefined ? 'high' : 'medium',
        });
      }
    }
  },
});
