import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/spec';
import { abortableSleep, backoffDelay, codeForHttpStatus, httpStatusError, isRetryableStatus, retryAfterMs } from './http-retry.ts';

describe('http-retry', () => {
  it('sleeps, and rejects with the signal reason when aborted before or during', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    const reason = new HearthError({ code: 'aborted', message: 'stop' });
    await expect(abortableSleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('doubles the delay per attempt, capped, with jitter in [0.5, 1)', () => {
    expect(backoffDelay(1, { baseMs: 250, random: () => 0 })).toBe(125);
    expect(backoffDelay(3, { baseMs: 250, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(10, { baseMs: 250, maxMs: 8000, random: () => 0 })).toBe(4000);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2, { baseMs: 100 });
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(200);
    }
  });

  it('maps statuses to codes for APIs and for file downloads', () => {
    expect([400, 404, 410, 422, 429, 408, 504, 500, 503, 401].map((s) => codeForHttpStatus(s))).toEqual([
      'invalid_request',
      'model_not_found',
      'model_not_found',
      'invalid_request',
      'rate_limited',
      'timeout',
      'timeout',
      'upstream',
      'upstream',
      'upstream',
    ]);
    expect([404, 410, 408, 429, 500, 403, 400].map((s) => codeForHttpStatus(s, 'file'))).toEqual([
      'model_not_found',
      'model_not_found',
      'network',
      'network',
      'network',
      'upstream',
      'upstream',
    ]);
    expect([408, 429, 500, 599].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 404, 416].some(isRetryableStatus)).toBe(false);
  });

  it('builds the HearthError with the status, the URL and a retry flag from the status', () => {
    const e = httpStatusError(503, { url: 'http://x/m.gguf', resource: 'file' });
    expect(e).toMatchObject({
      code: 'network',
      message: 'http://x/m.gguf answered HTTP 503.',
      isRetryable: true,
      data: { url: 'http://x/m.gguf', status: 503 },
    });
    const kept = httpStatusError(400, { code: 'output_invalid', message: 'bad', data: { param: 'x' } });
    expect(kept).toMatchObject({ code: 'output_invalid', message: 'bad', isRetryable: false, data: { status: 400, param: 'x' } });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'Retry-After': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'Retry-After': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});
