import { REFERENCE_LABELS } from './context-words.ts';
import { type Detection, type KeepSpan } from './pii-types.ts';

const NUMERIC: readonly ('phone' | 'ip')[] = ['phone', 'ip'];
const N = '(?<![\\p{L}\\p{N}_]|\\d[./-])';
const END = '(?![\\p{L}\\p{N}_]|[./-]\\d)';
const CURRENCY =
  '(?:[$€£¥₹₩]|R\\$|CHF|EUR|USD|GBP|JPY|INR|BRL|AUD|CAD|Fr\\.|Rs\\.?|[Ee]uros?|[Dd]ollars?|[Pp]ounds?|[Ff]rancs?|Franken|livres?|' +
  'Mio\\.?|Mrd\\.?|millions?|milliards?|Millionen)';
const AMOUNT_BODY = "\\d{1,3}(?:[ \\u00a0\\u202f.,']\\d{3})*(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";

// Shapes that look numeric enough to tempt the phone or IP detector but are not personal data.
const PATTERNS: readonly RegExp[] = [
  // Dates: 2024-03-15, 15/03/2024, 15.03.24, 03-15-2024; compact 20240315.
  new RegExp(`${N}\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}${END}`, 'gu'),
  new RegExp(`${N}\\d{1,2}[-/.]\\d{1,2}[-/.](?:\\d{4}|\\d{2})${END}`, 'gu'),
  new RegExp(`${N}(?:19|20)\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])(?:[T ]?\\d{4,6})?(?![\\p{L}\\p{N}_])`, 'gu'),
  // Year ranges (2019-2023) and times (09:30, 14:05:59).
  new RegExp(`${N}(?:19|20)\\d\\d\\s?[-–/]\\s?(?:19|20)\\d\\d${END}`, 'gu'),
  /(?<![\w:])\d{1,2}:\d{2}(?::\d{2})?(?![\w:])/g,
  // Amounts with a currency before or after.
  new RegExp(`${CURRENCY}\\s?(?:${AMOUNT_BODY})(?!\\d)`, 'gu'),
  new RegExp(`(?<![\\d.,])(?:${AMOUNT_BODY})\\s?${CURRENCY}(?![\\p{L}])`, 'gu'),
  // Versions: v1.2.3.4, version 10.0.19045.1234, build 22.04.1.
  new RegExp(
    '(?:(?<![\\p{L}\\p{N}_])[vV]|(?:[Vv]ersion|[Vv]er\\.|[Rr]elease|[Bb]uild|[Ff]irmware|[Pp]atch|[Dd]river|[Kk]ernel|SDK|Android|iOS|' +
      'macOS|Windows|Chrome|Firefox|Node(?:\\.?js)?|Python|Java|Versión|versione|Fassung)\\s?)\\d+(?:\\.\\d+){1,4}',
    'gu',
  ),
  // Percentages and quantities with a decimal part.
  /(?<![\p{L}\p{N}_.,:])\d+(?:[.,]\d+)?\s?%/gu,
];

// The identifier after a reference label: "Order #A-1234-5678", "commande n° 2024 1234 5678".
const IDENTIFIER = /^[\p{L}\p{N}][\p{L}\p{N}\-/._]*(?:[ \u00a0][\p{N}][\p{N}\-/._]*)*/u;

/**
 * Dates, times, amounts, versions and reference numbers (order, invoice, tracking, …). None is
 * redacted; each becomes a span the IP and phone detectors must leave alone.
 */
export function detectNearMisses(text: string): Detection {
  const keep: KeepSpan[] = [];
  if (!/\d/.test(text)) return { findings: [], keep };
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) keep.push({ start: m.index, end: m.index + m[0].length, blocks: NUMERIC });
  }
  keep.push(...referenceSpans(text));
  return { findings: [], keep };
}

function referenceSpans(text: string): KeepSpan[] {
  const out: KeepSpan[] = [];
  REFERENCE_LABELS.lastIndex = 0;
  for (let m = REFERENCE_LABELS.exec(text); m !== null; m = REFERENCE_LABELS.exec(text)) {
    const start = m.index + m[0].length;
    const id = IDENTIFIER.exec(text.slice(start, start + 80));
    if (id === null || !/\d/.test(id[0])) continue;
    const end = start + id[0].replace(/[.\-/]+$/, '').length;
    out.push({ start, end, blocks: NUMERIC });
    REFERENCE_LABELS.lastIndex = end;
  }
  return out;
}
