import { isMap, isSeq, type Document, type Node } from 'yaml';
import type { Container, DeploymentArtifact, Exposure, PortMapping, Workload } from './deployment.js';
import { isLoopback } from './read-compose.js';
import { bool, envVars, get, getPath, int, located, mapEntries, range, seqItems, str, stringMap, words } from './yaml-nodes.js';

// Kubernetes manifests (one or many documents, `kind: List` too): workloads with their pod containers, and
// how Services, Ingresses and KServe routes make them reachable from outside the cluster.

type Shape = Pick<DeploymentArtifact, 'format' | 'workloads' | 'notes'>;

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const KNOWN = new Set([...WORKLOADS, 'Service', 'Ingress', 'InferenceService']);

/** Annotations of an Ingress that make the ingress controller authenticate requests before they reach the backend. */
const AUTH_ANNOTATIONS: Array<[RegExp, (value: string) => boolean]> = [
  [/^nginx\.ingress\.kubernetes\.io\/auth-(url|type|signin)$/, (value) => value.trim() !== ''],
  [/^traefik\.ingress\.kubernetes\.io\/router\.middlewares$/, (value) => /auth|oauth|oidc|sso/i.test(value)],
  [/^alb\.ingress\.kubernetes\.io\/auth-type$/, (value) => /^(oidc|cognito)$/i.test(value.trim())],
  [/^ingress\.kubernetes\.io\/auth-(url|type)$/, (value) => value.trim() !== ''],
  [/^konghq\.com\/plugins$/, (value) => /auth|oidc|jwt|key-auth/i.test(value)],
];
/** Annotations that make a LoadBalancer Service internal to the VPC / VNet. */
const INTERNAL_LB: Array<[RegExp, RegExp]> = [
  [/^service\.beta\.kubernetes\.io\/(aws|azure)-load-balancer-internal$/, /^(true|0\.0\.0\.0\/0)$/i],
  [/^service\.beta\.kubernetes\.io\/aws-load-balancer-scheme$/, /^internal$/i],
  [/^(networking\.gke\.io|cloud\.google\.com)\/load-balancer-type$/, /^internal$/i],
  [/^service\.kubernetes\.io\/(ibm|oci)-load-balancer-(cloud-provider-ip-type|internal)$/, /^(private|true)$/i],
];
const AUTH_PROXY = /oauth2-proxy|oauth2_proxy|pomerium|vouch-proxy|keycloak-gatekeeper|louketo|authelia/i;

interface Doc {
  kind: string;
  name: string;
  node: Node;
  pointer: string;
}

function k8sDocs(documents: readonly Document.Parsed[]): Doc[] {
  const out: Doc[] = [];
  const add = (node: unknown, pointer: string) => {
    const kind = str(get(node, 'kind'));
    if (!kind || !str(get(node, 'apiVersion'))) return;
    if (kind === 'List') {
      seqItems(get(node, 'items')).forEach((item, index) => add(item, `${pointer}items[${index}].`));
      return;
    }
    out.push({ kind, name: str(getPath(node, 'metadata', 'name')) ?? '?', node: node as Node, pointer });
  };
  for (const document of documents) add(document.contents, '');
  return out;
}

/** True when the documents are Kubernetes manifests with at least one workload, Service, Ingress or InferenceService. */
export function isKubernetes(documents: readonly Document.Parsed[]): boolean {
  return k8sDocs(documents).some((doc) => KNOWN.has(doc.kind));
}

