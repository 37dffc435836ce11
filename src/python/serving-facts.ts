import type { SyntaxNode } from '@lezer/common';
import { pythonParser } from './parser.js';
import type { PythonArtifact } from '../artifacts/python/python-artifact.js';
import { argumentsOf, stringLiteral, type Argument } from './code-facts.js';

// What an inference service's Python code does, read from a Lezer syntax tree: the FastAPI apps, routers
// and routes with whatever authenticates them, the calls that deserialize a model, and the calls that
// pull a model from a registry or hub. The serving rules share one reading per file (cached by artifact),
// and a file that mentions none of the libraries involved is never parsed.

const RELEVANT = /fastapi|flask|pickle|joblib|torch\.load|cloudpickle|dill|mlflow|keras|load_model|hf_hub_download|snapshot_download|from_pretrained|read_pickle|allow_pickle/;

export interface FastApiApp {
  name: string;
  /** The FastAPI(...) call. */
  from: number;
  to: number;
  /** An authenticating dependency on the whole app: `FastAPI(dependencies=[Depends(verify)])`. */
  auth?: string;
  /** An authenticating middleware: `add_middleware(AuthMiddleware)` or an `@app.middleware("http")` that returns 401/403. */
  middleware?: { description: string; from: number };
  /** The documentation endpoints that are on, by URL: absent arguments are FastAPI's defaults (/docs, /redoc, /openapi.json). */
  docs: string[];
}

export interface FastApiRouter {
  name: string;
  from: number;
  auth?: string;
  prefix?: string;
  /** include_router(router, dependencies=[…]) on an app: that app and the dependency. */
  includedIn: Array<{ app: string; auth?: string; prefix?: string }>;
}

export interface FastApiRoute {
  /** The app or router variable the route hangs off. */
  owner: string;
  methods: string[];
  path: string;
  /** The decorator or add_api_route call. */
  from: number;
  to: number;
  handler?: string;
  /** What authenticates the route itself, if anything: a route dependency or a handler parameter. */
  auth?: string;
  /** GET-only health, readiness, liveness or metrics endpoint. */
  health: boolean;
}

export type LoaderKind = 'pickle' | 'joblib' | 'cloudpickle' | 'dill' | 'torch' | 'keras' | 'mlflow' | 'numpy' | 'pandas';

export interface ModelLoad {
  /** The callee as qualified through the file's imports, e.g. joblib.load or mlflow.sklearn.load_model. */
  callee: string;
  /** As written in the code. */
  written: string;
  kind: LoaderKind;
  from: number;
  to: number;
  /** What is loaded, as far as the file tells: the argument as written and what it resolves to. */
  source: SourceFacts;
  /** The enclosing function or the module checks a signature or digest. */
  verified: boolean;
}

export interface SourceFacts {
  written: string;
  /** A literal location the argument resolves to (through variables, os.getenv defaults, open(), Path()). */
  location?: string;
  /** Comes from the request: a parameter of the route handler, an upload, the request object. */
  request: boolean;
  /** A remote or shared location: a URL, an object store, the model registry, a network mount, or a download call. */
  remote?: string;
  /** Produced by a pull this file makes (hf_hub_download, download_artifacts…): the pull's call offset. */
  pulledAt?: number;
}

export interface ModelPull {
  callee: string;
  registry: 'mlflow' | 'huggingface';
  from: number;
  to: number;
  /** The model reference as written (a models:/ URI, a repo id). */
  reference: string;
  /** Why it is not pinned: `stage Production`, `alias @champion`, `latest`, `no revision`, `revision main`. */
  unpinned: string;
  verified: boolean;
  /** trust_remote_code=True on a Hugging Face pull. */
  remoteCode: boolean;
}

export interface ServingFacts {
  parsed: boolean;
  importsFastapi: boolean;
  apps: FastApiApp[];
  routers: FastApiRouter[];
  routes: FastApiRoute[];
  loads: ModelLoad[];
  pulls: ModelPull[];
}

const EMPTY: ServingFacts = { parsed: false, importsFastapi: false, apps: [], routers: [], routes: [], loads: [], pulls: [] };
const cache = new WeakMap<PythonArtifact, ServingFacts>();

