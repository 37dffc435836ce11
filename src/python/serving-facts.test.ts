import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServingFacts, routeAuthentication, unpinnedRegistryReference } from './serving-facts.js';

function routes(source: string) {
  const facts = readServingFacts(source);
  return facts.routes.map((route) => ({ route: `${route.methods.join(',')} ${route.path}`, auth: routeAuthentication(facts, route) ?? null, health: route.health }));
}

test('a file that mentions no serving or model library is not parsed', () => {
  const facts = readServingFacts('import pandas as pd\n\ndef clean(frame):\n    return frame.dropna()\n');
  assert.equal(facts.parsed, false);
  assert.deepEqual([facts.routes, facts.loads, facts.pulls], [[], [], []]);
});

test('routes, their methods and health endpoints', () => {
  const source = [
    'from fastapi import FastAPI',
    'app = FastAPI()',
    '@app.get("/healthz")\ndef h(): ...',
    '@app.get("/v1/metrics")\ndef m(): ...',
    '@app.post("/health")\ndef posted(): ...',
    '@app.api_route("/score", methods=["GET", "POST"])\ndef s(): ...',
    'def batch(): ...',
    'app.add_api_route("/batch", batch, methods=["POST"])',
  ].join('\n');
  assert.deepEqual(routes(source), [
    { route: 'GET /healthz', auth: null, health: true },
    { route: 'GET /v1/metrics', auth: null, health: true },
    { route: 'POST /health', auth: null, health: false },
    { route: 'GET,POST /score', auth: null, health: false },
    { route: 'POST /batch', auth: null, health: false },
  ]);
});

test('authentication on the route, a parameter, the router, the include, the app and a middleware', () => {
  const head = 'from fastapi import FastAPI, APIRouter, Depends, Security\nfrom fastapi.security import APIKeyHeader\nkey = APIKeyHeader(name="X-API-Key")\n';
  assert.deepEqual(routes(`${head}app = FastAPI()\n@app.post("/p", dependencies=[Depends(verify_token)])\ndef p(): ...`)[0]!.auth, "the route's Depends(verify_token)");
  assert.deepEqual(routes(`${head}app = FastAPI()\n@app.post("/p")\ndef p(k: str = Depends(key)): ...`)[0]!.auth, "the route's Depends(key)");
  assert.deepEqual(routes(`${head}app = FastAPI()\n@app.post("/p")\ndef p(k: Annotated[str, Security(key)]): ...`)[0]!.auth, "the route's Security(key)");
  assert.deepEqual(routes(`${head}app = FastAPI()\nr = APIRouter(dependencies=[Depends(key)])\n@r.post("/p")\ndef p(): ...\napp.include_router(r)`)[0]!.auth, "the router's Depends(key)");
  assert.match(routes(`${head}app = FastAPI()\nr = APIRouter()\n@r.post("/p")\ndef p(): ...\napp.include_router(r, dependencies=[Depends(check)])\ndef check(k=Security(key)): ...`)[0]!.auth ?? '', /include_router/);
  assert.deepEqual(routes(`${head}app = FastAPI(dependencies=[Depends(require_user)])\n@app.post("/p")\ndef p(): ...`)[0]!.auth, "the app's Depends(require_user)");
  assert.match(routes(`${head}app = FastAPI()\napp.add_middleware(JWTAuthMiddleware, secret=s)\n@app.post("/p")\ndef p(): ...`)[0]!.auth ?? '', /add_middleware\(JWTAuthMiddleware\)/);
  // A dependency that raises 401 authenticates whatever it is called.
  assert.deepEqual(
    routes(`${head}def gate(request):\n    if request.headers.get("x-key") != K:\n        raise HTTPException(status_code=401)\napp = FastAPI()\n@app.post("/p", dependencies=[Depends(gate)])\ndef p(): ...`)[0]!.auth,
    "the route's Depends(gate)",
  );
});

