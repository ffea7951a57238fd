/**
 * JSON Schema `pattern` for llama.cpp's json-schema-to-grammar (common/json-schema-to-grammar.cpp,
 * `_pattern_to_rule`, the converter wllama 3.8 compiles in). That converter turns a pattern it
 * cannot translate into a *warning* and accepts any string, so every pattern is checked here
 * against the same rules first, and refused when llama.cpp would not enforce it.
 *
 * The grammar also writes the pattern's characters into the JSON string *unescaped*, so a `.`
 * or `[^x]` could emit a raw `"` or `\` and break the JSON. The pattern sent to llama.cpp is
 * rewritten so that classes and `.` exclude `"`, `\` and control characters: every string it
 * generates is then a plain JSON string that still matches the original pattern.
 */
export type LlamaCppPattern = { ok: true; pattern: string } | { ok: false; reason: string };

/** Characters a JSON string cannot hold raw: `"`, `\` and U+0000–U+001F. */
const JSON_UNSAFE = [
  [0x00, 0x1f],
  [0x22, 0x22],
  [0x5c, 0x5c],
] as const;
/** Regex syntax characters that an escape turns into themselves (`\.` is a dot). */
const SYNTAX = new Set(['^', '$', '.', '[', ']', '(', ')', '|', '{', '}', '*', '+', '?']);
/** Class escapes GBNF understands, beside \x \u \U (llama-grammar.cpp `parse_char`). */
const GBNF_SIMPLE_ESCAPES: Readonly<Record<string, number>> = { t: 0x09, r: 0x0d, n: 0x0a, '\\': 0x5c, '"': 0x22, '[': 0x5b, ']': 0x5d, '-': 0x2d };
const MAX_DEPTH = 100;
const FULL: ReadonlyArray<readonly [number, number]> = [[0x00, 0x10ffff]];
const DIGIT: Array<[number, number]> = [[0x30, 0x39]];
const WORD: Array<[number, number]> = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** JavaScript's \s: WhiteSpace and LineTerminator (ECMA-262 §22.2.2.9). */
const SPACE: Array<[number, number]> = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
/** JavaScript's class escapes, as the code point ranges they stand for (GBNF has no such escapes). */
const SHORTHANDS: Readonly<Record<string, () => Array<[number, number]>>> = {
  d: () => DIGIT,
  w: () => WORD,
  s: () => SPACE,
  D: () => subtract(FULL, DIGIT),
  W: () => subtract(FULL, WORD),
  S: () => subtract(FULL, SPACE),
};

export function toLlamaCppPattern(pattern: string): LlamaCppPattern {
  if (pattern.length < 2 || !pattern.startsWith('^') || !pattern.endsWith('$')) {
    return { ok: false, reason: 'llama.cpp only enforces patterns anchored with "^" and "$"' };
  }
  const body = pattern.slice(1, -1);
  let out = '';
  let depth = 0;
  let i = 0;
  const chars = Array.from(body);
  while (i < chars.length) {
    const c = chars[i] as string;
    if (c === '.') {
      // JavaScript's `.` without the s flag: anything but line terminators; here also JSON-unsafe.
      out += classText(subtract(FULL, [...JSON_UNSAFE, [0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]), false);
      i++;
    } else if (c === '(') {
      if (chars[i + 1] === ')' || (chars[i + 1] === '?' && chars[i + 2] === ':' && chars[i + 3] === ')'))
        return { ok: false, reason: 'llama.cpp does not support an empty group' };
      if (chars[i + 1] === '?') {
        if (chars[i + 2] !== ':') return { ok: false, reason: 'llama.cpp does not support lookarounds, named groups or inline flags' };
        out += '(?:';
        i += 3;
      } else {
        out += '(';
        i++;
      }
      if (++depth > MAX_DEPTH) return { ok: false, reason: 'the pattern nests groups too deeply for llama.cpp' };
    } else if (c === ')') {
      depth--;
      out += ')';
      i++;
    } else if (c === '^' || c === '$') {
      return { ok: false, reason: 'llama.cpp does not support anchors inside a pattern' };
    } else if (c === '[') {
      const parsed = parseClass(chars, i);
      if (!parsed.ok) return parsed;
      out += parsed.text;
      i = parsed.end;
    } else if (c === '{') {
      const close = chars.indexOf('}', i);
      if (close < 0) return { ok: false, reason: 'unterminated "{"' };
      const inner = chars.slice(i + 1, close).join('');
      if (!/^\d+(,\d*)?$/.test(inner)) return { ok: false, reason: `llama.cpp does not support the quantifier {${inner}}` };
      out += `{${inner}}`;
      i = close + 1;
    } else if (c === '|' || c === '*' || c === '+' || c === '?') {
      out += c;
      i++;
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) return { ok: false, reason: 'the pattern ends with a backslash' };
      if (SYNTAX.has(next)) {
        out += `\\${next}`;
        i += 2;
        continue;
      }
      if (next === '/') {
        // An escaped slash is a slash; GBNF has no such escape.
        out += '/';
        i += 2;
        continue;
      }
      const shorthand = SHORTHANDS[next];
      if (shorthand) {
        const text = classText(subtract(shorthand(), JSON_UNSAFE), false);
        if (text === '') return { ok: false, reason: `"\\${next}" only matches characters a JSON string cannot hold raw` };
        out += text;
        i += 2;
        continue;
      }
      const escape = readEscape(chars, i);
      if (escape === undefined) return { ok: false, reason: `llama.cpp does not support the escape "\\${next}" (use a class such as [0-9] for \\d)` };
      if (isUnsafe(escape.code)) return { ok: false, reason: 'llama.cpp would write this character into the JSON string unescaped' };
      out += escape.text;
      i = escape.end;
    } else if (c === ']' || c === '}') {
      return { ok: false, reason: `llama.cpp does not support a lone "${c}"` };
    } else {
      const code = c.codePointAt(0) as number;
      if (isUnsafe(code)) return { ok: false, reason: 'llama.cpp would write this character into the JSON string unescaped' };
      out += c;
      i++;
    }
  }
  return { ok: true, pattern: `^${out}$` };
}

