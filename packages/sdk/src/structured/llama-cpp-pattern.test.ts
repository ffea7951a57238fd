import { describe, expect, it } from 'vitest';
import { toLlamaCppPattern } from './llama-cpp-pattern.ts';

/** Every string the rewritten pattern matches must match the original: the rewrite only narrows. */
function rewritten(pattern: string): RegExp {
  const result = toLlamaCppPattern(pattern);
  if (!result.ok) throw new Error(result.reason);
  // GBNF's \U........ escape has no JavaScript twin; the tests below avoid astral ranges in output.
  return new RegExp(
    result.pattern.replace(/\\U([0-9a-f]{8})/g, (_m, hex: string) => `\\u{${parseInt(hex, 16).toString(16)}}`),
    'u',
  );
}

describe('toLlamaCppPattern', () => {
  it('keeps what llama.cpp translates, rewriting JavaScript-only escapes into classes', () => {
    const cases: Array<[string, string[], string[]]> = [
      ['^[A-Z]{3}-\\d{2}$', ['ABC-12'], ['abc-12', 'ABC-1', 'AB-12']],
      ['^\\w+@\\w+\\.com$', ['a_1@b.com'], ['a@b.org', 'a b@c.com']],
      ['^(?:yes|no)$', ['yes', 'no'], ['maybe']],
      ['^\\s?x$', [' x', 'x'], ['  x']],
      ['^[^0-9]{2}\\/\\D$', ['ab/c'], ['a1/c', 'ab/1']],
      ['^\\u00e9+\\x41?$', ['éé', 'éA'], ['e']],
    ];
    for (const [pattern, good, bad] of cases) {
      const re = rewritten(pattern);
      for (const s of good) expect(re.test(s), `${pattern} ~ ${s}`).toBe(true);
      for (const s of bad) expect(re.test(s), `${pattern} !~ ${s}`).toBe(false);
    }
  });

  it('keeps quotes, backslashes and control characters out of every class and dot', () => {
    for (const pattern of ['^.*$', '^[^a]*$', '^[ -~]*$', '^\\S+$', '^[\\x00-\\x7f]+$']) {
      const re = rewritten(pattern);
      for (const unsafe of ['"', '\\', '\n', '\u0001']) expect(re.test(`b${unsafe}`), `${pattern} with ${JSON.stringify(unsafe)}`).toBe(false);
      expect(re.test('bc'), pattern).toBe(true);
    }
  });

  it('refuses what llama.cpp would turn into "any string", or write unescaped', () => {
    const refused = [
      'abc', // not anchored
      '^a$b$',
      '^(?=a).$', // lookahead
      '^(?<name>a)$', // named group
      '^\\bword$', // word boundary
      '^(a)\\1$', // back-reference
      '^\\p{L}+$', // property escape
      '^a"b$', // a quote, raw in the JSON
      '^a\\\\b$', // a backslash, raw in the JSON
      '^\\t$', // a control character
      '^[\\"]$', // a class of nothing but a quote
      '^()$', // an empty group
    ];
    for (const pattern of refused) expect(toLlamaCppPattern(pattern).ok, pattern).toBe(false);
  });
});
