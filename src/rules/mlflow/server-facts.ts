import type { Artifact } from '../../artifacts/artifact.js';
import { MLFLOW_ARTIFACT_KINDS, mlflowSettings } from '../../mlflow/read-settings.js';
import type { MlflowServerSettings, Setting } from '../../mlflow/settings.js';

// What the mlflow rules share: the settings of every server an artifact describes, and how to name where
// a setting came from in a message.

export const SERVER_KINDS = MLFLOW_ARTIFACT_KINDS;

export function serversIn(artifact: Artifact): MlflowServerSettings[] {
  return mlflowSettings(artifact);
}

/** "the `mlflow server` command line", "the Helm values (community chart)", … */
export function describeSource(settings: MlflowServerSettings): string {
  switch (settings.source) {
    case 'argv':
      return 'the `mlflow server` command line';
    case 'env':
      return 'the MLFLOW_* environment';
    case 'ini':
      return 'basic_auth.ini';
    case 'helm-community':
      return 'the Helm values (community-charts/mlflow)';
    case 'helm-bitnami':
      return 'the Helm values (bitnami/mlflow)';
    case 'lab-json':
      return 'the MLflow server config';
  }
}

export function span(setting: Pick<Setting<unknown>, 'start' | 'end' | 'location'>) {
  return { start: setting.start, end: setting.end, location: setting.location };
}

/** Where the server listens, as a reader would say it. */
export function listening(settings: MlflowServerSettings): string {
  const host = settings.host?.value ?? (settings.source.startsWith('helm') ? 'the pod network' : '127.0.0.1');
  return `${host}${settings.port ? `:${settings.port.value}` : ''}`;
}

export const BASIC_AUTH_INI = [
  '[mlflow]',
  'default_permission = READ',
  'database_uri = postgresql://mlflow_auth@auth-db.internal:5432/mlflow_auth  # password from MLFLOW_AUTH_DB password file or secret, not inline',
  'admin_username = admin',
  '# admin_password: set from a secret at deploy time, never the shipped password1234',
  'authorization_function = mlflow.server.auth:authenticate_request_basic_auth',
].join('\n');

export const BASIC_AUTH_COMMAND = 'MLFLOW_AUTH_CONFIG_PATH=/etc/mlflow/basic_auth.ini \\\nMLFLOW_FLASK_SERVER_SECRET_KEY="$(cat /run/secrets/mlflow_flask_key)" \\\nmlflow server --app-name basic-auth --host 0.0.0.0 --port 5000 …';
