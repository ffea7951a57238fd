import type { JsonValue } from '@hearth/spec';

/** Where a parser stands: nothing yet, a valid beginning, a whole value, or text no JSON can start with. */
export type PartialJsonState = 'empty' | 'partial' | 'complete' | 'invalid';

type ObjectFrame = {
  kind: 'object';
  value: { [key: string]: JsonValue };
  key: string | undefined;
  expect: 'key-or-end' | 'key' | 'colon' | 'value' | 'comma-or-end';
};
type ArrayFrame = { kind: 'array'; value: JsonValue[]; expect: 'value-or-end' | 'value' | 'comma-or-end' };
type Frame = ObjectFrame | ArrayFrame;

/** Number states after each character, from JSON's grammar; the terminal ones can end a number. */
type NumberState = 'sign' | 'zero' | 'int' | 'dot' | 'frac' | 'e' | 'esign' | 'exp';
const NUMBER_TERMINAL: ReadonlySet<NumberState> = new Set(['zero', 'int', 'frac', 'exp']);

type Scalar =
  | { kind: 'string'; text: string; escape: string; isKey: boolean }
  | { kind: 'number'; raw: string; state: NumberState }
  | { kind: 'literal'; raw: string; target: 'true' | 'false' | 'null' };

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const LITERALS = { true: true, false: false, null: null } as const;

/**
 * An incremental JSON parser for streamed model output: push text (or UTF-8 bytes) as it arrives,
 * read the value so far with `partial()`. Each character is read once, so a long stream costs
 * linear time. It rejects at the first character no JSON text could contain, which is how the
 * structured-output guard stops an engine that is not following its grammar.
 *
 * What `partial()` holds while the text grows: finished members; the string being written (an
 * escape or a surrogate pair cut in half is left out until it completes); a number cut mid-way
 * as its longest valid prefix (`"1.5e"` → 1.5); a key whose value has not started, or a literal
 * (`tru`), not at all. Snapshots share finished members, so treat them as read-only.
 *
 * @example
 * const parser = new PartialJsonParser();
 * parser.push('{"title": "Hel');
 * parser.partial(); // { title: 'Hel' }
 */
export class PartialJsonParser {
  private readonly stack: Frame[] = [];
  private scalar: Scalar | undefined;
  private root: { value: JsonValue } | undefined;
  private started = false;
  private failure: { offset: number; message: string } | undefined;
  private offset = 0;
  private decoder: TextDecoder | undefined;
  private ended = false;

