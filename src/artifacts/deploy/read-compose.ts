import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import { scalarText } from '../yaml/scalar-text.js';
import type { Container, DeploymentArtifact, Exposure, PortMapping, Word } from './deployment.js';
import { bool, envVars, get, located, mapEntries, range, seqItems, str, stringMap, words } from './yaml-nodes.js';

// docker-compose files (compose spec, v2 and v3 formats): each service is one workload with one container.

const SERVICE_KEYS = new Set(['image', 'build', 'command', 'entrypoint', 'ports', 'expose', 'environment', 'env_file', 'volumes', 'depends_on', 'network_mode', 'restart', 'container_name', 'healthcheck']);

type Shape = Pick<DeploymentArtifact, 'format' | 'workloads' | 'notes'>;

/** A compose file has a top-level `services:` mapping whose entries look like services. */
export function isCompose(document: Document.Parsed): boolean {
  const services = get(document.contents, 'services');
  if (!isMap(services) || services.items.length === 0) return false;
  let looksLikeService = false;
  for (const { value } of mapEntries(services)) {
    if (!isMap(value)) continue;
    const keys = mapEntries(value).map((entry) => entry.key);
    if (!keys.some((key) => SERVICE_KEYS.has(key))) continue;
    // Helm values write `image: {repository, tag}`; compose writes a string.
    const image = get(value, 'image');
    if (image && !isScalar(image)) return false;
    if (image || get(value, 'build') || get(value, 'command')) looksLikeService = true;
  }
  return looksLikeService;
}

export function readCompose(document: Document.Parsed, source: string): Shape {
  const services = get(document.contents, 'services');
  const notes: string[] = [];
  const workloads: Shape['workloads'] = [];
  for (const { key: name, pair, value } of mapEntries(services)) {
    const pointer = `services.${name}`;
    if (!isMap(value)) {
      notes.push(`${pointer}: not a mapping; skipped`);
      continue;
    }
    const argvSources: NonNullable<Container['argvSources']> = [];
    const argv: Word[] = [];
    for (const key of ['entrypoint', 'command']) {
      const node = get(value, key);
      if (!node) continue;
      argv.push(...words(source, node, `${pointer}.${key}`));
      argvSources.push({ key, ...range(node), form: isSeq(node) ? 'list' : 'string' });
    }
    const ports: PortMapping[] = [];
    seqItems(get(value, 'ports')).forEach((item, index) => {
      const port = isMap(item) ? longPort(item, `${pointer}.ports[${index}]`) : shortPort(source, item, `${pointer}.ports[${index}]`);
      if (port) ports.push(port);
    });
    seqItems(get(value, 'expose')).forEach((item, index) => {
      const parsed = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec((str(item) ?? '').trim());
      if (parsed) ports.push({ containerPort: Number(parsed[1]), containerPortEnd: parsed[2] ? Number(parsed[2]) : undefined, ...range(item), pointer: `${pointer}.expose[${index}]`, form: 'expose' });
    });
    const envFrom: string[] = [];
    const envFile = get(value, 'env_file');
    if (str(envFile)) envFrom.push(str(envFile)!);
    for (const item of seqItems(envFile)) {
      const path = str(item) ?? str(get(item, 'path'));
      if (path) envFrom.push(path);
    }
    const user = located(get(value, 'user'), `${pointer}.user`);
    const privileged = get(value, 'privileged');
    const runsAsRoot = user && /^(0|root)(:|$)/.test(user.value.trim()) ? user : bool(privileged) ? { value: 'privileged: true', ...range(privileged), pointer: `${pointer}.privileged` } : undefined;
    const container: Container = {
      name,
      image: located(get(value, 'image'), `${pointer}.image`),
      argv,
      argvSources,
      env: envVars(source, get(value, 'environment'), `${pointer}.environment`),
      envFrom,
      ports,
      runsAsRoot,
      start: range(pair.key).start,
      end: range(value).end,
      pointer,
    };
    const exposures: Exposure[] = [];
    for (const port of ports) {
      if (port.hostPort === undefined && port.form === 'expose') continue;
      if (port.form === 'expose') continue;
      if (isLoopback(port.hostIp)) continue;
      const published = port.hostPort === undefined ? 'a random host port' : `host port ${port.hostPort}${port.hostPortEnd ? `-${port.hostPortEnd}` : ''}`;
      exposures.push({
        kind: 'published-port',
        ports: portList(port),
        start: port.start,
        end: port.end,
        pointer: port.pointer,
        description: `container port ${port.containerPort}${port.containerPortEnd ? `-${port.containerPortEnd}` : ''} published on ${published} of ${port.hostIp && port.hostIp !== '0.0.0.0' ? `host address ${port.hostIp}` : 'every host interface (0.0.0.0)'}`,
      });
    }
    const networkMode = get(value, 'network_mode');
    if (str(networkMode) === 'host') {
      exposures.push({ kind: 'host-network', ports: [], ...range(networkMode), pointer: `${pointer}.network_mode`, description: "network_mode: host: every port the container listens on is a port of the host" });
    }
    const labels = stringMap(get(value, 'labels'));
    const route = traefikRoute(labels, get(value, 'labels'), `${pointer}.labels`);
    if (route) exposures.push(route);
    workloads.push({ name, kind: 'compose-service', containers: [container], exposures, labels, start: container.start, end: container.end, pointer });
  }
  return { format: 'compose', workloads, notes };
}