/** The serving facts of a Python file, read once per artifact. */
export function servingFacts(artifact: PythonArtifact): ServingFacts {
  let facts = cache.get(artifact);
  if (!facts) {
    facts = readServingFacts(artifact.text);
    cache.set(artifact, facts);
  }
  return facts;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'api_route', 'websocket']);
const AUTH_SCHEMES = /^(?:HTTPBearer|HTTPBasic|HTTPDigest|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|OAuth2|OpenIdConnect|APIKeyHeader|APIKeyQuery|APIKeyCookie)$/;
const AUTH_NAME = /auth|verify|valid|token|api_?key|apikey|current_user|get_user|require_user|jwt|oauth|bearer|credential|permission|scope|principal|login|signature|check_key|check_user/i;
const AUTH_MIDDLEWARE = /auth|token|jwt|oauth|api_?key|apikey|bearer|signature/i;
const HEALTH_SEGMENT = /^(?:health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|metrics)$/;
// Calls that check a model's signature or digest (not verify_api_key and other request authentication).
const VERIFY_CALL = /(?:^|[._])verify(?:_(?:signature|signatures|digest|model|checksum|hash|artifact|sha\w*|blob|bundle|attestation))?$|sigstore|cosign|model_signing|compare_digest|(?:check|validate)_(?:signature|digest|checksum)/i;
const DOWNLOAD_CALL = /(?:^|\.)(?:hf_hub_download|snapshot_download|download_artifacts|download_file|download_fileobj|urlretrieve|urlopen|get_object|fetch\w*|download\w*)$|^requests\.get$|^httpx\.get$/;
const REMOTE_LOCATION = /^(?:s3a?|gs|gcs|abfss?|wasbs?|az|hdfs|https?|ftp|hf|models|runs|dbfs|mlflow-artifacts):|^\/(?:mnt|shared|nfs|efs|data\/shared)\//i;
const MLFLOW_PICKLE_FLAVOURS = new Set(['pyfunc', 'sklearn', 'pytorch', 'statsmodels', 'lightgbm', 'fastai', 'pmdarima', 'diviner', 'catboost']);

interface FunctionInfo {
  name: string;
  node: SyntaxNode;
  params: string[];
  paramsText: string;
  calls: string[];
  digestCompare: boolean;
  raises401: boolean;
}

class Reader {
  readonly facts: ServingFacts = { ...EMPTY, parsed: true, apps: [], routers: [], routes: [], loads: [], pulls: [] };
  private readonly imports = new Map<string, string>();
  private readonly assignments = new Map<string, SyntaxNode>();
  private readonly functions = new Map<string, FunctionInfo>();
  private readonly schemeVariables = new Set<string>();
  private readonly authFunctions = new Set<string>();
  private readonly handlerOf = new Map<number, string>();
  private readonly pullNodes = new Map<number, ModelPull>();
  private moduleVerified: boolean | undefined;

  constructor(private readonly source: string) {}

  text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  compact(node: SyntaxNode): string {
    return this.text(node).replace(/\s+/g, '');
  }

  /** Callee as written, qualified through the file's imports. */
  qualify(written: string): string {
    const dot = written.indexOf('.');
    const head = dot === -1 ? written : written.slice(0, dot);
    const target = this.imports.get(head);
    return target ? target + (dot === -1 ? '' : written.slice(dot)) : written;
  }

