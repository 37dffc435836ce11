import { findNodeAtLocation } from 'jsonc-parser';
import { ADVISORY_DATA, advisoriesFor, describeUpgrade, imageComponent, WATCHED_PACKAGES, type Affected } from '../../advisories/advisories.js';
import type { Artifact } from '../../artifacts/artifact.js';
import { normalisePackageName } from '../../artifacts/text/requirements-file.js';
import type { ArtifactLocation } from '../../core/finding.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule, type ReportInput } from '../../core/rule.js';

// MLflow, Jupyter and JupyterHub versions that published advisories cover, wherever a version is pinned:
// requirements files, Dockerfiles (FROM image tags, pip install pins), workflow job and service
// containers, compose and Kubernetes containers, and the lab's MLflow JSON config (mlflow_version).
// The advisory data is src/advisories/advisories.json, one reviewed file with its sources.

/** A pinned version found in a file, with where the version text is. */
interface Pin {
  package: string;
  version: string;
  start: number;
  end: number;
  location: ArtifactLocation;
  /** How it is pinned, for the message: "pinned in the requirements", "image tag". */
  how: string;
  /** Replacement shown in the fix, in the file's own syntax. */
  fixed: (version: string) => string;
  language: string;
}

const PIP_PIN = /(?<![\w.-])([A-Za-z][\w.-]*)(\[[^\]\s]*\])?\s*===?\s*([0-9][\w.!+-]*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)/g;
const VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

function requirementsPins(artifact: Extract<Artifact, { kind: 'requirements' }>): Pin[] {
  return artifact.requirements.flatMap((requirement) =>
    requirement.pinned && WATCHED_PACKAGES.has(requirement.name)
      ? [
          {
            package: requirement.name,
            version: requirement.pinned.value,
            start: requirement.pinned.start,
            end: requirement.pinned.end,
            location: {},
            how: 'pinned in the requirements',
            fixed: (version: string) => `${requirement.written.value}==${version}`,
            language: 'text',
          },
        ]
      : [],
  );
}

/** A Dockerfile ARG or ENV default: `ARG MLFLOW_VERSION=2.9.2`, with where its value is. */
interface Variable {
  value: string;
  start: number;
  end: number;
}

function dockerfilePins(artifact: Extract<Artifact, { kind: 'dockerfile' }>): Pin[] {
  const pins: Pin[] = [];
  const variables = new Map<string, Variable>();
  for (const instruction of artifact.instructions) {
    const args = instruction.args;
    if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') {
      // One or more NAME=value pairs (ENV's legacy `NAME value` form is not a version pin in practice).
      for (const match of args.value.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("?)([^\s"]+)\2/g)) {
        const at = args.start + match.index + match[1]!.length + 1 + match[2]!.length;
        variables.set(match[1]!, { value: match[3]!, start: at, end: at + match[3]!.length });
      }
    } else if (instruction.keyword === 'FROM') {
      const words = /^\s*(?:--\S+\s+)*(\S+)/.exec(args.value);
      if (!words) continue;
      const written = words[1]!;
      const referenceStart = args.start + words[0].length - written.length;
      // An image tag from a build argument: FROM ghcr.io/mlflow/mlflow:v${MLFLOW_VERSION}
      const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(written);
      const known = variable ? variables.get(variable[1]!) : undefined;
      const reference = variable && known ? written.replace(variable[0], known.value) : written;
      const component = imageComponent(reference);
      if (!component) continue;
      const fromVariable = variable && known && reference.slice(component.versionStart, component.versionEnd) === known.value;
      pins.push({
        package: component.package,
        version: component.version,
        start: fromVariable ? known.start : referenceStart + component.versionStart,
        end: fromVariable ? known.end : referenceStart + component.versionEnd,
        location: {},
        how: fromVariable ? `the image tag of ${written}, with ${variable[1]} = ${known.value}` : `the image tag of ${written}`,
        fixed: (version) => (fromVariable ? `ARG ${variable[1]}=${version}` : `FROM ${reference.slice(0, component.versionStart)}${version}${reference.slice(component.versionEnd)}`),
        language: 'dockerfile',
      });
    } else if (instruction.keyword === 'RUN' && /\b(pip3?|uv|pipx|poetry)\b/.test(args.value)) {
      for (const match of args.value.matchAll(PIP_PIN)) {
        const name = normalisePackageName(match[1]!);
        if (!WATCHED_PACKAGES.has(name)) continue;
        const written = match[3]!;
        const variable = VARIABLE.exec(written)?.[1];
        const known = variable ? variables.get(variable) : undefined;
        if (variable && !known) continue;
        const relative = match.index + match[0].length - written.length;
        const at = args.start + relative;
        pins.push({
          package: name,
          version: known?.value ?? written,
          start: known?.start ?? at,
          end: known?.end ?? at + written.length,
          location: {},
          how: known ? `pinned by pip install in the image build, with ${variable} = ${known.value}` : 'pinned by pip install in the image build',
          fixed: (version) => (known ? `ARG ${variable}=${version}` : `RUN ${args.value.slice(0, relative)}${version}${args.value.slice(relative + written.length)}`.trimEnd()),
          language: 'dockerfile',
        });
      }
    }
  }
  return pins;
}

