import type { ArtifactLocation } from '../core/finding.js';
import type { MlflowServerSettings, Setting } from './settings.js';

// MLFLOW_* environment variables: the `mlflow server` options in their MLFLOW_<OPTION> form, the auth
// settings (MLFLOW_AUTH_CONFIG_PATH, MLFLOW_FLASK_SERVER_SECRET_KEY) and the client's tracking settings.
// Sources: .env files, `export` lines of a script, Dockerfile ENV, container env.

export interface EnvInput {
  name: string;
  /** Literal value with its span; absent when it comes from a secret or config map. */
  value?: { value: string; start: number; end: number };
  location?: ArtifactLocation;
}

type StringKey = { [K in keyof MlflowServerSettings]: MlflowServerSettings[K] extends Setting<string> | undefined ? K : never }[keyof MlflowServerSettings];

const SERVER_VARS: Record<string, StringKey> = {
  MLFLOW_HOST: 'host',
  MLFLOW_PORT: 'port',
  MLFLOW_APP_NAME: 'appName',
  MLFLOW_BACKEND_STORE_URI: 'backendStoreUri',
  MLFLOW_DEFAULT_ARTIFACT_ROOT: 'defaultArtifactRoot',
  MLFLOW_ARTIFACTS_DESTINATION: 'artifactsDestination',
  MLFLOW_GUNICORN_OPTS: 'gunicornOpts',
  MLFLOW_UVICORN_OPTS: 'uvicornOpts',
  MLFLOW_AUTH_CONFIG_PATH: 'authConfigPath',
};

const CLIENT_VARS: Record<string, StringKey> = {
  MLFLOW_TRACKING_URI: 'trackingUri',
  MLFLOW_TRACKING_USERNAME: 'trackingUsername',
  MLFLOW_TRACKING_PASSWORD: 'trackingPassword',
  AWS_SECRET_ACCESS_KEY: 'awsSecretKey',
};

export interface EnvSettings {
  settings: Partial<MlflowServerSettings>;
  /** Server options were set (the variables describe a server's environment, not only a client's). */
  server: boolean;
}

export function settingsFromEnv(vars: readonly EnvInput[]): EnvSettings {
  const settings: Record<string, unknown> = {};
  let server = false;
  for (const entry of vars) {
    const name = entry.name.trim();
    if (!entry.value) continue;
    const setting: Setting<string> = { value: entry.value.value, start: entry.value.start, end: entry.value.end, location: entry.location ?? {} };
    if (name === 'MLFLOW_SERVE_ARTIFACTS') {
      settings.serveArtifacts = { ...setting, value: /^(1|true|yes|on)$/i.test(setting.value.trim()) };
      server = true;
      continue;
    }
    if (name === 'MLFLOW_FLASK_SERVER_SECRET_KEY') server = true;
    const serverKey = SERVER_VARS[name];
    if (serverKey) {
      settings[serverKey] ??= setting;
      server = true;
      continue;
    }
    const clientKey = CLIENT_VARS[name];
    if (clientKey && setting.value.trim() !== '' && !/^\$/.test(setting.value.trim())) settings[clientKey] ??= setting;
  }
  return { settings: settings as Partial<MlflowServerSettings>, server };
}
