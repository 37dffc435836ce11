// Writes the synthetic MLOps repository the benchmark scans. Every file comes from a PRNG seeded by
// (seed, kind, index), so the same options always give the same bytes and notebook i does not change
// when --notebooks changes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ImagePool } from './image-pool.js';
import { buildNotebook } from './notebook-content.js';
import { configJson, helperPy, iamPolicyJson, mlrunsMetaJson, servePy, vendoredPackageJson, workflowYaml } from './other-files.js';
import { PLANT_KINDS, type PlantKind } from './planted-secrets.js';
import { Prng } from './prng.js';

export interface RepoOptions {
  notebooks: number;
  seed: number;
  onProgress?: (message: string) => void;
}

export interface SyntheticRepo {
  root: string;
  /** Files the scanner should read: everything with a scanned extension outside skipped and ignored folders. */
  expectedFiles: number;
  /** Bytes of those files. */
  expectedBytes: number;
  notebooks: number;
  checkpoints: number;
  workflows: number;
  jsonFiles: number;
  /** Python files (serve.py, train.py, helpers), which the serving rules read. */
  pythonFiles: number;
  /** Files written where a scan must not look (node_modules, .gitignore'd folders). */
  skippedFiles: number;
  /** Repository-relative paths of notebooks holding a planted credential, with its kind. */
  planted: Array<{ file: string; kind: PlantKind }>;
}

const PROJECTS = [
  'churn-model', 'fraud-detection', 'demand-forecast', 'recsys-ranking', 'search-embeddings', 'credit-risk', 'ltv-prediction',
  'anomaly-detection', 'price-elasticity', 'support-triage', 'image-moderation', 'ad-ctr', 'supply-eta', 'marketing-uplift',
  'speech-intent', 'doc-classifier', 'inventory-opt', 'sentiment-reviews', 'route-planning', 'kyc-matching',
];
const TOPICS = ['eda', 'baseline', 'feature-selection', 'tuning', 'error-analysis', 'calibration', 'drift-check', 'backtest', 'ablation', 'report'];

/** One notebook in fifty leaks a credential; which kind rotates through PLANT_KINDS. */
export const PLANT_EVERY = 50;
/** One notebook in twenty has a committed Jupyter checkpoint copy beside it. */
const CHECKPOINT_EVERY = 20;
const WORKFLOWS = 300;
const CONFIGS = 240;
const POLICIES = 120;

// Item streams for Prng.forItem: each kind of file draws from its own sequence.
const STREAM = { notebook: 1, workflow: 2, config: 3, policy: 4, vendored: 5, ignored: 6, python: 7 } as const;

