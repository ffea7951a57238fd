import { mod97 } from './checksums.ts';
import { IBAN_LENGTHS } from './iban-lengths.ts';
import { type Detection, type Finding, type KeepSpan } from './pii-types.ts';

const IBAN_START = /(?<![\p{L}\p{N}_])([A-Z]{2})(\d{2})(?= ?[A-Z0-9])/gu;
const ALNUM = /[A-Z0-9]/;
const WORD_AFTER = /[\p{L}\p{N}_]/u;

/**
 * IBANs: country code, two check digits and the country's BBAN length, written solid or in groups
 * separated by single spaces, with ISO 7064 mod-97 = 1. One that fails the check or has the wrong
 * length is kept, and shields its digits from the card and phone detectors.
 */
export function detectIbans(text: string): Detection {
  const findings: Finding[] = [];
  const keep: KeepSpan[] = [];
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const length = IBAN_LENGTHS[m[1] ?? ''];
    if (length === undefined) continue;
    const start = m.index;
    const exact = consume(text, start, length);
    const iban = exact.chars;
    const next = text[exact.end] ?? '';
    if (iban.length === length && !WORD_AFTER.test(next) && mod97(iban.slice(4) + iban.slice(0, 4)) === 1) {
      findings.push({ type: 'iban', start, end: exact.end });
      IBAN_START.lastIndex = exact.end;
      continue;
    }
    const near = consume(text, start, 34);
    if (near.chars.length >= 12) {
      keep.push({ start, end: near.end, blocks: ['phone', 'ip', 'card'] });
      IBAN_START.lastIndex = near.end;
    }
  }
  return { findings, keep };
}

/** Reads up to `max` letters and digits from `start`, stepping over single spaces between them. */
function consume(text: string, start: number, max: number): { chars: string; end: number } {
  let chars = '';
  let at = start;
  let end = start;
  while (chars.length < max && at < text.length) {
    const ch = text[at] ?? '';
    if (ALNUM.test(ch)) {
      chars += ch;
      at++;
      end = at;
    } else if ((ch === ' ' || ch === '\u00a0') && ALNUM.test(text[at + 1] ?? '') && chars.length > 0) {
      at++;
    } else break;
  }
  return { chars, end };
}
