// Self-check of the labelled PII corpus (tests/privacy-corpus/corpus.json): offsets, checksums,
// coverage. The check digits are re-implemented here rather than imported from the generator, so a
// bug in one is caught by the other.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { CORPUS_PATH, generate } from '../privacy-corpus/generate-corpus.ts';
import type { Item } from '../privacy-corpus/lib.ts';

const corpus = JSON.parse(readFileSync(CORPUS_PATH, 'utf8')) as Item[];
const TYPES = ['email', 'phone', 'card', 'iban', 'ip', 'url', 'secret', 'id', 'term'] as const;
const PHONE_COUNTRIES = ['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'CH', 'CA', 'AU', 'IN', 'BR', 'JP'];
const entities = corpus.flatMap((i) => i.entities.map((e) => ({ ...e, item: i.id })));
const misses = corpus.flatMap((i) => i.nearMisses.map((n) => ({ ...n, item: i.id })));

function luhn(s: string): boolean {
  const d = [...s.replace(/\D/g, '')].map(Number).reverse();
  return d.length > 0 && d.reduce((sum, x, i) => sum + (i % 2 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0) % 10 === 0;
}
function mod97(iban: string): boolean {
  const s = iban.replace(/ /g, '');
  const n = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s) && BigInt(n) % 97n === 1n;
}
const IBAN_LENGTH: Record<string, number> = {
  AT: 20,
  BE: 16,
  CH: 21,
  DE: 22,
  DK: 18,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  IE: 22,
  IT: 27,
  LU: 20,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  SE: 24,
};
const DNI = 'TRWAGMYFPDXBNJZSQVHLCKE';
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
/** Which national identifier a value is, or undefined when it is none of them. */
function idKind(v: string): string | undefined {
  let m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(v);
  if (m && Number(m[1]) > 0 && Number(m[1]) < 900 && m[1] !== '666' && m[2] !== '00' && m[3] !== '0000') return 'us-ssn';
  const compact = v.replace(/[\s.-]/g, '');
  if (/^[12]\d{14}$/.test(compact) && 97 - Number(BigInt(compact.slice(0, 13)) % 97n) === Number(compact.slice(13))) return 'fr-nir';
  m = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]$/.exec(compact);
  if (m && !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(m[1]! + m[2]!)) return 'uk-nino';
  if (/^\d{8}[A-Z]$/.test(compact) && DNI[Number(compact.slice(0, 8)) % 23] === compact[8]) return 'es-dni';
  if (/^[XYZ]\d{7}[A-Z]$/.test(compact) && DNI[Number('XYZ'.indexOf(compact[0]!) + compact.slice(1, 8)) % 23] === compact[8]) return 'es-nie';
  if (/^[A-Z]{6}\d{2}[ABCDEHLMPRST]\d{2}[A-Z]\d{3}[A-Z]$/.test(v)) {
    const sum = [...v.slice(0, 15)].reduce((s, ch, i) => {
      const idx = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
      return s + (i % 2 === 0 ? CF_ODD[idx]! : idx);
    }, 0);
    if (String.fromCharCode(65 + (sum % 26)) === v[15]) return 'it-codice-fiscale';
  }
  return undefined;
}
const TOKEN_PARAM = /[?&](token|access_token|refresh_token|id_token|key|api_key|apikey|sig|signature|secret|client_secret|password|auth|code)=[^&#\s]+/i;
const CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s@:]*:[^/\s@]+@/i;
const SECRET =
  /^(sk-(proj-|ant-api03-)?[\w-]{32,}|gh[pousr]_[A-Za-z0-9]{36}|github_pat_\w{82}|xox[bp]-[\d-]+-[A-Za-z0-9]+|AKIA[A-Z2-7]{16}|AIza[\w-]{35}|glpat-[\w-]{20}|[spr]k_live_[A-Za-z0-9]{24,}|hf_[A-Za-z0-9]{34}|npm_[A-Za-z0-9]{36}|shpat_[a-f0-9]{32}|SG\.[\w-]{22}\.[\w-]{43})$/;