/** Parses `[...]` starting at `start`; returns it as a GBNF-safe class without JSON-unsafe characters. */
function parseClass(chars: readonly string[], start: number): { ok: true; text: string; end: number } | { ok: false; reason: string } {
  let i = start + 1;
  const negated = chars[i] === '^';
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  const items: number[] = [];
  let pendingRange = false;
  while (i < chars.length && chars[i] !== ']') {
    const c = chars[i] as string;
    let code: number;
    const shorthand = c === '\\' ? SHORTHANDS[chars[i + 1] ?? ''] : undefined;
    if (shorthand) {
      // \d, \w, \s (and their negations) inside a class are their ranges.
      ranges.push(...shorthand());
      i += 2;
      continue;
    }
    if (c === '\\') {
      const escape = readEscape(chars, i);
      if (escape === undefined) return { ok: false, reason: `llama.cpp does not support the escape "\\${chars[i + 1] ?? ''}" inside a class` };
      code = escape.code;
      i = escape.end;
    } else if (c === '-' && items.length > 0 && chars[i + 1] !== ']' && !pendingRange) {
      pendingRange = true;
      i++;
      continue;
    } else {
      code = c.codePointAt(0) as number;
      i++;
    }
    if (pendingRange) {
      const from = items.pop() as number;
      if (code < from) return { ok: false, reason: 'a class range is out of order' };
      ranges.push([from, code]);
      pendingRange = false;
    } else {
      items.push(code);
    }
  }
  if (i >= chars.length) return { ok: false, reason: 'unterminated "["' };
  for (const code of items) ranges.push([code, code]);
  if (ranges.length === 0) return { ok: false, reason: 'llama.cpp does not support an empty class' };
  // A negated class keeps its sense with the unsafe characters added; a positive one loses them.
  const text = negated
    ? classText(
        [...ranges, ...JSON_UNSAFE].sort((a, b) => a[0] - b[0]),
        true,
      )
    : classText(subtract(ranges, JSON_UNSAFE), false);
  if (text === '') return { ok: false, reason: 'the class only holds characters a JSON string cannot hold raw' };
  return { ok: true, text, end: i + 1 };
}

/** Reads `\x..`, `\u....`, `\U........` or a simple GBNF escape at `i`; undefined when GBNF lacks it. */
function readEscape(chars: readonly string[], i: number): { code: number; text: string; end: number } | undefined {
  const kind = chars[i + 1];
  if (kind === undefined) return undefined;
  const simple = GBNF_SIMPLE_ESCAPES[kind];
  if (simple !== undefined) return { code: simple, text: `\\${kind}`, end: i + 2 };
  const digits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
  if (digits === 0) return undefined;
  const hex = chars.slice(i + 2, i + 2 + digits).join('');
  if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) return undefined;
  return { code: parseInt(hex, 16), text: `\\${kind}${hex}`, end: i + 2 + digits };
}

function isUnsafe(code: number): boolean {
  return JSON_UNSAFE.some(([from, to]) => code >= from && code <= to);
}

/** `ranges` minus `remove`, both as inclusive code point ranges. */
function subtract(ranges: ReadonlyArray<readonly [number, number]>, remove: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  let current: Array<[number, number]> = ranges.map(([a, b]) => [a, b]);
  for (const [rFrom, rTo] of remove) {
    const next: Array<[number, number]> = [];
    for (const [from, to] of current) {
      if (rTo < from || rFrom > to) {
        next.push([from, to]);
        continue;
      }
      if (from < rFrom) next.push([from, rFrom - 1]);
      if (to > rTo) next.push([rTo + 1, to]);
    }
    current = next;
  }
  return current;
}

/** A class in the escape syntax both GBNF and JavaScript read the same way (\x.. and \u....). */
function classText(ranges: ReadonlyArray<readonly [number, number]>, negated: boolean): string {
  if (ranges.length === 0) return '';
  const parts = ranges.map(([from, to]) => (from === to ? hexEscape(from) : `${hexEscape(from)}-${hexEscape(to)}`));
  return `[${negated ? '^' : ''}${parts.join('')}]`;
}

function hexEscape(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
