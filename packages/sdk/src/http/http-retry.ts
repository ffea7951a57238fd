import { HearthError, type HearthErrorCode } from '@hearth/spec';

/**
 * Retrying HTTP requests the same way everywhere: the remote engine, the model store's downloads,
 * the CLI's URL probe. Browser-safe; no Node built-ins.
 */

/**
 * Waits `ms`, or rejects with the signal's reason (an `AbortError`, as fetch rejects) as soon as
 * it aborts. Already aborted: rejects at once.
 *
 * @example await abortableSleep(backoffDelay(attempt, { baseMs: 250 }), signal)
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export interface BackoffOptions {
  /** The first delay; it doubles per attempt. */
  baseMs: number;
  /** The most any delay may be before jitter. Default: no cap. */
  maxMs?: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter: `min(maxMs, baseMs · 2^(attempt−1))`, times a factor in
 * [0.5, 1), so many clients that failed together do not come back together.
 *
 * @example backoffDelay(3, { baseMs: 250, maxMs: 8000 }) // between 500 and 1000
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxMs ?? Number.POSITIVE_INFINITY, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + (options.random ?? Math.random)() / 2));
}

/** Timeouts, rate limits and server errors are worth another try; other 4xx are the caller's to fix. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * What an HTTP status means as a HearthError code. An `api` is an OpenAI-compatible server (a
 * 400 is the request's fault, a 5xx the server's); a `file` is a model file being downloaded,
 * where any failure worth retrying is a network condition and a 404 means no such model.
 */
export type HttpResource = 'api' | 'file';

export function codeForHttpStatus(status: number, resource: HttpResource = 'api'): HearthErrorCode {
  if (status === 404 || status === 410) return 'model_not_found';
  if (resource === 'file') return isRetryableStatus(status) ? 'network' : 'upstream';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 422) return 'invalid_request';
  if (status === 408 || status === 504) return 'timeout';
  return 'upstream';
}

export interface HttpStatusErrorOptions {
  resource?: HttpResource;
  /** Default: "<url> answered HTTP <status>." */
  message?: string;
  hint?: string;
  /** A code the server itself gave that keeps its meaning across the hop; wins over the status. */
  code?: HearthErrorCode;
  data?: Record<string, unknown>;
  url?: string;
}

/**
 * The HearthError for a response that was not OK, retryable where the status says so, with the
 * status (and the URL, when given) in `data`.
 *
 * @example if (!response.ok) throw httpStatusError(response.status, { url, resource: 'file' })
 */
export function httpStatusError(status: number, options: HttpStatusErrorOptions = {}): HearthError {
  const where = options.url ?? 'The server';
  return new HearthError({
    code: options.code ?? codeForHttpStatus(status, options.resource),
    message: options.message ?? `${where} answered HTTP ${status}.`,
    retryable: isRetryableStatus(status),
    data: { ...(options.url === undefined ? {} : { url: options.url }), status, ...options.data },
    ...(options.hint === undefined ? {} : { hint: options.hint }),
  });
}

/**
 * A `Retry-After` header in milliseconds: delta-seconds or an HTTP date; undefined when absent
 * or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('Retry-After')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
