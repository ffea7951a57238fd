import { mod97 } from './checksums.ts';
import { type Detection, type Finding, type KeepSpan } from './pii-types.ts';

// US SSN as written, AAA-GG-SSSS or with spaces. Nine bare digits are far more often something
// else, so they count only after a label that names them.
const SSN = /(?<![\p{L}\p{N}_-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\p{L}\p{N}_]|-\d)/gu;
// Quantifiers in the look-behind are bounded: it runs at every position, and an unbounded \s*
// there costs quadratic time on a long run of spaces.
const SSN_BARE =
  /(?<=(?:ssn|social security(?: number| no\.?)?|ss#)(?:\s{0,3}(?:is|was|:|#|=|number|no\.?)){0,3}\s{0,3})(\d{3})(\d{2})(\d{4})(?![\p{L}\p{N}_])/giu;
const SSN_LABEL = /ssn|social security|ss#/i;
// French NIR: sex, year, month, department (2A/2B in Corsica), commune, order, then a two-digit key.
const NIR = /(?<![\p{L}\p{N}_])([12])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AB])[ .]?(\d{3})[ .]?(\d{3})[ .]?(\d{2})(?![\p{L}\p{N}_])/gu;
// UK National Insurance number: two letters (with the published exclusions), six digits, A–D.
const NINO = /(?<![\p{L}\p{N}_])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}_])/gu;
const NINO_EXCLUDED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
// Spanish DNI (eight digits, a check letter) and NIE (X/Y/Z, seven digits, a check letter).
const DNI = /(?<![\p{L}\p{N}_.])(\d{2}\.?\d{3}\.?\d{3})[ -]?([A-Za-z])(?![\p{L}\p{N}_])/gu;
const NIE = /(?<![\p{L}\p{N}_])([XYZxyz])[ -]?(\d{7})[ -]?([A-Za-z])(?![\p{L}\p{N}_])/gu;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
// Italian codice fiscale; digits may be swapped for LMNPQRSTUV (omocodia).
const CF =
  /(?<![\p{L}\p{N}_])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[ABCDEHLMPRSTabcdehlmprst][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![\p{L}\p{N}_])/gu;
// Values of odd positions (1st, 3rd, …) for 0–9 then A–Z, from the Ministry of Finance decree.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/**
 * National identity numbers with their check rules: US SSN, French NIR, UK NINO, Spanish DNI and
 * NIE, Italian codice fiscale. An SSN or NIR shape that fails its rules is kept, and shields the
 * digits from the phone detector.
 */
export function detectIds(text: string): Detection {
  const findings: Finding[] = [];
  const keep: KeepSpan[] = [];
  const add = (ok: boolean, start: number, end: number): void => {
    if (ok) findings.push({ type: 'id', start, end });
    else keep.push({ start, end, blocks: ['phone', 'ip'] });
  };
  if (/\d/.test(text)) {
    each(SSN, text, (m) => add(ssnValid(m[1] ?? '', m[3] ?? '', m[4] ?? ''), m.index, m.index + m[0].length));
    if (SSN_LABEL.test(text)) {
      each(SSN_BARE, text, (m) => {
        if (ssnValid(m[1] ?? '', m[2] ?? '', m[3] ?? '')) add(true, m.index, m.index + m[0].length);
      });
    }
    each(NIR, text, (m) => add(nirValid(m.slice(1, 8).join('')), m.index, m.index + m[0].length));
    each(NINO, text, (m) => {
      if (!NINO_EXCLUDED.has(m[1] ?? '')) add(true, m.index, m.index + m[0].length);
    });
    each(DNI, text, (m) => {
      if (dniLetter(Number((m[1] ?? '').replaceAll('.', ''))) === (m[2] ?? '').toUpperCase()) add(true, m.index, m.index + m[0].length);
    });
    each(NIE, text, (m) => {
      const prefix = 'XYZ'.indexOf((m[1] ?? '').toUpperCase());
      if (dniLetter(Number(`${prefix}${m[2] ?? ''}`)) === (m[3] ?? '').toUpperCase()) add(true, m.index, m.index + m[0].length);
    });
  }
  each(CF, text, (m) => {
    if (codiceFiscaleValid(m[0].toUpperCase())) add(true, m.index, m.index + m[0].length);
  });
  return { findings, keep };
}

function each(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) fn(m);
}

/** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** NIR key = 97 − (first 13 digits mod 97); Corsica's 2A and 2B count as 19 and 18. */
export function nirValid(nir: string): boolean {
  if (nir.length !== 15) return false;
  const month = Number(nir.slice(3, 5));
  if (month === 0 || (month > 12 && month < 20)) return false;
  const body = nir
    .slice(0, 13)
    .replace(/^(.{5})2A/, '$119')
    .replace(/^(.{5})2B/, '$118');
  if (!/^\d{13}$/.test(body)) return false;
  return 97 - mod97(body) === Number(nir.slice(13));
}

function dniLetter(n: number): string {
  return DNI_LETTERS[n % 23] ?? '';
}

/** The 16th character is the sum of the odd- and even-position values mod 26, as a letter. */
export function codiceFiscaleValid(cf: string): boolean {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const code = cf.charCodeAt(i);
    const index = code <= 57 ? code - 48 : code - 65 + 10;
    if (i % 2 === 0) sum += CF_ODD[index] ?? 0;
    else sum += code <= 57 ? code - 48 : code - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}