export function readKubernetes(documents: readonly Document.Parsed[], source: string): Shape {
  const docs = k8sDocs(documents);
  const notes: string[] = [];
  const workloads: Workload[] = [];
  for (const doc of docs) {
    if (WORKLOADS.has(doc.kind)) {
      const path = doc.kind === 'Pod' ? ['spec'] : doc.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
      const podSpec = getPath(doc.node, ...path);
      const labels = stringMap(doc.kind === 'Pod' ? getPath(doc.node, 'metadata', 'labels') : getPath(doc.node, ...path.slice(0, -1), 'metadata', 'labels'));
      workloads.push(readPod(source, doc, podSpec, `${doc.pointer}${path.join('.')}`, labels));
    } else if (doc.kind === 'InferenceService') {
      workloads.push(readInferenceService(source, doc));
    } else if (!KNOWN.has(doc.kind)) {
      notes.push(`${doc.kind}/${doc.name}: not a kind mlops-audit reads; skipped`);
    }
  }
  const services = docs.filter((doc) => doc.kind === 'Service');
  for (const service of services) {
    const selector = stringMap(getPath(service.node, 'spec', 'selector'));
    const targets = Object.keys(selector).length === 0 ? [] : workloads.filter((workload) => Object.entries(selector).every(([key, value]) => workload.labels[key] === value));
    const type = getPath(service.node, 'spec', 'type');
    const typeValue = str(type) ?? 'ClusterIP';
    if (typeValue !== 'LoadBalancer' && typeValue !== 'NodePort') continue;
    const annotations = stringMap(getPath(service.node, 'metadata', 'annotations'));
    const internal = Object.entries(annotations).find(([key, value]) => INTERNAL_LB.some(([k, v]) => k.test(key) && v.test(value.trim())));
    const sourceRanges = seqItems(getPath(service.node, 'spec', 'loadBalancerSourceRanges')).map(str).filter((value): value is string => !!value);
    const restrictedTo = typeValue === 'LoadBalancer' && internal ? `an internal load balancer (${internal[0]})` : sourceRanges.length && !sourceRanges.some((cidr) => /^0\.0\.0\.0\/0$|^::\/0$/.test(cidr)) ? `loadBalancerSourceRanges ${sourceRanges.join(', ')}` : undefined;
    for (const workload of targets) {
      const ports = servicePorts(service.node, workload);
      const at = type ?? getPath(service.node, 'kind')!;
      workload.exposures.push({
        kind: typeValue === 'LoadBalancer' ? 'load-balancer' : 'node-port',
        ports,
        ...range(at),
        pointer: `${service.pointer}spec.type`,
        via: `Service/${service.name}`,
        restrictedTo,
        authenticatedBy: proxyFor(workload, ports),
        description: `Service ${service.name} of type ${typeValue} ${typeValue !== 'LoadBalancer' ? 'opens a port on every node' : internal ? 'gives it an internal load balancer address' : 'gives it an external load balancer address'}${ports.length ? ` (port${ports.length === 1 ? '' : 's'} ${ports.join(', ')})` : ''}`,
      });
    }
  }
  for (const ingress of docs.filter((doc) => doc.kind === 'Ingress')) {
    const annotations = stringMap(getPath(ingress.node, 'metadata', 'annotations'));
    const auth = Object.entries(annotations).find(([key, value]) => AUTH_ANNOTATIONS.some(([pattern, ok]) => pattern.test(key) && ok(value)));
    const allow = Object.entries(annotations).find(([key]) => /(whitelist|allowlist)-source-range$/.test(key));
    const tls = seqItems(getPath(ingress.node, 'spec', 'tls')).length > 0;
    const backends: Array<{ service: string; node: Node; pointer: string }> = [];
    const backendOf = (backend: unknown, pointer: string) => {
      const nameNode = getPath(backend, 'service', 'name') ?? get(backend, 'serviceName');
      const service = str(nameNode);
      if (service && nameNode) backends.push({ service, node: nameNode, pointer: `${pointer}.${get(backend, 'serviceName') ? 'serviceName' : 'service.name'}` });
    };
    backendOf(getPath(ingress.node, 'spec', 'defaultBackend') ?? getPath(ingress.node, 'spec', 'backend'), `${ingress.pointer}spec.defaultBackend`);
    seqItems(getPath(ingress.node, 'spec', 'rules')).forEach((rule, r) => {
      seqItems(getPath(rule, 'http', 'paths')).forEach((path, p) => backendOf(get(path, 'backend'), `${ingress.pointer}spec.rules[${r}].http.paths[${p}].backend`));
    });
    for (const backend of backends) {
      const service = services.find((doc) => doc.name === backend.service);
      if (!service) continue;
      const selector = stringMap(getPath(service.node, 'spec', 'selector'));
      if (Object.keys(selector).length === 0) continue;
      for (const workload of workloads.filter((candidate) => Object.entries(selector).every(([key, value]) => candidate.labels[key] === value))) {
        const ports = servicePorts(service.node, workload);
        workload.exposures.push({
          kind: 'ingress',
          ports,
          ...range(backend.node),
          pointer: backend.pointer,
          via: `Ingress/${ingress.name}`,
          tls,
          restrictedTo: allow ? `${allow[0]}: ${allow[1]}` : undefined,
          authenticatedBy: auth ? `ingress annotation ${auth[0]}` : proxyFor(workload, ports),
          description: `Ingress ${ingress.name} routes to Service ${service.name}${tls ? ' over TLS' : ' without TLS'}`,
        });
      }
    }
  }
  return { format: 'kubernetes', workloads, notes };
}