  read(): ServingFacts {
    const tree = pythonParser().parse(this.source);
    const calls: SyntaxNode[] = [];
    const decorated: SyntaxNode[] = [];
    const cursor = tree.cursor();
    do {
      // Only the statements read below are materialised as nodes: most of a large file is skipped by name.
      const name = cursor.name;
      if (name !== 'ImportStatement' && name !== 'AssignStatement' && name !== 'WithStatement' && name !== 'FunctionDefinition' && name !== 'DecoratedStatement' && name !== 'CallExpression') continue;
      const node = cursor.node;
      switch (name) {
        case 'ImportStatement':
          this.readImport(node);
          break;
        case 'AssignStatement': {
          const target = node.firstChild;
          const value = node.lastChild;
          if (target?.name === 'VariableName' && value && value.from !== target.from) this.assignments.set(this.text(target), value);
          break;
        }
        case 'WithStatement':
          // with open(path, "rb") as handle: handle stands for the opened path.
          for (let child = node.firstChild; child; child = child.nextSibling) {
            if (child.name === 'as' && child.nextSibling?.name === 'VariableName' && child.prevSibling) this.assignments.set(this.text(child.nextSibling), child.prevSibling);
          }
          break;
        case 'FunctionDefinition':
          this.readFunction(node);
          break;
        case 'DecoratedStatement':
          decorated.push(node);
          break;
        case 'CallExpression':
          calls.push(node);
          break;
      }
    } while (cursor.next());
    this.facts.importsFastapi = [...this.imports.values()].some((target) => target.startsWith('fastapi')) || /^\s*(?:from|import)\s+fastapi\b/m.test(this.source);

    for (const [name, value] of this.assignments) {
      if (value.name === 'CallExpression' && AUTH_SCHEMES.test(this.lastSegment(this.calleeText(value)))) this.schemeVariables.add(name);
    }
    // Authenticating dependency functions: they raise 401/403, or take a security scheme or another such function.
    for (let pass = 0; pass < 3; pass++) {
      for (const info of this.functions.values()) {
        if (this.authFunctions.has(info.name)) continue;
        if (info.raises401 || this.authIn(info.paramsText)) this.authFunctions.add(info.name);
      }
    }
    for (const call of calls) this.readAppOrRouter(call);
    for (const node of decorated) this.readDecorated(node);
    for (const call of calls) this.readCallSite(call);
    for (const call of calls) this.readPull(call);
    for (const call of calls) this.readLoad(call);
    return this.facts;
  }

