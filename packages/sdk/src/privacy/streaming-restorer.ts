import { PLACEHOLDER_LABELS } from './pii-types.ts';

/** Restores placeholders in text that arrives in pieces (a model's stream). */
export interface StreamingRestorer {
  /** Takes the next chunk; returns the text that is safe to show, originals restored. */
  push(chunk: string): string;
  /** Returns whatever is still held at the end of the stream. */
  flush(): string;
}

type Restore = (text: string) => string;

const STARTS = Object.values(PLACEHOLDER_LABELS).map((label) => `[${label}_`);
// Far more digits than any conversation issues; past this a "[EMAIL_123…" tail is let go.
const MAX_DIGITS = 9;

/**
 * A streaming restorer over a `Redactor`, a `redact()` result or their `restore` function. Only
 * the tail that could still grow into a placeholder (`[`, `[EM`, `[EMAIL_1`) is held back;
 * everything before it is restored and released at once.
 *
 * @example
 * const stream = createStreamingRestorer(redactor);
 * for await (const delta of deltas) show(stream.push(delta));
 * show(stream.flush());
 */
export function createStreamingRestorer(source: Restore | { restore: Restore }): StreamingRestorer {
  const restore: Restore = typeof source === 'function' ? source : (text) => source.restore(text);
  let held = '';
  return {
    push(chunk: string): string {
      const buffer = held + chunk;
      const cut = holdFrom(buffer);
      held = buffer.slice(cut);
      return restore(buffer.slice(0, cut));
    },
    flush(): string {
      const rest = held;
      held = '';
      return restore(rest);
    },
  };
}

/** Where the possible placeholder at the end of `buffer` begins, or its length if there is none. */
function holdFrom(buffer: string): number {
  const at = buffer.lastIndexOf('[');
  if (at === -1) return buffer.length;
  const tail = buffer.slice(at);
  if (tail.includes(']')) return buffer.length;
  for (const start of STARTS) {
    if (start.startsWith(tail)) return at;
    const digits = tail.slice(start.length);
    if (tail.startsWith(start) && digits.length <= MAX_DIGITS && /^\d*$/.test(digits)) return at;
  }
  return buffer.length;
}
