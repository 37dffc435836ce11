import type { MappedText } from '../../text/mapped-text.js';
import { commandAt, commentChecker, option, parseArgs, type ShellWord } from './shell-words.js';
import type { Entry, Job, Step } from './workflow.js';

// What a job writes on an ML platform: model files copied to a bucket, registry stage changes, endpoint
// deployments, Hub and container registry pushes, Kubernetes rollouts. Recognised from the commands of
// `run:` scripts (CLI calls, Python API calls in inline scripts, promote/register/deploy scripts) and from
// the actions a step `uses:`.

export type WriteKind =
  | 'object-storage'
  | 'huggingface-hub'
  | 'container-registry'
  | 'model-registry'
  | 'sagemaker'
  | 'vertex-ai'
  | 'azure-ml'
  | 'databricks'
  | 'model-serving'
  | 'kubernetes'
  | 'cloud-run'
  | 'deploy-action';

/** publish: puts files or images where others fetch them; register: a new registry version, no stage; promote: a stage or alias change; deploy: serving changes. */
export type WriteEffect = 'publish' | 'register' | 'promote' | 'deploy';

export interface ModelWrite {
  kind: WriteKind;
  effect: WriteEffect;
  /** It handles a model (not any file, image or manifest): always for registries, endpoints and the Hub, by names otherwise. */
  model: boolean;
  /** high: a command or action that does exactly this; medium: recognised by script, image or manifest names. */
  confidence: 'high' | 'medium';
  job: Job;
  /** Absent for a job that calls a reusable workflow. */
  step?: Step;
  /** File offsets of the command, call or `uses:` value. */
  start: number;
  end: number;
  /** The command as written, on one line (plaintext credentials masked by the profile). */
  command: string;
  /** s3://bucket, an endpoint name, a Hub repository, an image. */
  target?: string;
  /** For copies to a bucket: the local path copied, when it is one. */
  source?: string;
  modelName?: string;
  stage?: string;
  /** What it does, as a clause of the blast-radius sentence: "writes the Production model to s3://acme-mlflow-artifacts". */
  phrase: string;
}

export interface WriteContext {
  /** Environment values visible to the step (workflow, job and step env, plain values only). */
  env: ReadonlyMap<string, string>;
  /** The registry is MLflow: MLFLOW_* variables or mlflow in the job. */
  mlflow: boolean;
  /** The inventory says this bucket holds models. */
  holdsModels(bucket: string): boolean;
}

const MODEL_HINT =
  /models?\b|model[-_/]|[-_/]model|checkpoint|weights|\.(?:pt|pth|onnx|safetensors|pkl|joblib|h5|keras|gguf|ckpt|tflite|mar|pb)\b|serving|inference|predict|kserve|seldon|triton|torchserve|vllm|\btgi\b|\bllm|bento|mlflow|sagemaker/i;
