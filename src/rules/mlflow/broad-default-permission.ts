import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { describeSource, serversIn, SERVER_KINDS, span } from './server-facts.js';

const BROAD = /^(EDIT|MANAGE|ALL)$/i;

export default defineRule({
  id: 'mlflow/broad-default-permission',
  artifact: SERVER_KINDS,
  title: 'MLflow gives every user edit or manage rights by default',
  category: 'excessive-privilege',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM06:2025', 'OWASP-ML-2023:ML10:2023', 'NIST-AI-RMF:MANAGE 2.4', 'ISO-42001:A.6.2.6', 'CWE:CWE-732', 'CWE:CWE-269'),
  control:
    'Set `default_permission = READ` (or NO_PERMISSIONS) in basic_auth.ini and grant EDIT or MANAGE per experiment and registered model to the people and service accounts that own them.',
  docs: {
    summary:
      'Finds MLflow basic-auth configurations whose `default_permission` is EDIT, MANAGE or ALL: in basic_auth.ini, in the community chart\'s `auth.defaultPermission` and in the bitnami chart\'s `tracking.auth.extraOverrides.default_permission`. The default permission applies to every user on every experiment and registered model they were not given a permission for.',
    risk:
      'With EDIT as the default, every account (a contractor, a CI token, a notebook user) can log runs into any experiment, create model versions of any registered model and change their stages or aliases; MANAGE adds deleting them and granting permissions. Authentication then identifies users but does not limit them.',
    bad: { language: 'ini', code: '[mlflow]\ndefault_permission = MANAGE' },
    good: { language: 'ini', code: '[mlflow]\ndefault_permission = READ\n# grant EDIT/MANAGE per experiment or registered model, e.g.\n# client.create_registered_model_permission("churn-model", "release-ci", "MANAGE")' },
    references: [{ title: 'MLflow authentication: permissions', url: 'https://mlflow.org/docs/latest/auth/index.html#permissions' }],
  },
  check({ artifact, report }) {
    for (const settings of serversIn(artifact as Artifact)) {
      const permission = settings.defaultPermission;
      if (!permission || !BROAD.test(permission.value.trim())) continue;
      const value = permission.value.trim().toUpperCase();
      report({
        ...span(permission),
        message: `default_permission in ${describeSource(settings)} is ${value}: every authenticated user gets ${value} on every experiment and registered model not granted otherwise, including changing model stages and aliases. Set it to READ and grant wider rights per resource.`,
        evidence: `default_permission = ${value}`,
        blastRadius: `Every MLflow account can ${value === 'EDIT' ? 'write runs and create or promote model versions of every registered model' : 'create, promote, delete and re-permission every experiment and registered model'}.`,
        identity: `mlflow-default-permission:${value}`,
        recommendation: 'Set default_permission = READ and grant EDIT or MANAGE per experiment and registered model (MLflow permissions API) to their owners and to the release job.',
        fix: {
          description: 'Read-only default permission',
          snippet: settings.source === 'helm-community' ? 'auth:\n  defaultPermission: READ' : settings.source === 'helm-bitnami' ? 'tracking:\n  auth:\n    extraOverrides:\n      default_permission: READ' : '[mlflow]\ndefault_permission = READ',
          language: settings.source.startsWith('helm') ? 'yaml' : 'ini',
        },
      });
    }
  },
});