/** The auth proxy sidecar that owns one of the exposed ports, if any. */
function proxyFor(workload: Workload, ports: number[]): string | undefined {
  for (const container of workload.containers) {
    if (!AUTH_PROXY.test(container.image?.value ?? container.name)) continue;
    if (ports.length === 0 || container.ports.some((port) => ports.includes(port.containerPort))) return `${container.name} sidecar (${container.image?.value ?? 'auth proxy'})`;
  }
  return undefined;
}

/** The container ports a Service sends traffic to: targetPort (number or a container port name), else port. */
function servicePorts(service: Node, workload: Workload): number[] {
  const out: number[] = [];
  for (const port of seqItems(getPath(service, 'spec', 'ports'))) {
    const target = get(port, 'targetPort');
    const number = int(target) ?? (target ? undefined : int(get(port, 'port')));
    if (number !== undefined) out.push(number);
    else {
      const name = str(target);
      const named = workload.containers.flatMap((container) => container.ports).find((candidate) => candidate.name === name);
      if (named) out.push(named.containerPort);
    }
  }
  return out;
}

function readPod(source: string, doc: Doc, podSpec: Node | undefined, pointer: string, labels: Record<string, string>): Workload {
  const podRoot = str(getPath(podSpec, 'securityContext', 'runAsUser')) === '0' ? located(getPath(podSpec, 'securityContext', 'runAsUser'), `${pointer}.securityContext.runAsUser`) : undefined;
  const containers: Container[] = [];
  for (const key of ['initContainers', 'containers']) {
    seqItems(get(podSpec, key)).forEach((node, index) => {
      if (!isMap(node)) return;
      containers.push(readContainer(source, node as Node, `${pointer}.${key}[${index}]`, podRoot));
    });
  }
  const exposures: Exposure[] = [];
  const hostNetwork = get(podSpec, 'hostNetwork');
  if (bool(hostNetwork)) exposures.push({ kind: 'host-network', ports: [], ...range(hostNetwork), pointer: `${pointer}.hostNetwork`, description: 'hostNetwork: true: the pod listens on the node\'s own network interfaces' });
  for (const container of containers) {
    for (const port of container.ports) {
      // Bound to the node's loopback address, as in compose: only the node itself reaches it.
      if (port.hostPort === undefined || isLoopback(port.hostIp)) continue;
      exposures.push({ kind: 'published-port', ports: [port.containerPort], start: port.start, end: port.end, pointer: port.pointer, description: `hostPort ${port.hostPort} opens container port ${port.containerPort} on the node${port.hostIp ? ` at ${port.hostIp}` : ''}` });
    }
  }
  const kindRange = range(get(doc.node, 'kind'));
  return { name: `${doc.kind}/${doc.name}`, kind: doc.kind, containers, exposures, labels, start: kindRange.start, end: range(doc.node).end, pointer };
}

