import { describe, expect, it } from 'vitest';
import { HearthError } from './hearth-error.ts';

describe('HearthError', () => {
  it('survives structured cloning (a Worker boundary) with code, hint, data and cause', () => {
    const original = new HearthError({
      code: 'quota_exceeded',
      message: 'Needs 2 GB, 1 GB free.',
      hint: 'Free space.',
      data: { needed: 2e9 },
      cause: new RangeError('boom'),
    });
    const rebuilt = HearthError.fromJSON(structuredClone(original.toJSON()));
    expect(rebuilt).toBeInstanceOf(HearthError);
    expect(rebuilt).toMatchObject({
      code: 'quota_exceeded',
      message: 'Needs 2 GB, 1 GB free.',
      hint: 'Free space.',
      data: { needed: 2e9 },
      isRetryable: false,
    });
    expect(rebuilt.cause).toMatchObject({ name: 'RangeError', message: 'boom' });
  });

  it('names cancellation AbortError, as fetch does', () => {
    const aborted = HearthError.from(new DOMException('stop', 'AbortError'));
    expect(aborted.code).toBe('aborted');
    expect(aborted.name).toBe('AbortError');
    expect(HearthError.fromJSON(aborted.toJSON()).name).toBe('AbortError');
  });

  it('marks transient failures retryable and keeps unknown errors as internal', () => {
    expect(new HearthError({ code: 'network', message: 'x' }).isRetryable).toBe(true);
    expect(new HearthError({ code: 'invalid_request', message: 'x' }).isRetryable).toBe(false);
    expect(HearthError.from('weird').code).toBe('internal');
    expect(HearthError.isInstance(new Error('x'))).toBe(false);
    expect(HearthError.isSerialized(new HearthError({ code: 'timeout', message: 't' }).toJSON())).toBe(true);
  });
});
