import { iniValue, type IniArtifact } from '../artifacts/text/ini-file.js';
import type { MlflowServerSettings, Setting } from './settings.js';

// basic_auth.ini: the `[mlflow]` section MLflow's basic-auth app reads (MLFLOW_AUTH_CONFIG_PATH points at it).

const KEYS = {
  default_permission: 'defaultPermission',
  admin_username: 'adminUsername',
  admin_password: 'adminPassword',
  database_uri: 'databaseUri',
  authorization_function: 'authorizationFunction',
} as const;

export function settingsFromIni(artifact: Pick<IniArtifact, 'sections'>): MlflowServerSettings | undefined {
  const section = artifact.sections.find((candidate) => candidate.name.value === 'mlflow');
  if (!section) return undefined;
  const settings: MlflowServerSettings = {
    source: 'ini',
    isServer: false,
    anchor: { value: '[mlflow]', start: section.start, end: section.end, location: {} },
  };
  let known = false;
  for (const [key, field] of Object.entries(KEYS)) {
    const entry = iniValue(artifact, 'mlflow', key);
    if (!entry) continue;
    known = true;
    const setting: Setting<string> = { value: entry.value.value, start: entry.value.start, end: entry.value.end, location: {} };
    (settings as unknown as Record<string, unknown>)[field] = setting;
  }
  return known ? settings : undefined;
}
