import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentArtifact, Workload } from '../../artifacts/deploy/deployment.js';
import { analyzeArtifact } from '../../core/analyze.js';
import { LineIndex } from '../../text/line-index.js';
import { positionOf } from '../../testing/rule-test-kit.js';
import { RULES } from '../index.js';

// The deployment readers (compose, Kubernetes) turn a container's command into words with spans; the
// Jupyter server rules read the Jupyter options among them. The artifact is built here the way those
// readers build it, so these tests do not depend on them.

const word = (text: string, value: string, from = 0) => {
  const start = text.indexOf(value, from);
  assert.notEqual(start, -1, value);
  return { value, start, end: start + value.length, pointer: '' };
};

function compose(text: string, service: string, argv: string[], options: { hostIp?: string; env?: Array<[string, string]> } = {}): DeploymentArtifact {
  const words = argv.map((value) => word(text, value));
  const portAt = text.indexOf('8888:8888');
  // As the compose reader does: a port published beyond loopback is an exposure.
  const published = portAt !== -1 && !/^127\./.test(options.hostIp ?? '');
  const workload: Workload = {
    name: service,
    kind: 'compose-service',
    labels: {},
    pointer: `services.${service}`,
    start: 0,
    end: text.length,
    exposures: published ? [{ kind: 'published-port', ports: [8888], start: portAt, end: portAt + 9, pointer: '', description: 'container port 8888 published on host port 8888 of every host interface (0.0.0.0)' }] : [],
    containers: [
      {
        name: service,
        pointer: `services.${service}`,
        start: 0,
        end: text.length,
        argv: words,
        env: (options.env ?? []).map(([name, value]) => ({ name, ...word(text, name), value: word(text, value, text.indexOf(name)) })),
        envFrom: [],
        ports: portAt === -1 ? [] : [{ containerPort: 8888, hostPort: 8888, hostIp: options.hostIp, start: portAt, end: portAt + 9, pointer: '' }],
      },
    ],
  };
  return { kind: 'deployment', format: 'compose', file: 'docker-compose.yml', text, lines: new LineIndex(text), workloads: [workload], notes: [] };
}

const jupyterFindings = (artifact: DeploymentArtifact) => analyzeArtifact(artifact, RULES).filter((finding) => finding.ruleId.startsWith('jupyter'));

const OPEN = `services:
  lab:
    image: quay.io/jupyter/pytorch-notebook:2024-10-07
    command: ["start-notebook.py", "--IdentityProvider.token=", "--ServerApp.allow_origin=*", "--allow-root"]
    ports:
      - "8888:8888"
`;

test('an open compose Jupyter service published on every interface: CORS and root here, the missing login once, by deploy/exposed-without-auth', () => {
  const artifact = compose(OPEN, 'lab', ['start-notebook.py', '--IdentityProvider.token=', '--ServerApp.allow_origin=*', '--allow-root']);
  const findings = jupyterFindings(artifact);
  const byRule = Object.fromEntries(findings.map((finding) => [finding.ruleId, finding]));
  assert.deepEqual(Object.keys(byRule).sort(), ['jupyter/open-cors', 'jupyter/runs-as-root']);
  assert.match(byRule['jupyter/runs-as-root']!.fix!.snippet, /user: "1000:100"/);
});

test('published on 127.0.0.1 only: the empty token is reported here, in the container, with a compose fix', () => {
  const text = OPEN.replace('"8888:8888"', '"127.0.0.1:8888:8888"');
  const artifact = compose(text, 'lab', ['start-notebook.py', '--IdentityProvider.token='], { hostIp: '127.0.0.1' });
  const auth = jupyterFindings(artifact).find((finding) => finding.ruleId === 'jupyter/no-authentication')!;
  assert.equal(auth.line, positionOf(text, '--IdentityProvider.token=').line);
  assert.equal(auth.location.yamlPath, 'services.lab');
  assert.match(auth.message, /`--IdentityProvider\.token=` in the container lab turns token authentication off/);
  assert.equal(auth.fix!.language, 'yaml');
  assert.match(auth.fix!.snippet, /JUPYTER_TOKEN: \$\{JUPYTER_TOKEN:\?/);
});

test('published on 127.0.0.1 only: still no login, but high instead of critical', () => {
  const text = OPEN.replace('"8888:8888"', '"127.0.0.1:8888:8888"');
  const artifact = compose(text, 'lab', ['start-notebook.py', '--IdentityProvider.token='], { hostIp: '127.0.0.1' });
  const auth = jupyterFindings(artifact).find((finding) => finding.ruleId === 'jupyter/no-authentication')!;
  assert.equal(auth.severity, 'high');
});

test('a token from the environment or no Jupyter command at all: nothing to report', () => {
  const text = `services:
  lab:
    image: quay.io/jupyter/pytorch-notebook:2024-10-07
    command: ["start-notebook.py", "--ServerApp.root_dir=/work"]
    environment:
      JUPYTER_TOKEN: \${JUPYTER_TOKEN:?set it}
    ports:
      - "8888:8888"
`;
  assert.deepEqual(jupyterFindings(compose(text, 'lab', ['start-notebook.py', '--ServerApp.root_dir=/work'], { env: [['JUPYTER_TOKEN', '${JUPYTER_TOKEN:?set it}']] })), []);
  const mlflow = 'services:\n  mlflow:\n    command: ["mlflow", "server", "--ServerApp.token="]\n';
  assert.deepEqual(jupyterFindings(compose(mlflow, 'mlflow', ['mlflow', 'server', '--ServerApp.token='])), []);
});

test('a sh -c script that starts jupyter lab is read inside the script, with exact positions', () => {
  const text = `services:
  lab:
    command: ["sh", "-c", "pip install -r /work/requirements.txt && jupyter lab --ip=0.0.0.0 --NotebookApp.token='' --NotebookApp.disable_check_xsrf=True"]
    ports:
      - "127.0.0.1:8888:8888"
`;
  const script = "pip install -r /work/requirements.txt && jupyter lab --ip=0.0.0.0 --NotebookApp.token='' --NotebookApp.disable_check_xsrf=True";
  const artifact = compose(text, 'lab', ['sh', '-c', script], { hostIp: '127.0.0.1' });
  const findings = jupyterFindings(artifact);
  const auth = findings.find((finding) => finding.ruleId === 'jupyter/no-authentication')!;
  assert.equal(auth.column, positionOf(text, "--NotebookApp.token=''").column);
  assert.ok(findings.some((finding) => finding.ruleId === 'jupyter/xsrf-disabled'));
});