function imagePin(text: string, reference: string, start: number, end: number, location: ArtifactLocation, where: string): Pin | undefined {
  const component = imageComponent(reference);
  if (!component) return undefined;
  const at = text.indexOf(reference, start);
  const base = at !== -1 && at <= end ? at : start;
  return {
    package: component.package,
    version: component.version,
    start: base + component.versionStart,
    end: base + component.versionEnd,
    location,
    how: `the image tag of ${reference} (${where})`,
    fixed: (version) => `image: ${reference.slice(0, component.versionStart)}${version}${reference.slice(component.versionEnd)}`,
    language: 'yaml',
  };
}

function workflowPins(artifact: Extract<Artifact, { kind: 'workflow' }>): Pin[] {
  const pins: Pin[] = [];
  for (const job of artifact.jobs) {
    for (const [spec, where] of [[job.container, `job ${job.id} container`], ...job.services.map((service) => [service, `job ${job.id} service ${service.id}`] as const)] as const) {
      const image = spec?.image;
      if (!image) continue;
      const pin = imagePin(artifact.text, image.value, image.start, image.end, { yamlPath: image.path }, where);
      if (pin) pins.push(pin);
    }
  }
  return pins;
}

function deploymentPins(artifact: Extract<Artifact, { kind: 'deployment' }>): Pin[] {
  const pins: Pin[] = [];
  for (const workload of artifact.workloads) {
    for (const container of workload.containers) {
      const image = container.image;
      if (!image) continue;
      const location: ArtifactLocation = artifact.format === 'compose' || !image.pointer.startsWith('/') ? { yamlPath: image.pointer || container.pointer } : { jsonPointer: image.pointer };
      const pin = imagePin(artifact.text, image.value, image.start, image.end, location, `${workload.name}, container ${container.name}`);
      if (pin) pins.push(pin);
    }
  }
  return pins;
}

/** The lab's MLflow JSON config: a top-level "mlflow_version" beside the server settings. */
function jsonPins(artifact: Extract<Artifact, { kind: 'json' }>): Pin[] {
  if (!artifact.text.includes('mlflow_version')) return [];
  const node = findNodeAtLocation(artifact.root, ['mlflow_version']);
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return [];
  return [
    {
      package: 'mlflow',
      version: node.value,
      start: node.offset,
      end: node.offset + node.length,
      location: { jsonPointer: '/mlflow_version' },
      how: 'recorded as mlflow_version in the config',
      fixed: (version) => `"mlflow_version": "${version}"`,
      language: 'json',
    },
  ];
}

function pinsOf(artifact: Artifact): Pin[] {
  switch (artifact.kind) {
    case 'requirements':
      return requirementsPins(artifact);
    case 'dockerfile':
      return dockerfilePins(artifact);
    case 'workflow':
      return workflowPins(artifact);
    case 'deployment':
      return deploymentPins(artifact);
    case 'json':
      return jsonPins(artifact);
    default:
      return [];
  }
}

const ROLE: Record<string, string> = {
  mlflow: 'the MLflow tracking server and model registry',
  'jupyter-server': 'the Jupyter server',
  notebook: 'the Jupyter Notebook server',
  jupyterlab: 'JupyterLab',
  jupyterhub: 'JupyterHub',
};

const IMPACT: Record<string, string> = {
  mlflow: 'whoever can reach the server can read or delete files on the host it runs on (its credentials and the model artifacts included) or tamper with registered models',
  'jupyter-server': 'users of the notebook server can be phished, have files leaked to another site or, on Windows, lose their password hash',
  notebook: 'anyone who can read the server logs can take over a logged-in notebook session and run code with its credentials',
  jupyterlab: 'users of JupyterLab are exposed to the flaws listed',
  jupyterhub: 'one hub user can act in other users\' sessions or raise their own rights, reaching every user\'s notebooks and the credentials in them',
};

export function describeAdvisories(affected: Affected): string {
  return affected.advisories.map((advisory) => `${advisory.cve ?? advisory.ghsa} (${advisory.ghsa}, ${advisory.severity})`).join(', ');
}

