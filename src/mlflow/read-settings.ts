import type { Artifact } from '../artifacts/artifact.js';
import { settingsFromDeployment } from './from-deployment.js';
import { settingsFromDockerfile } from './from-dockerfile.js';
import { settingsFromEnv } from './from-env.js';
import { settingsFromHelm } from './from-helm.js';
import { settingsFromIni } from './from-ini.js';
import { settingsFromLabConfig } from './from-lab-config.js';
import { settingsFromScript } from './from-script.js';
import type { MlflowServerSettings } from './settings.js';

// Every MLflow server (or partial settings: an auth file, a .env file) described by one artifact, read
// once and shared by the mlflow rules.

const cache = new WeakMap<Artifact, MlflowServerSettings[]>();

export const MLFLOW_ARTIFACT_KINDS = ['json', 'yaml', 'script', 'dockerfile', 'deployment', 'env', 'ini'] as const;

export function mlflowSettings(artifact: Artifact): MlflowServerSettings[] {
  const cached = cache.get(artifact);
  if (cached) return cached;
  const found = read(artifact);
  cache.set(artifact, found);
  maskSecrets(artifact, found);
  return found;
}

/** Helm values and JSON have no reader-marked secrets: mark the passwords and keys found here, so no snippet shows them. */
function maskSecrets(artifact: Artifact, found: readonly MlflowServerSettings[]): void {
  if (artifact.kind !== 'yaml' && artifact.kind !== 'json') return;
  const ranges = found.flatMap((settings) => [settings.adminPassword, settings.awsSecretKey, settings.trackingPassword]).filter((setting) => setting !== undefined && setting.value.trim() !== '');
  if (ranges.length === 0) return;
  const sensitive = (artifact.sensitive ??= []);
  for (const range of ranges) sensitive.push({ start: range!.start, end: range!.end });
}

function read(artifact: Artifact): MlflowServerSettings[] {
  switch (artifact.kind) {
    case 'json': {
      if (!/tracking_server|model_registry/.test(artifact.text)) return [];
      const settings = settingsFromLabConfig(artifact.root, artifact.file);
      return settings ? [settings] : [];
    }
    case 'yaml': {
      if (artifact.documents.length !== 1 || !/backendStore|artifactRoot|tracking/.test(artifact.text)) return [];
      const settings = settingsFromHelm(artifact.documents[0]!, artifact.text);
      return settings ? [settings] : [];
    }
    case 'script':
      return settingsFromScript(artifact.text);
    case 'dockerfile':
      return /mlflow/i.test(artifact.text) ? settingsFromDockerfile(artifact) : [];
    case 'deployment':
      return settingsFromDeployment(artifact);
    case 'ini': {
      const settings = settingsFromIni(artifact);
      return settings ? [settings] : [];
    }
    case 'env': {
      if (!/MLFLOW_/.test(artifact.text)) return [];
      const env = settingsFromEnv(artifact.vars.map((entry) => ({ name: entry.name.value, value: entry.value })));
      if (Object.keys(env.settings).length === 0) return [];
      const first = artifact.vars.find((entry) => entry.name.value.startsWith('MLFLOW_'))!;
      return [{ source: 'env', isServer: env.server, anchor: { value: first.name.value, start: first.start, end: first.end, location: {} }, ...env.settings }];
    }
    default:
      return [];
  }
}
