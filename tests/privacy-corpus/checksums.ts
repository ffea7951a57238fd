// Published check-digit algorithms used to build (and re-check) the PII corpus. Written from the
// public specifications cited beside each function, independently of any redactor in this repo.

/** Luhn / mod-10 (ISO/IEC 7812-1). Non-digits are ignored. */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** The digit that makes `body + digit` Luhn-valid. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return String(d);
  throw new Error('unreachable');
}

/** ISO 13616 / ISO 7064 MOD 97-10 remainder of an IBAN (spaces ignored). Valid IBANs give 1. */
export function ibanRemainder(iban: string): number {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  const rearranged = s.slice(4) + s.slice(0, 4);
  let m = 0;
  for (const ch of rearranged) {
    const v = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) m = (m * 10 + Number(d)) % 97;
  }
  return m;
}

export const ibanValid = (iban: string): boolean => /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban.replace(/\s+/g, '')) && ibanRemainder(iban) === 1;

/** Builds an IBAN from country code + BBAN by computing the two check digits (98 - remainder). */
export function makeIban(country: string, bban: string): string {
  const check = 98 - ibanRemainder(`${country}00${bban}`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** IBAN lengths per country, from the SWIFT IBAN registry. */
export const IBAN_LENGTHS: Record<string, number> = {
  AT: 20, BE: 16, CH: 21, DE: 22, DK: 18, ES: 24, FI: 18, FR: 27, GB: 22, IE: 22, IT: 27, LU: 20, NL: 18, NO: 15, PL: 28, PT: 25, SE: 24,
};

/** French NIR key: 97 - (first 13 digits mod 97), two digits. */
export function nirKey(first13: string): string {
  return String(97 - Number(BigInt(first13) % 97n)).padStart(2, '0');
}

/** Spanish DNI / NIE control letter. */
export const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
export function dniLetter(n: number): string {
  return DNI_LETTERS[n % 23]!;
}
export function nieLetter(prefix: 'X' | 'Y' | 'Z', sevenDigits: string): string {
  return dniLetter(Number(`${'XYZ'.indexOf(prefix)}${sevenDigits}`));
}

/** Italian codice fiscale check character (DM 23/12/1976): odd positions (1-based) use the odd table. */
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i]!;
    const idx = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? CF_ODD[idx]! : idx;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** US SSN issuance rules: area 001-899 except 666, group 01-99, serial 0001-9999. */
export function ssnValid(s: string): boolean {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(s);
  if (!m) return false;
  const area = Number(m[1]);
  return area > 0 && area < 900 && area !== 666 && m[2] !== '00' && m[3] !== '0000';
}

/** UK National Insurance number prefix rules (HMRC NIM39110) and suffix A-D. */
export function ninoValid(s: string): boolean {
  const compact = s.replace(/\s+/g, '');
  const m = /^([A-Z])([A-Z])\d{6}[A-D]$/.exec(compact);
  if (!m) return false;
  const [, a, b] = m as unknown as [string, string, string];
  if ('DFIQUV'.includes(a) || 'DFIOQUV'.includes(b)) return false;
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(a + b);
}

/** ISBN-13 check digit (weights 1,3). */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}
