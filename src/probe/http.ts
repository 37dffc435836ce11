// The probe's only way onto the network: read-only methods unless explicitly allowed, a timeout per
// request, a cap on how much of a body is read, redirects followed by hand (same host only, at most 3)
// and a limit on requests in flight.

export const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_BODY = 256 * 1024;
export const MAX_REDIRECTS = 3;
export const DEFAULT_CONCURRENCY = 4;

export interface ProbeResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The body was longer than the cap; only the first part was read. */
  truncated: boolean;
  /** The URL that answered, after same-host redirects. */
  url: string;
}

export interface ProbeRequestLog {
  method: string;
  url: string;
  status?: number;
}

export interface ProbeClientOptions {
  timeoutMs?: number;
  maxBody?: number;
  concurrency?: number;
  allowUnsafeMethods?: boolean;
}

/** A request the probe refused to send or could not complete; `kind` is machine-readable. */
export class ProbeNetworkError extends Error {
  constructor(
    message: string,
    readonly kind: 'unreachable' | 'tls' | 'timeout' | 'redirect' | 'unsafe-method' | 'network',
  ) {
    super(message);
  }
}

export class ProbeClient {
  readonly log: ProbeRequestLog[] = [];
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly timeoutMs: number;
  private readonly maxBody: number;
  private readonly concurrency: number;
  private readonly allowUnsafe: boolean;

  constructor(options: ProbeClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
    this.allowUnsafe = options.allowUnsafeMethods ?? false;
  }

  get unsafeAllowed(): boolean {
    return this.allowUnsafe;
  }

  async request(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<ProbeResponse> {
    const method = (init.method ?? 'GET').toUpperCase();
    if (!this.allowUnsafe && !(SAFE_METHODS as readonly string[]).includes(method)) {
      throw new ProbeNetworkError(`${method} is not sent without --allow-unsafe-methods`, 'unsafe-method');
    }
    await this.acquire();
    try {
      let current = new URL(url);
      const origin = current.host;
      for (let hop = 0; ; hop++) {
        const entry: ProbeRequestLog = { method, url: current.href };
        this.log.push(entry);
        const response = await this.fetchOnce(current, method, init.headers ?? {});
        entry.status = response.status;
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel().catch(() => undefined);
          const next = new URL(location, current);
          if (next.host !== origin || (next.protocol !== current.protocol && next.protocol !== 'https:')) {
            throw new ProbeNetworkError(`${current.pathname} redirects to another host (${next.host}); not followed`, 'redirect');
          }
          if (hop >= MAX_REDIRECTS) throw new ProbeNetworkError(`more than ${MAX_REDIRECTS} redirects from ${new URL(url).pathname}`, 'redirect');
          current = next;
          continue;
        }
        const { body, truncated } = method === 'HEAD' ? { body: '', truncated: false } : await this.readCapped(response);
        return { status: response.status, headers: response.headers, body, truncated, url: current.href };
      }
    } finally {
      this.release();
    }
  }

  /** GET, returning undefined instead of throwing for a refused or failed request. */
  async tryGet(url: string, headers?: Record<string, string>): Promise<ProbeResponse | undefined> {
    try {
      return await this.request(url, { method: 'GET', headers });
    } catch (error) {
      if (error instanceof ProbeNetworkError && (error.kind === 'unreachable' || error.kind === 'tls')) throw error;
      return undefined;
    }
  }

  private async fetchOnce(url: URL, method: string, headers: Record<string, string>): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return await fetch(url, { method, headers: { 'user-agent': 'mlops-audit-probe', ...headers }, redirect: 'manual', signal: controller.signal });
    } catch (error) {
      throw classify(error, url, this.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readCapped(response: Response): Promise<{ body: string; truncated: boolean }> {
    if (!response.body) return { body: '', truncated: false };
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    const timer = setTimeout(() => void reader.cancel().catch(() => undefined), this.timeoutMs);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.byteLength;
        if (size >= this.maxBody) {
          truncated = true;
          await reader.cancel().catch(() => undefined);
          break;
        }
      }
    } catch {
      truncated = true;
    } finally {
      clearTimeout(timer);
    }
    const all = Buffer.concat(chunks).subarray(0, this.maxBody);
    return { body: all.toString('utf8'), truncated };
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function classify(error: unknown, url: URL, timeoutMs: number): ProbeNetworkError {
  if ((error as Error).name === 'AbortError') return new ProbeNetworkError(`no answer from ${url.host} within ${timeoutMs} ms`, 'timeout');
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  if (/CERT|SSL|TLS|ERR_SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH/i.test(code) || /certificate|tls|ssl/i.test(cause?.message ?? '')) {
    return new ProbeNetworkError(`TLS handshake with ${url.host} failed (${code || cause?.message})`, 'tls');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ProbeNetworkError(`${url.hostname} does not resolve (${code})`, 'unreachable');
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ECONNRESET') {
    return new ProbeNetworkError(`${url.host} is unreachable (${code})`, 'unreachable');
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new ProbeNetworkError(`connecting to ${url.host} timed out`, 'unreachable');
  return new ProbeNetworkError(`request to ${url.host} failed (${code || cause?.message || (error as Error).message})`, 'network');
}
