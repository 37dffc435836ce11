import { advisoriesFor, describeUpgrade } from '../advisories/advisories.js';
import { applyEdits, findNodeAtLocation, getNodeValue, modify, type JSONPath, type Node } from 'jsonc-parser';
import { isMap, isScalar, parseDocument, type Document, type Scalar, type YAMLMap } from 'yaml';
import { parseJson } from '../artifacts/json/parse-json.js';
import { helmFlavor } from '../mlflow/from-helm.js';
import { isLabMlflowConfig } from '../mlflow/from-lab-config.js';
import { artifactStoreFromText } from './fix-iam-policy.js';

// `mlops-audit fix` on MLflow settings: the hardened lab JSON config (authentication, TLS, a private
// versioned artifact bucket, an approval gate before Production) and Helm values with auth turned on.
// Both are text edits of the original: comments, key order and formatting stay as they were.

export type MlflowFixOutcome = { status: 'fixed'; text: string; changes: string[]; notes: string[] } | { status: 'unchanged'; note: string };

export const RELEASE_ROLE = 'release-ci';
export const APPROVERS = 'ml-platform-leads';

/** The fix for an MLflow settings file, or undefined when the file is not one (other fixes then look at it). */
export function fixMlflowConfigText(file: string, text: string): MlflowFixOutcome | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return fixLabConfig(file, text);
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return fixHelmValues(text);
  return undefined;
}