  /** Feeds more text. Bytes are decoded as UTF-8 across calls, so a character split between chunks is fine. */
  push(chunk: string | Uint8Array): PartialJsonState {
    if (this.ended) throw new Error('PartialJsonParser: push() after end().');
    if (typeof chunk === 'string') return this.feed(chunk);
    this.decoder ??= new TextDecoder('utf-8', { fatal: true });
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.fail('the bytes are not valid UTF-8');
      return 'invalid';
    }
    return this.feed(text);
  }

  /** Marks the end of the input: a number at the very end completes; anything unfinished stays partial. */
  end(): PartialJsonState {
    if (this.ended) return this.state;
    if (this.decoder && !this.failure) {
      try {
        this.feed(this.decoder.decode());
      } catch {
        this.fail('the bytes end inside a UTF-8 character');
      }
    }
    this.ended = true;
    const s = this.scalar;
    if (!this.failure && s?.kind === 'number' && this.stack.length === 0 && NUMBER_TERMINAL.has(s.state)) {
      this.scalar = undefined;
      this.root = { value: Number(s.raw) };
    }
    return this.state;
  }

  get state(): PartialJsonState {
    if (this.failure) return 'invalid';
    if (this.root) return 'complete';
    return this.started ? 'partial' : 'empty';
  }

  /** Why and where (in UTF-16 code units from the start) the text stopped being JSON. */
  get error(): { offset: number; message: string } | undefined {
    return this.failure;
  }

  /** The finished value; throws unless the state is `complete`. */
  value(): JsonValue {
    if (!this.root) throw new Error(`PartialJsonParser: no complete value (state ${this.state}).`);
    return this.root.value;
  }

  /** The value so far, or undefined when nothing of it can be shown yet. */
  partial(): JsonValue | undefined {
    if (this.root) return this.root.value;
    return this.snapshot(0);
  }

  private snapshot(level: number): JsonValue | undefined {
    const frame = this.stack[level];
    if (!frame) return this.scalarSnapshot();
    const child =
      level + 1 < this.stack.length || (this.scalar && !(this.scalar.kind === 'string' && this.scalar.isKey)) ? this.snapshot(level + 1) : undefined;
    if (frame.kind === 'array') return child === undefined ? frame.value.slice() : [...frame.value, child];
    const copy = { ...frame.value };
    if (child !== undefined && frame.key !== undefined && frame.expect === 'value') define(copy, frame.key, child);
    return copy;
  }

  private scalarSnapshot(): JsonValue | undefined {
    const s = this.scalar;
    if (!s) return undefined;
    if (s.kind === 'string') {
      // A high surrogate alone may be the first half of a pair the next chunk completes.
      const last = s.text.charCodeAt(s.text.length - 1);
      return last >= 0xd800 && last <= 0xdbff ? s.text.slice(0, -1) : s.text;
    }
    if (s.kind === 'literal') return undefined;
    const valid = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.raw);
    return valid ? Number(valid[0]) : undefined;
  }

  private feed(text: string): PartialJsonState {
    for (let i = 0; i < text.length && !this.failure; i++, this.offset++) this.step(text[i] as string);
    return this.state;
  }

  private fail(message: string): void {
    this.failure ??= { offset: this.offset, message };
  }

  private step(c: string): void {
    const s = this.scalar;
    if (s?.kind === 'string') return this.stringChar(s, c);
    if (s?.kind === 'literal') {
      if (s.target[s.raw.length] !== c) return this.fail(`expected "${s.target}"`);
      s.raw += c;
      if (s.raw === s.target) {
        this.scalar = undefined;
        this.completeValue(LITERALS[s.target]);
      }
      return;
    }
    if (s?.kind === 'number') {
      const next = numberStep(s.state, c);
      if (next) {
        s.raw += c;
        s.state = next;
        return;
      }
      // Any other character ends the number; it must have been a whole one.
      if (!NUMBER_TERMINAL.has(s.state)) return this.fail(`a number cannot end with "${s.raw.slice(-1)}"`);
      this.scalar = undefined;
      this.completeValue(Number(s.raw));
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') return;
    if (this.root) return this.fail('text after the end of the JSON value');
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return this.startValue(c);
    if (frame.kind === 'object') {
      switch (frame.expect) {
        case 'key-or-end':
          if (c === '}') return this.closeContainer();
          if (c === '"') return this.startKey();
          return this.fail('expected a property name or "}"');
        case 'key':
          if (c === '"') return this.startKey();
          return this.fail('expected a property name');
        case 'colon':
          if (c === ':') {
            frame.expect = 'value';
            return;
          }
          return this.fail('expected ":"');
        case 'value':
          return this.startValue(c);
        case 'comma-or-end':
          if (c === ',') {
            frame.expect = 'key';
            return;
          }
          if (c === '}') return this.closeContainer();
          return this.fail('expected "," or "}"');
      }
    }
    switch (frame.expect) {
      case 'value-or-end':
        if (c === ']') return this.closeContainer();
        return this.startValue(c);
      case 'value':
        return this.startValue(c);
      case 'comma-or-end':
        if (c === ',') {
          frame.expect = 'value';
          return;
        }
        if (c === ']') return this.closeContainer();
        return this.fail('expected "," or "]"');
    }
  }

  private startKey(): void {
    this.scalar = { kind: 'string', text: '', escape: '', isKey: true };
  }

  private startValue(c: string): void {
    this.started = true;
    if (c === '{') this.stack.push({ kind: 'object', value: {}, key: undefined, expect: 'key-or-end' });
    else if (c === '[') this.stack.push({ kind: 'array', value: [], expect: 'value-or-end' });
    else if (c === '"') this.scalar = { kind: 'string', text: '', escape: '', isKey: false };
    else if (c === '-') this.scalar = { kind: 'number', raw: c, state: 'sign' };
    else if (c >= '0' && c <= '9') this.scalar = { kind: 'number', raw: c, state: c === '0' ? 'zero' : 'int' };
    else if (c === 't') this.scalar = { kind: 'literal', raw: c, target: 'true' };
    else if (c === 'f') this.scalar = { kind: 'literal', raw: c, target: 'false' };
    else if (c === 'n') this.scalar = { kind: 'literal', raw: c, target: 'null' };
    else this.fail(`unexpected "${c}"`);
  }

  private stringChar(s: Extract<Scalar, { kind: 'string' }>, c: string): void {
    if (s.escape === '') {
      if (c === '"') {
        this.scalar = undefined;
        if (s.isKey) {
          const frame = this.stack[this.stack.length - 1] as ObjectFrame;
          frame.key = s.text;
          frame.expect = 'colon';
        } else {
          this.completeValue(s.text);
        }
      } else if (c === '\\') {
        s.escape = '\\';
      } else if (c.charCodeAt(0) < 0x20) {
        this.fail('a control character inside a string must be escaped');
      } else {
        s.text += c;
      }
      return;
    }
    if (s.escape === '\\') {
      if (c === 'u') {
        s.escape = '\\u';
        return;
      }
      const decoded = ESCAPES[c];
      if (decoded === undefined) return this.fail(`"\\${c}" is not a JSON escape`);
      s.text += decoded;
      s.escape = '';
      return;
    }
    if (!/[0-9a-fA-F]/.test(c)) return this.fail('"\\u" needs four hex digits');
    s.escape += c;
    if (s.escape.length === 6) {
      s.text += String.fromCharCode(parseInt(s.escape.slice(2), 16));
      s.escape = '';
    }
  }

  private closeContainer(): void {
    const frame = this.stack.pop() as Frame;
    this.completeValue(frame.value);
  }

  private completeValue(value: JsonValue): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      this.root = { value };
      return;
    }
    if (frame.kind === 'array') frame.value.push(value);
    else define(frame.value, frame.key as string, value);
    frame.expect = 'comma-or-end';
    if (frame.kind === 'object') frame.key = undefined;
  }
}