test('dependencies and middleware that do not authenticate', () => {
  const head = 'from fastapi import FastAPI, Depends\n';
  assert.equal(routes(`${head}app = FastAPI()\n@app.post("/p")\ndef p(db = Depends(get_db), s = Depends(get_settings)): ...`)[0]!.auth, null);
  assert.equal(routes(`${head}app = FastAPI()\napp.add_middleware(CORSMiddleware, allow_origins=["*"])\napp.add_middleware(SessionMiddleware, secret_key=k)\n@app.post("/p")\ndef p(): ...`)[0]!.auth, null);
  assert.equal(routes(`${head}app = FastAPI()\n@app.middleware("http")\nasync def log(request, call_next):\n    return await call_next(request)\n@app.post("/p")\ndef p(): ...`)[0]!.auth, null);
  // A dependency is judged by its own body, not by a function after it that raises 401.
  assert.equal(routes(`${head}def get_db():\n    return 1\ndef later():\n    raise HTTPException(status_code=401)\napp = FastAPI()\n@app.post("/p")\ndef p(db=Depends(get_db)): ...`)[0]!.auth, null);
  // Only some of the apps that include a router authenticate it: not authenticated.
  assert.equal(routes(`${head}a = FastAPI()\nb = FastAPI()\nr = APIRouter()\n@r.post("/p")\ndef p(): ...\na.include_router(r, dependencies=[Depends(verify)])\nb.include_router(r)`)[0]!.auth, null);
});

test('docs endpoints: defaults, custom URLs, None, and computed settings', () => {
  const docs = (args: string) => readServingFacts(`from fastapi import FastAPI\napp = FastAPI(${args})`).apps[0]!.docs;
  assert.deepEqual(docs(''), ['/docs', '/redoc', '/openapi.json']);
  assert.deepEqual(docs('docs_url="/api/docs", redoc_url=None'), ['/api/docs', '/openapi.json']);
  assert.deepEqual(docs('openapi_url=None'), []);
  assert.deepEqual(docs('docs_url=None, redoc_url=None, openapi_url="/openapi.json" if DEV else None'), []);
});

test('loads follow imports, variables, with-statements, downloads and the request', () => {
  const facts = readServingFacts(
    [
      'import joblib as jl',
      'from pickle import loads',
      'from huggingface_hub import hf_hub_download',
      'import torch',
      'from fastapi import FastAPI, UploadFile',
      'app = FastAPI()',
      'BUCKET = "s3://acme-models"',
      'm1 = jl.load(f"{BUCKET}/churn.joblib")',
      'weights = hf_hub_download("acme/x", "model.bin")',
      'm2 = torch.load(weights)',
      'm3 = torch.load(weights, weights_only=True)',
      '@app.post("/up")',
      'async def up(f: UploadFile):',
      '    return loads(await f.read())',
    ].join('\n'),
  );
  assert.deepEqual(
    facts.loads.map((load) => [load.callee, load.kind, load.source.remote ?? null, load.source.request, load.source.pulledAt !== undefined]),
    [
      ['joblib.load', 'joblib', 's3://acme-models/churn.joblib', false, false],
      ['torch.load', 'torch', 'the result of huggingface_hub.hf_hub_download()', false, true],
      ['pickle.loads', 'pickle', null, true, false],
    ],
  );
  assert.equal(facts.loads[1]!.source.location, 'acme/x');
});

test('models:/ references: stages, aliases and latest move, versions do not', () => {
  assert.equal(unpinnedRegistryReference('models:/churn/Production'), 'stage Production');
  assert.equal(unpinnedRegistryReference('models:/churn/Staging'), 'stage Staging');
  assert.equal(unpinnedRegistryReference('models:/churn@champion'), 'alias @champion');
  assert.equal(unpinnedRegistryReference('models:/churn/latest'), 'latest');
  assert.equal(unpinnedRegistryReference('models:/churn/7'), undefined);
  assert.equal(unpinnedRegistryReference('models:/churn/{VERSION}'), undefined);
  assert.equal(unpinnedRegistryReference('runs:/abc/model'), undefined);
});

test('verify_api_key is request authentication, not model verification', () => {
  const source = 'import mlflow\nfrom fastapi import FastAPI, Depends\napp = FastAPI(dependencies=[Depends(verify_api_key)])\nverify_api_key(None)\nmodel = mlflow.pyfunc.load_model("models:/m/Production")\n';
  assert.deepEqual(readServingFacts(source).pulls.map((pull) => pull.verified), [false]);
  assert.deepEqual(readServingFacts(source.replace('verify_api_key(None)', 'verify_signature("model.sig")')).pulls.map((pull) => pull.verified), [true]);
});

test('a syntax error does not throw', () => {
  assert.doesNotThrow(() => readServingFacts('from fastapi import FastAPI\napp = FastAPI(\n@app.post("/p"\ndef p(:\n  pickle.load(open('));
});
