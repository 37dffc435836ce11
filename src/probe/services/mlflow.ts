import defaultCredentials from '../checks/default-credentials.js';
import mlflowArtifactProxy from '../checks/mlflow-artifact-proxy.js';
import mlflowUnauthenticated from '../checks/mlflow-unauthenticated.js';
import type { Identification } from '../identify.js';
import { countOf, describe, json, type ProbeTarget } from '../target.js';
import { checkCors, checkVersion } from './common.js';

const EXPERIMENTS = '/api/2.0/mlflow/experiments/search?max_results=1';
const MODELS = '/api/2.0/mlflow/registered-models/search?max_results=1';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';
/** The admin password MLflow's default basic_auth.ini ships with; sent only with --try-default-credentials, never printed. */
const DEFAULT_ADMIN = ['admin', 'password1234'] as const;

export async function probeMlflow(target: ProbeTarget, identification: Identification): Promise<void> {
  const [experiments, models, artifacts] = await Promise.all([
    identification.answers.get(EXPERIMENTS) ?? target.get(EXPERIMENTS),
    target.get(MODELS),
    target.get(ARTIFACTS),
  ]);
  const open: string[] = [];
  if (experiments?.status === 200) open.push(`GET ${EXPERIMENTS} -> ${describe(experiments, `${countOf(json(experiments), 'experiments') ?? '?'} experiment(s) in the first page`)}`);
  if (models?.status === 200) open.push(`GET ${MODELS} -> ${describe(models, `${countOf(json(models), 'registered_models') ?? '?'} registered model(s) in the first page`)}`);
  if (open.length > 0) {
    target.report(mlflowUnauthenticated, {
      url: target.url(experiments?.status === 200 ? EXPERIMENTS : MODELS),
      request: `GET ${experiments?.status === 200 ? EXPERIMENTS : MODELS}`,
      message: `The MLflow tracking server at ${target.target} answers REST API reads without credentials (${open.length === 2 ? 'experiments and registered models' : experiments?.status === 200 ? 'experiments' : 'registered models'}). A server that reads without authentication also accepts writes: anyone who reaches it can register a model version, move an alias or stage, or delete runs. Turn on authentication: mlflow server --app-name basic-auth with MLFLOW_AUTH_CONFIG_PATH pointing at a basic_auth.ini (default_permission = READ, admin password from a secret), or an authenticating proxy.`,
      evidence: open.join('; '),
      blastRadius: `Every experiment, run and registered model on ${target.base.host}, and the serving deployments that load models from it.`,
      identity: 'mlflow-api-read',
    });
  }
  if (artifacts?.status === 200 && json(artifacts) !== undefined) {
    target.report(mlflowArtifactProxy, {
      url: target.url(ARTIFACTS),
      request: `GET ${ARTIFACTS}`,
      message: `The MLflow server at ${target.target} proxies its artifact store and lists it without credentials: anonymous callers can download model files and upload replacements through the server's own storage credentials. Require authentication before the proxy (--app-name basic-auth) or turn it off with --no-serve-artifacts.`,
      evidence: `GET ${ARTIFACTS} -> ${describe(artifacts, `${countOf(json(artifacts), 'files') ?? '?'} entries at the root`)}`,
      blastRadius: `The artifact store behind ${target.base.host}: every logged model and file.`,
      identity: 'mlflow-artifact-proxy',
    });
  }
  if (target.options.tryDefaultCredentials && experiments && (experiments.status === 401 || experiments.status === 403)) {
    const authorization = `Basic ${Buffer.from(`${DEFAULT_ADMIN[0]}:${DEFAULT_ADMIN[1]}`).toString('base64')}`;
    const withDefault = await target.get(EXPERIMENTS, { authorization });
    if (withDefault?.status === 200) {
      target.report(defaultCredentials, {
        url: target.url(EXPERIMENTS),
        request: `GET ${EXPERIMENTS}`,
        message: `The MLflow server at ${target.target} accepts the admin account with the password from MLflow's default basic_auth.ini: authentication is on, but the admin password is public. Change it now (PATCH /api/2.0/mlflow/users/update-password as admin) and set admin_password from a secret at deploy time.`,
        evidence: `GET ${EXPERIMENTS} -> HTTP ${experiments.status} without credentials, HTTP 200 with user admin and MLflow's default password (not shown)`,
        blastRadius: `Full control of ${target.base.host}: every experiment and registered model, users and permissions.`,
        identity: 'mlflow-default-admin',
      });
    }
  }
  checkVersion(target, 'mlflow', 'mlflow', identification.version, 'GET /version');
  await checkCors(target, 'mlflow', EXPERIMENTS);
}
