import type { Container, DeploymentArtifact, Exposure, Workload } from '../artifacts/deploy/deployment.js';
import { reachOf } from '../deploy/exposures.js';
import { imageNameOf, mlflowEntrypointCommand } from '../deploy/identify.js';
import { settingsFromArgv } from './from-argv.js';
import { settingsFromEnv } from './from-env.js';
import { mergeSettings, type MlflowServerSettings } from './settings.js';

// Containers of a compose file or Kubernetes manifests (read by src/artifacts/deploy) that run
// `mlflow server`: argv, env, and how the workload is published (ports, LoadBalancer, ingress).

function location(artifact: DeploymentArtifact, pointer: string) {
  return artifact.format === 'kubernetes' && pointer.startsWith('/') ? { jsonPointer: pointer } : { yamlPath: pointer };
}

/** `server …` run by an image whose entrypoint is mlflow, read as `mlflow server …` (anchored at `server`). */
function implicitMlflow<W extends { value: string; start: number; end: number }>(container: Container, argv: readonly W[]): W[] {
  const first = argv[0];
  return first && mlflowEntrypointCommand(imageNameOf(container), first.value) ? [{ ...first, value: 'mlflow', end: first.start }, ...argv] : [];
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
  const settings = settingsFromArgv(argv, where) ?? settingsFromArgv(implicitMlflow(container, argv), where);
  if (!settings) return undefined;
  const env = settingsFromEnv(container.env.map((entry) => ({ name: entry.name, value: entry.value, location: where })));
  const merged = mergeSettings(settings, env.settings);
  const tag = container.image && /mlflow[^:]*:v?(\d+\.\d+(?:\.\d+)?)/.exec(container.image.value);
  if (tag && container.image) merged.version = { value: tag[1]!, start: container.image.start, end: container.image.end, location: where };
  // Ports, routes and their auth are judged as deploy/exposed-without-auth judges them (one finding per risk):
  // a published open server is reported there, so its settings must say so here.
  const reach = reachOf(workload, container);
  const preferred = (list: Exposure[]) => list.find((candidate) => candidate.kind !== 'published-port') ?? list[0];
  // A login on one route means nothing while an unauthenticated route, even a limited one, also reaches the server.
  const exposure = preferred(reach.open) ?? (reach.restricted.length ? undefined : preferred(reach.authenticated));
  if (exposure) {
    merged.published = { value: exposure.description, start: exposure.start, end: exposure.end, location: { yamlPath: exposure.pointer } };
    merged.publishedTls = exposure.tls === true;
    if (exposure.authenticatedBy) merged.publishedAuth = exposure.authenticatedBy;
  } else if (reach.restricted.length) {
    merged.restrictedTo = reach.restricted.map((route) => `${route.description}, limited to ${route.restrictedTo}`).join('; ');
  } else if (reach.loopback.length) {
    // Listening on 0.0.0.0 inside the container but published only on loopback: not reachable from other machines.
    if (merged.host) merged.host = { ...merged.host, value: '127.0.0.1' };
  } else {
    // Only containers of the same compose network or cluster reach it, which is how a server behind an authenticating proxy is deployed.
    merged.internalOnly = reach.internalOnly;
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
