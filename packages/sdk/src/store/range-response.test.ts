import { describe, expect, it } from 'vitest';
import { classifyRangeResponse, type RangeAsk } from './range-response.ts';

const sha = 'a'.repeat(64);
const other = 'b'.repeat(64);
const ask: RangeAsk = { url: 'http://h/m.gguf', start: 100, end: 200, size: 1000, validator: null, sha256: sha };
const range = (a: number, b: number, total: number | '*' = 1000): string => `bytes ${a}-${b}/${total}`;

describe('classifyRangeResponse', () => {
  it('reads a 206 with the asked range, adopting a strong ETag and never a weak one', () => {
    expect(classifyRangeResponse(ask, { status: 206, etag: '"v1"', contentRange: range(100, 199) })).toEqual({ kind: 'body', validator: '"v1"' });
    expect(classifyRangeResponse(ask, { status: 206, etag: 'W/"v1"', contentRange: range(100, 199) })).toEqual({ kind: 'body', validator: null });
    expect(classifyRangeResponse(ask, { status: 206, etag: null, contentRange: range(100, 199, '*') })).toEqual({ kind: 'body', validator: null });
    expect(classifyRangeResponse({ ...ask, validator: '"v1"' }, { status: 206, etag: '"v1"', contentRange: range(100, 199) })).toEqual({
      kind: 'body',
      validator: '"v1"',
    });
  });

  it('a 200 is the whole file only when the whole file was asked; else Range is unsupported, or (with a validator) the file changed', () => {
    expect(classifyRangeResponse({ ...ask, start: 0, end: 1000 }, { status: 200, etag: '"v1"', contentRange: null })).toEqual({
      kind: 'body',
      validator: '"v1"',
    });
    expect(classifyRangeResponse(ask, { status: 200, etag: '"v1"', contentRange: null })).toMatchObject({ kind: 'refused', error: { code: 'unsupported' } });
    expect(classifyRangeResponse({ ...ask, validator: '"v1"' }, { status: 200, etag: '"v2"', contentRange: null })).toEqual({ kind: 'changed', etag: '"v2"' });
  });

  it('the file changed on the server: 416, another ETag than the one held, another size under a validator', () => {
    expect(classifyRangeResponse(ask, { status: 416, etag: '"v2"', contentRange: null })).toEqual({ kind: 'changed', etag: '"v2"' });
    expect(classifyRangeResponse({ ...ask, validator: '"v1"' }, { status: 206, etag: '"v2"', contentRange: range(100, 199) })).toEqual({
      kind: 'changed',
      etag: '"v2"',
    });
    expect(classifyRangeResponse({ ...ask, validator: '"v1"' }, { status: 206, etag: '"v1"', contentRange: range(100, 199, 999) })).toEqual({
      kind: 'changed',
      etag: '"v1"',
    });
  });

  it('refuses a wrong range (retryable), another size with no validator, and a hash ETag naming another file', () => {
    const wrong = classifyRangeResponse(ask, { status: 206, etag: '"v1"', contentRange: range(0, 99) });
    expect(wrong).toMatchObject({ kind: 'refused', error: { code: 'network' } });
    expect(wrong.kind === 'refused' && wrong.error.isRetryable).toBe(true);
    expect(classifyRangeResponse(ask, { status: 206, etag: null, contentRange: range(100, 199, 999) })).toMatchObject({
      kind: 'refused',
      error: { code: 'integrity_mismatch', data: { expectedSize: 1000, actualSize: 999 } },
    });
    const otherFile = classifyRangeResponse(ask, { status: 206, etag: `"sha256-${other}"`, contentRange: range(100, 199) });
    expect(otherFile).toMatchObject({
      kind: 'refused',
      error: { code: 'integrity_mismatch', data: { expected: sha, actual: other, reason: 'changed_on_server' } },
    });
    // Its own hash ETag is a validator like any other; with no hash to check, any ETag is.
    expect(classifyRangeResponse(ask, { status: 206, etag: `"sha256-${sha}"`, contentRange: range(100, 199) })).toEqual({
      kind: 'body',
      validator: `"sha256-${sha}"`,
    });
    expect(classifyRangeResponse({ ...ask, sha256: undefined }, { status: 206, etag: `"sha256-${other}"`, contentRange: range(100, 199) })).toMatchObject({
      kind: 'body',
    });
  });

  it('maps other statuses like every HTTP client of Hearth: 404 no model, 5xx and 429 retryable network, other 4xx not', () => {
    const answer = (status: number) => classifyRangeResponse(ask, { status, etag: null, contentRange: null });
    expect(answer(404)).toMatchObject({ kind: 'refused', error: { code: 'model_not_found', data: { status: 404 } } });
    for (const status of [500, 503, 429, 408]) {
      const v = answer(status);
      expect(v).toMatchObject({ kind: 'refused', error: { code: 'network' } });
      expect(v.kind === 'refused' && v.error.isRetryable).toBe(true);
    }
    const forbidden = answer(403);
    expect(forbidden).toMatchObject({ kind: 'refused', error: { code: 'upstream' } });
    expect(forbidden.kind === 'refused' && forbidden.error.isRetryable).toBe(false);
  });
});
