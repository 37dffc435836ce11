import managementApiUnauthenticated from '../checks/management-api-unauthenticated.js';
import { SERVICE_NAMES, type Identification, type ServiceKind } from '../identify.js';
import { countOf, describe, json, type ProbeTarget } from '../target.js';
import { probeModelServer } from './inference.js';

const MANAGEMENT: Partial<Record<ServiceKind, { path: string; what: string; key: string; control: string }>> = {
  ray: { path: '/api/jobs/', what: 'job(s)', key: 'jobs', control: 'Bind the dashboard to 127.0.0.1 (ray start --dashboard-host 127.0.0.1) and reach it through an authenticating proxy; anyone who can list jobs can submit one, which runs code on the cluster.' },
  torchserve: { path: '/models', what: 'registered model(s)', key: 'models', control: 'Bind the management API to 127.0.0.1 (management_address in config.properties) and turn on token authorization; anyone who reaches it can register a model from a URL, which runs its handler code.' },
  ollama: { path: '/api/tags', what: 'model(s)', key: 'models', control: 'Bind Ollama to 127.0.0.1 (OLLAMA_HOST=127.0.0.1) and put an authenticating proxy in front; its API pulls, copies and deletes models without credentials.' },
  triton: { path: '/v2/repository/index', what: 'repository', key: 'models', control: 'Start Triton with --model-control-mode=none (or explicit with a restricted endpoint) and keep its HTTP port behind an authenticating gateway.' },
};

export async function probeManagement(target: ProbeTarget, identification: Identification): Promise<void> {
  const entry = MANAGEMENT[identification.service];
  // Triton's repository index is a POST: list it only; its GET metadata is checked as inference.
  if (identification.service === 'triton') return probeModelServer(target, identification);
  if (!entry) return;
  const response = identification.answers.get(entry.path) ?? (await target.get(entry.path));
  if (response?.status === 200 && json(response) !== undefined) {
    target.report(managementApiUnauthenticated, {
      url: target.url(entry.path),
      request: `GET ${entry.path}`,
      message: `The ${SERVICE_NAMES[identification.service]} at ${target.target} answers its management API (${entry.path}) without credentials. ${entry.control}`,
      evidence: `GET ${entry.path} -> ${describe(response, `${countOf(json(response), entry.key) ?? '?'} ${entry.what}`)}`,
      blastRadius: `Code execution or model replacement on ${target.base.host} for anyone who reaches it.`,
      identity: `${identification.service}-management`,
      recommendation: entry.control,
    });
  }
}