export function generateRepo(root: string, options: RepoOptions): SyntheticRepo {
  const { seed } = options;
  const images = new ImagePool(seed);
  const repo: SyntheticRepo = { root, expectedFiles: 0, expectedBytes: 0, notebooks: 0, checkpoints: 0, workflows: 0, jsonFiles: 0, pythonFiles: 0, skippedFiles: 0, planted: [] };
  const write = (relative: string, text: string, scanned: boolean) => {
    const absolute = join(root, relative);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    if (scanned) {
      repo.expectedFiles += 1;
      repo.expectedBytes += Buffer.byteLength(text);
    } else repo.skippedFiles += 1;
  };

  // A repository root: discovery stops looking for ancestor .gitignore files here, and fingerprints use paths below it.
  write('.git/HEAD', 'ref: refs/heads/main\n', false);
  write('.gitignore', '# MLflow local runs and scratch space\nmlruns/\nscratch/\n*.local.json\n.env\n', false);
  write('README.md', '# ML platform\n\nNotebooks, pipelines and infrastructure for the data science teams.\n', false);

  for (let i = 0; i < options.notebooks; i++) {
    const random = Prng.forItem(seed, STREAM.notebook, i);
    const project = random.pick(PROJECTS);
    const plant = i % PLANT_EVERY === PLANT_EVERY - 1 ? PLANT_KINDS[Math.floor(i / PLANT_EVERY) % PLANT_KINDS.length] : undefined;
    const name = `${String(i + 1).padStart(4, '0')}-${random.pick(TOPICS)}`;
    const folder = `projects/${project}/notebooks`;
    const text = buildNotebook(random, { project, plant }, images);
    write(`${folder}/${name}.ipynb`, text, true);
    repo.notebooks += 1;
    if (plant) repo.planted.push({ file: `${folder}/${name}.ipynb`, kind: plant });
    if (i % CHECKPOINT_EVERY === 9) {
      write(`${folder}/.ipynb_checkpoints/${name}-checkpoint.ipynb`, text, true);
      repo.checkpoints += 1;
    }
    if (i < PROJECTS.length) {
      const project = PROJECTS[i]!;
      // Python sources and requirements are read too (.py files by the serving rules).
      write(`projects/${project}/src/train.py`, `"""Training entry point for ${project}."""\nimport mlflow\n\n\ndef main() -> None:\n    mlflow.autolog()\n`, true);
      write(`projects/${project}/requirements.txt`, 'pandas==2.2.2\nscikit-learn==1.5.1\nmlflow==2.14.1\nboto3==1.34.131\n', true);
      const random = Prng.forItem(seed, STREAM.python, i);
      write(`projects/${project}/src/serve.py`, servePy(random, project), true);
      for (const helper of ['features', 'metrics', 'windows', 'io']) write(`projects/${project}/src/${helper}.py`, helperPy(random, project, helper), true);
      repo.pythonFiles += 6;
    }
    if ((i + 1) % 250 === 0) options.onProgress?.(`generated ${i + 1}/${options.notebooks} notebooks`);
  }

  for (let i = 0; i < WORKFLOWS; i++) {
    const random = Prng.forItem(seed, STREAM.workflow, i);
    const project = PROJECTS[i % PROJECTS.length]!;
    const purpose = random.pick(['Train', 'Evaluate', 'Deploy', 'Nightly retrain', 'Register model', 'Data validation']);
    write(`.github/workflows/${purpose.toLowerCase().replace(/\s+/g, '-')}-${project}-${i}.yml`, workflowYaml(random, project, purpose), true);
    repo.workflows += 1;
  }
  for (let i = 0; i < CONFIGS; i++) {
    const random = Prng.forItem(seed, STREAM.config, i);
    const project = PROJECTS[i % PROJECTS.length]!;
    write(`configs/${project}/${random.pick(['train', 'evaluate', 'serve', 'sweep'])}-${i}.json`, configJson(random, project), true);
    repo.jsonFiles += 1;
  }
  for (let i = 0; i < POLICIES; i++) {
    const random = Prng.forItem(seed, STREAM.policy, i);
    const project = PROJECTS[i % PROJECTS.length]!;
    write(`infra/iam/${project}-${random.pick(['training', 'serving', 'ci'])}-role-${i}.json`, iamPolicyJson(random, project), true);
    repo.jsonFiles += 1;
  }

  // Never read: vendored packages (skipped by name) and run folders the repository ignores.
  for (let i = 0; i < 150; i++) {
    const random = Prng.forItem(seed, STREAM.vendored, i);
    const name = `pkg-${random.hex(6)}`;
    write(`tools/notebook-viewer/node_modules/${name}/package.json`, vendoredPackageJson(random, name), false);
    if (i % 10 === 0) write(`tools/notebook-viewer/node_modules/${name}/.github/workflows/ci.yml`, 'name: ci\non: push\njobs: {}\n', false);
  }
  for (let i = 0; i < 200; i++) {
    const random = Prng.forItem(seed, STREAM.ignored, i);
    write(`mlruns/${i % 12}/${random.hex(32)}/meta.json`, mlrunsMetaJson(random, i % 12), false);
    if (i % 20 === 0) {
      const project = PROJECTS[i % PROJECTS.length]!;
      write(`scratch/${project}-${i}.ipynb`, buildNotebook(random, { project, plant: 'aws-key-pair-in-output' }, images), false);
    }
  }
  write('configs/dev.local.json', '{"aws_secret_access_key": "ignored by *.local.json"}\n', false);
  return repo;
}