function fixLabConfig(file: string, text: string): MlflowFixOutcome | undefined {
  if (!/tracking_server|model_registry/.test(text)) return undefined;
  const parsed = parseJson(text);
  if (!parsed.ok || !isLabMlflowConfig(parsed.root, file)) return undefined;
  let current = text;
  const changes: string[] = [];
  const root = () => {
    const again = parseJson(current);
    return again.ok ? again.root : undefined;
  };
  const set = (path: JSONPath, value: unknown, description: string, when: (node: Node | undefined) => boolean = () => true) => {
    const tree = root();
    if (!tree) return;
    const node = findNodeAtLocation(tree, path);
    if (node && JSON.stringify(getNodeValue(node)) === JSON.stringify(value)) return;
    if (!when(node)) return;
    // An existing value is replaced in place, written compactly as the file writes it; a missing one is inserted.
    current = node
      ? applyEdits(current, [{ offset: node.offset, length: node.length, content: compact(value) }])
      : applyEdits(current, modify(current, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
    changes.push(description);
  };
  const exists = (path: JSONPath) => () => {
    const tree = root();
    return tree !== undefined && findNodeAtLocation(tree, path) !== undefined;
  };
  set(['tracking_server', 'authentication', 'enabled'], true, 'tracking_server.authentication.enabled: true', exists(['tracking_server']));
  set(['tracking_server', 'authentication', 'app_name'], 'basic-auth', 'tracking_server.authentication.app_name: "basic-auth"', exists(['tracking_server']));
  set(['tracking_server', 'tls', 'enabled'], true, 'tracking_server.tls.enabled: true', exists(['tracking_server']));
  set(['artifact_store', 'acl'], 'private', 'artifact_store.acl: "private"', exists(['artifact_store']));
  set(['artifact_store', 'block_public_access'], true, 'artifact_store.block_public_access: true', exists(['artifact_store']));
  set(['artifact_store', 'versioning'], true, 'artifact_store.versioning: true', exists(['artifact_store']));
  const transitions = root() && findNodeAtLocation(root()!, ['model_registry', 'stage_transitions']);
  for (const property of transitions?.type === 'object' ? (transitions.children ?? []) : []) {
    const stage = property.children?.[0]?.value;
    if (typeof stage !== 'string' || !/prod/i.test(stage)) continue;
    const base = ['model_registry', 'stage_transitions', stage];
    set([...base, 'require_approval'], true, `${stage}: require_approval true`);
    const roles = findNodeAtLocation(root()!, [...base, 'allowed_roles']);
    const roleValues = roles ? (getNodeValue(roles) as unknown) : undefined;
    if (!Array.isArray(roleValues) || roleValues.includes('*') || roleValues.length === 0) set([...base, 'allowed_roles'], [RELEASE_ROLE], `${stage}: allowed_roles ["${RELEASE_ROLE}"]`);
    const approvers = findNodeAtLocation(root()!, [...base, 'approvers']);
    const approverValues = approvers ? (getNodeValue(approvers) as unknown) : undefined;
    if (!Array.isArray(approverValues) || approverValues.length === 0) set([...base, 'approvers'], [APPROVERS], `${stage}: approvers ["${APPROVERS}"]`);
  }
  if (changes.length === 0) return { status: 'unchanged', note: 'the MLflow config is already hardened' };
  const store = artifactStoreFromText(text);
  const notes = [
    `replace "${RELEASE_ROLE}" and "${APPROVERS}" with the release job's account and the team that approves production models`,
    'basic-auth needs a basic_auth.ini (default_permission = READ, admin password from a secret, database_uri) at MLFLOW_AUTH_CONFIG_PATH and MLFLOW_FLASK_SERVER_SECRET_KEY set',
    'open-source MLflow does not enforce stage approvals: promote only from a CI job behind a protected environment that verifies the model signature',
  ];
  // The version is left as it is: picking a release is the user's call, but the fix must not hide that it is still needed.
  const version = root() && findNodeAtLocation(root()!, ['mlflow_version']);
  const affected = typeof version?.value === 'string' ? advisoriesFor('mlflow', version.value) : undefined;
  if (affected) notes.push(`mlflow_version ${version!.value} still has ${affected.advisories.length} published advisories (${affected.advisories.map((advisory) => advisory.cve ?? advisory.ghsa).join(', ')}): upgrade the server to ${describeUpgrade(affected)} and record the version here`);
  if (store?.bucket) notes.push(`apply the same to the bucket itself: aws s3api put-public-access-block --bucket ${store.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`);
  return { status: 'fixed', text: current, changes, notes };
}

function compact(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((item) => JSON.stringify(item)).join(', ')}]` : JSON.stringify(value);
}

function fixHelmValues(text: string): MlflowFixOutcome | undefined {
  if (!/backendStore|artifactRoot|tracking/.test(text)) return undefined;
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { keepSourceTokens: false });
  } catch {
    return undefined;
  }
  if (document.errors.length > 0) return undefined;
  const flavor = helmFlavor(document.toJS({ maxAliasCount: 100 }) as unknown);
  if (!flavor) return undefined;
  const path = flavor === 'helm-community' ? ['auth'] : ['tracking', 'auth'];
  const authNode = document.getIn(path, true);
  const enabled = isMap(authNode) ? (authNode as YAMLMap).get('enabled', true) : undefined;
  if (isScalar(enabled)) {
    const scalar = enabled as Scalar;
    if (scalar.value === true || String(scalar.value).toLowerCase() === 'true') return { status: 'unchanged', note: 'authentication is already enabled' };
    const [start, end] = scalar.range!;
    return { status: 'fixed', text: text.slice(0, start) + 'true' + text.slice(end), changes: [`${path.join('.')}.enabled: true`], notes: helmNotes(flavor) };
  }
  if (flavor === 'helm-bitnami') return { status: 'unchanged', note: 'tracking.auth.enabled is unset, and the bitnami chart enables authentication by default' };
  if (isMap(authNode) && authNode.range) {
    // auth: exists without `enabled`: add it as the first key, at the indentation of the keys below it.
    const first = (authNode as YAMLMap).items[0];
    const keyRange = first && isScalar(first.key) ? (first.key as Scalar).range : undefined;
    if (!keyRange || (authNode as YAMLMap).flow) return { status: 'unchanged', note: 'auth is written in a form this fix does not edit; set auth.enabled: true by hand' };
    const lineStart = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
    const indent = text.slice(lineStart, keyRange[0]);
    return { status: 'fixed', text: `${text.slice(0, lineStart)}${indent}enabled: true\n${text.slice(lineStart)}`, changes: ['auth.enabled: true'], notes: helmNotes(flavor) };
  }
  if (authNode !== undefined) return { status: 'unchanged', note: 'auth is not a map; set auth.enabled: true by hand' };
  const separator = text.endsWith('\n') ? '' : '\n';
  return { status: 'fixed', text: `${text}${separator}auth:\n  enabled: true\n`, changes: ['auth.enabled: true'], notes: helmNotes(flavor) };
}

function helmNotes(flavor: string): string[] {
  return flavor === 'helm-community'
    ? ['give the admin credentials through auth.existingAdminSecret (never password1234) and keep auth.defaultPermission READ']
    : ['give the admin password through tracking.auth.existingSecret'];
}
