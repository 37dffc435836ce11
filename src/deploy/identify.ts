import type { Located } from '../iam/policy.js';
import type { Container, Word } from '../artifacts/deploy/deployment.js';
import { commandAt } from '../artifacts/workflow/shell-words.js';

// What a container runs, told from its image and command line, and whether that service checks who is calling
// by itself. Self-contained (only the deployment types): the MLflow, Jupyter and serving rules can use it too.

export type ServiceKind = 'mlflow' | 'jupyter' | 'jupyterhub' | 'inference-api' | 'kserve-predictor' | 'ml-dashboard' | 'auth-proxy' | 'other';

/** on: the service asks for credentials; off: it does not; unknown: it depends on code or files not in view. */
export type AuthState = 'on' | 'off' | 'unknown';

export interface ServiceIdentity {
  service: ServiceKind;
  /** For messages: "the MLflow tracking server", "Jupyter Server (JupyterLab)". */
  label: string;
  auth: AuthState;
  /** 'explicit': a setting turns authentication off (`--ServerApp.token=''`); 'default': the service has none unless enabled. */
  authOff?: 'explicit' | 'default';
  /** Why auth is what it is, in a sentence fragment. */
  authReason: string;
  /** The word or variable that decides auth (the empty token option), when there is one. */
  authEvidence?: Located<string>;
  /** The word that tells what the service is (`mlflow`, `jupyter`, `uvicorn`) or the image. */
  evidence?: Located<string>;
  /** The address the process listens on, as written or as the program's default. */
  listenHost?: string;
  listenHostSource: 'argument' | 'environment' | 'default' | 'unknown';
  /** The port the server listens on, as written or as the program's default; unknown for servers of several ports (Triton, TorchServe). */
  listenPort?: number;
}

interface Token {
  value: string;
  word: Word;
}