/**
 * Parses a whole text at once: the state, and the value so far (or the finished one).
 *
 * @example
 * parsePartialJson('[1, 2, {"a": "b'); // { state: 'partial', value: [1, 2, { a: 'b' }] }
 */
export function parsePartialJson(text: string): { state: PartialJsonState; value: JsonValue | undefined } {
  const parser = new PartialJsonParser();
  parser.push(text);
  const state = parser.end();
  return { state, value: state === 'invalid' ? undefined : parser.partial() };
}

function numberStep(state: NumberState, c: string): NumberState | undefined {
  const digit = c >= '0' && c <= '9';
  switch (state) {
    case 'sign':
      return c === '0' ? 'zero' : digit ? 'int' : undefined;
    case 'zero':
      return c === '.' ? 'dot' : c === 'e' || c === 'E' ? 'e' : undefined;
    case 'int':
      return digit ? 'int' : c === '.' ? 'dot' : c === 'e' || c === 'E' ? 'e' : undefined;
    case 'dot':
      return digit ? 'frac' : undefined;
    case 'frac':
      return digit ? 'frac' : c === 'e' || c === 'E' ? 'e' : undefined;
    case 'e':
      return digit ? 'exp' : c === '+' || c === '-' ? 'esign' : undefined;
    case 'esign':
    case 'exp':
      return digit ? 'exp' : undefined;
  }
}

/** Sets an own property even for "__proto__", as JSON.parse does (plain assignment would set the prototype). */
function define(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
