// URLs: HTTP(S) GET with a timeout, a size limit (checked on Content-Length and while streaming),
// redirects followed (at most `maxRedirects`), the charset taken from Content-Type.
import { TruceError } from '../model/errors.ts';

export interface Fetched {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string;
  charset: string | null;
  bytes: Uint8Array;
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Extra request headers (e.g. If-None-Match for feed polling). */
  headers?: Record<string, string>;
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

export async function fetchUrl(url: string, opts: FetchOptions): Promise<Fetched> {
  const timeoutMs = opts.timeoutMs ?? 20000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(new Error('timeout')), timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      let res: Response;
      try {
        res = await fetch(current, {
          redirect: 'manual',
          signal: ctrl.signal,
          headers: { 'user-agent': opts.userAgent ?? 'truce-monitor/0.1 (+offline ceasefire monitor)', accept: '*/*', ...opts.headers },
        });
      } catch (e) {
        const why = ctrl.signal.aborted ? `timed out after ${timeoutMs} ms` : `cannot fetch: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`;
        throw new TruceError('FETCH_FAILED', url, why);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        if (hop >= maxRedirects) throw new TruceError('FETCH_FAILED', url, `more than ${maxRedirects} redirects`);
        current = new URL(res.headers.get('location')!, current).href;
        continue;
      }
      if (res.status === 304) {
        return { url, finalUrl: current, status: 304, contentType: '', charset: null, bytes: new Uint8Array(0) };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new TruceError('FETCH_FAILED', url, `HTTP ${res.status} ${res.statusText}`.trim());
      }
      const len = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(len) && len > opts.maxBytes) {
        await res.body?.cancel();
        throw new TruceError('TOO_LARGE', url, `${len} bytes is over the size limit of ${opts.maxBytes} bytes (raise it with --max-size)`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (res.body) {
        const reader = res.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.byteLength;
            if (total > opts.maxBytes) {
              await reader.cancel();
              throw new TruceError('TOO_LARGE', url, `more than ${opts.maxBytes} bytes, the size limit (raise it with --max-size)`);
            }
            chunks.push(value);
          }
        } catch (e) {
          if (e instanceof TruceError) throw e;
          const why = ctrl.signal.aborted ? `timed out after ${timeoutMs} ms` : `connection failed: ${(e as Error).message}`;
          throw new TruceError('FETCH_FAILED', url, why);
        }
      }
      const bytes = new Uint8Array(total);
      let o = 0;
      for (const c of chunks) { bytes.set(c, o); o += c.byteLength; }
      const contentType = res.headers.get('content-type') ?? '';
      const cs = /charset\s*=\s*"?([\w-]+)/i.exec(contentType);
      return {
        url, finalUrl: current, status: res.status, contentType: contentType.toLowerCase(), charset: cs ? cs[1] : null, bytes,
        etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'),
      };
    }
  } finally {
    clearTimeout(timer);
  }
}
