/** What the envelope (see tool-envelope.ts) says so far, in the order it was written. */
export type ToolEnvelopeEvent =
  | { kind: 'content'; text: string }
  /** A call's name is complete: the call can be announced. */
  | { kind: 'call'; index: number; name: string }
  /** More of a call's arguments, as raw JSON text. */
  | { kind: 'arguments'; index: number; text: string };

type Frame = { kind: 'object'; key: string | undefined; expectKey: boolean } | { kind: 'array'; index: number };

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Reads the tool envelope as it streams, so a text answer streams as text and each call's arguments
 * stream as OpenAI's `tool_calls` deltas. It trusts the JSON to be well formed (the structured-output
 * guard before it stops a stream at the first character that is not), and reads the raw text of
 * each `arguments` value, so the deltas join into exactly the JSON the model wrote.
 *
 * @example
 * const reader = new ToolEnvelopeReader();
 * reader.push('{"tool_calls":[{"name":"f","argu'); // [{ kind: 'call', index: 0, name: 'f' }]
 * reader.push('ments":{"a":1}}]}');               // [{ kind: 'arguments', index: 0, text: '{"a":1}' }]
 */
export class ToolEnvelopeReader {
  private readonly stack: Frame[] = [];
  private string: { key: boolean; text: string; escape: string; target: 'content' | 'name' | 'key' | 'other' } | undefined;
  private scalar = false;
  private capture: { index: number; depth: number } | undefined;
  private events: ToolEnvelopeEvent[] = [];
  /** Calls announced so far. */
  calls = 0;
  /** Whether a text answer (`content`) has begun. */
  answering = false;

  push(text: string): ToolEnvelopeEvent[] {
    for (const ch of text) this.feed(ch);
    const out = this.events;
    this.events = [];
    return out;
  }

  private feed(ch: string): void {
    if (this.capture) this.emit({ kind: 'arguments', index: this.capture.index, text: ch });
    if (this.string) return this.feedString(ch);
    if (this.scalar) {
      if (!/[,}\]\s]/.test(ch)) return;
      this.scalar = false;
      // The delimiter ends the value and is not part of it.
      if (this.capture && this.stack.length === this.capture.depth) this.endCapture(true);
    }
    const top = this.stack[this.stack.length - 1];
    switch (ch) {
      case '{':
        this.beginValue(ch);
        this.stack.push({ kind: 'object', key: undefined, expectKey: true });
        return;
      case '[':
        this.beginValue(ch);
        this.stack.push({ kind: 'array', index: 0 });
        return;
      case '}':
      case ']':
        this.stack.pop();
        if (this.capture && this.stack.length === this.capture.depth) this.endCapture(false);
        return;
      case '"':
        if (top?.kind === 'object' && top.expectKey) {
          this.string = { key: true, text: '', escape: '', target: 'key' };
          return;
        }
        this.string = { key: false, text: '', escape: '', target: this.beginValue(ch) };
        return;
      case ':':
        if (top?.kind === 'object') top.expectKey = false;
        return;
      case ',':
        if (top?.kind === 'array') top.index++;
        else if (top?.kind === 'object') {
          top.expectKey = true;
          top.key = undefined;
        }
        return;
      default:
        if (/\s/.test(ch)) return;
        this.beginValue(ch);
        this.scalar = true;
    }
  }

  /** Where the value starting now sits in the envelope, and the capture it starts. */
  private beginValue(ch: string): 'content' | 'name' | 'other' {
    if (this.capture) return 'other';
    const depth = this.stack.length;
    const top = this.stack[depth - 1];
    if (depth === 1 && top?.kind === 'object' && top.key === 'content') {
      this.answering = true;
      return 'content';
    }
    const list = this.stack[1];
    if (depth === 3 && top?.kind === 'object' && list?.kind === 'array' && this.stack[0]?.kind === 'object') {
      if (top.key === 'name') return 'name';
      if (top.key === 'arguments') {
        this.capture = { index: list.index, depth };
        // The capture starts with this character (feed() captured only the ones after a capture began).
        this.emit({ kind: 'arguments', index: list.index, text: ch });
      }
    }
    return 'other';
  }

  private endCapture(excludeLast: boolean): void {
    const last = this.events[this.events.length - 1];
    if (excludeLast && last?.kind === 'arguments') last.text = last.text.slice(0, -1);
    this.capture = undefined;
  }

  private feedString(ch: string): void {
    const s = this.string;
    if (!s) return;
    let piece = '';
    if (s.escape !== '') {
      s.escape += ch;
      if (s.escape.length === 2 && s.escape[1] !== 'u') {
        piece = ESCAPES[ch] ?? ch;
        s.escape = '';
      } else if (s.escape.length === 6) {
        piece = String.fromCharCode(parseInt(s.escape.slice(2), 16));
        s.escape = '';
      } else return;
    } else if (ch === '\\') {
      s.escape = '\\';
      return;
    } else if (ch === '"') {
      this.string = undefined;
      this.endString(s);
      return;
    } else piece = ch;
    s.text += piece;
    if (s.target === 'content') {
      // A high surrogate waits for its pair, so no delta carries half a character.
      const code = s.text.charCodeAt(s.text.length - 1);
      if (code >= 0xd800 && code <= 0xdbff) return;
      this.emit({ kind: 'content', text: s.text });
      s.text = '';
    }
  }

  private endString(s: NonNullable<ToolEnvelopeReader['string']>): void {
    const top = this.stack[this.stack.length - 1];
    if (s.key && top?.kind === 'object') {
      top.key = s.text;
      return;
    }
    if (s.target === 'content' && s.text !== '') this.emit({ kind: 'content', text: s.text });
    const list = this.stack[1];
    if (s.target === 'name' && list?.kind === 'array') {
      this.calls = Math.max(this.calls, list.index + 1);
      this.emit({ kind: 'call', index: list.index, name: s.text });
    }
    if (this.capture && this.stack.length === this.capture.depth) this.endCapture(false);
  }

  private emit(event: ToolEnvelopeEvent): void {
    const last = this.events[this.events.length - 1];
    if (last?.kind === 'content' && event.kind === 'content') last.text += event.text;
    else if (last?.kind === 'arguments' && event.kind === 'arguments' && last.index === event.index) last.text += event.text;
    else this.events.push({ ...event });
  }
}
