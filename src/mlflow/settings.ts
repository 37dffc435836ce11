import type { ArtifactLocation } from '../core/finding.js';

// One model of an MLflow tracking server's settings, whatever file they were read from: an `mlflow server`
// command line (shell script, Dockerfile, container argv), MLFLOW_* environment variables, basic_auth.ini,
// Helm values (community-charts and bitnami) or the lab's JSON config. Each value keeps its span, so a rule
// reports the exact line whichever format it came from.

export interface Setting<T> {
  value: T;
  start: number;
  end: number;
  location: ArtifactLocation;
}

export type SettingsSource = 'argv' | 'env' | 'ini' | 'helm-community' | 'helm-bitnami' | 'lab-json';

export interface StageTransition {
  stage: string;
  start: number;
  end: number;
  location: ArtifactLocation;
  requireApproval?: Setting<boolean>;
  allowedRoles?: Setting<string[]>;
  approvers?: Setting<string[]>;
}

export interface MlflowServerSettings {
  source: SettingsSource;
  /** What a finding about the server as a whole points at: the `mlflow server` words, the auth block, the chart's first key. */
  anchor: Setting<string>;
  /** True when the settings describe a running server (a command line, a chart, the lab config), not only a client's env or an auth file. */
  isServer: boolean;
  host?: Setting<string>;
  port?: Setting<string>;
  /** `--app-name` (basic-auth, or a custom auth app). */
  appName?: Setting<string>;
  /** Chart or lab switch for authentication. */
  authEnabled?: Setting<boolean>;
  serveArtifacts?: Setting<boolean>;
  artifactsDestination?: Setting<string>;
  defaultArtifactRoot?: Setting<string>;
  backendStoreUri?: Setting<string>;
  /** TLS on the server itself: gunicorn --certfile/--keyfile, uvicorn --ssl-certfile, chart or lab switch. */
  tls?: Setting<boolean>;
  gunicornOpts?: Setting<string>;
  uvicornOpts?: Setting<string>;
  // basic_auth.ini ([mlflow]) or the chart's equivalents
  defaultPermission?: Setting<string>;
  adminUsername?: Setting<string>;
  adminPassword?: Setting<string>;
  databaseUri?: Setting<string>;
  authorizationFunction?: Setting<string>;
  authConfigPath?: Setting<string>;
  // client-side environment
  trackingUri?: Setting<string>;
  trackingUsername?: Setting<string>;
  trackingPassword?: Setting<string>;
  /** A literal AWS secret access key in the server's environment or chart values. */
  awsSecretKey?: Setting<string>;
  stageTransitions?: StageTransition[];
  /** mlflow_version, or the image tag. */
  version?: Setting<string>;
  /** How the server is published beyond its host or cluster (LoadBalancer, NodePort, ingress, published port). */
  published?: Setting<string>;
  /** TLS terminated where it is published (ingress tls). */
  publishedTls?: boolean;
  /** An authenticating proxy where it is published (ingress auth annotations, oauth2-proxy). */
  publishedAuth?: string;
  /** Reached only through routes limited to an internal network or source ranges, none authenticating: which and how. */
  restrictedTo?: string;
  /** A container neither published nor routed: only its own compose network or cluster reaches it (a proxy in front is the usual design). */
  internalOnly?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', 'ip6-localhost']);

/** True when the host the server binds to accepts connections from other machines; MLflow's default is 127.0.0.1. */
export function bindsBeyondLoopback(settings: MlflowServerSettings): boolean {
  if (settings.source === 'helm-community' || settings.source === 'helm-bitnami') return true;
  if (settings.internalOnly) return false;
  const host = settings.host?.value.trim();
  if (!host) return false;
  return !LOOPBACK.has(host) && !host.startsWith('127.');
}

/** Authentication is on: an auth app (basic-auth or a custom one), the chart or lab switch, or an authenticating proxy in front. */
export function hasAuthentication(settings: MlflowServerSettings): boolean {
  if (settings.appName && settings.appName.value.trim() !== '') return true;
  if (settings.authEnabled?.value === true) return true;
  return settings.publishedAuth !== undefined;
}

/** TLS on the server or where it is published. */
export function hasTls(settings: MlflowServerSettings): boolean {
  if (settings.tls?.value === true) return true;
  return settings.published !== undefined && settings.publishedTls === true;
}

/** Whether MLflow proxies artifact requests: on by default since MLflow 2.0 unless --no-serve-artifacts. */
export function servesArtifacts(settings: MlflowServerSettings): boolean {
  if (settings.serveArtifacts) return settings.serveArtifacts.value;
  const major = Number(/^v?(\d+)/.exec(settings.version?.value ?? '')?.[1]);
  if (Number.isFinite(major) && major < 2) return false;
  return settings.source === 'argv' || settings.source === 'env';
}

/** File names of the lab's JSON MLflow config (also recognised by shape under any name). */
export const MLFLOW_CONFIG_FILE_NAMES = ['mlflow-config.json'];

export const DEFAULT_ADMIN_PASSWORD = 'password1234';

/** Fills the gaps of `target` from `extra` (the command line wins over the environment). */
export function mergeSettings(target: MlflowServerSettings, extra: Partial<MlflowServerSettings>): MlflowServerSettings {
  const merged = { ...target } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || key === 'source' || key === 'anchor' || key === 'isServer') continue;
    if (merged[key] === undefined) merged[key] = value;
  }
  return merged as unknown as MlflowServerSettings;
}
