import { Redactor, type RedactOptions } from './redactor.ts';
import { type PiiType } from './pii-types.ts';

/** What a text's findings read as: `[type, original]` pairs in text order. */
export function found(text: string, options?: RedactOptions): [PiiType, string][] {
  return new Redactor(options).redact(text).entities.map((e) => [e.type, text.slice(e.start, e.end)]);
}

/** The originals found of one type. */
export function foundOf(type: PiiType, text: string, options?: RedactOptions): string[] {
  return found(text, options)
    .filter(([t]) => t === type)
    .map(([, v]) => v);
}

/** Appends the Luhn check digit to a prefix, for card numbers of any length. */
export function withLuhn(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${prefix}${d}`;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let n = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}
