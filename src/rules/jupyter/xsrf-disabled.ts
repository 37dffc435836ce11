import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { authState } from './settings.js';
import { appClass, configSnippet, inContainer, jupyterTargets, locationOf, written } from './targets.js';

export default defineRule({
  id: 'jupyter/xsrf-disabled',
  artifact: ['jupyter-config', 'deployment'],
  title: 'Jupyter server has cross-site request forgery checks turned off',
  category: 'misconfiguration',
  severity: 'medium',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-352'),
  control: 'Remove `disable_check_xsrf = True` (the default, False, keeps the checks on); give API clients a token in the `Authorization` header, which needs no XSRF exemption.',
  docs: {
    summary:
      'Reports `ServerApp.disable_check_xsrf = True` or `NotebookApp.disable_check_xsrf = True` in a Jupyter Server or classic Notebook configuration (Python or JSON). High when the server also listens beyond loopback and users log in with a token or password (their browser then holds a session cookie other sites can ride on), medium otherwise. The same option on a container\'s Jupyter command line (compose, Kubernetes) is reported too.',
    risk:
      'Jupyter authenticates browsers with a cookie after the first login. The XSRF check is what stops another website from sending requests that carry that cookie: with it off, a page a data scientist opens can make their browser create files, change notebooks or start a kernel and run code on the server, with the data scientist\'s identity and without their knowledge.',
    bad: { language: 'python', code: 'c.ServerApp.disable_check_xsrf = True' },
    good: { language: 'python', code: "# XSRF checks stay on (the default); scripts use the Authorization header instead:\n#   curl -H 'Authorization: token $JUPYTER_TOKEN' https://lab.example.com/api/contents" },
    references: [
      { title: 'Jupyter Server: security in the Jupyter Server (XSRF)', url: 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html' },
      { title: 'OWASP: Cross Site Request Forgery', url: 'https://owasp.org/www-community/attacks/csrf' },
    ],
  },
  check({ artifact, report }) {
    for (const target of jupyterTargets(artifact)) {
      if (target.flavor === 'hub') continue;
      const view = target.view;
      const setting = view.server('disable_check_xsrf');
      if (!setting || setting.literal !== true) continue;
      const remote = target.remote;
      const auth = authState(view);
      // A limited route (internal load balancer) still brings logged-in browsers, whose cookie is what XSRF protects.
      const high = (remote !== undefined || target.restricted !== undefined) && auth.state !== 'off';
      const app = appClass(target, setting);
      report({
        start: setting.start,
        end: setting.end,
        location: locationOf(target, setting),
        severity: high ? 'high' : 'medium',
        message: `\`${written(target, setting)}\`${inContainer(target)} turns off the check that stops other websites from sending requests with a logged-in user's Jupyter cookie${high ? `; the server listens beyond loopback and users log in to it` : ''}.`,
        evidence: `${setting.key} = True`,
        blastRadius: 'A page a logged-in user opens can make their browser change notebooks and files or start a kernel and run code on the server, as that user.',
        identity: `${target.container ? `${target.container.name}:` : ''}${setting.key}:true`,
        recommendation: 'Delete the setting so XSRF checks stay on; scripts and other services should send the token in an `Authorization: token …` header, which does not need the exemption.',
        fix: { description: 'XSRF checks on', ...configSnippet(target, `c.${app}.disable_check_xsrf = False  # the default; or delete the line`, { [app]: { disable_check_xsrf: false } }) },
      });
    }
  },
});
