import type { Artifact } from '../../artifacts/artifact.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { MlflowServerSettings, Setting } from '../../mlflow/settings.js';
import { detectSecrets } from '../../secrets/detect.js';
import { detectorById } from '../../secrets/detectors.js';
import { verbatimPiece } from '../../text/mapped-text.js';
import { describeSource, serversIn, SERVER_KINDS } from './server-facts.js';

const URI_SETTINGS: Array<[keyof MlflowServerSettings, string, string]> = [
  ['backendStoreUri', '--backend-store-uri', 'the tracking and registry database'],
  ['artifactsDestination', '--artifacts-destination', 'the artifact store'],
  ['defaultArtifactRoot', '--default-artifact-root', 'the artifact store'],
  ['databaseUri', 'database_uri', 'the basic-auth user and permission database'],
  ['trackingUri', 'MLFLOW_TRACKING_URI', 'the tracking server'],
];

export default defineRule({
  id: 'mlflow/credentials-in-store-uri',
  artifact: SERVER_KINDS,
  title: 'Password inside an MLflow store or tracking URI',
  category: 'secret-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-LLM-2025:LLM03:2025', 'MITRE-ATLAS:AML.T0055', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-798', 'CWE:CWE-522'),
  control:
    'Keep URIs free of passwords: give the database password through a secret-mounted file or the driver\'s own variable (PGPASSWORD, a .pgpass file, IAM database auth), and MLflow client credentials through MLFLOW_TRACKING_USERNAME/PASSWORD from a secret store.',
  docs: {
    summary:
      'Finds user:password@host credentials inside the URIs an MLflow server or client is configured with: `--backend-store-uri`, `--artifacts-destination`, `--default-artifact-root` (command lines and their MLFLOW_* variables), `database_uri` in basic_auth.ini, and MLFLOW_TRACKING_URI in .env files, Dockerfiles, scripts, Helm values and container env. Workflows are left to workflow/credentials-in-uri. Evidence shows the URI with the password masked.',
    risk:
      'MLflow prints its store URIs in logs and in `ps` output, containers expose them in `docker inspect` and pod specs, and the files are committed. The backend database password gives direct read and write access to every run and registry record, bypassing MLflow authentication entirely.',
    bad: { language: 'shell', code: 'mlflow server --backend-store-uri postgresql://mlflow:…@db:5432/mlflow' },
    good: { language: 'shell', code: '# password in ~/.pgpass or PGPASSWORD from a secret, not in the URI\nmlflow server --backend-store-uri postgresql://mlflow@db:5432/mlflow' },
    references: [{ title: 'MLflow backend stores', url: 'https://mlflow.org/docs/latest/tracking/backend-stores.html' }],
  },
  check({ artifact, report }) {
    const seen = new Set<number>();
    const detector = detectorById('uri-password');
    for (const settings of serversIn(artifact as Artifact)) {
      for (const [key, option, what] of URI_SETTINGS) {
        const setting = settings[key] as Setting<string> | undefined;
        if (!setting || !setting.value.includes('://')) continue;
        // Offsets are exact when the value is written verbatim in the file.
        const verbatim = artifact.text.slice(setting.start, setting.end) === setting.value;
        for (const match of detectSecrets(verbatimPiece(setting.value, verbatim ? setting.start : 0), [detector])) {
          const start = verbatim ? match.rawStart : setting.start;
          if (seen.has(start)) continue;
          seen.add(start);
          const display = match.display ?? 'URI with a password';
          report({
            start,
            end: verbatim ? match.rawEnd : setting.end,
            location: setting.location,
            message: `${option} in ${describeSource(settings)} carries a password (${display}). Anyone who can read this file, the process list or the container spec can log in to ${what} directly. Remove the password from the URI and supply it from a secret.`,
            evidence: `${option} ${display}`,
            blastRadius: `Direct access to ${what} (${match.detail ?? 'the service in the URI'}), around MLflow's own authentication: read and rewrite runs, registry records and model locations.`,
            identity: `mlflow-uri-password:${option}:${display}`,
            recommendation: `Change that password, then drop it from the URI and provide it separately (${key === 'trackingUri' ? 'MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD from a secret store' : 'a secret-mounted .pgpass or PGPASSWORD, or IAM database authentication'}).`,
            fix: {
              description: 'URI without the password',
              snippet: key === 'trackingUri'
                ? `MLFLOW_TRACKING_URI=${display.replace(/\/\/[^@]*@/, '//')}\nMLFLOW_TRACKING_USERNAME=<user>\n# MLFLOW_TRACKING_PASSWORD from the secret store, not this file`
                : `${option} ${display.replace(/:••••@/, '@')}\n# password from a secret: PGPASSWORD / .pgpass (mode 600) mounted from the secret store`,
              language: 'shell',
            },
          });
        }
      }
    }
  },
});
