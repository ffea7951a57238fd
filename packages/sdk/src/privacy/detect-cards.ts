import { luhnValid } from './checksums.ts';
import { REFERENCE_BEFORE, precededBy } from './context-words.ts';
import { digitRuns, type DigitRun } from './digit-runs.ts';
import { type Detection, type Finding, type KeepSpan } from './pii-types.ts';

/**
 * Payment card numbers: 13–19 digits written as one block (starting 2–6), in groups of four (the
 * last group shorter), or in the 4-6-5 / 4-6-4 layout of Amex and Diners, one kind of separator
 * throughout, passing Luhn. A card-shaped number that fails Luhn, or follows an order, IMEI or
 * tracking label, is kept.
 */
export function detectCards(text: string): Detection {
  const findings: Finding[] = [];
  const keep: KeepSpan[] = [];
  for (const run of digitRuns(text)) {
    let i = 0;
    while (i < run.groups.length) {
      const found = cardAt(run, i);
      if (found === undefined) {
        i++;
        continue;
      }
      const start = run.groups[i]?.start ?? run.start;
      const end = run.groups[found.last]?.end ?? run.end;
      // Nobody writes a card with a leading "+": that is an international phone number.
      if (text[start - 1] === '+') {
        i = found.last + 1;
        continue;
      }
      if (found.valid && !precededBy(text, start, REFERENCE_BEFORE)) findings.push({ type: 'card', start, end });
      else keep.push({ start, end, blocks: ['phone', 'ip'] });
      i = found.last + 1;
    }
  }
  return { findings, keep };
}

/** The longest card layout starting at group `first`: the first that passes Luhn, else the longest. */
function cardAt(run: DigitRun, first: number): { last: number; valid: boolean } | undefined {
  let longest: number | undefined;
  for (let last = Math.min(run.groups.length - 1, first + 4); last >= first; last--) {
    const groups = run.groups.slice(first, last + 1).map((g) => g.digits);
    const seps = run.separators.slice(first, last);
    if (!cardLayout(groups, seps)) continue;
    if (luhnValid(groups.join(''))) return { last, valid: true };
    longest ??= last;
  }
  return longest === undefined ? undefined : { last: longest, valid: false };
}

function cardLayout(groups: string[], seps: string[]): boolean {
  const digits = groups.join('');
  if (digits.length < 13 || digits.length > 19 || digits[0] === '0') return false;
  if (seps.some((s) => s !== seps[0])) return false;
  // Written solid, only the networks' leading digits (2 Mir/Mastercard, 3 Amex/JCB/Diners, 4 Visa,
  // 5 Mastercard/Maestro, 6 Discover/UnionPay): a 13-digit millisecond timestamp starts with 1.
  if (groups.length === 1) return digits[0] !== undefined && '23456'.includes(digits[0]);
  const lengths = groups.map((g) => g.length).join('-');
  if (lengths === '4-6-5' || lengths === '4-6-4') return true;
  // Groups of four; 17-19 digit cards (Maestro, UnionPay) end in one longer group, e.g. 4-4-4-7.
  return groups.every((g, k) => (k < groups.length - 1 ? g.length === 4 : g.length >= 1 && g.length <= 7));
}
