import type { Container, Exposure, PortMapping, Workload } from '../artifacts/deploy/deployment.js';
import { identifyContainer, isLoopbackHost } from './identify.js';

// Which of a workload's exposures reach one of its containers, and how. The one answer that
// deploy/exposed-without-auth, the compose fix, the MLflow settings of a deployment and the Jupyter targets
// all read, so that what is reported, what is rebound and what the service rules judge cannot disagree.

export interface Reach {
  /** Exposures that reach the container with nothing authenticating callers and no network rule limiting them. */
  open: Exposure[];
  /** Exposures behind an authenticating proxy or ingress (`authenticatedBy`), limited or not. */
  authenticated: Exposure[];
  /** Unauthenticated exposures limited to an internal network or source ranges (`restrictedTo`). */
  restricted: Exposure[];
  /** The container's host ports published only on a loopback address: reachable from the host alone. */
  loopback: PortMapping[];
  /** Neither published nor routed in any way: who alone reaches it; undefined when anything above does. */
  internalOnly?: 'the compose network' | 'the cluster network';
}

/** The ports a container receives traffic on: those it declares and its server's own listening port. */
function portsOf(container: Container, workload: Workload): number[] {
  const ports = container.ports.flatMap((port) => {
    const last = Math.min(port.containerPortEnd ?? port.containerPort, port.containerPort + 100);
    return Array.from({ length: last - port.containerPort + 1 }, (_, i) => port.containerPort + i);
  });
  const listening = identifyContainer(container, { workloadKind: workload.kind }).listenPort;
  return listening === undefined ? ports : [...ports, listening];
}

/**
 * An exposure that names ports reaches a container when one of them is a port the container declares or its
 * server listens on. With no port known for the container, it reaches it unless another container claims one.
 */
function reaches(exposure: Exposure, container: Container, workload: Workload): boolean {
  if (exposure.ports.length === 0) return true;
  const own = portsOf(container, workload);
  if (own.length > 0) return own.some((port) => exposure.ports.includes(port));
  return !workload.containers.some((other) => other !== container && portsOf(other, workload).some((port) => exposure.ports.includes(port)));
}

/** How a container is reachable beyond its own network namespace, as data. */
export function reachOf(workload: Workload, container: Container): Reach {
  const reach: Reach = { open: [], authenticated: [], restricted: [], loopback: [] };
  for (const exposure of workload.exposures) {
    if (!reaches(exposure, container, workload)) continue;
    // An authenticating route counts as authenticated even when it is also limited: the login is the control.
    if (exposure.authenticatedBy) reach.authenticated.push(exposure);
    else if (exposure.restrictedTo) reach.restricted.push(exposure);
    else reach.open.push(exposure);
  }
  reach.loopback = container.ports.filter((port) => port.hostPort !== undefined && isLoopbackHost(port.hostIp));
  if (!reach.open.length && !reach.authenticated.length && !reach.restricted.length && !reach.loopback.length) {
    reach.internalOnly = workload.kind === 'compose-service' ? 'the compose network' : 'the cluster network';
  }
  return reach;
}
