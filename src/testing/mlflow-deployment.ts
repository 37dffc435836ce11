import type { DeploymentArtifact, Exposure } from '../artifacts/deploy/deployment.js';
import { LineIndex } from '../text/line-index.js';

// Hand-built DeploymentArtifact objects for tests: the compose/Kubernetes reader is written separately, so
// the mlflow deployment path is exercised with artifacts whose spans point into a real compose text.

export function composeArtifact(options: { command: string; env?: Record<string, string>; ports?: string; exposure?: Omit<Exposure, 'start' | 'end'> }): DeploymentArtifact {
  const envLines = Object.entries(options.env ?? {}).map(([name, value]) => `      ${name}: ${value}\n`).join('');
  const text = `services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.9.2\n    command: ${options.command}\n${envLines ? `    environment:\n${envLines}` : ''}${options.ports ? `    ports:\n      - "${options.ports}"\n` : ''}`;
  const commandAt = text.indexOf(options.command);
  const argv = [...options.command.matchAll(/\S+/g)].map((match) => ({ value: match[0], start: commandAt + match.index, end: commandAt + match.index + match[0].length, pointer: 'services.mlflow.command' }));
  const env = Object.entries(options.env ?? {}).map(([name, value]) => {
    const at = text.indexOf(`${name}: ${value}`) + name.length + 2;
    return { name, value: { value, start: at, end: at + value.length, pointer: `services.mlflow.environment.${name}` }, start: at - name.length - 2, end: at + value.length, pointer: `services.mlflow.environment.${name}` };
  });
  const ports = [];
  if (options.ports) {
    const at = text.indexOf(options.ports);
    const parts = options.ports.split(':');
    const containerPort = Number(parts[parts.length - 1]);
    const hostPort = Number(parts[parts.length - 2]);
    ports.push({ containerPort, hostPort, hostIp: parts.length === 3 ? parts[0] : undefined, start: at, end: at + options.ports.length, pointer: 'services.mlflow.ports[0]' });
  }
  const imageAt = text.indexOf('ghcr.io');
  const exposures: Exposure[] = [];
  if (options.exposure) exposures.push({ ...options.exposure, start: 0, end: 8 });
  else if (ports[0] && !/^127\./.test(ports[0].hostIp ?? '')) exposures.push({ kind: 'published-port', ports: [ports[0].containerPort], description: `port ${ports[0].hostPort} published on every interface`, start: ports[0].start, end: ports[0].end, pointer: 'services.mlflow.ports[0]' });
  return {
    kind: 'deployment',
    format: 'compose',
    file: 'deploy/docker-compose.yml',
    text,
    lines: new LineIndex(text),
    notes: [],
    workloads: [
      {
        name: 'mlflow',
        kind: 'compose-service',
        labels: {},
        pointer: 'services.mlflow',
        start: text.indexOf('  mlflow:'),
        end: text.length,
        exposures,
        containers: [
          { name: 'mlflow', image: { value: 'ghcr.io/mlflow/mlflow:v2.9.2', start: imageAt, end: imageAt + 28, pointer: 'services.mlflow.image' }, argv, env, envFrom: [], ports, pointer: 'services.mlflow', start: text.indexOf('  mlflow:'), end: text.length },
        ],
      },
    ],
  };
}
