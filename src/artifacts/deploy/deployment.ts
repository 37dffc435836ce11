import type { Located, Span } from '../../iam/policy.js';
import type { ArtifactBase } from '../artifact.js';

// How a service runs, whatever file describes it: a docker-compose service, a Kubernetes Deployment (or
// StatefulSet, Pod, KServe InferenceService predictor), a container in a Helm-rendered manifest. Rules that
// ask "is the MLflow server authenticated" or "is this port reachable from outside" walk
// deployment -> workload -> container and never care which format it was.

/** One word of a command line, with its span in the file (for a shell string, the span of the word inside it). */
export type Word = Located<string>;

export interface EnvVar extends Span {
  name: string;
  /** Plain value as written; absent when it comes from a secret, config map or field reference. */
  value?: Located<string>;
  /** valueFrom / secretKeyRef / env_file: the value is not in this file. */
  fromReference?: string;
}

export interface PortMapping extends Span {
  /** Port the process listens on inside the container. */
  containerPort: number;
  /** Published on the host (compose `ports`); absent for `expose` or Kubernetes containerPort. */
  hostPort?: number;
  /** Host address the published port binds to: 127.0.0.1 keeps it local; absent or 0.0.0.0 means every interface. */
  hostIp?: string;
  /** Last port of a range (`8000-8010:8000-8010`). */
  containerPortEnd?: number;
  hostPortEnd?: number;
  /** Kubernetes port name (for a Service's named targetPort). */
  name?: string;
  /** How it is written: compose short (`"5000:5000"`), compose long (target/published map), `expose`, or a Kubernetes containerPort. */
  form?: 'short' | 'long' | 'expose' | 'container-port';
}

export interface Container extends Span {
  /** Container name (compose: the service name). */
  name: string;
  image?: Located<string>;
  /** Entrypoint and command (Kubernetes command + args, compose entrypoint + command), split into words; a `sh -c "…"` script stays one word. */
  argv: Word[];
  env: EnvVar[];
  /** env_file / envFrom: values that live elsewhere. */
  envFrom: string[];
  ports: PortMapping[];
  /** Runs as root: user 0/root, runAsUser 0, or privileged. */
  runsAsRoot?: Located<string>;
  /** Where the entrypoint/command/args are written, per key, for fixes: the node span and whether it is a string or a list. */
  argvSources?: Array<{ key: string; start: number; end: number; form: 'string' | 'list' }>;
  /** Kubernetes: the path-like pointer to the container (spec.template.spec.containers[0]); compose: services.NAME. */
  pointer: string;
}

/** How a workload is reachable from outside the host or cluster. */
export interface Exposure extends Span {
  kind: 'published-port' | 'node-port' | 'load-balancer' | 'ingress' | 'host-network' | 'route';
  /** Ports (container or service ports) it exposes; empty = all. */
  ports: number[];
  /** An authenticating proxy in front (oauth2-proxy sidecar, ingress auth annotations, basic auth). */
  authenticatedBy?: string;
  /** TLS terminated on the way in (ingress tls, https listener). */
  tls?: boolean;
  description: string;
  /** Limited to an internal network (internal load balancer annotation, loadBalancerSourceRanges, ingress allow-list, cluster-local route). */
  restrictedTo?: string;
  /** The Service or Ingress (Kubernetes) that creates it, e.g. "Service/mlflow". */
  via?: string;
}

export interface Workload extends Span {
  /** compose service name, Kubernetes "Deployment/mlflow", "InferenceService/churn". */
  name: string;
  kind: string;
  containers: Container[];
  exposures: Exposure[];
  /** Kubernetes labels (for matching Services and Ingresses); compose labels. */
  labels: Record<string, string>;
  pointer: string;
}

export interface DeploymentArtifact extends ArtifactBase {
  kind: 'deployment';
  format: 'compose' | 'kubernetes';
  workloads: Workload[];
  /** Documents or entries the reader skipped, with why (unknown kinds are not an error). */
  notes: string[];
}
