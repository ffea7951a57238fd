import { describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/spec';
import { toW3cError } from './w3c-errors.ts';
import { enumValue, languageAvailability, languageTags, minimumAvailability } from './w3c-options.ts';

describe('WebIDL conversions', () => {
  it('an unknown enum value is a TypeError; undefined takes the default', () => {
    expect(enumValue('SummarizerType', undefined, ['tldr', 'headline'], 'tldr')).toBe('tldr');
    expect(() => enumValue('SummarizerType', 'poem', ['tldr', 'headline'], 'tldr')).toThrow(TypeError);
  });

  it('language tags are canonicalized and deduplicated; a malformed one is a RangeError', () => {
    expect(languageTags('expectedInputLanguages', ['EN-us', 'en-US', 'ja'])).toEqual(['en-US', 'ja']);
    expect(() => languageTags('expectedInputLanguages', ['not a tag!'])).toThrow(RangeError);
    expect(() => languageTags('expectedInputLanguages', 'en')).toThrow(TypeError);
  });
});

describe('availability', () => {
  it('minimum availability orders unavailable < downloading < downloadable < available', () => {
    expect(minimumAvailability(['available', 'downloadable'])).toBe('downloadable');
    expect(minimumAvailability(['downloadable', 'downloading'])).toBe('downloading');
    expect(minimumAvailability(['downloading', 'unavailable'])).toBe('unavailable');
    expect(minimumAvailability([])).toBe('available');
  });

  it("a language the model's catalog entry lacks is unavailable; unknown support is not", () => {
    const english = new Set(['en']);
    expect(languageAvailability(['en-GB'], english)).toBe('available');
    expect(languageAvailability(['en', 'ja'], english)).toBe('unavailable');
    expect(languageAvailability(['ja'], undefined)).toBe('available');
  });
});

describe('toW3cError', () => {
  it("gives HearthErrors the drafts' names and keeps the HearthError as cause", () => {
    const unsupported = toW3cError(new HearthError({ code: 'unsupported', message: 'no' }), 'call') as DOMException;
    expect(unsupported).toBeInstanceOf(DOMException);
    expect(unsupported.name).toBe('NotSupportedError');
    expect((unsupported.cause as HearthError).code).toBe('unsupported');
    expect((toW3cError(new HearthError({ code: 'output_invalid', message: 'bad' }), 'call') as DOMException).name).toBe('SyntaxError');
    expect((toW3cError(new HearthError({ code: 'network', message: 'down' }), 'create') as DOMException).name).toBe('NetworkError');
    expect((toW3cError(new HearthError({ code: 'invalid_model', message: 'bad file' }), 'create') as DOMException).name).toBe('OperationError');
    expect((toW3cError(new HearthError({ code: 'engine_crashed', message: 'gone' }), 'call') as DOMException).name).toBe('UnknownError');
    expect((toW3cError(new HearthError({ code: 'aborted', message: 'stop' }), 'call') as DOMException).name).toBe('AbortError');
  });

  it('context_full is a QuotaExceededError with requested and quota', () => {
    const error = toW3cError(
      new HearthError({ code: 'context_full', message: 'full', data: { promptTokens: 900, contextSize: 512 } }),
      'call',
    ) as DOMException & { requested: number; quota: number };
    expect(error.name).toBe('QuotaExceededError');
    expect(error).toMatchObject({ requested: 900, quota: 512 });
  });
});
