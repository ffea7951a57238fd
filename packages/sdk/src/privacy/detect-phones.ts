import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { PHONE_BEFORE, precededBy } from './context-words.ts';
import { type Detection, type Finding } from './pii-types.ts';

/** Countries whose national formats are tried when a number has no country code. */
export const DEFAULT_PHONE_COUNTRIES: readonly CountryCode[] = ['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'CH', 'CA', 'AU', 'IN', 'BR', 'JP'];

const SP = '[ \\u00a0\\u202f]';
// Digits joined by what people put in phone numbers: spaces, - . /, parentheses, a leading + or (.
// Never starts inside a word, an amount (€, $), a path or query (/ = &), a tag (#), or a decimal.
const RUN = new RegExp(
  `(?<![\\p{L}\\p{N}_#@$€£¥₹\\\\/=&%+-]|\\d[.,])(?:\\+${SP}?|\\(\\+?)?\\d(?:(?:${SP}?[-./]${SP}?|${SP}{1,2}|\\)${SP}?|${SP}?\\()?\\d)*\\)?`,
  'gu',
);
// Where a run clearly joins two numbers: " / ", " - ", two spaces, a ")" that closes nothing.
const CUT = /[ \u00a0\u202f]*[-./][ \u00a0\u202f]+|[ \u00a0\u202f]+[-./][ \u00a0\u202f]*|[ \u00a0\u202f]{2,}|\)[ \u00a0\u202f]*/g;
// What may not touch the end of a phone number: a word, a percent sign, a decimal part.
const BAD_AFTER = /^(?:[\p{L}\p{N}_%]|[.,]\d)/u;
// North American layout (NXX) NXX-XXXX, with an optional 1: how US and Canadian numbers, including
// the fictional 555 ones, are written. The layout itself is the evidence, so no range check.
const NANP_LAYOUT = /^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}$/;
const NANP_LOCAL = /^\d{3}[ .-]\d{4}$/;
const IN_MOBILE = /^[6-9]\d{9}$/;
const DECIMAL = /^\d{1,3}[.,]\d+$/;
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Phone numbers. Candidates are digit runs shaped like phone numbers; libphonenumber-js (full
 * metadata) decides. A number with + or 00 needs a possible length for its country code. A
 * national number must be valid for one of `countries`, or, when written in groups and starting
 * with the trunk prefix 0 or laid out the North American way, at least of possible length. Numbers
 * without a trunk prefix are tried only for the countries that write them so (US/CA, ES, IT and IN
 * mobiles, BR with an area code), and when written as one bare run of digits only after a phone
 * word: elsewhere such a run is likelier an order, a date or a count.
 * `taken` says where other findings or near misses already are, so no time is spent parsing there.
 */
export function detectPhones(
  text: string,
  countries: readonly CountryCode[] = DEFAULT_PHONE_COUNTRIES,
  taken: (start: number, end: number) => boolean = () => false,
): Detection {
  const findings: Finding[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0].length < 7 || BAD_AFTER.test(text.slice(end, end + 2))) continue;
    const pieces = splitRun(m[0]);
    // The longest run of pieces from the left that is a phone number; joining more than four pieces
    // would be reading a table of numbers as one.
    let i = 0;
    while (i < pieces.length) {
      let next = i + 1;
      for (let j = Math.min(pieces.length - 1, i + 3); j >= i; j--) {
        const range = trimParens(m[0], pieces[i]?.[0] ?? 0, pieces[j]?.[1] ?? 0);
        const start = m.index + range[0];
        const stop = m.index + range[1];
        if (taken(start, stop)) continue;
        if (isPhone(text.slice(start, stop), countries, () => precededBy(text, start, PHONE_BEFORE, 30))) {
          findings.push({ type: 'phone', start, end: stop });
          next = j + 1;
          break;
        }
      }
      i = next;
    }
  }
  return { findings, keep: [] };
}

function splitRun(run: string): [number, number][] {
  const pieces: [number, number][] = [];
  let from = 0;
  CUT.lastIndex = 0;
  for (let m = CUT.exec(run); m !== null; m = CUT.exec(run)) {
    const before = run.slice(from, m.index);
    if (m[0].startsWith(')') && count(before, '(') > count(before, ')')) continue;
    pieces.push([from, m.index]);
    from = m.index + m[0].length;
  }
  pieces.push([from, run.length]);
  return pieces.filter(([a, b]) => b > a);
}