/** The words of the command line; a `sh -c` script is split into its own words (all located at the script). */
function tokens(argv: readonly Word[]): Token[] {
  const out: Token[] = [];
  for (const word of argv) {
    if (!/\s/.test(word.value)) {
      out.push({ value: word.value, word });
      continue;
    }
    const text = word.value;
    let at = 0;
    while (at < text.length) {
      const command = commandAt(text, at);
      for (const part of command.words) out.push({ value: part.value, word });
      let next = command.words.length ? command.end : at;
      while (next < text.length && /[\s;&|)`#]/.test(text[next]!)) next += 1;
      at = next <= at ? at + 1 : next;
    }
  }
  return out;
}

function base(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1);
}

/** The value of `--name value` or `--name=value` among tokens after `from`. */
function optionValue(list: readonly Token[], names: readonly string[], from = 0): { value: string; token: Token } | undefined {
  for (let i = from; i < list.length; i++) {
    const token = list[i]!;
    for (const name of names) {
      if (token.value === name && list[i + 1]) return { value: list[i + 1]!.value, token: list[i + 1]! };
      if (token.value.startsWith(`${name}=`)) return { value: unquote(token.value.slice(name.length + 1)), token };
    }
  }
  return undefined;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return /^(''|"")$/.test(trimmed) ? '' : trimmed.replace(/^(['"])(.*)\1$/s, '$2');
}

function envValue(container: Container, name: string): { set: boolean; value?: string; at?: Located<string> } {
  const entry = container.env.find((env) => env.name === name);
  if (!entry) return { set: false };
  if (entry.fromReference && !entry.value) return { set: true, at: { value: name, start: entry.start, end: entry.end, pointer: entry.pointer } };
  return { set: true, value: entry.value?.value, at: { value: name, start: entry.start, end: entry.end, pointer: entry.pointer } };
}

const located = (token: Token | undefined): Located<string> | undefined => (token ? { value: token.word.value, start: token.word.start, end: token.word.end, pointer: token.word.pointer } : undefined);

const JUPYTER_STACKS = /(^|\/)(jupyter|quay\.io\/jupyter)\/[\w.-]*notebook|(^|\/)jupyter\/[\w.-]+(:|@|$)|(^|\/)(jupyter|quay\.io\/jupyter)\/(base|minimal|scipy|datascience|r|pyspark|all-spark|tensorflow|pytorch|julia)-notebook/i;
const AUTH_PROXY = /oauth2-proxy|oauth2_proxy|pomerium|vouch-proxy|keycloak-gatekeeper|louketo-proxy|authelia/i;

export interface IdentifyContext {
  /** Kubernetes kind of the workload, e.g. InferenceService. */
  workloadKind?: string;
}

/** The image's repository, lower case, without tag or digest (a registry's `host:port/` is kept). */
export function imageNameOf(container: Container): string {
  return (container.image?.value ?? '').replace(/@.*$/, '').replace(/:[^/:]*$/, '').toLowerCase();
}

/** Images whose entrypoint is `mlflow` (bitnami/mlflow and the like) take `server …` or `ui …` as their command. */
export function mlflowEntrypointCommand(imageName: string, first: string | undefined): boolean {
  return first !== undefined && /^(server|ui)$/.test(first) && /(^|\/)[\w.-]*mlflow[\w.-]*$/.test(imageName);
}

/** Tells what a container runs and whether it authenticates callers by itself. */
export function identifyContainer(container: Container, context: IdentifyContext = {}): ServiceIdentity {
  const list = tokens(container.argv);
  const imageName = imageNameOf(container);
  const imageEvidence = container.image;
  const at = (predicate: (value: string) => boolean) => list.findIndex((token) => predicate(token.value));

  if (AUTH_PROXY.test(imageName) || at((value) => /^oauth2-proxy$/.test(base(value))) !== -1) {
    return { service: 'auth-proxy', label: 'an authenticating proxy', auth: 'on', authReason: 'it is an authenticating proxy', evidence: imageEvidence, listenHostSource: 'unknown' };
  }

  // MLflow: `mlflow server` / `mlflow ui` / `python -m mlflow server`; `mlflow models serve` is a model server.
  // Images whose entrypoint is `mlflow` take `server …` as their command.
  const implicit = mlflowEntrypointCommand(imageName, list[0]?.value);
  const mlflow = implicit ? 0 : at((value) => base(value) === 'mlflow');
  const sub = implicit ? list[0]!.value : mlflow === -1 ? undefined : list[mlflow + 1]?.value;
  if (mlflow !== -1 && sub === 'models' && list[mlflow + 2]?.value === 'serve') {
    const host = optionValue(list, ['--host', '-h'], mlflow);
    return { service: 'inference-api', label: 'an MLflow model server (`mlflow models serve`)', auth: 'off', authOff: 'default', authReason: '`mlflow models serve` has no authentication', evidence: located(list[mlflow]), listenHost: host?.value ?? '127.0.0.1', listenHostSource: host ? 'argument' : 'default', listenPort: portNumber(optionValue(list, ['--port', '-p'], mlflow)?.value, undefined, 5000) };
  }
  if ((mlflow !== -1 && (sub === 'server' || sub === 'ui')) || (mlflow === -1 && list.length === 0 && /(^|\/)mlflow$/.test(imageName))) {
    const evidence = mlflow === -1 ? imageEvidence : located(list[mlflow]);
    const label = 'the MLflow tracking server';
    const host = mlflow === -1 ? undefined : optionValue(list, ['--host', '-h'], mlflow);
    const bind = mlflow === -1 ? undefined : /(?:--bind|-b)[= ]\s*([^\s:'"]+)/.exec(optionValue(list, ['--gunicorn-opts', '--uvicorn-opts'], mlflow)?.value ?? '');
    const envHost = envValue(container, 'MLFLOW_HOST');
    const hostListen = host ? { listenHost: host.value, listenHostSource: 'argument' as const } : bind ? { listenHost: bind[1], listenHostSource: 'argument' as const } : envHost.value ? { listenHost: envHost.value, listenHostSource: 'environment' as const } : mlflow === -1 ? { listenHostSource: 'unknown' as const } : { listenHost: '127.0.0.1', listenHostSource: 'default' as const };
    // The image's own command is not in view, so neither is its port.
    const port = mlflow === -1 ? undefined : portNumber(optionValue(list, ['--port', '-p'], mlflow)?.value, envValue(container, 'MLFLOW_PORT'), 5000);
    const listen = { ...hostListen, listenPort: port };
    if (mlflow === -1) return { service: 'mlflow', label, auth: 'unknown', authReason: 'the image runs its default command, which this file does not show', evidence, ...listen };
    const app = optionValue(list, ['--app-name'], mlflow);
    if (app?.value === 'basic-auth') return { service: 'mlflow', label, auth: 'on', authReason: '`--app-name basic-auth` turns on MLflow authentication', authEvidence: located(app.token), evidence, ...listen };
    if (app) return { service: 'mlflow', label, auth: 'unknown', authReason: `\`--app-name ${app.value}\` loads a custom app whose authentication is not visible here`, authEvidence: located(app.token), evidence, ...listen };
    const secretOnly = envValue(container, 'MLFLOW_FLASK_SERVER_SECRET_KEY').set ? ' (MLFLOW_FLASK_SERVER_SECRET_KEY only signs sessions; it is not authentication)' : '';
    return { service: 'mlflow', label, auth: 'off', authOff: 'default', authReason: `no \`--app-name basic-auth\`: MLflow serves the tracking API and the model registry to anyone who reaches it${secretOnly}`, evidence, ...listen };
  }

  // JupyterHub has its own login; the single-user servers it spawns are behind it.
  const hub = at((value) => base(value) === 'jupyterhub');
  if (hub !== -1 || (list.length === 0 && /(^|\/)jupyterhub\/(jupyterhub|k8s-hub)$/.test(imageName))) {
    return { service: 'jupyterhub', label: 'JupyterHub', auth: 'on', authReason: 'JupyterHub asks users to log in (check its authenticator in jupyterhub_config.py)', evidence: hub === -1 ? imageEvidence : located(list[hub]), listenHostSource: 'unknown' };
  }
  const singleUser = at((value) => /^(jupyterhub-singleuser|start-singleuser\.(sh|py))$/.test(base(value)));
  if (singleUser !== -1) {
    return { service: 'jupyter', label: 'a JupyterHub single-user server', auth: 'on', authReason: 'the server only accepts users logged in through JupyterHub', evidence: located(list[singleUser]), listenHostSource: 'unknown' };
  }
  const jupyter = at((value) => {
    const name = base(value);
    return /^jupyter-(lab|notebook|server)$/.test(name) || /^start-notebook\.(sh|py)$/.test(name);
  });
  const jupyterSub = at((value) => base(value) === 'jupyter');
  const jupyterCommand = jupyter !== -1 ? jupyter : jupyterSub !== -1 && /^(lab|notebook|server)$/.test(list[jupyterSub + 1]?.value ?? '') ? jupyterSub : -1;
  const stacks = JUPYTER_STACKS.test(imageName);
  if (jupyterCommand !== -1 || (stacks && (list.length === 0 || at((value) => /^start(\.sh|-notebook)/.test(base(value))) !== -1))) {
    const commandWord = jupyterCommand === -1 ? '' : base(list[jupyterCommand]!.value);
    const kind = commandWord === 'jupyter' ? list[jupyterCommand + 1]!.value : /^jupyter-(lab|notebook|server)$/.exec(commandWord)?.[1] ?? 'lab';
    const label = kind === 'notebook' ? 'Jupyter Notebook' : kind === 'server' ? 'Jupyter Server' : 'Jupyter Server (JupyterLab)';
    const evidence = jupyterCommand === -1 ? imageEvidence : located(list[jupyterCommand]);
    // docker-stacks take extra options from NOTEBOOK_ARGS.
    const notebookArgs = envValue(container, 'NOTEBOOK_ARGS');
    const extra: Token[] = notebookArgs.value && notebookArgs.at ? notebookArgs.value.split(/\s+/).filter(Boolean).map((value) => ({ value, word: { ...notebookArgs.at!, value: notebookArgs.value! } })) : [];
    const all = [...list, ...extra];
    const token = optionValue(all, ['--ServerApp.token', '--NotebookApp.token', '--IdentityProvider.token', '--LabApp.token']);
    const password = optionValue(all, ['--ServerApp.password', '--NotebookApp.password', '--PasswordIdentityProvider.hashed_password', '--IdentityProvider.password']);
    const ip = optionValue(all, ['--ip', '--ServerApp.ip', '--NotebookApp.ip']);
    const hostListen = ip ? { listenHost: ip.value, listenHostSource: 'argument' as const } : stacks ? { listenHost: '0.0.0.0', listenHostSource: 'default' as const } : { listenHostSource: 'unknown' as const };
    const port = portNumber(optionValue(all, ['--port', '--ServerApp.port', '--NotebookApp.port'], Math.max(jupyterCommand, 0))?.value, envValue(container, 'JUPYTER_PORT'), 8888);
    const listen = { ...hostListen, listenPort: port };
    const envToken = envValue(container, 'JUPYTER_TOKEN');
    if (password && password.value !== '') return { service: 'jupyter', label, auth: 'on', authReason: 'a password is set', authEvidence: located(password.token), evidence, ...listen };
    if (token && token.value === '') {
      return { service: 'jupyter', label, auth: 'off', authOff: 'explicit', authReason: `\`${token.token.value.replace(/=.*$/, '')}=''\` turns the token off and no password is set, so anyone who reaches it gets a Python shell`, authEvidence: located(token.token), evidence, ...listen };
    }
    if (token) return { service: 'jupyter', label, auth: 'on', authReason: 'a token is set on the command line', authEvidence: located(token.token), evidence, ...listen };
    if (envToken.set && (envToken.value === undefined || envToken.value.trim() !== '')) return { service: 'jupyter', label, auth: 'on', authReason: 'JUPYTER_TOKEN sets the token', authEvidence: envToken.at, evidence, ...listen };
    return { service: 'jupyter', label, auth: 'on', authReason: 'Jupyter generates a random token at start unless a config file turns it off (check jupyter_server_config.py)', evidence, ...listen };
  }

  // Model servers and inference APIs.
  const uvicorn = at((value) => /^(uvicorn|hypercorn|gunicorn)$/.test(base(value)));
  const fastapi = at((value) => base(value) === 'fastapi');
  if (uvicorn !== -1 || (fastapi !== -1 && /^(run|dev)$/.test(list[fastapi + 1]?.value ?? '')) || /uvicorn-gunicorn-fastapi|(^|\/)fastapi/.test(imageName)) {
    const first = uvicorn !== -1 ? uvicorn : fastapi;
    const program = first === -1 ? 'uvicorn' : base(list[first]!.value);
    const host = optionValue(list, ['--host'], Math.max(first, 0));
    const bind = optionValue(list, ['--bind', '-b'], Math.max(first, 0));
    const defaultHost = program === 'fastapi' ? (list[fastapi + 1]?.value === 'run' ? '0.0.0.0' : '127.0.0.1') : first === -1 ? '0.0.0.0' : '127.0.0.1';
    const hostListen = host ? { listenHost: host.value, listenHostSource: 'argument' as const } : bind ? { listenHost: bind.value.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), listenHostSource: 'argument' as const } : { listenHost: defaultHost, listenHostSource: 'default' as const };
    // Without a command line the image picks its port from variables; a unix socket has none.
    const bindPort = bind && (/^unix:/.test(bind.value) ? 'unix' : /:(\d+)$/.exec(bind.value)?.[1]);
    const listenPort = first === -1 ? undefined : portNumber(optionValue(list, ['--port'], first)?.value ?? (bindPort || undefined), undefined, 8000);
    const listen = { ...hostListen, listenPort };
    return { service: 'inference-api', label: `a FastAPI/ASGI inference API (${program})`, auth: 'unknown', authReason: 'whether its routes check credentials is decided in the application code, which this file does not show (FastAPI adds none by default)', evidence: first === -1 ? imageEvidence : located(list[first]), ...listen };
  }
  const torchserve = at((value) => base(value) === 'torchserve');
  if (torchserve !== -1 || /(^|\/)pytorch\/torchserve/.test(imageName)) {
    const off = at((value) => value === '--disable-token-auth');
    const envOff = envValue(container, 'TS_DISABLE_TOKEN_AUTHORIZATION');
    const evidence = torchserve === -1 ? imageEvidence : located(list[torchserve]);
    if (off !== -1 || envOff.value?.toLowerCase() === 'true') return { service: 'inference-api', label: 'TorchServe', auth: 'off', authOff: 'explicit', authReason: 'token authorization is disabled', authEvidence: off !== -1 ? located(list[off]) : envOff.at, evidence, listenHostSource: 'unknown' };
    return { service: 'inference-api', label: 'TorchServe', auth: 'on', authReason: 'TorchServe 0.11 and later require a token by default', evidence, listenHostSource: 'unknown' };
  }
  const triton = at((value) => base(value) === 'tritonserver');
  if (triton !== -1 || /tritonserver/.test(imageName)) {
    return { service: 'inference-api', label: 'Triton Inference Server', auth: 'off', authOff: 'default', authReason: 'Triton has no authentication of its own', evidence: triton === -1 ? imageEvidence : located(list[triton]), listenHost: '0.0.0.0', listenHostSource: 'default' };
  }
  const vllm = at((value) => base(value) === 'vllm' || value === 'vllm.entrypoints.openai.api_server');
  if (vllm !== -1 || /(^|\/)vllm\/vllm-openai/.test(imageName)) {
    const key = optionValue(list, ['--api-key']);
    const envKey = envValue(container, 'VLLM_API_KEY');
    const evidence = vllm === -1 ? imageEvidence : located(list[vllm]);
    const listenPort = portNumber(optionValue(list, ['--port'])?.value, undefined, 8000);
    if (key || envKey.set) return { service: 'inference-api', label: 'a vLLM OpenAI-compatible server', auth: 'on', authReason: 'an API key is required', evidence, listenHostSource: 'unknown', listenPort };
    return { service: 'inference-api', label: 'a vLLM OpenAI-compatible server', auth: 'off', authOff: 'default', authReason: 'no `--api-key` / VLLM_API_KEY, so any caller can use the model', evidence, listenHost: '0.0.0.0', listenHostSource: 'default', listenPort };
  }
  const tensorboard = at((value) => base(value) === 'tensorboard');
  if (tensorboard !== -1) {
    const all = at((value) => value === '--bind_all') !== -1;
    const host = optionValue(list, ['--host'], tensorboard);
    return { service: 'ml-dashboard', label: 'TensorBoard', auth: 'off', authOff: 'default', authReason: 'TensorBoard has no authentication', evidence: located(list[tensorboard]), listenHost: all ? '0.0.0.0' : host?.value ?? 'localhost', listenHostSource: all || host ? 'argument' : 'default', listenPort: portNumber(optionValue(list, ['--port'], tensorboard)?.value, undefined, 6006) };
  }
  if (context.workloadKind === 'InferenceService' && /(^|\.)predictor\b/.test(container.pointer)) {
    return { service: 'kserve-predictor', label: 'a KServe predictor', auth: 'off', authOff: 'default', authReason: 'KServe does not authenticate inference requests unless the platform adds it (an auth-enabled route or an Istio/Authorino policy)', evidence: imageEvidence, listenHostSource: 'unknown' };
  }
  return { service: 'other', label: container.image ? `the image ${container.image.value}` : `the service ${container.name}`, auth: 'unknown', authReason: 'not a service mlops-audit knows', evidence: imageEvidence, listenHostSource: 'unknown' };
}

/** The port an option or else a variable sets, the program's default when neither does; unknown when it is not a literal number (`${PORT}`, a secret). */
function portNumber(option: string | undefined, env: ReturnType<typeof envValue> | undefined, fallback: number): number | undefined {
  const written = option ?? (env?.set ? (env.value ?? '') : undefined);
  if (written === undefined) return fallback;
  const value = unquote(written);
  return /^\d{1,5}$/.test(value) ? Number(value) : undefined;
}

/** True for 127.0.0.0/8, ::1 and localhost: reachable only from inside the container or host. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}