describe('privacy corpus', () => {
  it('has at least 300 items in English, French and German, roughly evenly', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((i) => i.id)).size).toBe(corpus.length);
    for (const lang of ['en', 'fr', 'de'] as const) expect(corpus.filter((i) => i.lang === lang).length).toBeGreaterThanOrEqual(corpus.length / 4);
    expect(corpus.every((i) => ['en', 'fr', 'de'].includes(i.lang))).toBe(true);
    expect(corpus.filter((i) => i.entities.length === 0).length).toBeGreaterThanOrEqual(30);
  });

  it('has offsets that match the values exactly (UTF-16)', () => {
    for (const i of corpus) {
      for (const s of [...i.entities, ...i.nearMisses]) {
        expect(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.end <= i.text.length, `${i.id} ${s.value}`).toBe(true);
        expect(i.text.slice(s.start, s.end), i.id).toBe(s.value);
      }
    }
  });

  it('has no overlapping entities, and no near miss overlapping an entity', () => {
    for (const i of corpus) {
      const spans = [...i.entities, ...i.nearMisses].sort((a, b) => a.start - b.start);
      for (let k = 1; k < spans.length; k++)
        expect(spans[k]!.start, `${i.id} ${spans[k - 1]!.value} / ${spans[k]!.value}`).toBeGreaterThanOrEqual(spans[k - 1]!.end);
    }
  });

  it('uses only the nine entity types, each at least 25 times and in several formats', () => {
    for (const e of entities) expect(TYPES, e.item).toContain(e.type);
    for (const t of TYPES) {
      const of = entities.filter((e) => e.type === t);
      expect(of.length, t).toBeGreaterThanOrEqual(25);
      if (t !== 'term') expect(new Set(of.map((e) => e.format)).size, t).toBeGreaterThanOrEqual(3);
    }
    expect(misses.length).toBeGreaterThanOrEqual(150);
  });

  it('has only Luhn-valid cards of 13-19 digits, and only Luhn-failing card near misses', () => {
    for (const e of entities.filter((x) => x.type === 'card')) {
      expect(e.value, e.item).toMatch(/^\d+([ -]\d+)*$/);
      const n = e.value.replace(/\D/g, '').length;
      expect(n >= 13 && n <= 19, e.value).toBe(true);
      expect(luhn(e.value), e.value).toBe(true);
    }
    const lengths = new Set(entities.filter((x) => x.type === 'card').map((e) => e.value.replace(/\D/g, '').length));
    for (const n of [13, 14, 15, 16, 19]) expect(lengths, `card length ${n}`).toContain(n);
    const fails = misses.filter((n) => n.kind === 'card-luhn-fail');
    expect(fails.length).toBeGreaterThan(10);
    for (const n of fails) {
      expect(n.value.replace(/\D/g, '').length, n.value).toBe(16);
      expect(luhn(n.value), n.value).toBe(false);
    }
  });

  it('has only mod-97-valid IBANs of their country length, and only failing IBAN near misses', () => {
    const ibans = entities.filter((x) => x.type === 'iban');
    for (const e of ibans) {
      expect(mod97(e.value), e.value).toBe(true);
      expect(e.value.replace(/ /g, '').length, e.value).toBe(IBAN_LENGTH[e.value.slice(0, 2)]);
    }
    expect(new Set(ibans.map((e) => e.value.slice(0, 2))).size).toBeGreaterThanOrEqual(8);
    expect(ibans.some((e) => e.value.includes(' ')) && ibans.some((e) => !e.value.includes(' '))).toBe(true);
    for (const n of misses.filter((x) => x.kind === 'iban-checksum-fail')) expect(mod97(n.value), n.value).toBe(false);
  });

  it('has only valid national identifiers, of every kind, and invalid ones only as near misses', () => {
    const kinds = new Set<string>();
    for (const e of entities.filter((x) => x.type === 'id')) {
      const k = idKind(e.value);
      expect(k, `${e.item} ${e.value}`).toBeDefined();
      kinds.add(k!);
    }
    expect([...kinds].sort()).toEqual(['es-dni', 'es-nie', 'fr-nir', 'it-codice-fiscale', 'uk-nino', 'us-ssn']);
    for (const n of misses.filter((x) => ['dni-bad-letter', 'nir-bad-key', 'ssn-invalid', 'nino-invalid', 'cf-bad-check'].includes(x.kind))) {
      expect(idKind(n.value), `${n.item} ${n.kind} ${n.value}`).toBeUndefined();
    }
  });

  it('has valid phone numbers, in international and national formats for each of the 14 countries', () => {
    const phones = entities.filter((x) => x.type === 'phone');
    for (const e of phones) expect(isValidPhoneNumber(e.value.replace('(0)', ''), e.country as CountryCode), `${e.country} ${e.value}`).toBe(true);
    for (const c of PHONE_COUNTRIES) {
      const of = phones.filter((e) => e.country === c).map((e) => e.value);
      expect(
        of.some((v) => v.startsWith('+') || v.startsWith('00')),
        `${c} international`,
      ).toBe(true);
      expect(
        of.some((v) => !v.startsWith('+') && !v.startsWith('00')),
        `${c} national`,
      ).toBe(true);
    }
  });

  it('has valid IPv4 and IPv6 addresses', () => {
    const ips = entities.filter((x) => x.type === 'ip');
    for (const e of ips) expect(isIP(e.value), e.value).not.toBe(0);
    expect(ips.filter((e) => isIP(e.value) === 4).length).toBeGreaterThanOrEqual(10);
    expect(ips.filter((e) => isIP(e.value) === 6).length).toBeGreaterThanOrEqual(10);
  });

  it('labels as url only URLs with credentials or a token-like parameter, and no ordinary URL', () => {
    for (const e of entities.filter((x) => x.type === 'url')) expect(CREDENTIALS.test(e.value) || TOKEN_PARAM.test(e.value), e.value).toBe(true);
    const plain = misses.filter((x) => x.kind === 'url-plain');
    expect(plain.length).toBeGreaterThanOrEqual(25);
    for (const n of plain) expect(CREDENTIALS.test(n.value) || TOKEN_PARAM.test(n.value), n.value).toBe(false);
  });

  it('has secrets with a known prefix and a body of the right shape, and simple emails', () => {
    for (const e of entities.filter((x) => x.type === 'secret')) expect(e.value, e.item).toMatch(SECRET);
    for (const e of entities.filter((x) => x.type === 'email')) expect(e.value, e.item).toMatch(/^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/);
  });

  it('labels every occurrence of every term, and only terms the item lists', () => {
    for (const i of corpus) {
      const terms = i.terms ?? [];
      for (const e of i.entities.filter((x) => x.type === 'term')) expect(terms, i.id).toContain(e.value);
      const lower = i.text.toLowerCase();
      for (const t of terms) {
        for (let at = lower.indexOf(t.toLowerCase()); at >= 0; at = lower.indexOf(t.toLowerCase(), at + 1)) {
          const covered = i.entities.some((e) => (e.type === 'term' ? e.start === at && e.end === at + t.length : e.start <= at && at + t.length <= e.end));
          expect(covered, `${i.id}: "${t}" at ${at}`).toBe(true);
        }
      }
    }
  });

  it('is exactly what the seeded generator produces', () => {
    expect(JSON.parse(JSON.stringify(generate()))).toEqual(corpus);
  });
});