function readContainer(source: string, node: Node, pointer: string, podRoot: Container['runsAsRoot']): Container {
  const argv = [];
  const argvSources: NonNullable<Container['argvSources']> = [];
  for (const key of ['command', 'args']) {
    const value = get(node, key);
    if (!value) continue;
    argv.push(...words(source, value, `${pointer}.${key}`));
    argvSources.push({ key, ...range(value), form: isSeq(value) ? ('list' as const) : ('string' as const) });
  }
  const ports: PortMapping[] = [];
  seqItems(get(node, 'ports')).forEach((port, index) => {
    const containerPort = int(get(port, 'containerPort'));
    if (containerPort === undefined) return;
    ports.push({ containerPort, hostPort: int(get(port, 'hostPort')), hostIp: str(get(port, 'hostIP')), name: str(get(port, 'name')), ...range(port), pointer: `${pointer}.ports[${index}]`, form: 'container-port' });
  });
  const envFrom = seqItems(get(node, 'envFrom')).flatMap((item) => {
    const secret = str(getPath(item, 'secretRef', 'name'));
    const config = str(getPath(item, 'configMapRef', 'name'));
    return secret ? [`secret ${secret}`] : config ? [`configMap ${config}`] : [];
  });
  const runAsUser = getPath(node, 'securityContext', 'runAsUser');
  const privileged = getPath(node, 'securityContext', 'privileged');
  const runsAsRoot =
    str(runAsUser) === '0' ? located(runAsUser, `${pointer}.securityContext.runAsUser`) : bool(privileged) ? { value: 'privileged: true', ...range(privileged), pointer: `${pointer}.securityContext.privileged` } : runAsUser ? undefined : podRoot;
  return {
    name: str(get(node, 'name')) ?? '?',
    image: located(get(node, 'image'), `${pointer}.image`),
    argv,
    argvSources,
    env: envVars(source, get(node, 'env'), `${pointer}.env`),
    envFrom,
    ports,
    runsAsRoot,
    ...range(node),
    pointer,
  };
}

/** A KServe InferenceService: predictor (and transformer, explainer) containers; reachable through the KServe ingress unless cluster-local. */
function readInferenceService(source: string, doc: Doc): Workload {
  const containers: Container[] = [];
  for (const component of ['predictor', 'transformer', 'explainer']) {
    const spec = getPath(doc.node, 'spec', component);
    if (!spec) continue;
    const base = `${doc.pointer}spec.${component}`;
    seqItems(get(spec, 'containers')).forEach((node, index) => {
      if (isMap(node)) containers.push(readContainer(source, node as Node, `${base}.containers[${index}]`, undefined));
    });
    // predictor.model (or a framework key such as sklearn:) with an optional image and storageUri.
    for (const { key, value } of mapEntries(spec)) {
      if (!isMap(value) || key === 'containers' || !(get(value, 'storageUri') || get(value, 'modelFormat') || get(value, 'image') || get(value, 'runtime'))) continue;
      const container = readContainer(source, value as Node, `${base}.${key}`, undefined);
      container.name = `${component}.${key}`;
      const storage = located(get(value, 'storageUri'), `${base}.${key}.storageUri`);
      if (!container.image && storage && /^oci:\/\//.test(storage.value)) container.image = { ...storage, value: storage.value.slice('oci://'.length) };
      containers.push(container);
    }
  }
  const labels = stringMap(getPath(doc.node, 'metadata', 'labels'));
  const annotations = stringMap(getPath(doc.node, 'metadata', 'annotations'));
  const local = Object.entries(labels).find(([key, value]) => /(networking\.kserve\.io|serving\.knative\.dev|networking\.knative\.dev)\/visibility$/.test(key) && value === 'cluster-local');
  const auth = Object.entries(annotations).find(([key, value]) => /^(security\.opendatahub\.io|serving\.kserve\.io)\/enable-auth$/.test(key) && value.trim().toLowerCase() === 'true');
  const kindNode = get(doc.node, 'kind');
  const exposures: Exposure[] = [
    {
      kind: 'route',
      ports: [],
      ...range(kindNode),
      pointer: `${doc.pointer}kind`,
      via: `InferenceService/${doc.name}`,
      restrictedTo: local ? `label ${local[0]}: cluster-local` : undefined,
      authenticatedBy: auth ? `annotation ${auth[0]}` : undefined,
      description: `KServe publishes InferenceService ${doc.name} through the cluster's ingress gateway${local ? ' (cluster-local only)' : ''}`,
    },
  ];
  return { name: `InferenceService/${doc.name}`, kind: 'InferenceService', containers, exposures, labels: { ...labels, 'serving.kserve.io/inferenceservice': doc.name }, start: range(kindNode).start, end: range(doc.node).end, pointer: `${doc.pointer}spec` };
}
