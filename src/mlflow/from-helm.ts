import type { Document } from 'yaml';
import { yamlValues, type LocatedValue, type ValuePath } from '../artifacts/yaml/yaml-values.js';
import { settingsFromEnv } from './from-env.js';
import type { MlflowServerSettings, Setting } from './settings.js';

// Helm values of the two common MLflow charts, recognised by shape (any file name):
// - community-charts/mlflow: backendStore.*, artifactRoot.*, auth.{enabled,adminUsername,adminPassword,
//   defaultPermission,appName}, ldapAuth.enabled, service.type, ingress.{enabled,tls,annotations},
//   extraArgs, extraEnvVars, image.tag. auth.enabled defaults to false.
// - bitnami/mlflow: tracking.{host,auth.{enabled,username,password},tls.enabled,service.type,ingress.*,
//   extraArgs}, externalS3.{accessKeyID,accessKeySecret,serveArtifacts}, image.tag. tracking.auth.enabled
//   defaults to true.

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type HelmFlavor = 'helm-community' | 'helm-bitnami';

export function helmFlavor(value: unknown): HelmFlavor | undefined {
  if (!isRecord(value)) return undefined;
  if ((isRecord(value.backendStore) || isRecord(value.artifactRoot)) && (isRecord(value.auth) || isRecord(value.service) || isRecord(value.ingress) || isRecord(value.image))) return 'helm-community';
  const tracking = value.tracking;
  if (isRecord(tracking) && (isRecord(tracking.auth) || isRecord(tracking.service) || isRecord(tracking.containerPorts) || isRecord(tracking.tls))) return 'helm-bitnami';
  return undefined;
}

const INGRESS_AUTH = /(auth-url|auth-type|auth-signin|oauth2|forward-auth|authentik|authelia)/i;

export function settingsFromHelm(document: Document.Parsed, text: string): MlflowServerSettings | undefined {
  const located = yamlValues(document, text);
  const flavor = helmFlavor(located.value);
  if (!flavor) return undefined;
  return flavor === 'helm-community' ? community(located) : bitnami(located);
}

function reader(located: LocatedValue) {
  const get = (path: ValuePath): unknown => path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined), located.value);
  const at = <T>(path: ValuePath, value: T): Setting<T> | undefined => {
    const span = located.spanOf(path);
    return span ? { value, start: span.start, end: span.end, location: { yamlPath: span.pointer } } : undefined;
  };
  const str = (path: ValuePath): Setting<string> | undefined => {
    const value = get(path);
    return typeof value === 'string' || typeof value === 'number' ? at(path, String(value)) : undefined;
  };
  const bool = (path: ValuePath): Setting<boolean> | undefined => {
    const value = get(path);
    if (typeof value === 'boolean') return at(path, value);
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return at(path, value.toLowerCase() === 'true');
    return undefined;
  };
  const firstKey = (): Setting<string> => {
    const key = isRecord(located.value) ? Object.keys(located.value)[0] : undefined;
    return (key && at([key], key)) || { value: '', start: 0, end: 0, location: {} };
  };
  return { get, at, str, bool, firstKey };
}

function exposure(r: ReturnType<typeof reader>, base: ValuePath, settings: MlflowServerSettings): void {
  const type = r.str([...base, 'service', 'type']);
  if (type && /^(LoadBalancer|NodePort)$/.test(type.value)) settings.published = type;
  const ingress = r.bool([...base, 'ingress', 'enabled']);
  if (ingress?.value) {
    settings.published = { ...ingress, value: 'ingress' };
    const tls = r.get([...base, 'ingress', 'tls']);
    settings.publishedTls = (Array.isArray(tls) && tls.length > 0) || tls === true;
    const annotations = r.get([...base, 'ingress', 'annotations']);
    const auth = isRecord(annotations) ? Object.keys(annotations).find((key) => INGRESS_AUTH.test(key)) : undefined;
    if (auth) settings.publishedAuth = `ingress annotation ${auth}`;
  }
}