export default defineRule({
  id: 'supply-chain/vulnerable-mlops-version',
  artifact: ['requirements', 'dockerfile', 'workflow', 'deployment', 'json'],
  title: 'MLOps server version with published vulnerabilities',
  category: 'vulnerable-component',
  severity: 'critical',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM03:2025', 'OWASP-ML-2023:ML06:2023', 'MITRE-ATLAS:AML.T0010', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.4.4', 'CWE:CWE-1395'),
  control: 'Upgrade the MLflow, Jupyter or JupyterHub server to a release that fixes every listed advisory (the current release when you can), pin it exactly, and let a dependency bot or `pip-audit` in CI flag the next advisory.',
  docs: {
    summary: `Finds MLflow, jupyter-server, notebook and JupyterHub versions that published security advisories cover, wherever the version is pinned: \`==\` pins in requirements and constraints files, Dockerfile \`FROM\` image tags (\`ghcr.io/mlflow/mlflow:v2.9.2\`, \`bitnami/mlflow\`, \`jupyterhub/jupyterhub\`, the Jupyter Docker Stacks \`notebook-…\`, \`lab-…\` and \`hub-…\` tags) and \`pip install pkg==x\` lines, workflow job and service containers, compose and Kubernetes container images, and the \`mlflow_version\` of the lab's MLflow JSON config. The severity is that of the worst matching advisory. The advisory data is one reviewed file, \`src/advisories/advisories.json\` (reviewed ${ADVISORY_DATA.reviewed}, from the GitHub and PyPA advisory databases); ranges (\`>=2.9,<3\`) and unpinned versions are not judged.`,
    risk: 'A model registry or notebook server is where models, data and cloud credentials meet. The MLflow advisories of 2023 and 2024 let anyone who reaches the server read files from its host (cloud keys, the backend store password) or delete and replace artifacts; old Jupyter servers leak session tokens through logs or redirects. Unlike a misconfiguration, a published flaw comes with public exploit write-ups, so exposed old servers are found and attacked by scanners within days.',
    bad: { language: 'dockerfile', code: 'FROM ghcr.io/mlflow/mlflow:v2.9.2\nRUN pip install --no-cache-dir "jupyterhub==4.0.2" "notebook==6.4.8"' },
    good: {
      language: 'dockerfile',
      code: 'FROM ghcr.io/mlflow/mlflow:v2.16.2\nRUN pip install --no-cache-dir "jupyterhub==5.2.1" "notebook==7.2.2"',
      note: 'Pin the current release and let Dependabot or Renovate propose the next one; run `pip-audit -r requirements.txt` in CI.',
    },
    references: [
      { title: 'GitHub Advisory Database: mlflow', url: 'https://github.com/advisories?query=ecosystem%3Apip+mlflow' },
      { title: 'MLflow security policy and advisories', url: 'https://github.com/mlflow/mlflow/security' },
      { title: 'Jupyter security advisories', url: 'https://github.com/jupyter-server/jupyter_server/security' },
      { title: 'pip-audit', url: 'https://pypi.org/project/pip-audit/' },
    ],
  },
  check({ artifact, report }) {
    for (const pin of pinsOf(artifact)) {
      const affected = advisoriesFor(pin.package, pin.version);
      if (!affected) continue;
      const upgrade = describeUpgrade(affected);
      const target = affected.upgradeTo.inclusive ? affected.upgradeTo.version : `<a release later than ${affected.upgradeTo.version}>`;
      const count = affected.advisories.length;
      const input: ReportInput = {
        start: pin.start,
        end: pin.end,
        location: pin.location,
        severity: affected.severity,
        message: `${pin.package} ${pin.version} (${pin.how}) is covered by ${count} published advisor${count === 1 ? 'y' : 'ies'}: ${describeAdvisories(affected)}. ${affected.advisories[0]!.summary} Upgrade to ${upgrade}: that fixes ${count === 1 ? 'it' : 'all of them'}.`,
        evidence: `${pin.package} ${pin.version}`,
        blastRadius: `Runs ${ROLE[pin.package] ?? pin.package}: ${IMPACT[pin.package] ?? 'the flaws listed apply'}.`,
        identity: `${pin.package}@${pin.version}`,
        recommendation: `Upgrade ${pin.package} to ${upgrade} (prefer the current release) and keep the pin exact so a scanner can follow it.`,
        notes: affected.advisories.map((advisory) => `${advisory.ghsa}: ${advisory.summary} ${advisory.url}`),
        fix: { description: `${pin.package} upgraded past every listed advisory`, language: pin.language, snippet: pin.fixed(target) },
      };
      report(input);
    }
  },
});