  private readImport(node: SyntaxNode): void {
    const written = this.text(node).replace(/#.*$/gm, '').replace(/[()\\]/g, ' ').replace(/\s+/g, ' ').trim();
    const from = /^from\s+([\w.]+)\s+import\s+(.+)$/.exec(written);
    if (from) {
      for (const part of from[2]!.split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/);
        if (name && name !== '*') this.imports.set((alias ?? name).trim(), `${from[1]}.${name.trim()}`);
      }
      return;
    }
    const plain = /^import\s+(.+)$/.exec(written);
    if (!plain) return;
    for (const part of plain[1]!.split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name && alias) this.imports.set(alias.trim(), name.trim());
    }
  }

  private readFunction(node: SyntaxNode): void {
    const nameNode = node.getChild('VariableName');
    const params = node.getChild('ParamList');
    const body = node.getChild('Body');
    if (!nameNode || !params) return;
    const names: string[] = [];
    for (let child = params.firstChild; child; child = child.nextSibling) {
      if (child.name === 'VariableName' && child.prevSibling?.name !== 'AssignOp') names.push(this.text(child));
    }
    const info: FunctionInfo = { name: this.text(nameNode), node, params: names, paramsText: this.text(params), calls: [], digestCompare: false, raises401: false };
    if (body) {
      const cursor = body.cursor();
      do {
        if (cursor.name !== 'CallExpression' && cursor.name !== 'BinaryExpression' && cursor.name !== 'RaiseStatement') continue;
        const inner = cursor.node;
        if (inner.name === 'CallExpression') info.calls.push(this.calleeText(inner));
        else if (inner.name === 'BinaryExpression' && /hexdigest\(\)|digest\(\)|sha256/.test(this.text(inner)) && /==|!=|\bin\b/.test(this.text(inner))) info.digestCompare = true;
        else if (inner.name === 'RaiseStatement' && /\b40[13]\b|HTTP_40[13]|Unauthori[sz]ed|Forbidden/.test(this.text(inner))) info.raises401 = true;
      } while (cursor.next() && cursor.from < body.to);
    }
    this.functions.set(info.name, info);
  }

  calleeText(call: SyntaxNode): string {
    const callee = call.firstChild;
    return callee ? this.compact(callee) : '';
  }

  lastSegment(callee: string): string {
    return callee.slice(callee.lastIndexOf('.') + 1);
  }

  /** The authenticating dependency named in a parameter list or a dependencies=[…] list, as written. */
  authIn(text: string): string | undefined {
    for (const match of text.matchAll(/\b(Depends|Security)\s*\(\s*([\w.]*)/g)) {
      const target = match[2] ?? '';
      const last = this.lastSegment(target);
      if (match[1] === 'Security' || this.schemeVariables.has(target) || this.authFunctions.has(target) || AUTH_SCHEMES.test(last) || (last && AUTH_NAME.test(last))) {
        return `${match[1]}(${target})`;
      }
    }
    for (const match of text.matchAll(/\b(HTTPBearer|HTTPBasic|OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|OpenIdConnect|APIKeyHeader|APIKeyQuery|APIKeyCookie)\s*\(/g)) return `${match[1]}()`;
    return undefined;
  }

  private keyword(args: Argument[], name: string): Argument | undefined {
    return args.find((arg) => arg.keyword === name);
  }

  private readAppOrRouter(call: SyntaxNode): void {
    const callee = this.qualify(this.calleeText(call));
    const argList = call.getChild('ArgList');
    if (!argList) return;
    const args = argumentsOf(this.source, argList);
    const assigned = call.parent?.name === 'AssignStatement' && call.parent.firstChild?.name === 'VariableName' && call.parent.lastChild?.from === call.from ? this.text(call.parent.firstChild) : undefined;
    const last = this.lastSegment(callee);
    const dependencies = this.keyword(args, 'dependencies');
    const auth = dependencies ? this.authIn(this.text(dependencies.value)) : undefined;
    if ((callee === 'fastapi.FastAPI' || (last === 'FastAPI' && this.facts.importsFastapi)) && assigned) {
      const on = (name: string, fallback: string): string | undefined => {
        const value = this.keyword(args, name)?.value;
        if (!value) return fallback;
        // A string keeps the endpoint on; None turns it off; anything computed (an environment switch) is a
        // deliberate setting this reader leaves alone.
        return value.name === 'String' ? stringLiteral(this.source, value)?.value || undefined : undefined;
      };
      const openapi = on('openapi_url', '/openapi.json');
      // Without the schema, the docs pages have nothing to show: FastAPI mounts neither.
      const docs = openapi ? [on('docs_url', '/docs'), on('redoc_url', '/redoc'), openapi].filter((url): url is string => !!url) : [];
      this.facts.apps.push({ name: assigned, from: call.from, to: call.to, auth, docs });
    } else if ((callee === 'fastapi.APIRouter' || last === 'APIRouter') && assigned) {
      const prefix = stringLiteral(this.source, this.keyword(args, 'prefix')?.value)?.value;
      this.facts.routers.push({ name: assigned, from: call.from, auth, prefix, includedIn: [] });
    }
  }

  private readDecorated(node: SyntaxNode): void {
    const definition = node.getChild('FunctionDefinition');
    const handler = definition?.getChild('VariableName');
    for (const decorator of node.getChildren('Decorator')) {
      const argList = decorator.getChild('ArgList');
      const parts: string[] = [];
      for (let child = decorator.firstChild; child && child !== argList; child = child.nextSibling) if (child.name === 'VariableName') parts.push(this.text(child));
      if (parts.length < 2) continue;
      const owner = parts.slice(0, -1).join('.');
      const method = parts[parts.length - 1]!;
      if (method === 'middleware' && argList && this.isApp(owner) && definition) {
        // @app.middleware("http"): authenticating when it reads a credential header and answers 401/403.
        const body = this.text(definition);
        if (/authorization|x-api-key|api[-_]key|bearer|token/i.test(body) && /\b40[13]\b|HTTP_40[13]/.test(body)) {
          const app = this.facts.apps.find((candidate) => candidate.name === owner);
          if (app && !app.middleware) app.middleware = { description: `the \`@${owner}.middleware("http")\` function \`${handler ? this.text(handler) : ''}\``, from: decorator.from };
        }
        continue;
      }
      if (!ROUTE_METHODS.has(method) || !argList || !this.isRouteOwner(owner)) continue;
      const args = argumentsOf(this.source, argList);
      const pathArg = args.find((arg) => !arg.keyword) ?? this.keyword(args, 'path');
      const path = stringLiteral(this.source, pathArg?.value)?.value;
      if (path === undefined) continue;
      const methods = method === 'api_route' ? this.methodsOf(args) : [method === 'websocket' ? 'WEBSOCKET' : method.toUpperCase()];
      const dependencies = this.keyword(args, 'dependencies');
      const auth = (dependencies && this.authIn(this.text(dependencies.value))) || (definition?.getChild('ParamList') ? this.authIn(this.text(definition.getChild('ParamList')!)) : undefined);
      if (definition && handler) this.handlerOf.set(definition.from, this.text(handler));
      this.facts.routes.push({ owner, methods, path, from: decorator.from, to: argList.to, handler: handler ? this.text(handler) : undefined, auth, health: isHealth(methods, path) });
    }
  }

  private methodsOf(args: Argument[]): string[] {
    const value = this.keyword(args, 'methods')?.value;
    if (!value) return ['GET'];
    const found = [...this.text(value).matchAll(/["'](\w+)["']/g)].map((match) => match[1]!.toUpperCase());
    return found.length ? found : ['GET'];
  }

  private isApp(name: string): boolean {
    return this.facts.apps.some((app) => app.name === name);
  }

  private isRouteOwner(name: string): boolean {
    if (this.isApp(name) || this.facts.routers.some((router) => router.name === name)) return true;
    return this.facts.importsFastapi && /^(?:app|api|application|router|\w*_router|router_\w*)$/.test(name);
  }

  /** add_api_route, include_router and add_middleware calls. */
  private readCallSite(call: SyntaxNode): void {
    const written = this.calleeText(call);
    const dot = written.lastIndexOf('.');
    if (dot === -1) return;
    const owner = written.slice(0, dot);
    const method = written.slice(dot + 1);
    const argList = call.getChild('ArgList');
    if (!argList) return;
    const args = argumentsOf(this.source, argList);
    const positional = args.filter((arg) => !arg.keyword);
    if (method === 'add_api_route' && this.isRouteOwner(owner)) {
      const path = stringLiteral(this.source, (positional[0] ?? this.keyword(args, 'path'))?.value)?.value;
      if (path === undefined) return;
      const endpoint = positional[1] ?? this.keyword(args, 'endpoint');
      const handler = endpoint?.value.name === 'VariableName' ? this.text(endpoint.value) : undefined;
      const dependencies = this.keyword(args, 'dependencies');
      const info = handler ? this.functions.get(handler) : undefined;
      const auth = (dependencies && this.authIn(this.text(dependencies.value))) || (info ? this.authIn(info.paramsText) : undefined);
      if (info) this.handlerOf.set(info.node.from, info.name);
      const methods = this.methodsOf(args);
      this.facts.routes.push({ owner, methods, path, from: call.from, to: call.to, handler, auth, health: isHealth(methods, path) });
    } else if (method === 'include_router' && this.isApp(owner)) {
      const routerName = positional[0]?.value.name === 'VariableName' ? this.text(positional[0].value) : positional[0] ? this.compact(positional[0].value) : undefined;
      const router = this.facts.routers.find((candidate) => candidate.name === routerName);
      const dependencies = this.keyword(args, 'dependencies');
      const include = { app: owner, auth: dependencies ? this.authIn(this.text(dependencies.value)) : undefined, prefix: stringLiteral(this.source, this.keyword(args, 'prefix')?.value)?.value };
      if (router) router.includedIn.push(include);
    } else if (method === 'add_middleware' && this.isApp(owner)) {
      const middleware = positional[0] ? this.compact(positional[0].value) : '';
      const app = this.facts.apps.find((candidate) => candidate.name === owner)!;
      if (AUTH_MIDDLEWARE.test(this.lastSegment(middleware)) && !/CORS|GZip|TrustedHost|HTTPSRedirect|Session/i.test(middleware) && !app.middleware) {
        app.middleware = { description: `\`${owner}.add_middleware(${middleware})\``, from: call.from };
      }
    }
  }

  // --- where a value comes from -----------------------------------------------------------------

  private enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
    for (let parent = node.parent; parent; parent = parent.parent) if (parent.name === 'FunctionDefinition') return parent;
    return undefined;
  }

  /** The enclosing function (or the module) checks a signature or a digest, itself or through a function it calls. */
  private verifiedAround(node: SyntaxNode): boolean {
    const scope = this.enclosingFunction(node);
    const seen = new Set<string>();
    const check = (info: FunctionInfo | undefined, depth: number): boolean => {
      if (!info || seen.has(info.name) || depth > 3) return false;
      seen.add(info.name);
      if (info.digestCompare || info.calls.some((callee) => VERIFY_CALL.test(callee))) return true;
      return info.calls.some((callee) => check(this.functions.get(callee), depth + 1));
    };
    if (scope) {
      const name = scope.getChild('VariableName');
      if (name && check(this.functions.get(this.text(name)), 0)) return true;
    }
    // Module-level code: any verification call outside function bodies, or a called verification function.
    // The same for every call in the file, so it is worked out once.
    if (this.moduleVerified === undefined) {
      this.moduleVerified = false;
      let script: SyntaxNode | null = node;
      while (script.parent) script = script.parent;
      outer: for (let sibling: SyntaxNode | null = script.firstChild; sibling; sibling = sibling.nextSibling) {
        if (sibling.name === 'FunctionDefinition' || sibling.name === 'DecoratedStatement' || sibling.name === 'ClassDefinition') continue;
        const cursor = sibling.cursor();
        do {
          if (cursor.name !== 'CallExpression' && cursor.name !== 'BinaryExpression') continue;
          const inner = cursor.node;
          if (inner.name === 'CallExpression') {
            const callee = this.calleeText(inner);
            if (VERIFY_CALL.test(callee) || check(this.functions.get(callee), 0)) {
              this.moduleVerified = true;
              break outer;
            }
          } else if (inner.name === 'BinaryExpression' && /hexdigest\(\)/.test(this.text(inner)) && /==|!=/.test(this.text(inner))) {
            this.moduleVerified = true;
            break outer;
          }
        } while (cursor.next() && cursor.from < sibling.to);
      }
    }
    if (this.moduleVerified) return true;
    return false;
  }

  /** Follows a value through names, os.getenv defaults, open(), Path() and f-strings to a literal location. */
  resolve(node: SyntaxNode | undefined, depth = 0): { location?: string; pulledAt?: number; download?: string } {
    if (!node || depth > 12) return {};
    switch (node.name) {
      case 'String':
        return { location: stringLiteral(this.source, node)?.value };
      case 'FormatString': {
        const raw = this.text(node).replace(/^[a-zA-Z]*(?:"""|'''|"|')/, '').replace(/(?:"""|'''|"|')$/, '');
        return { location: raw.replace(/\{([\w.]+)\}/g, (whole, name: string) => this.resolve(this.assignments.get(name), depth + 1).location ?? whole) };
      }
      case 'VariableName':
        return this.resolve(this.assignments.get(this.text(node)), depth + 1);
      case 'ParenthesizedExpression':
        return this.resolve(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'BinaryExpression': {
        // "s3://bucket/" + name
        return this.resolve(node.firstChild ?? undefined, depth + 1);
      }
      case 'AwaitExpression':
        return this.resolve(node.lastChild ?? undefined, depth + 1);
      case 'CallExpression': {
        const callee = this.qualify(this.calleeText(node));
        const argList = node.getChild('ArgList');
        const args = argList ? argumentsOf(this.source, argList) : [];
        const positional = args.filter((arg) => !arg.keyword);
        const pull = this.pullNodes.get(node.from);
        if (pull) return { pulledAt: pull.from, download: callee, location: pull.reference };
        if (DOWNLOAD_CALL.test(callee)) return { download: callee };
        if (/^os\.(?:getenv|environ\.get)$|^(?:getenv|environ\.get)$/.test(callee)) return this.resolve(positional[1]?.value ?? this.keyword(args, 'default')?.value, depth + 1);
        if (/^(?:open|io\.open|Path|pathlib\.Path|os\.path\.join|str|fsspec\.open|smart_open\.open|[\w.]*\.open)$/.test(callee) || /\.(?:read|read_bytes|getvalue)$/.test(callee)) {
          const inner = positional[0]?.value ?? (callee.includes('.') ? node.firstChild?.firstChild ?? undefined : undefined);
          return this.resolve(inner, depth + 1);
        }
        return {};
      }
      case 'MemberExpression': {
        // Path(x).read_bytes, f.read: follow the object.
        return this.resolve(node.firstChild ?? undefined, depth + 1);
      }
      default:
        return {};
    }
  }

  sourceOf(call: SyntaxNode, arg: Argument | undefined): SourceFacts {
    if (!arg) return { written: '', request: false };
    const written = this.text(arg.value);
    const resolved = this.resolve(arg.value);
    const scope = this.enclosingFunction(call);
    const handler = scope ? this.handlerOf.get(scope.from) : undefined;
    const info = handler ? this.functions.get(handler) : undefined;
    const names = new Set([...written.matchAll(/\b[A-Za-z_]\w*/g)].map((match) => match[0]));
    const request = /\brequest\b|\bUploadFile\b|\.file\b|\bquery_params\b/.test(written) || (info?.params.some((param) => names.has(param) && param !== 'self') ?? false);
    let remote: string | undefined;
    if (resolved.location && REMOTE_LOCATION.test(resolved.location)) remote = resolved.location;
    else if (resolved.download) remote = `the result of ${resolved.download}()`;
    return { written, location: resolved.location, request, remote, pulledAt: resolved.pulledAt };
  }

  // --- loaders and pulls ----------------------------------------------------------------------

  private readLoad(call: SyntaxNode): void {
    const written = this.calleeText(call);
    const callee = this.qualify(written);
    const argList = call.getChild('ArgList');
    if (!argList) return;
    const args = argumentsOf(this.source, argList);
    const positional = args.filter((arg) => !arg.keyword);
    const keywordText = (name: string) => {
      const value = this.keyword(args, name)?.value;
      return value ? this.text(value) : undefined;
    };
    let kind: LoaderKind | undefined;
    let pathArg: Argument | undefined = positional[0];
    const parts = callee.split('.');
    const last = parts[parts.length - 1]!;
    const module = parts.slice(0, -1).join('.');
    if (/^(?:pickle|cPickle|_pickle|six\.moves\.cPickle)$/.test(module) && /^(?:load|loads|Unpickler)$/.test(last)) kind = 'pickle';
    else if (/^(?:joblib|sklearn\.externals\.joblib)$/.test(module) && last === 'load') kind = 'joblib';
    else if (module === 'cloudpickle' && /^loads?$/.test(last)) kind = 'cloudpickle';
    else if (module === 'dill' && /^loads?$/.test(last)) kind = 'dill';
    else if (callee === 'torch.load' && keywordText('weights_only') !== 'True') kind = 'torch';
    else if (/^(?:pandas|pd)$/.test(module) && last === 'read_pickle') kind = 'pandas';
    else if (/^(?:numpy|np)$/.test(module) && last === 'load' && keywordText('allow_pickle') === 'True') kind = 'numpy';
    else if (last === 'load_model' && /keras/.test(callee) && keywordText('safe_mode') === 'False') kind = 'keras';
    else if (parts[0] === 'mlflow' && parts.length === 3 && last === 'load_model' && MLFLOW_PICKLE_FLAVOURS.has(parts[1]!)) {
      pathArg = positional[0] ?? this.keyword(args, 'model_uri');
      kind = 'mlflow';
    }
    if (!kind) return;
    const source = this.sourceOf(call, pathArg);
    if (kind === 'mlflow') {
      // A pickle flavour loaded from a path baked into the image is the image's own file; from the
      // registry, a run, an object store or a location set at deploy time it is what others wrote.
      if (source.location && !source.remote && !source.request && !/\{/.test(source.location)) return;
    }
    this.facts.loads.push({ callee, written, kind, from: call.from, to: call.to, source, verified: this.verifiedAround(call) });
  }

  private readPull(call: SyntaxNode): void {
    const written = this.calleeText(call);
    const callee = this.qualify(written);
    const last = this.lastSegment(callee);
    const argList = call.getChild('ArgList');
    if (!argList) return;
    const args = argumentsOf(this.source, argList);
    const positional = args.filter((arg) => !arg.keyword);
    let pull: ModelPull | undefined;
    const base = { callee: written, from: call.from, to: call.to, remoteCode: false };
    if (last === 'hf_hub_download' || last === 'snapshot_download' || last === 'from_pretrained') {
      const repoArg = this.keyword(args, 'repo_id') ?? this.keyword(args, 'pretrained_model_name_or_path') ?? positional[0];
      if (!repoArg) return;
      const repo = this.resolve(repoArg.value);
      if (repo.download || repo.pulledAt !== undefined) return; // loading what an earlier pull fetched
      if (!repo.location) return; // a path or id decided elsewhere
      if (/^(?:\.{0,2}\/|~|[A-Za-z]:\\)/.test(repo.location) || (!repo.location.includes('/') && last === 'from_pretrained' && /[\\]/.test(repo.location))) return;
      const revision = this.keyword(args, 'revision')?.value;
      let unpinned: string | undefined;
      if (!revision) unpinned = 'no revision';
      else {
        const value = this.resolve(revision).location;
        if (value !== undefined && !/^[0-9a-f]{7,64}$/i.test(value)) unpinned = `revision ${value}`;
      }
      if (!unpinned) return;
      pull = { ...base, registry: 'huggingface', reference: repo.location, unpinned, verified: false, remoteCode: this.keyword(args, 'trust_remote_code') ? this.text(this.keyword(args, 'trust_remote_code')!.value) === 'True' : false };
    } else if (last === 'get_latest_versions' || last === 'get_model_version_by_alias') {
      if (!/client|mlflow|MlflowClient/i.test(written)) return;
      const name = this.resolve(positional[0]?.value ?? this.keyword(args, 'name')?.value).location ?? (positional[0] ? this.text(positional[0].value) : 'the model');
      const ref = last === 'get_model_version_by_alias' ? `alias @${this.resolve(positional[1]?.value ?? this.keyword(args, 'alias')?.value).location ?? '…'}` : `stage ${(this.text(this.keyword(args, 'stages')?.value ?? positional[1]?.value ?? call).match(/["'](\w+)["']/)?.[1]) ?? 'latest'}`;
      pull = { ...base, registry: 'mlflow', reference: name, unpinned: ref, verified: false };
    } else if (/^(?:load_model|download_artifacts|spark_udf|get_model_version_download_uri|create_deployment|update_deployment|build_docker)$/.test(last)) {
      for (const arg of args) {
        if (arg.keyword && arg.keyword !== 'model_uri' && arg.keyword !== 'artifact_uri') continue;
        const resolved = this.resolve(arg.value);
        if (resolved.pulledAt !== undefined || resolved.download) continue;
        const location = resolved.location;
        const unpinned = location ? unpinnedRegistryReference(location) : undefined;
        if (location && unpinned) {
          pull = { ...base, registry: 'mlflow', reference: location, unpinned, verified: false };
          break;
        }
      }
    }
    if (!pull) return;
    pull.verified = this.verifiedAround(call);
    this.pullNodes.set(call.from, pull);
    this.facts.pulls.push(pull);
  }
}

/** Why a models:/ URI does not name one version: a stage, an alias or `latest`; undefined when pinned. */
export function unpinnedRegistryReference(uri: string): string | undefined {
  const match = /^models:\/([^/@]+)(?:\/([^/]+)|@(.+))/.exec(uri);
  if (!match) return undefined;
  if (match[3] !== undefined) return `alias @${match[3]}`;
  const ref = match[2]!;
  if (/^\d+$/.test(ref) || /^\{.*\}$/.test(ref)) return undefined; // a version, or one decided elsewhere
  return ref.toLowerCase() === 'latest' ? 'latest' : `stage ${ref}`;
}

function isHealth(methods: string[], path: string): boolean {
  if (!methods.every((method) => method === 'GET' || method === 'HEAD')) return false;
  const segment = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return HEALTH_SEGMENT.test(segment);
}

export function readServingFacts(source: string): ServingFacts {
  if (!RELEVANT.test(source)) return EMPTY;
  return new Reader(source).read();
}

/** What authenticates a route, looking at the route, its router, the include and the app; undefined when nothing does. */
export function routeAuthentication(facts: ServingFacts, route: FastApiRoute): string | undefined {
  if (route.auth) return `the route's ${route.auth}`;
  const router = facts.routers.find((candidate) => candidate.name === route.owner);
  const apps = router ? router.includedIn.map((include) => include.app) : [route.owner];
  if (router?.auth) return `the router's ${router.auth}`;
  if (router && router.includedIn.length > 0 && router.includedIn.every((include) => include.auth)) return `include_router(…, dependencies=[${router.includedIn[0]!.auth}])`;
  const appFacts = apps.map((name) => facts.apps.find((app) => app.name === name)).filter((app): app is FastApiApp => !!app);
  if (appFacts.length > 0 && appFacts.every((app) => app.auth || app.middleware)) {
    const app = appFacts[0]!;
    return app.auth ? `the app's ${app.auth}` : app.middleware!.description;
  }
  return undefined;
}