/** A service Traefik routes to (`traefik.enable=true` and a router rule): reachable through the proxy, authenticated when a router uses an auth middleware. */
function traefikRoute(labels: Record<string, string>, node: unknown, pointer: string): Exposure | undefined {
  if (labels['traefik.enable']?.toLowerCase() !== 'true') return undefined;
  const rules = Object.entries(labels).filter(([key]) => /^traefik\.http\.routers\.[^.]+\.rule$/.test(key));
  if (rules.length === 0) return undefined;
  const routers = rules.map(([key]) => key.split('.')[3]!);
  const middlewares = routers.map((router) => labels[`traefik.http.routers.${router}.middlewares`] ?? '');
  const authenticated = middlewares.every((value) => /auth|oauth|oidc|sso/i.test(value));
  const tls = routers.every((router) => labels[`traefik.http.routers.${router}.tls`]?.toLowerCase() === 'true' || !!labels[`traefik.http.routers.${router}.tls.certresolver`]);
  const port = Number(Object.entries(labels).find(([key]) => /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(key))?.[1]);
  return {
    kind: 'route',
    ports: Number.isInteger(port) && port > 0 ? [port] : [],
    ...range(node),
    pointer,
    tls,
    authenticatedBy: authenticated ? `Traefik middleware ${middlewares[0]}` : undefined,
    description: `Traefik routes ${rules.map(([, rule]) => rule).join(', ')} to it${tls ? ' over TLS' : ''}`,
  };
}

export function isLoopback(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

function portList(port: PortMapping): number[] {
  const out: number[] = [];
  const last = Math.min(port.containerPortEnd ?? port.containerPort, port.containerPort + 100);
  for (let p = port.containerPort; p <= last; p++) out.push(p);
  return out;
}

/** `"5000"`, `"5000:5000"`, `"127.0.0.1:5000:5000"`, `"127.0.0.1::5000"`, `"8000-8010:8000-8010/tcp"`, `"[::1]:5000:5000"`. */
function shortPort(source: string, node: unknown, pointer: string): PortMapping | undefined {
  if (!isScalar(node)) return undefined;
  // Variables: their default when they have one (`${MLFLOW_PORT:-5000}`), else unknown (empty).
  const text = scalarText(source, node as Scalar)
    .text.trim()
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_all, fallback: string | undefined) => fallback ?? '');
  const parsed = /^(?:(\[[^\]]*\]|[^:[\]]*?):)??(?:(\d*)(?:-(\d+))?:)?(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(text);
  if (!parsed) return undefined;
  const [, ip, host, hostEnd, container, containerEnd] = parsed;
  return {
    containerPort: Number(container),
    containerPortEnd: containerEnd ? Number(containerEnd) : undefined,
    // "5000" alone publishes on a random host port.
    hostPort: host ? Number(host) : undefined,
    hostPortEnd: hostEnd ? Number(hostEnd) : undefined,
    hostIp: ip ? ip.replace(/^\[|\]$/g, '') : undefined,
    ...range(node),
    pointer,
    form: 'short',
  };
}

function longPort(node: unknown, pointer: string): PortMapping | undefined {
  const target = str(get(node, 'target'));
  if (!target || !/^\d+$/.test(target)) return undefined;
  const published = /^(\d+)(?:-(\d+))?$/.exec(str(get(node, 'published')) ?? '');
  return {
    containerPort: Number(target),
    hostPort: published ? Number(published[1]) : undefined,
    hostPortEnd: published?.[2] ? Number(published[2]) : undefined,
    hostIp: str(get(node, 'host_ip')),
    ...range(node),
    pointer,
    form: 'long',
  };
}