const DATASET_HINT = /dataset|\bds\b|--repo-type[= ]dataset|repo_type\s*=\s*["']dataset/i;

export function runWrites(job: Job, step: Step, context: WriteContext): ModelWrite[] {
  const run = step.run;
  if (!run) return [];
  const source = run.text.text;
  const writes: ModelWrite[] = [];
  const consumed: Array<[number, number]> = [];
  const isConsumed = (at: number) => consumed.some(([from, to]) => at >= from && at < to);
  const make = (from: number, to: number, fields: Omit<ModelWrite, 'job' | 'step' | 'start' | 'end' | 'command'>): ModelWrite => {
    const range = rangeOf(run.text, from, to);
    return { ...fields, job, step, start: range.start, end: range.end, command: oneLine(source.slice(from, to)) };
  };
  const stepHint = `${step.name ?? ''} ${step.id ?? ''}`;
  const inComment = commentChecker(source);

  for (const match of source.matchAll(PROGRAMS)) {
    const at = match.index;
    if (isConsumed(at) || inComment(at)) continue;
    const command = commandAt(source, at);
    const words = command.words.map((word) => ({ ...word, value: expand(word.value, context.env) }));
    const found = fromCommand(words, context, `${stepHint} ${source.slice(command.start, command.end)}`);
    if (!found) continue;
    consumed.push([command.start, command.end]);
    writes.push(make(command.start, command.end, found));
  }

  for (const match of source.matchAll(SCRIPTS)) {
    const script = (match[1] ?? match[2])!;
    const at = match.index + match[0].lastIndexOf(script);
    if (isConsumed(at) || inComment(at)) continue;
    const command = commandAt(source, at);
    const words = command.words.map((word) => ({ ...word, value: expand(word.value, context.env) }));
    const found = fromScript(script, words.slice(1), context);
    if (!found) continue;
    // The interpreter in front of the script belongs to the command shown: `python training/promote.py …`.
    const lineStart = source.lastIndexOf('\n', at - 1) + 1;
    const prefixStart = Math.max(lineStart, at - 120);
    const interpreter = INTERPRETER.exec(source.slice(prefixStart, at));
    const from = interpreter ? prefixStart + interpreter.index : command.start;
    consumed.push([from, command.end]);
    writes.push(make(from, command.end, found));
  }

  for (const call of pythonCalls(source)) {
    if (isConsumed(call.start) || inComment(call.start)) continue;
    const found = fromPython(call, source, context);
    if (!found) continue;
    consumed.push([call.start, call.end]);
    writes.push(make(call.start, call.end, found));
  }
  return writes.sort((a, b) => a.start - b.start);
}

// ─── CLI commands ─────────────────────────────────────────────────────────────────────────────────

const PROGRAMS = /(?<![\w./$-])(?:aws|gsutil|gcloud|az|azcopy|docker|podman|buildah|crane|skopeo|kubectl|helm|huggingface-cli|hf|mlflow|git|bentoml|databricks)(?=[ \t])/g;

type Found = Omit<ModelWrite, 'job' | 'step' | 'start' | 'end' | 'command'>;

const AWS_S3_FLAGS = new Set([
  '--recursive',
  '--dryrun',
  '--quiet',
  '--delete',
  '--no-progress',
  '--only-show-errors',
  '--follow-symlinks',
  '--no-follow-symlinks',
  '--exact-timestamps',
  '--size-only',
  '--force-glacier-transfer',
  '--ignore-glacier-warnings',
  '--no-guess-mime-type',
  '--no-paginate',
  '--debug',
  '--no-verify-ssl',
  '--no-sign-request',
]);
const GSUTIL_VALUE_OPTIONS = new Set(['-a', '-h', '-j', '-z', '-p', '-s', '-L', '-x', '-o', '-y']);
const GCLOUD_STORAGE_FLAGS = new Set(['--recursive', '-r', '-R', '--no-clobber', '-n', '--continue-on-error', '-c', '--daisy-chain', '-D', '--preserve-posix', '-P', '--skip-unsupported', '-U', '--delete-unmatched-destination-objects', '--dry-run', '--quiet', '-q', '--gzip-in-flight-all', '-Z']);
const KUBE_GLOBAL_VALUE_OPTIONS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server']);

function fromCommand(words: ShellWord[], context: WriteContext, hintText: string): Found | undefined {
  const program = words[0]?.value;
  const rest = words.slice(1);
  const hinted = MODEL_HINT.test(hintText);
  switch (program) {
    case 'aws':
      return awsCommand(rest, context, hintText);
    case 'gsutil': {
      const args = rest.filter((word) => !['-m', '-q'].includes(word.value));
      const sub = args[0]?.value;
      if (!['cp', 'rsync', 'mv'].includes(sub ?? '')) return undefined;
      const positional = shortArgs(args.slice(1), GSUTIL_VALUE_OPTIONS);
      return bucketCopy(positional, /^gs:\/\//, context, hintText);
    }
    case 'gcloud':
      return gcloudCommand(rest, context, hintText, hinted);
    case 'az':
      return azCommand(rest, context, hintText);
    case 'azcopy': {
      if (!['copy', 'cp', 'sync'].includes(rest[0]?.value ?? '')) return undefined;
      return bucketCopy(parseArgs(rest.slice(1), new Set(['--recursive', '--overwrite'])).positional, /^https:\/\/[^/]+\.(?:blob|dfs)\.core\.windows\.net\//i, context, hintText);
    }
    case 'docker':
    case 'podman':
    case 'buildah':
      return containerCommand(rest, hintText);
    case 'crane': {
      if (rest[0]?.value !== 'push') return undefined;
      const image = parseArgs(rest.slice(1)).positional[1]?.value;
      return image ? containerPush(image, hintText) : undefined;
    }
    case 'skopeo': {
      if (rest[0]?.value !== 'copy') return undefined;
      const destination = parseArgs(rest.slice(1)).positional[1]?.value;
      return destination?.startsWith('docker://') ? containerPush(destination.slice('docker://'.length), hintText) : undefined;
    }
    case 'kubectl':
      return kubectlCommand(rest, hintText, hinted);
    case 'helm': {
      const args = parseArgs(rest, new Set(['--install', '-i', '--atomic', '--wait', '--create-namespace', '--force', '--reuse-values', '--reset-values', '--dry-run', '--debug', '--devel', '--cleanup-on-fail']));
      const sub = args.positional[0]?.value;
      if (sub !== 'upgrade' && sub !== 'install') return undefined;
      const release = args.positional[1]?.value;
      return { kind: 'kubernetes', effect: 'deploy', model: hinted, confidence: 'medium', target: release, phrase: `${sub === 'upgrade' ? 'upgrades' : 'installs'} Helm release ${release ?? 'a release'}` };
    }
    case 'huggingface-cli':
    case 'hf': {
      const sub = rest[0]?.value;
      if (sub !== 'upload' && sub !== 'upload-large-folder') return undefined;
      const args = parseArgs(rest.slice(1), new Set(['--private', '--quiet', '--create-pr']));
      const repo = args.positional[0]?.value;
      const dataset = ['dataset', 'space'].includes(option(args, '--repo-type') ?? '');
      return hubPush(repo, !dataset, option(args, '--repo-type'));
    }
    case 'mlflow':
      return mlflowCommand(rest);
    case 'git': {
      if (rest[0]?.value !== 'push' || !rest.some((word) => /huggingface\.co\//.test(word.value))) return undefined;
      const url = rest.find((word) => /huggingface\.co\//.test(word.value))!.value;
      const repo = /huggingface\.co\/(?:(datasets|spaces)\/)?([\w.-]+\/[\w.-]+)/.exec(url);
      return hubPush(repo?.[2]?.replace(/\.git$/, ''), !repo?.[1], repo?.[1] ? repo[1].replace(/s$/, '') : undefined);
    }
    case 'bentoml':
      return rest[0]?.value === 'deploy' ? { kind: 'model-serving', effect: 'deploy', model: true, confidence: 'high', phrase: 'deploys a BentoML service' } : undefined;
    case 'databricks': {
      if (rest[0]?.value !== 'serving-endpoints' || !['create', 'update-config'].includes(rest[1]?.value ?? '')) return undefined;
      const name = parseArgs(rest.slice(2)).positional[0]?.value;
      return { kind: 'databricks', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: `deploys Databricks serving endpoint ${name ?? ''}`.trim() };
    }
    default:
      return undefined;
  }
}

function awsCommand(words: ShellWord[], context: WriteContext, hintText: string): Found | undefined {
  const args = parseArgs(words, AWS_S3_FLAGS);
  const [service, sub] = args.positional.map((word) => word.value);
  if (service === 's3' && (sub === 'cp' || sub === 'sync' || sub === 'mv')) return bucketCopy(args.positional.slice(2), /^s3:\/\//, context, hintText);
  if (service === 's3api' && (sub === 'put-object' || sub === 'copy-object' || sub === 'upload-part')) {
    const bucket = option(args, '--bucket');
    if (!bucket) return undefined;
    const key = option(args, '--key') ?? '';
    return storageWrite(`s3://${bucket}`, `s3://${bucket}/${key}`, context, hintText);
  }
  if (service !== 'sagemaker' || !sub) return undefined;
  const name = option(args, '--endpoint-name', '--model-name', '--model-package-group-name', '--model-package-name', '--inference-component-name', '--endpoint-config-name');
  const named = (text: string) => (name ? `${text} ${name}` : text);
  switch (sub) {
    case 'create-endpoint':
      return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: named('creates SageMaker endpoint') };
    case 'update-endpoint':
      return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: named('updates SageMaker endpoint') };
    case 'create-endpoint-config':
      return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: named('creates SageMaker endpoint config') };
    case 'create-model':
      return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: name, modelName: name, phrase: named('creates SageMaker model') };
    case 'create-inference-component':
    case 'update-inference-component':
      return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: named(`${sub.startsWith('create') ? 'creates' : 'updates'} SageMaker inference component`) };
    case 'create-model-package':
      return { kind: 'sagemaker', effect: 'register', model: true, confidence: 'high', target: name, phrase: named('registers a model package in') + (name ? '' : ' the SageMaker Model Registry') };
    case 'update-model-package': {
      const status = option(args, '--model-approval-status');
      if (!status || !/approved/i.test(status) || /pending|rejected/i.test(status)) return undefined;
      return { kind: 'sagemaker', effect: 'promote', model: true, confidence: 'high', target: name, stage: 'Approved', phrase: named('approves SageMaker model package') };
    }
    default:
      return undefined;
  }
}

function gcloudCommand(words: ShellWord[], context: WriteContext, hintText: string, hinted: boolean): Found | undefined {
  const values = words.map((word) => word.value);
  if (values[0] === 'storage' && ['cp', 'rsync', 'mv'].includes(values[1] ?? '')) {
    return bucketCopy(parseArgs(words.slice(2), GCLOUD_STORAGE_FLAGS).positional, /^gs:\/\//, context, hintText);
  }
  const start = values[0] === 'beta' || values[0] === 'alpha' ? 1 : 0;
  const [group, resource, verb] = values.slice(start);
  if (group === 'ai' && resource === 'endpoints' && verb === 'deploy-model') {
    const args = parseArgs(words.slice(start + 3));
    const endpoint = args.positional[0]?.value;
    const model = option(args, '--model');
    return { kind: 'vertex-ai', effect: 'deploy', model: true, confidence: 'high', target: endpoint, modelName: model, phrase: `deploys ${model ? `model ${model}` : 'a model'} to Vertex AI endpoint ${endpoint ?? ''}`.trim() };
  }
  if (group === 'ai' && resource === 'models' && verb === 'upload') {
    const name = option(parseArgs(words.slice(start + 3)), '--display-name');
    return { kind: 'vertex-ai', effect: 'register', model: true, confidence: 'high', modelName: name, phrase: `registers ${name ?? 'a model'} in the Vertex AI Model Registry` };
  }
  if (group === 'run' && resource === 'deploy') {
    const service = parseArgs(words.slice(start + 2)).positional[0]?.value;
    return { kind: 'cloud-run', effect: 'deploy', model: hinted, confidence: 'medium', target: service, phrase: `deploys Cloud Run service ${service ?? ''}`.trim() };
  }
  return undefined;
}

function azCommand(words: ShellWord[], context: WriteContext, hintText: string): Found | undefined {
  const values = words.map((word) => word.value);
  if (values[0] === 'storage' && (values[1] === 'blob' || values[1] === 'azcopy') && ['upload', 'upload-batch', 'sync'].includes(values[values[1] === 'azcopy' ? 3 : 2] ?? '')) {
    const args = parseArgs(words.slice(values[1] === 'azcopy' ? 4 : 3), new Set(['--overwrite', '--no-progress', '--recursive']));
    const container = option(args, '--container-name', '--container', '-c', '--destination', '-d');
    const account = option(args, '--account-name');
    if (!container) return undefined;
    const target = `Azure container ${container}${account ? ` (account ${account})` : ''}`;
    return storageWrite(target, `${hintText} ${container}`, context, hintText);
  }
  if (values[0] !== 'ml') return undefined;
  const [, resource, verb] = values;
  const args = parseArgs(words.slice(3));
  const name = option(args, '--name', '-n');
  const endpoint = option(args, '--endpoint-name', '-e', '--endpoint');
  if ((resource === 'online-deployment' || resource === 'batch-deployment') && (verb === 'create' || verb === 'update')) {
    const kind = resource === 'online-deployment' ? 'online' : 'batch';
    return { kind: 'azure-ml', effect: 'deploy', model: true, confidence: 'high', target: endpoint ?? name, phrase: `${verb}s Azure ML ${kind} deployment ${name ?? ''}${endpoint ? ` on endpoint ${endpoint}` : ''}`.replace(/\s+/g, ' ').trim() };
  }
  if ((resource === 'online-endpoint' || resource === 'batch-endpoint') && (verb === 'create' || verb === 'update')) {
    return { kind: 'azure-ml', effect: 'deploy', model: true, confidence: 'high', target: name, phrase: `${verb}s Azure ML endpoint ${name ?? ''}`.trim() };
  }
  if (resource === 'model' && verb === 'create') {
    return { kind: 'azure-ml', effect: 'register', model: true, confidence: 'high', modelName: name, phrase: `registers ${name ?? 'a model'} in Azure ML` };
  }
  return undefined;
}

function containerCommand(words: ShellWord[], hintText: string): Found | undefined {
  const values = words.map((word) => word.value);
  if (values[0] === 'push' || (values[0] === 'image' && values[1] === 'push')) {
    const args = parseArgs(words.slice(values[0] === 'push' ? 1 : 2), new Set(['-a', '--all-tags', '-q', '--quiet', '--disable-content-trust']));
    const image = args.positional[0]?.value;
    return image ? containerPush(image, hintText) : undefined;
  }
  const build = values[0] === 'build' ? 1 : values[0] === 'buildx' && values[1] === 'build' ? 2 : 0;
  if (build && values.includes('--push')) {
    const args = parseArgs(words.slice(build), new Set(['--push', '--load', '--pull', '--no-cache', '-q', '--quiet', '--rm']));
    const image = option(args, '-t', '--tag');
    return containerPush(image ?? 'an image', hintText);
  }
  return undefined;
}

function containerPush(image: string, hintText: string): Found {
  return { kind: 'container-registry', effect: 'publish', model: MODEL_HINT.test(`${hintText} ${image}`), confidence: 'medium', target: image, phrase: `pushes image ${image}` };
}

function kubectlCommand(words: ShellWord[], hintText: string, hinted: boolean): Found | undefined {
  const positional: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (KUBE_GLOBAL_VALUE_OPTIONS.has(word.value)) i += 1;
    else if (!word.value.startsWith('-')) positional.push(word);
  }
  const [verb, second, third] = positional.map((word) => word.value);
  const model = hinted || /inferenceservice|seldondeployment/i.test(hintText);
  if (verb === 'apply' || verb === 'create' || verb === 'replace') {
    const args = parseArgs(words);
    const file = option(args, '-f', '--filename', '-k', '--kustomize');
    return { kind: 'kubernetes', effect: 'deploy', model, confidence: 'medium', target: file, phrase: `applies ${file ?? 'manifests'} to Kubernetes` };
  }
  if (verb === 'set' && second === 'image') return { kind: 'kubernetes', effect: 'deploy', model, confidence: 'medium', target: third, phrase: `changes the image of ${third ?? 'a workload'} in Kubernetes` };
  if (verb === 'rollout' && second === 'restart') return { kind: 'kubernetes', effect: 'deploy', model, confidence: 'medium', target: third, phrase: `restarts ${third ?? 'a workload'} in Kubernetes` };
  if (verb === 'patch') return { kind: 'kubernetes', effect: 'deploy', model, confidence: 'medium', target: second, phrase: `patches ${[second, third].filter(Boolean).join(' ') || 'a resource'} in Kubernetes` };
  return undefined;
}

function mlflowCommand(words: ShellWord[]): Found | undefined {
  const [group, verb] = words.map((word) => word.value);
  const args = parseArgs(words.slice(2), new Set(['--no-conda', '--enable-mlserver', '--env-manager']));
  const uri = option(args, '-m', '--model-uri');
  const model = modelFromUri(uri);
  if (group === 'models' && verb === 'serve') {
    return { kind: 'model-serving', effect: 'deploy', model: true, confidence: 'high', target: uri, modelName: model, phrase: `serves ${model ?? 'a model'} with mlflow models serve` };
  }
  if (group === 'deployments' && (verb === 'create' || verb === 'update')) {
    const name = option(args, '--name');
    const target = option(args, '-t', '--target');
    return { kind: 'model-serving', effect: 'deploy', model: true, confidence: 'high', target: name, modelName: model, phrase: `deploys ${model ?? name ?? 'a model'} with mlflow deployments${target ? ` to ${target}` : ''}` };
  }
  return undefined;
}

/** models:/churn-model/Production -> churn-model */
function modelFromUri(uri: string | undefined): string | undefined {
  return uri ? /^models:\/([^/@]+)/.exec(uri)?.[1] : undefined;
}

/** `aws s3 cp SRC DST`: a write when the destination is a bucket (or an unresolved variable naming one). */
function bucketCopy(positional: ShellWord[], bucketScheme: RegExp, context: WriteContext, hintText: string): Found | undefined {
  if (positional.length < 2) return undefined;
  const destination = positional[positional.length - 1]!.value;
  const sources = positional.slice(0, -1).map((word) => word.value);
  const unresolved = /^\$\{?([A-Za-z_]\w*)/.exec(destination);
  const toBucket = bucketScheme.test(destination) || (unresolved !== null && /BUCKET|S3|GCS|BLOB|STORE|STORAGE|REMOTE|DEST|TARGET|ARTIFACT/i.test(unresolved[1]!) && !sources.some((source) => bucketScheme.test(source)));
  if (!toBucket) return undefined;
  const local = sources.find((source) => !/^[a-z][\w+.-]*:\/\/|^\$/i.test(source) && !/\.(?:sha\d*|md5|sig|asc|pem|bundle|json)$/i.test(source));
  return { ...storageWrite(bucketRoot(destination), `${sources.join(' ')} ${destination}`, context, hintText), source: local };
}

function storageWrite(target: string, paths: string, context: WriteContext, hintText: string): Found {
  const bucket = /^(?:s3|gs):\/\/([^/]+)/.exec(target)?.[1];
  const model = MODEL_HINT.test(`${hintText} ${paths}`) || (bucket !== undefined && context.holdsModels(bucket));
  const stage = /(?:^|[^a-z])prod(?:uction)?(?:[^a-z]|$)/i.test(paths) ? 'Production' : /(?:^|[^a-z])staging(?:[^a-z]|$)/i.test(paths) ? 'Staging' : undefined;
  const what = model ? (stage ? `the ${stage} model` : 'the model') : 'files';
  return { kind: 'object-storage', effect: 'publish', model, confidence: 'high', target, stage, phrase: `writes ${what} to ${target}` };
}

/** s3://bucket/a/b -> s3://bucket; an Azure blob URL -> account and container; anything else as written. */
function bucketRoot(destination: string): string {
  const bucket = /^((?:s3|gs):\/\/[^/\s]+)/.exec(destination)?.[1];
  if (bucket) return bucket;
  const blob = /^(https:\/\/[^/]+\.(?:blob|dfs)\.core\.windows\.net\/[^/?\s]+)/i.exec(destination)?.[1];
  if (blob) return blob;
  return /^(\$\{?[A-Za-z_]\w*\}?)/.exec(destination)?.[1] ?? destination;
}

function hubPush(repo: string | undefined, model: boolean, repoType?: string): Found {
  const what = model ? 'the model' : `a ${repoType ?? 'dataset'}`;
  return { kind: 'huggingface-hub', effect: 'publish', model, confidence: 'high', target: repo, phrase: `pushes ${what} to the Hugging Face Hub${repo ? ` (${repo})` : ''}` };
}

// ─── Promote, register and deploy scripts ──────────────────────────────────────────────────────────

const SCRIPTS = /(?:^|[\s;&|(`"'=])((?:[\w.-]{0,100}\/){0,20}[\w.-]{0,100}(?:promot|regist|deploy|release|publish)[\w.-]{0,100}\.(?:py|sh|bash))(?![\w.-])|-m\s+([\w.]{0,100}(?:promot|regist|deploy|release|publish)\w{0,100})/gi;

const INTERPRETER = /(?:(?:uv|poetry|pipenv|pdm|hatch|conda)\s+run\s+(?:-\S+\s+)*)?(?:python[\d.]*|bash|sh|zsh)\s+(?:-\S+\s+)*$|(?:(?:uv|poetry|pipenv|pdm|hatch|conda)\s+run\s+(?:-\S+\s+)*)$/;

function fromScript(script: string, args: ShellWord[], context: WriteContext): Found | undefined {
  const parsed = parseArgs(args, new Set(['--dry-run', '--archive-existing-versions', '--force', '--yes', '-y']));
  const stage = option(parsed, '--stage', '--to-stage', '--target-stage', '--model-stage');
  const alias = option(parsed, '--alias', '--model-alias');
  const environment = option(parsed, '--env', '--environment', '--target');
  const modelName = option(parsed, '--name', '--model', '--model-name', '--registered-model-name', '--model_name');
  const base = script.split('/').pop()!.toLowerCase();
  // deploy_docs.py, publish_site.sh: deployments of something other than a model.
  if (!/model/.test(base) && /docs?\b|docs?[-_]|site|web|frontend|pages|blog|infra|terraform|dashboard|package|wheel|pypi/.test(base)) return undefined;
  const registry = context.mlflow ? 'MLflow' : 'the model registry';
  const namesModel = /model/.test(base);
  if (/promot|regist/.test(base) && (stage || alias)) {
    return {
      kind: 'model-registry',
      effect: 'promote',
      model: true,
      confidence: 'medium',
      modelName: printable(modelName),
      stage: alias ?? stage,
      target: registry,
      phrase: `promotes ${printable(modelName) ?? 'a model'} in ${registry}`,
    };
  }
  if (/deploy|release|publish|promot/.test(base) && (stage || alias || environment || namesModel)) {
    const where = alias ?? stage ?? environment;
    return {
      kind: 'deploy-action',
      effect: 'deploy',
      model: true,
      confidence: 'medium',
      modelName: printable(modelName),
      stage: where,
      phrase: `deploys ${printable(modelName) ?? 'the model'}${where ? ` to ${where}` : ''} with ${script.split('/').pop()}`,
    };
  }
  return undefined;
}

/** A name to show, or undefined when it is still an unresolved variable or expression. */
function printable(value: string | undefined): string | undefined {
  return value && !/[$`]/.test(value) ? value : undefined;
}

// ─── Python API calls in inline scripts ────────────────────────────────────────────────────────────

interface Call {
  name: string;
  receiver: string;
  args: string;
  start: number;
  end: number;
}

const CALLS = /(?:\b([\w.]{1,120}(?:\(\))?)\.)?\b(transition_model_version_stage|set_registered_model_alias|register_model|create_model_version|push_to_hub|upload_file|upload_folder|upload_large_folder|upload_fileobj|put_object|deploy)\s*\(/g;

function pythonCalls(source: string): Call[] {
  const calls: Call[] = [];
  for (const match of source.matchAll(CALLS)) {
    // A definition (`def deploy(`) is not a call, and `deploy(` alone is too common a name to mean anything.
    if (/\bdef\s+$/.test(source.slice(Math.max(0, match.index - 8), match.index)) || (match[2] === 'deploy' && !match[1])) continue;
    const open = match.index + match[0].length - 1;
    const close = closingParen(source, open);
    calls.push({ name: match[2]!, receiver: match[1] ?? '', args: source.slice(open + 1, close), start: match.index, end: Math.min(source.length, close + 1) });
  }
  return calls;
}

function fromPython(call: Call, source: string, context: WriteContext): Found | undefined {
  const strings = [...call.args.matchAll(/(?:^|[,(\s])(?:(\w+)\s*=\s*)?(?:f?["'])([^"'\n]*)["']/g)].map((match) => ({ key: match[1], value: match[2]! }));
  const kwarg = (...keys: string[]) => strings.find((entry) => entry.key && keys.includes(entry.key))?.value;
  const positional = strings.filter((entry) => !entry.key).map((entry) => entry.value);
  const registry = context.mlflow || /mlflow/i.test(source) ? 'MLflow' : 'the model registry';
  switch (call.name) {
    case 'transition_model_version_stage': {
      const name = kwarg('name') ?? positional[0];
      const stage = kwarg('stage') ?? positional[2] ?? positional[1];
      return { kind: 'model-registry', effect: 'promote', model: true, confidence: 'high', modelName: name, stage, target: registry, phrase: `promotes ${name ?? 'a model'} in ${registry}` };
    }
    case 'set_registered_model_alias': {
      const name = kwarg('name') ?? positional[0];
      const alias = kwarg('alias') ?? positional[1];
      return { kind: 'model-registry', effect: 'promote', model: true, confidence: 'high', modelName: name, stage: alias, target: registry, phrase: `promotes ${name ?? 'a model'} in ${registry}` };
    }
    case 'register_model':
    case 'create_model_version': {
      if (!/mlflow|MlflowClient|client/i.test(`${call.receiver} ${source}`)) return undefined;
      const name = kwarg('name') ?? positional[1] ?? positional[0];
      return { kind: 'model-registry', effect: 'register', model: true, confidence: 'high', modelName: name, target: registry, phrase: `registers ${name ?? 'a model'} in ${registry}` };
    }
    case 'push_to_hub': {
      // A tokenizer or processor goes to the same repository as its model, which is reported already.
      if (/tokenizer|processor/i.test(call.receiver)) return undefined;
      return hubPush(kwarg('repo_id') ?? positional[0], !DATASET_HINT.test(call.receiver), 'dataset');
    }
    case 'upload_file':
    case 'upload_folder':
    case 'upload_large_folder':
    case 'upload_fileobj':
    case 'put_object': {
      if (/HfApi|huggingface_hub/.test(source) && call.name.startsWith('upload_') && call.name !== 'upload_fileobj') {
        const repo = kwarg('repo_id');
        const dataset = /repo_type\s*=\s*["'](?:dataset|space)/.test(call.args);
        return hubPush(repo, !dataset, 'dataset');
      }
      if (/boto3/.test(source) && (call.name === 'upload_file' || call.name === 'upload_fileobj' || call.name === 'put_object')) {
        const bucket = kwarg('Bucket', 'bucket') ?? (call.name === 'put_object' ? undefined : positional[1]);
        if (!bucket) return undefined;
        return storageWrite(`s3://${bucket}`, `${call.args}`, context, call.args);
      }
      return undefined;
    }
    case 'deploy': {
      const sagemaker = /sagemaker/i.test(source);
      const vertex = /aiplatform/i.test(source);
      if (!sagemaker && !vertex && !/model|estimator|predictor|endpoint/i.test(call.receiver)) return undefined;
      const endpoint = kwarg('endpoint_name', 'deployed_model_display_name');
      if (sagemaker) return { kind: 'sagemaker', effect: 'deploy', model: true, confidence: 'high', target: endpoint, phrase: endpoint ? `deploys SageMaker endpoint ${endpoint}` : 'deploys a SageMaker endpoint' };
      if (vertex) return { kind: 'vertex-ai', effect: 'deploy', model: true, confidence: 'high', target: endpoint, phrase: 'deploys a model to a Vertex AI endpoint' };
      return { kind: 'model-serving', effect: 'deploy', model: true, confidence: 'medium', target: endpoint, phrase: 'deploys the model to an endpoint' };
    }
    default:
      return undefined;
  }
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  const limit = Math.min(source.length, open + 2000);
  for (let i = open; i < limit; i++) {
    if (source[i] === '(') depth += 1;
    else if (source[i] === ')' && --depth === 0) return i;
  }
  return Math.min(source.length, limit) - 1;
}

// ─── Actions ──────────────────────────────────────────────────────────────────────────────────────

const DEPLOY_ACTION = /(?:deploy|promot|publish|release|push|upload)[-_]?models?\b|models?[-_]?(?:deploy|promot|publish|release|registry|push|upload)|push[-_]to[-_]hub/i;

/** A step's `uses:` action that deploys or pushes. */
export function actionWrites(job: Job, step: Step): ModelWrite[] {
  const uses = step.uses;
  if (!uses) return [];
  const action = uses.value.split('@')[0]!.toLowerCase();
  const input = (name: string) => step.with.find((entry) => entry.name === name)?.value?.value;
  const hint = `${step.name ?? ''} ${step.id ?? ''} ${step.with.map((entry) => entry.value?.value ?? '').join(' ')}`;
  const make = (found: Found): ModelWrite => ({ ...found, job, step, start: uses.start, end: uses.end, command: `uses: ${uses.value}` });
  switch (action) {
    case 'docker/build-push-action': {
      const push = input('push');
      if (!push || !(push === 'true' || push.includes('${{'))) return [];
      const image = input('tags')?.split(/[\n,]/).map((tag) => tag.trim()).find(Boolean);
      return [make(containerPush(image ?? 'an image', hint))];
    }
    case 'redhat-actions/push-to-registry': {
      const image = [input('registry'), input('image')].filter(Boolean).join('/');
      return [make(containerPush(image || 'an image', hint))];
    }
    case 'google-github-actions/upload-cloud-storage': {
      const destination = input('destination');
      if (!destination) return [];
      const target = `gs://${destination.replace(/^gs:\/\//, '').split('/')[0]}`;
      const found = storageWrite(target, `${input('path') ?? ''} ${destination}`, { env: new Map(), mlflow: false, holdsModels: () => false }, hint);
      return [make(found)];
    }
    case 'google-github-actions/deploy-cloudrun': {
      const service = input('service');
      return [make({ kind: 'cloud-run', effect: 'deploy', model: MODEL_HINT.test(hint), confidence: 'medium', target: service, phrase: `deploys Cloud Run service ${service ?? ''}`.trim() })];
    }
    case 'azure/k8s-deploy':
      return [make({ kind: 'kubernetes', effect: 'deploy', model: MODEL_HINT.test(hint), confidence: 'medium', target: input('manifests'), phrase: 'deploys manifests to Kubernetes with azure/k8s-deploy' })];
    case 'aws-actions/amazon-ecs-deploy-task-definition':
      return [make({ kind: 'deploy-action', effect: 'deploy', model: MODEL_HINT.test(hint), confidence: 'medium', target: input('service'), phrase: `deploys ECS service ${input('service') ?? ''}`.trim() })];
    default:
      if (!DEPLOY_ACTION.test(action)) return [];
      return [make({ kind: 'deploy-action', effect: 'deploy', model: true, confidence: 'medium', phrase: `runs ${uses.value.split('@')[0]}` })];
  }
}

/** A job that calls a reusable workflow named for deploying or promoting models. */
export function reusableWorkflowWrites(job: Job): ModelWrite[] {
  const uses = job.uses;
  if (!uses || !DEPLOY_ACTION.test(uses.value.split('@')[0]!)) return [];
  return [{ kind: 'deploy-action', effect: 'deploy', model: true, confidence: 'medium', job, start: uses.start, end: uses.end, command: `uses: ${uses.value}`, phrase: `calls ${uses.value.split('@')[0]}` }];
}

// ─── Helpers ──────────────────────────────────────────────────────────────────────────────────────

/** `$NAME`, `${NAME}` and `${{ env.NAME }}` replaced by the env values the step sees, when they are plain. */
export function expand(value: string, env: ReadonlyMap<string, string>): string {
  if (!value.includes('$')) return value;
  return value.replace(/\$\{\{\s*env\.([A-Za-z_]\w*)\s*\}\}|\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (whole, a?: string, b?: string, c?: string) => env.get((a ?? b ?? c)!) ?? whole);
}

/** Plain env values, later levels overriding earlier ones. */
export function envMap(...levels: Entry[][]): Map<string, string> {
  const env = new Map<string, string>();
  for (const entries of levels) {
    for (const entry of entries) {
      const value = entry.value?.value;
      if (value !== undefined && !value.includes('${{')) env.set(entry.name, value);
      else env.delete(entry.name);
    }
  }
  return env;
}

function rangeOf(text: MappedText, from: number, to: number): { start: number; end: number } {
  return text.rawRange(from, Math.max(from + 1, to));
}

function oneLine(text: string): string {
  const line = text.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function shortArgs(words: ShellWord[], valueOptions: ReadonlySet<string>): ShellWord[] {
  const positional: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.quoted || !word.value.startsWith('-')) positional.push(word);
    else if (valueOptions.has(word.value)) i += 1;
  }
  return positional;
}
