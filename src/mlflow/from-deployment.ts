import type { Container, DeploymentArtifact, Workload } from '../artifacts/deploy/deployment.js';
import { settingsFromArgv } from './from-argv.js';
import { settingsFromEnv } from './from-env.js';
import { mergeSettings, type MlflowServerSettings } from './settings.js';

// Containers of a compose file or Kubernetes manifests (read by src/artifacts/deploy) that run
// `mlflow server`: argv, env, and how the workload is published (ports, LoadBalancer, ingress).

function location(artifact: DeploymentArtifact, pointer: string) {
  return artifact.format === 'kubernetes' && pointer.startsWith('/') ? { jsonPointer: pointer } : { yamlPath: pointer };
}

function containerSettings(artifact: DeploymentArtifact, workload: Workload, container: Container): MlflowServerSettings | undefined {
  const where = location(artifact, container.pointer);
  const argv = container.argv.flatMap((word) => {
    // `sh -c "mlflow server …"`: the script word holds the command; offsets inside it are approximate.
    if (/\bmlflow\s+(server|ui)\b/.test(word.value) && /\s/.test(word.value)) {
      return [...word.value.matchAll(/\S+/g)].map((part) => ({ value: part[0].replace(/^["']|["']$/g, ''), start: word.start, end: word.end }));
    }
    return [word];
  });
  const settings = settingsFromArgv(argv, where);
  if (!settings) return undefined;
  const env = settingsFromEnv(container.env.map((entry) => ({ name: entry.name, value: entry.value, location: where })));
  const merged = mergeSettings(settings, env.settings);
  const tag = container.image && /mlflow[^:]*:v?(\d+\.\d+(?:\.\d+)?)/.exec(container.image.value);
  if (tag && container.image) merged.version = { value: tag[1]!, start: container.image.start, end: container.image.end, location: where };
  const port = Number(merged.port?.value ?? 5000);
  // Published only on 127.0.0.1 stays local; any other published port, NodePort, LoadBalancer or ingress reaches beyond the host.
  // An internal load balancer or one limited by source ranges is not an exposure (as deploy/exposed-without-auth judges it).
  const exposures = workload.exposures.filter((exposure) => !exposure.restrictedTo && (exposure.ports.length === 0 || exposure.ports.includes(port) || exposure.kind !== 'published-port'));
  const published = container.ports.find((mapping) => mapping.hostPort !== undefined && mapping.containerPort === port && !/^(127\.|localhost|::1)/.test(mapping.hostIp ?? ''));
  const exposure = exposures.find((candidate) => candidate.kind !== 'published-port') ?? exposures[0];
  if (exposure) {
    merged.published = { value: exposure.description, start: exposure.start, end: exposure.end, location: { yamlPath: exposure.pointer } };
    merged.publishedTls = exposure.tls === true;
    if (exposure.authenticatedBy) merged.publishedAuth = exposure.authenticatedBy;
  } else if (published) {
    merged.published = { value: `port ${published.hostPort} published on ${published.hostIp ?? 'every interface'}`, start: published.start, end: published.end, location: where };
  } else if (container.ports.some((mapping) => mapping.hostPort !== undefined) && merged.host) {
    // Listening on 0.0.0.0 inside the container but published only on loopback: not reachable from other machines.
    merged.host = { ...merged.host, value: '127.0.0.1' };
  } else {
    // Neither published nor routed: only containers of the same compose network or cluster reach it,
    // which is how a server behind an authenticating proxy is deployed.
    merged.internalOnly = artifact.format === 'compose' ? 'the compose network' : 'the cluster network';
  }
  return merged;
}

export function settingsFromDeployment(artifact: DeploymentArtifact): MlflowServerSettings[] {
  const out: MlflowServerSettings[] = [];
  for (const workload of artifact.workloads) {
    for (const container of workload.containers) {
      const settings = containerSettings(artifact, workload, container);
      if (settings) out.push(settings);
    }
  }
  return out;
}
