import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// Request checks of the lab server: the access token (query on first load, then an HttpOnly cookie or a
// Bearer header), the Host header (against DNS rebinding), CSRF (a per-session token plus Origin and
// Sec-Fetch-Site checks), security headers and the request body limit.

export const MAX_BODY_BYTES = 256 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  // The first URL carries the token: never send it on as a Referer.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  response.setHeader('Cache-Control', 'no-store');
}

export interface Guard {
  token: string;
  cookieName: string;
  csrfToken: string;
  allowedHosts: Set<string>;
  allowedOrigins: Set<string>;
}

export function makeGuard(token: string, host: string, port: number): Guard {
  const names = isLoopback(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  const allowedHosts = new Set(names.map((name) => `${name}:${port}`));
  const allowedOrigins = new Set([...allowedHosts].map((entry) => `http://${entry}`));
  // Cookies do not keep ports apart: one name per port so two lab servers on one machine do not collide.
  const cookieName = `mlops_audit_lab_${port}`;
  const csrfToken = createHmac('sha256', token).update('csrf').digest('base64url');
  return { token, cookieName, csrfToken, allowedHosts, allowedOrigins };
}

function cookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export function checkHost(guard: Guard, request: IncomingMessage): void {
  const host = request.headers.host;
  if (!host || !guard.allowedHosts.has(host.toLowerCase())) throw new HttpError(400, 'bad-host', 'unexpected Host header: open the lab at the URL it printed');
}

/** The credential the request carries: Bearer header, then cookie. */
export function authenticated(guard: Guard, request: IncomingMessage): boolean {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return sameSecret(header.slice(7).trim(), guard.token);
  return sameSecret(cookie(request, guard.cookieName), guard.token);
}

export function sessionCookie(guard: Guard): string {
  return `${guard.cookieName}=${guard.token}; HttpOnly; SameSite=Strict; Path=/`;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function checkCsrf(guard: Guard, request: IncomingMessage): void {
  if (!STATE_CHANGING.has(request.method ?? '')) return;
  const origin = request.headers.origin;
  if (origin !== undefined && !guard.allowedOrigins.has(origin)) throw new HttpError(403, 'bad-origin', `requests from ${origin} are refused`);
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'bad-origin', 'cross-site requests are refused');
  const given = request.headers['x-csrf-token'];
  if (!sameSecret(typeof given === 'string' ? given : undefined, guard.csrfToken)) throw new HttpError(403, 'csrf', 'missing or wrong X-CSRF-Token header: get it from GET /api/session');
}

/** Reads a JSON body of at most MAX_BODY_BYTES; 413 past that, 415 for another content type, 400 for bad JSON. */
export async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'too-large', `the request body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  if (type !== 'application/json') throw new HttpError(415, 'unsupported-media-type', 'send the body as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'too-large', `the request body is larger than ${MAX_BODY_BYTES / 1024} KB`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'invalid-json', 'the request body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid-json', `the request body is not valid JSON: ${(error as Error).message}`);
  }
}
