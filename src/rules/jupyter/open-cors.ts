import type { JupyterSetting } from '../../artifacts/jupyter/jupyter-config.js';
import { frameworks } from '../../core/frameworks.js';
import { defineRule } from '../../core/rule.js';
import { authState } from './settings.js';
import { appClass, configSnippet, inContainer, jupyterTargets, locationOf, written } from './targets.js';

// Origins an attacker controls: a pattern that accepts these accepts any site.
const PROBES = ['https://attacker.invalid', 'http://198.51.100.7:8080', 'null'];

/** True when `allow_origin_pat` (a Python regular expression matched at the start of the Origin header) accepts any site. */
export function patternMatchesAnything(pattern: string): boolean {
  if (pattern.trim() === '') return false; // an empty pattern means "not set" to Jupyter
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})`);
  } catch {
    return false;
  }
  return PROBES.every((origin) => regex.test(origin)) || (regex.test(PROBES[0]!) && regex.test(PROBES[1]!));
}

export default defineRule({
  id: 'jupyter/open-cors',
  artifact: ['jupyter-config', 'deployment'],
  title: 'Jupyter server allows cross-origin requests from any website',
  category: 'public-exposure',
  severity: 'high',
  confidence: 'high',
  frameworks: frameworks('OWASP-LLM-2025:LLM02:2025', 'OWASP-ML-2023:ML05:2023', 'MITRE-ATLAS:AML.T0049', 'NIST-AI-RMF:MEASURE 2.7', 'ISO-42001:A.6.2.5', 'CWE:CWE-942', 'CWE:CWE-284'),
  control:
    'Leave `allow_origin` unset (same-origin only) or list the exact origin of the one front end that needs the API (`c.ServerApp.allow_origin = \'https://lab.example.com\'`); never `*` or a pattern like `.*`, and never together with `allow_credentials = True`.',
  docs: {
    summary:
      'Reports a Jupyter Server or classic Notebook configuration whose `allow_origin` is `*`, or whose `allow_origin_pat` is a regular expression that accepts any origin (`.*`, `.+`, `https?://.*`). Jupyter matches `allow_origin_pat` against the start of the Origin header, so the rule tests the pattern against origins an attacker could own. `allow_credentials = True` next to a wide origin is named in the finding: browsers then send the user\'s Jupyter cookies with another site\'s requests. The same options on a container\'s Jupyter command line (compose, Kubernetes) are reported too.',
    risk:
      'The CORS headers decide which websites may call the Jupyter REST and WebSocket API from a user\'s browser and read the answers. With any origin allowed, a page the user visits while logged in (or any page at all, when the server has no token) can list and download notebooks, start a kernel and run code on the server, all from the victim\'s browser, behind the firewall the server relied on.',
    bad: { language: 'python', code: "c.ServerApp.allow_origin = '*'\nc.ServerApp.allow_credentials = True" },
    good: { language: 'python', code: "# only the front end that embeds the server\nc.ServerApp.allow_origin = 'https://lab.example.com'" },
    references: [
      { title: 'Jupyter Server config: allow_origin and allow_origin_pat', url: 'https://jupyter-server.readthedocs.io/en/latest/other/full-config.html' },
      { title: 'MDN: Cross-Origin Resource Sharing', url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS' },
    ],
  },
  check({ artifact, report }) {
    for (const target of jupyterTargets(artifact)) {
      if (target.flavor === 'hub') continue;
      const view = target.view;
      const origin = view.server('allow_origin');
      const pattern = view.server('allow_origin_pat');
      const credentials = view.server('allow_credentials');
      const withCredentials = credentials?.literal === true;
      const auth = authState(view);
      const wide: Array<{ setting: JupyterSetting; what: string }> = [];
      if (origin && typeof origin.literal === 'string' && origin.literal.trim() === '*') wide.push({ setting: origin, what: 'any origin (`*`)' });
      if (pattern && typeof pattern.literal === 'string' && patternMatchesAnything(pattern.literal)) wide.push({ setting: pattern, what: `any origin (the pattern \`${pattern.literal}\` matches every site)` });
      for (const { setting, what } of wide) {
        const app = appClass(target, setting);
        const fix = configSnippet(target, `c.${app}.allow_origin = 'https://lab.example.com'  # the one front end that needs the API\n# no allow_origin_pat, no allow_credentials`, {
          [app]: { allow_origin: 'https://lab.example.com' },
        });
        report({
          start: setting.start,
          end: setting.end,
          location: locationOf(target, setting),
          message: `\`${written(target, setting)}\`${inContainer(target)} lets ${what} call the Jupyter API from a browser and read the answers${withCredentials ? ', and `allow_credentials = True` makes browsers send the user\'s Jupyter cookies with those requests' : ''}${auth.state === 'off' ? '; the server has no token or password either' : ''}.`,
          evidence: `${setting.key} = ${JSON.stringify(setting.literal)}${withCredentials ? '; allow_credentials = True' : ''}`,
          blastRadius: `Any website a user of this server opens can, through the user's browser, list and download notebooks and data, start kernels and run code on the server${auth.state === 'off' ? ' (no login stands in the way)' : withCredentials ? ' with the user\'s session' : ' once it has a token or session'}.`,
          identity: `${target.container ? `${target.container.name}:` : ''}${setting.key}:wide`,
          recommendation: 'Remove the wildcard: leave `allow_origin` unset so only the server\'s own pages call its API, or name the exact origin that embeds it; drop `allow_credentials` unless that origin needs cookies.',
          fix: { description: 'CORS limited to one named origin', ...fix },
          notes: withCredentials ? ['`allow_credentials = True` together with a wide origin is what lets another site act with the user\'s session.'] : undefined,
        });
      }
    }
  },
});
