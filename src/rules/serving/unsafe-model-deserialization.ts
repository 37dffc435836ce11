import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import type { LoaderKind, ModelLoad } from '../../python/serving-facts.js';
import { servingFacts } from '../../python/serving-facts.js';
import { written } from './serving-text.js';

const HOW: Record<LoaderKind, string> = {
  pickle: 'with pickle',
  joblib: 'with joblib, which is pickle underneath',
  cloudpickle: 'with cloudpickle, which is pickle underneath',
  dill: 'with dill, which is pickle underneath',
  torch: 'as a full pickle (no `weights_only=True`)',
  keras: 'with `safe_mode=False`, so Lambda layers run the code they carry',
  mlflow: 'through a pickle-based MLflow flavour',
  numpy: 'with `allow_pickle=True`',
  pandas: 'as a pickle',
};

function fixFor(load: ModelLoad): { description: string; snippet: string } {
  const arg = load.source.written || 'path';
  switch (load.kind) {
    case 'torch':
      return { description: 'Load tensors only', snippet: `state_dict = torch.load(${arg}, weights_only=True)  # or safetensors.torch.load_file(path)\nmodel.load_state_dict(state_dict)` };
    case 'keras':
      return { description: 'Keep Keras safe mode on', snippet: `model = keras.models.load_model(${arg})  # safe_mode defaults to True: no Lambda deserialization` };
    case 'numpy':
      return { description: 'Arrays without pickled objects', snippet: `array = np.load(${arg}, allow_pickle=False)` };
    case 'pandas':
      return { description: 'A data format that holds no code', snippet: `frame = pd.read_parquet(${arg})` };
    case 'mlflow':
      return {
        description: 'A pinned, verified ONNX model',
        snippet: [
          'import hashlib, hmac, onnxruntime, mlflow',
          '',
          'local = mlflow.artifacts.download_artifacts("models:/churn-model/7")  # one version, not a stage',
          'data = open(f"{local}/model.onnx", "rb").read()',
          'if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), EXPECTED_SHA256):  # or verify a model-signing signature',
          '    raise RuntimeError("model digest does not match the release")',
          'session = onnxruntime.InferenceSession(data)',
        ].join('\n'),
      };
    default:
      return {
        description: 'A format that holds no code, checked before it is read',
        snippet: [
          '# scikit-learn: save with skops (skops.io.dump) and load only the types you expect',
          'import skops.io as sio',
          `model = sio.load("model.skops", trusted=["sklearn.ensemble._forest.RandomForestClassifier"])`,
          '',
          '# or export to ONNX and serve with onnxruntime.InferenceSession(path)',
        ].join('\n'),
      };
  }
}

