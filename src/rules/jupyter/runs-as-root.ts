import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { appClass, configSnippet, inContainer, jupyterTargets, locationOf, written } from './targets.js';

export default defineRule({
  id: 'jupyter/runs-as-root',
  artifact: ['jupyter-config', 'deployment'],
  title: 'Jupyter server is allowed to run as root',
  category: 'environment-isolation',
  severity: 'medium',
  confidence: 'medium',
  frameworks: frameworks('OWASP-LLM-2025:LLM06:2025', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-250'),
  control: 'Run the server as an unprivileged user (the docker-stacks images use `jovyan`, uid 1000; in Kubernetes `runAsNonRoot: true`) and drop `allow_root = True`, which exists only to let it start as root.',
  docs: {
    summary:
      'Reports `ServerApp.allow_root = True` or `NotebookApp.allow_root = True` (and `--allow-root` where command lines are read). Jupyter refuses to start as root unless this is set, so the setting says the server is meant to run as root, usually in a container.',
    risk:
      'Every kernel and terminal the server starts inherits its user. As root, code in a notebook (a malicious dependency, a poisoned model loaded with pickle, or a visitor of an unprotected server) can read every file in the container, install software, change the environment other users share and use the container runtime\'s weaknesses to reach the host.',
    bad: { language: 'python', code: 'c.ServerApp.allow_root = True' },
    good: { language: 'dockerfile', code: 'FROM quay.io/jupyter/scipy-notebook:2024-10-07\n# the image runs as jovyan (uid 1000); keep it that way\nUSER ${NB_UID}', note: 'Then drop `allow_root` from the config and `--allow-root` from the command.' },
    references: [
      { title: 'Jupyter Docker Stacks: running a container (user options)', url: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/running.html' },
      { title: 'Kubernetes: configure a security context for a pod', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
    ],
  },
  check({ artifact, report }) {
    for (const target of jupyterTargets(artifact)) {
      if (target.flavor === 'hub') continue;
      const setting = target.view.server('allow_root');
      if (!setting || setting.literal !== true) continue;
      const app = appClass(target, setting);
      report({
        start: setting.start,
        end: setting.end,
        location: locationOf(target, setting),
        message: `\`${written(target, setting)}\`${inContainer(target)} lets the server start as root, so every kernel and terminal it opens runs as root.`,
        evidence: `${setting.key} = True`,
        blastRadius: 'Code run in any notebook (including a malicious package or a pickled model) gets root in the container: every file, the environment other users share, and a shorter path to the host.',
        identity: `${target.container ? `${target.container.name}:` : ''}${setting.key}:true`,
        recommendation: 'Run Jupyter as an unprivileged user (uid 1000 in the docker-stacks images, `runAsNonRoot: true` in Kubernetes) and remove `allow_root`.',
        fix: { description: 'No root', ...configSnippet(target, `c.${app}.allow_root = False  # the default; run the container as uid 1000`, { [app]: { allow_root: false } }, '# drop --allow-root from the command and run as the image\'s unprivileged user\nuser: "1000:100"') },
      });
    }
  },
});
