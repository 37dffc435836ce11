import type { Container, Exposure, Workload } from '../artifacts/deploy/deployment.js';

// Which of a workload's exposures reach one of its containers: shared by deploy/exposed-without-auth and the
// compose fix, so that what is reported and what is rebound are the same ports.

/** Does this exposure send traffic to this container? Ports it names must be ports the container declares, unless the container declares none. */
function reaches(exposure: Exposure, container: Container, workload: Workload): boolean {
  if (exposure.ports.length === 0 || workload.containers.length === 1) return true;
  if (container.ports.length === 0) return !workload.containers.some((other) => other !== container && other.ports.some((port) => exposure.ports.includes(port.containerPort)));
  return container.ports.some((port) => exposure.ports.includes(port.containerPort));
}

/** The exposures of a container that nobody authenticates and no network rule limits. */
export function openExposures(workload: Workload, container: Container): Exposure[] {
  return workload.exposures.filter((exposure) => !exposure.authenticatedBy && !exposure.restrictedTo && reaches(exposure, container, workload));
}
