import { describe, expect, it } from 'vitest';
import { PartialJsonParser, parsePartialJson } from './partial-json-parser.ts';

/** Feeds `text` in pieces of `size` UTF-16 code units (so surrogate pairs and escapes get cut). */
function feed(text: string, size: number): { parser: PartialJsonParser; partials: unknown[] } {
  const parser = new PartialJsonParser();
  const partials: unknown[] = [];
  for (let i = 0; i < text.length; i += size) {
    parser.push(text.slice(i, i + size));
    partials.push(parser.partial());
  }
  parser.end();
  return { parser, partials };
}

const SAMPLES = [
  '{"title": "Hello, world", "tags": ["a", "b"], "count": 3, "ok": true, "none": null}',
  '[1, -2.5, 3e10, -0, 0.125e-3, 1E+2, {"deep": [[[]], {}]}]',
  '"plain string"',
  '  {"esc": "quote \\" backslash \\\\ slash \\/ tab \\t nl \\n uni \\u00e9 pair \\ud83d\\ude00 ctl \\u0001"}  ',
  '{"emoji": "😀 and 日本語 and é", "nested": {"a": {"b": {"c": [1, 2, {"d": "e"}]}}}}',
  '{"__proto__": {"polluted": true}, "constructor": 1}',
  '42',
  '-7.25e-3',
  'true',
  'null',
  '{}',
  '[]',
  '{"a": [], "b": {}, "c": ""}',
];

describe('PartialJsonParser', () => {
  it('parses whole texts exactly as JSON.parse, fed in any piece size', () => {
    for (const text of SAMPLES) {
      for (const size of [1, 2, 3, 7, 1000]) {
        const { parser } = feed(text, size);
        expect(parser.state, `${text} / ${size}`).toBe('complete');
        expect(parser.value(), `${text} / ${size}`).toEqual(JSON.parse(text));
      }
    }
  });

  it('keeps "__proto__" as an own property, as JSON.parse does, without touching prototypes', () => {
    const { parser } = feed('{"__proto__": {"polluted": true}}', 1);
    const value = parser.value() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('grows a partial object member by member', () => {
    const parser = new PartialJsonParser();
    const steps: Array<[string, unknown]> = [
      ['{', {}],
      ['"ti', {}],
      ['tle"', {}],
      [': ', {}],
      ['"He', { title: 'He' }],
      ['llo", "n', { title: 'Hello' }],
      ['": 1', { title: 'Hello', n: 1 }],
      ['2', { title: 'Hello', n: 12 }],
      [', "list": [tr', { title: 'Hello', n: 12, list: [] }],
      ['ue, {"x": nu', { title: 'Hello', n: 12, list: [true, {}] }],
      ['ll}]}', { title: 'Hello', n: 12, list: [true, { x: null }] }],
    ];
    for (const [chunk, expected] of steps) {
      expect(parser.push(chunk)).not.toBe('invalid');
      expect(parser.partial(), chunk).toEqual(expected);
    }
    expect(parser.state).toBe('complete');
  });

  it('shows a number cut mid-way as its longest valid prefix', () => {
    const cases: Array<[string, unknown]> = [
      ['[-', []],
      ['[1', [1]],
      ['[12.', [12]],
      ['[12.5', [12.5]],
      ['[12.5e', [12.5]],
      ['[12.5e-', [12.5]],
      ['[12.5e-1', [1.25]],
      ['[0', [0]],
      ['[-0.', [-0]],
    ];
    for (const [text, expected] of cases) {
      const parser = new PartialJsonParser();
      expect(parser.push(text), text).toBe('partial');
      expect(parser.partial(), text).toEqual(expected);
    }
  });

  it('finishes a number only when the text ends or something follows it', () => {
    const parser = new PartialJsonParser();
    expect(parser.push('12')).toBe('partial');
    expect(parser.push('3')).toBe('partial');
    expect(parser.end()).toBe('complete');
    expect(parser.value()).toBe(123);
    expect(parsePartialJson('1.').state).toBe('partial');
    expect(parsePartialJson('-').state).toBe('partial');
  });

  it('leaves an escape cut in half out of the partial string until it completes', () => {
    const parser = new PartialJsonParser();
    parser.push('{"a": "x\\');
    expect(parser.partial()).toEqual({ a: 'x' });
    parser.push('n');
    expect(parser.partial()).toEqual({ a: 'x\n' });
    parser.push('\\u00');
    expect(parser.partial()).toEqual({ a: 'x\n' });
    parser.push('e9');
    expect(parser.partial()).toEqual({ a: 'x\né' });
  });

  it('leaves half a surrogate pair out, whether escaped or raw, until the other half arrives', () => {
    const escaped = new PartialJsonParser();
    escaped.push('"a\\ud83d');
    expect(escaped.partial()).toBe('a');
    escaped.push('\\ude00"');
    expect(escaped.value()).toBe('a😀');

    const raw = new PartialJsonParser();
    const emoji = '😀';
    raw.push(`"b${emoji[0]}`);
    expect(raw.partial()).toBe('b');
    raw.push(`${emoji[1]}"`);
    expect(raw.value()).toBe('b😀');
  });

  it('decodes UTF-8 bytes split inside a character', () => {
    const bytes = new TextEncoder().encode('{"word": "日本語 😀 é"}');
    for (const size of [1, 2, 3, 5]) {
      const parser = new PartialJsonParser();
      for (let i = 0; i < bytes.length; i += size) {
        expect(parser.push(bytes.subarray(i, i + size))).not.toBe('invalid');
        const partial = parser.partial() as { word?: string } | undefined;
        // No replacement character ever shows: a split character waits for its other bytes.
        expect(partial?.word ?? '').not.toContain('\uFFFD');
      }
      expect(parser.end()).toBe('complete');
      expect(parser.value()).toEqual({ word: '日本語 😀 é' });
    }
  });

  it('rejects invalid UTF-8 bytes', () => {
    const parser = new PartialJsonParser();
    expect(parser.push(new Uint8Array([0x22, 0xff, 0x22]))).toBe('invalid');
  });

  it('rejects, at the first wrong character, text no JSON can contain', () => {
    const cases: Array<[string, number]> = [
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['[1 2]', 3],
      ['01', 1],
      ['{"a": tru e}', 9],
      ['"tab\there"', 4],
      ['"bad \\x"', 6],
      ['{"a": 1} extra', 9],
      ['Sure! Here is', 0],
      ['[1, "\\u12G4"]', 9],
      ['-a', 1],
      ['1.e5', 2],
      ["{'a': 1}", 1],
    ];
    for (const [text, offset] of cases) {
      const result = parsePartialJson(text);
      expect(result.state, text).toBe('invalid');
      const parser = new PartialJsonParser();
      parser.push(text);
      expect(parser.error?.offset, text).toBe(offset);
    }
  });

  it('agrees with JSON.parse on every prefix of every sample: valid prefixes are never rejected', () => {
    for (const text of SAMPLES) {
      for (let cut = 0; cut <= text.length; cut++) {
        const prefix = text.slice(0, cut);
        const { state } = parsePartialJson(prefix);
        expect(state, prefix).not.toBe('invalid');
        if (state === 'complete') expect(parsePartialJson(prefix).value).toEqual(JSON.parse(prefix));
      }
    }
  });

  it('reports empty for nothing or only whitespace', () => {
    expect(parsePartialJson('').state).toBe('empty');
    expect(parsePartialJson(' \n\t').state).toBe('empty');
  });
});