export default defineRule({
  id: 'serving/unsafe-model-deserialization',
  artifact: 'python',
  title: 'Model loaded with a deserializer that runs code',
  category: 'unsafe-deserialization',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-LLM-2025:LLM04:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'MITRE-ATLAS:AML.T0011', 'NIST-AI-RMF:MEASURE 2.7', 'CWE:CWE-502'),
  control:
    'Serve models in a format that holds no code (safetensors, ONNX, skops with an explicit trusted list, `torch.load(..., weights_only=True)`), and load only signed, verified artifacts from a store that only the deploy role can write.',
  docs: {
    summary:
      'Reads Python files and finds model loads through deserializers that execute code: `pickle.load`/`loads` (and `cPickle`, `Unpickler`), `joblib.load`, `cloudpickle` and `dill`, `torch.load` without `weights_only=True`, Keras `load_model(..., safe_mode=False)`, `numpy.load(..., allow_pickle=True)`, `pandas.read_pickle`, and MLflow pickle-based flavours (`mlflow.pyfunc`, `mlflow.sklearn`, `mlflow.pytorch`, …`.load_model`) of a `models:/`, `runs:/`, object-store or deploy-time location. Imports and aliases are followed (`from joblib import load`). High by default; critical when what is loaded comes from the request (a handler parameter, an upload, the request object) or from a remote or shared location (`s3://`, `gs://`, `https://`, the model registry, a run, a network mount, or the result of a download call), unless the same function checks a digest or signature first.',
    risk:
      'Loading a pickle runs code: the file names a callable and its arguments, and the loader calls it. Whoever can write the model file, or the registry version, stage or bucket it comes from, runs their code inside the inference service with its credentials, network access and the data it sees. A model uploaded in a request is remote code execution for anyone who can call the route.',
    bad: {
      language: 'python',
      code: 'local = mlflow.artifacts.download_artifacts("models:/churn-model/Production")\nwith open(f"{local}/model.pkl", "rb") as handle:\n    model = pickle.load(handle)',
    },
    good: {
      language: 'python',
      code: 'local = mlflow.artifacts.download_artifacts("models:/churn-model/7")\ndata = open(f"{local}/model.onnx", "rb").read()\nif not hmac.compare_digest(hashlib.sha256(data).hexdigest(), EXPECTED_SHA256):\n    raise RuntimeError("model digest does not match the release")\nsession = onnxruntime.InferenceSession(data)',
      note: 'For PyTorch weights use safetensors or `torch.load(path, weights_only=True)`; for scikit-learn, skops with an explicit trusted-types list.',
    },
    references: [
      { title: 'Python docs: pickle – restricting globals (security warning)', url: 'https://docs.python.org/3/library/pickle.html' },
      { title: 'PyTorch: torch.load and weights_only', url: 'https://pytorch.org/docs/stable/generated/torch.load.html' },
      { title: 'skops: secure persistence', url: 'https://skops.readthedocs.io/en/stable/persistence.html' },
      { title: 'Hugging Face: Pickle scanning', url: 'https://huggingface.co/docs/hub/security-pickle' },
      { title: 'OpenSSF model-signing', url: 'https://github.com/sigstore/model-transparency' },
    ],
  },
  check({ artifact, report }) {
    const facts = servingFacts(artifact);
    for (const load of facts.loads) {
      const { source } = load;
      const exposed = source.request || !!source.remote;
      const critical = exposed && !load.verified;
      const literal = /^[rRbBfF]?["']/.test(source.written) && source.location !== undefined && !source.location.includes('{');
      const origin = literal
        ? `\`${source.location}\`${source.remote ? ', a remote or shared location,' : ''}`
        : source.request
        ? `\`${source.written}\`, which comes from the request,`
        : source.remote
          ? `\`${source.written}\`, which comes from ${source.remote.startsWith('the result') ? source.remote : `\`${source.remote}\``}${source.pulledAt !== undefined ? ' (downloaded in this file)' : ''},`
          : `\`${source.written || '…'}\`${source.location ? ` (\`${source.location}\`)` : ''}`;
      const fix = fixFor(load);
      report({
        start: load.from,
        end: load.to,
        location: {},
        severity: critical ? 'critical' : 'high',
        message: `\`${load.written}\` reads ${origin} ${HOW[load.kind]}: loading it runs whatever code the file carries.${load.verified && exposed ? ' A digest or signature check runs in the same code path, which narrows who can supply the file; the format still executes code.' : ''}`,
        evidence: written(artifact, load.from, load.to),
        blastRadius: source.request
          ? 'Anyone who can call the route runs code in the inference service, with its credentials, network access and the data it handles.'
          : source.remote
            ? 'Anyone who can write that location (a registry version or stage, a bucket, a shared path) runs code in the inference service with its credentials and network access the next time it loads the model.'
            : 'Anyone who can replace the model file runs code in the process that loads it, with its credentials and network access.',
        identity: `load:${load.callee}:${source.written}`,
        recommendation: `Replace \`${load.written}\` with a loader that cannot run code: ${fix.description.toLowerCase()} (safetensors, ONNX, skops with a trusted-types list, \`torch.load(..., weights_only=True)\`), and load only a pinned, signed artifact whose signature or digest is verified before loading, from a store only the deploy role can write.`,
        fix: { ...fix, language: 'python' },
      });
    }
  },
});