function community(located: LocatedValue): MlflowServerSettings {
  const r = reader(located);
  const authNode = r.at(['auth'], 'auth');
  const settings: MlflowServerSettings = { source: 'helm-community', isServer: true, anchor: authNode ?? r.firstKey() };
  const enabled = r.bool(['auth', 'enabled']);
  const ldap = r.bool(['ldapAuth', 'enabled']);
  settings.authEnabled = ldap?.value ? ldap : enabled;
  if (settings.authEnabled?.value) settings.appName = r.str(['auth', 'appName']);
  settings.adminUsername = r.str(['auth', 'adminUsername']);
  settings.adminPassword = r.str(['auth', 'adminPassword']);
  settings.defaultPermission = r.str(['auth', 'defaultPermission']);
  settings.authorizationFunction = r.str(['auth', 'authorizationFunction']);
  settings.serveArtifacts = r.bool(['artifactRoot', 'proxiedArtifactStorage']);
  if (r.bool(['artifactRoot', 's3', 'enabled'])?.value) {
    const bucket = r.str(['artifactRoot', 's3', 'bucket']);
    if (bucket) settings.artifactsDestination = { ...bucket, value: `s3://${bucket.value}` };
    const secret = r.str(['artifactRoot', 's3', 'awsSecretAccessKey']);
    if (secret && secret.value.trim() !== '') settings.awsSecretKey = secret;
  }
  settings.version = r.str(['image', 'tag']);
  exposure(r, [], settings);
  readExtraArgs(r, settings);
  const env = r.get(['extraEnvVars']);
  if (isRecord(env)) {
    const vars = Object.keys(env).flatMap((name) => {
      const value = r.str(['extraEnvVars', name]);
      return value ? [{ name, value, location: value.location }] : [];
    });
    fill(settings, settingsFromEnv(vars).settings);
  }
  return settings;
}

function bitnami(located: LocatedValue): MlflowServerSettings {
  const r = reader(located);
  const auth = r.bool(['tracking', 'auth', 'enabled']);
  const settings: MlflowServerSettings = {
    source: 'helm-bitnami',
    isServer: true,
    anchor: (auth && { ...auth, value: 'tracking.auth.enabled' }) ?? r.at(['tracking'], 'tracking') ?? r.firstKey(),
  };
  // The bitnami chart turns basic auth on unless told otherwise.
  settings.authEnabled = auth ?? { ...settings.anchor, value: true as boolean };
  settings.adminUsername = r.str(['tracking', 'auth', 'username']);
  settings.adminPassword = r.str(['tracking', 'auth', 'password']);
  settings.defaultPermission = r.str(['tracking', 'auth', 'extraOverrides', 'default_permission']);
  settings.host = r.str(['tracking', 'host']);
  settings.tls = r.bool(['tracking', 'tls', 'enabled']);
  settings.version = r.str(['image', 'tag']);
  const secret = r.str(['externalS3', 'accessKeySecret']);
  if (secret && secret.value.trim() !== '') {
    settings.awsSecretKey = secret;
    const bucket = r.str(['externalS3', 'bucket']);
    if (bucket) settings.artifactsDestination = { ...bucket, value: `s3://${bucket.value}` };
    settings.serveArtifacts = r.bool(['externalS3', 'serveArtifacts']) ?? { ...secret, value: true };
  }
  exposure(r, ['tracking'], settings);
  readExtraArgs(r, settings, ['tracking', 'extraArgs']);
  return settings;
}

/** extraArgs: a map (community: camelCase keys) or a list of `--opt=value` words (bitnami). */
function readExtraArgs(r: ReturnType<typeof reader>, settings: MlflowServerSettings, path: ValuePath = ['extraArgs']): void {
  const args = r.get(path);
  if (isRecord(args)) {
    const app = r.str([...path, 'appName']);
    if (app) settings.appName ??= app;
    const gunicorn = r.str([...path, 'gunicornOpts']);
    if (gunicorn && /--certfile/.test(gunicorn.value) && /--keyfile/.test(gunicorn.value)) settings.tls ??= { ...gunicorn, value: true };
  } else if (Array.isArray(args)) {
    args.forEach((word, index) => {
      if (typeof word !== 'string') return;
      const app = /^--app-name[= ](.+)$/.exec(word);
      if (app) settings.appName ??= r.at([...path, index], app[1]!);
    });
  }
}

function fill(settings: MlflowServerSettings, extra: Partial<MlflowServerSettings>): void {
  const target = settings as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && target[key] === undefined) target[key] = value;
}
