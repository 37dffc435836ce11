import { findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { escapePointer } from '../iam/policy.js';
import { MLFLOW_CONFIG_FILE_NAMES, type MlflowServerSettings, type Setting, type StageTransition } from './settings.js';

// The lab's JSON description of an MLflow deployment (fixtures/mlops/mlflow-config.json): tracking_server,
// artifact_store and model_registry. Recognised by its name or by its shape.

type Path = Array<string | number>;

function pointer(path: Path): string {
  return path.map((part) => `/${escapePointer(String(part))}`).join('');
}

export function isLabMlflowConfig(root: Node, file = ''): boolean {
  if (root.type !== 'object') return false;
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  const server = findNodeAtLocation(root, ['tracking_server']);
  const registry = findNodeAtLocation(root, ['model_registry']);
  if (MLFLOW_CONFIG_FILE_NAMES.includes(base) && (server || registry)) return true;
  return server?.type === 'object' && (registry?.type === 'object' || findNodeAtLocation(root, ['artifact_store'])?.type === 'object' || findNodeAtLocation(server, ['backend_store_uri']) !== undefined);
}

export function settingsFromLabConfig(root: Node, file = ''): MlflowServerSettings | undefined {
  if (!isLabMlflowConfig(root, file)) return undefined;
  const at = <T>(path: Path, accept: (value: unknown) => value is T): Setting<T> | undefined => {
    const node = findNodeAtLocation(root, path);
    if (!node) return undefined;
    const value = getNodeValue(node) as unknown;
    return accept(value) ? { value, start: node.offset, end: node.offset + node.length, location: { jsonPointer: pointer(path) } } : undefined;
  };
  const isString = (value: unknown): value is string => typeof value === 'string';
  const isBool = (value: unknown): value is boolean => typeof value === 'boolean';
  const isScalar = (value: unknown): value is string | number => typeof value === 'string' || typeof value === 'number';
  const str = (path: Path): Setting<string> | undefined => {
    const found = at(path, isScalar);
    return found ? { ...found, value: String(found.value) } : undefined;
  };
  const serverNode = findNodeAtLocation(root, ['tracking_server']) ?? root;
  const settings: MlflowServerSettings = {
    source: 'lab-json',
    isServer: true,
    anchor: { value: 'tracking_server', start: serverNode.offset, end: serverNode.offset + serverNode.length, location: { jsonPointer: serverNode === root ? '' : '/tracking_server' } },
    host: str(['tracking_server', 'host']),
    port: str(['tracking_server', 'port']),
    backendStoreUri: at(['tracking_server', 'backend_store_uri'], isString),
    serveArtifacts: at(['tracking_server', 'serve_artifacts'], isBool),
    authEnabled: at(['tracking_server', 'authentication', 'enabled'], isBool),
    appName: at(['tracking_server', 'authentication', 'app_name'], isString),
    tls: at(['tracking_server', 'tls', 'enabled'], isBool),
    artifactsDestination: at(['tracking_server', 'artifacts_destination'], isString),
    defaultArtifactRoot: at(['artifact_store', 'default_artifact_root'], isString),
    defaultPermission: at(['tracking_server', 'authentication', 'default_permission'], isString),
    version: str(['mlflow_version']),
  };
  const transitions = findNodeAtLocation(root, ['model_registry', 'stage_transitions']);
  if (transitions?.type === 'object') {
    settings.stageTransitions = [];
    for (const property of transitions.children ?? []) {
      const stage = property.children?.[0]?.value;
      const value = property.children?.[1];
      if (typeof stage !== 'string' || !value) continue;
      const path = ['model_registry', 'stage_transitions', stage];
      const isList = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
      const transition: StageTransition = {
        stage,
        start: value.offset,
        end: value.offset + value.length,
        location: { jsonPointer: pointer(path) },
        requireApproval: at([...path, 'require_approval'], isBool),
        allowedRoles: at([...path, 'allowed_roles'], isList),
        approvers: at([...path, 'approvers'], isList),
      };
      settings.stageTransitions.push(transition);
    }
  }
  return settings;
}