/** Drops brackets around the whole number, a "(" that is never closed and a ")" that closes nothing. */
function trimParens(run: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  const piece = (): string => run.slice(s, e);
  if (run[s] === '(' && run[e - 1] === ')' && piece().indexOf(')') === e - s - 1) {
    s++;
    e--;
  }
  if (run[s] === '(' && !piece().includes(')')) s++;
  if (run[e - 1] === ')' && count(piece(), '(') < count(piece(), ')')) e--;
  return [s, e];
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** Whether a candidate (already cut from the text) is a phone number; `phoneWordBefore` is asked only when the digits alone can't tell. */
export function isPhone(candidate: string, countries: readonly CountryCode[], phoneWordBefore: () => boolean): boolean {
  const digits = candidate.replace(/\D/g, '');
  const bare = candidate.replace(/^\(/, '');
  const formatted = /\d\D+\d/.test(candidate);
  if (bare.startsWith('+') || bare.startsWith('00')) {
    const international = bare.startsWith('+') ? digits : digits.slice(2);
    if (international.length < 8 || international.length > 16) return false;
    return possibleInternational(international);
  }
  // "1.0612345678" and "0,061234567" are decimals, whatever the digits say; "759.117.3.194" is an
  // address-shaped quad (a mistyped IP), not a number anyone dials.
  if (DECIMAL.test(candidate) || DOTTED_QUAD.test(candidate)) return false;
  const nanp = countries.includes('US') || countries.includes('CA');
  if (digits.length < 8) return digits.length === 7 && nanp && NANP_LOCAL.test(candidate) && phoneWordBefore();
  if (digits.length > 13) return false;
  if (digits.startsWith('0')) {
    if (countries.some((c) => parsePhoneNumberFromString(candidate, c)?.isValid() === true)) return true;
    return formatted && countries.some((c) => parsePhoneNumberFromString(candidate, c)?.isPossible() === true);
  }
  if (nanp && NANP_LAYOUT.test(candidate)) return true;
  // A bare run of digits with no 0 in front is as often an order, an account or an amount: it
  // counts only after a phone word.
  if (!formatted && !phoneWordBefore()) return false;
  return countries.some((c) => {
    if (!withoutTrunkPrefix(c, digits, formatted)) return false;
    return parsePhoneNumberFromString(candidate, c)?.isValid() === true;
  });
}

/**
 * Whether `+digits` has a possible length for its country code. People often keep the trunk 0
 * after the code ("+33 06 12 34 56 78", "+49 (0)30 …"), so that reading is tried too.
 */
function possibleInternational(digits: string): boolean {
  if (digits.length <= 15 && parsePhoneNumberFromString(`+${digits}`)?.isPossible() === true) return true;
  for (let cc = 1; cc <= 3; cc++) {
    if (digits[cc] !== '0') continue;
    const phone = parsePhoneNumberFromString(`+${digits.slice(0, cc)}${digits.slice(cc + 1)}`);
    if (phone?.countryCallingCode === digits.slice(0, cc) && phone.isPossible()) return true;
  }
  return false;
}

/** Whether numbers of country `c` are written, as `digits` are, without a leading 0. */
function withoutTrunkPrefix(c: CountryCode, digits: string, formatted: boolean): boolean {
  switch (c) {
    case 'US':
    case 'CA':
      return true;
    case 'ES':
      // Mobiles 6/7, fixed lines 8/9; the 5xx and 4xx ranges are services nobody gives out as theirs.
      return /^[6-9]/.test(digits);
    case 'IT':
      return digits.startsWith('3');
    case 'IN':
      return IN_MOBILE.test(digits);
    case 'GB':
    case 'FR':
    case 'DE':
    case 'NL':
    case 'BE':
    case 'CH':
    case 'AU':
    case 'JP':
      return false;
    default:
      // BR and countries an app adds: only with an area code set apart, "(11) 91234-5678".
      return formatted;
  }
}
