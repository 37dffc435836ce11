import { advisoriesFor, describeUpgrade } from '../../advisories/advisories.js';
import vulnerableVersion from '../checks/vulnerable-version.js';
import openCors from '../checks/open-cors.js';
import { SERVICE_NAMES, type ServiceKind } from '../identify.js';
import type { ProbeTarget } from '../target.js';

export const EVIL_ORIGIN = 'https://evil.example';

/** Reports the advisories that apply to the version a running service gave. */
export function checkVersion(target: ProbeTarget, service: ServiceKind, packageName: string, version: string | undefined, request: string): void {
  if (!version) return;
  const affected = advisoriesFor(packageName, version);
  if (!affected) return;
  const ids = affected.advisories.map((advisory) => advisory.cve ?? advisory.ghsa);
  target.report(vulnerableVersion, {
    url: target.url(request.split(' ')[1]!),
    request,
    severity: affected.severity,
    message: `${SERVICE_NAMES[service]} at ${target.target} reports ${packageName} ${version}, which ${ids.length === 1 ? 'has a known advisory' : `has ${ids.length} known advisories`} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}); ${describeUpgrade(affected)}.`,
    evidence: `${request} -> HTTP 200, version ${version}`,
    blastRadius: `Anyone who reaches ${target.base.host} can try the published exploits for ${packageName} ${version}.`,
    identity: `${packageName}@${version}`,
    recommendation: `Upgrade ${packageName}: ${describeUpgrade(affected)}, then redeploy the server.`,
    notes: affected.advisories.slice(0, 5).map((advisory) => `${advisory.ghsa}${advisory.cve ? ` (${advisory.cve})` : ''}: ${advisory.summary} ${advisory.url}`),
  });
}

/**
 * Sends an OPTIONS preflight and a GET with a foreign Origin to `path`, and reports the service when
 * Access-Control-Allow-Origin is `*` or echoes the foreign origin.
 */
export async function checkCors(target: ProbeTarget, service: ServiceKind, path: string): Promise<void> {
  const url = target.url(path);
  const attempts: Array<{ method: 'OPTIONS' | 'GET'; headers: Record<string, string> }> = [
    { method: 'OPTIONS', headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'GET' } },
    { method: 'GET', headers: { origin: EVIL_ORIGIN } },
  ];
  for (const attempt of attempts) {
    let response;
    try {
      response = await target.client.request(url, attempt);
    } catch {
      continue;
    }
    const allowed = response.headers.get('access-control-allow-origin');
    if (allowed !== '*' && allowed !== EVIL_ORIGIN) continue;
    const credentials = response.headers.get('access-control-allow-credentials') === 'true';
    target.report(openCors, {
      url,
      request: `${attempt.method} ${path}`,
      severity: credentials && allowed === EVIL_ORIGIN ? 'critical' : undefined,
      message: `${SERVICE_NAMES[service]} at ${target.target} allows cross-origin calls from any web origin: a request from ${EVIL_ORIGIN} was answered with Access-Control-Allow-Origin: ${allowed}${credentials ? ' and credentials allowed' : ''}. Any web page a user of this service opens can call its API from the user's browser.`,
      evidence: `${attempt.method} ${path} with Origin: ${EVIL_ORIGIN} -> HTTP ${response.status}, Access-Control-Allow-Origin: ${allowed}${credentials ? ', Access-Control-Allow-Credentials: true' : ''}`,
      blastRadius: `Web pages on any site, through the browsers of users who can reach ${target.base.host}.`,
      identity: `cors:${path}`,
    });
    return;
  }
}
