// Building blocks for the PII corpus: a seeded PRNG, entity generators (each from a published source
// or a published checksum algorithm), near-miss generators, and the assembler that turns a message
// made of plain text and labelled spans into `{ text, entities, nearMisses }` with UTF-16 offsets.
import { getExampleNumber, parsePhoneNumberWithError, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import {
  IBAN_LENGTHS, cfCheckChar, dniLetter, ibanValid, isbn13CheckDigit, luhnCheckDigit, luhnValid, makeIban, nieLetter, ninoValid, nirKey, ssnValid,
} from './checksums.ts';

export type Lang = 'en' | 'fr' | 'de';
export type EntityType = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'url' | 'secret' | 'id' | 'term';
export const ENTITY_TYPES: readonly EntityType[] = ['email', 'phone', 'card', 'iban', 'ip', 'url', 'secret', 'id', 'term'];

export interface Span {
  readonly kind: 'entity' | 'miss';
  readonly type: string; // entity type, or near-miss kind
  readonly value: string;
  readonly format?: string;
  readonly country?: string;
}
export type Part = string | Span | readonly Part[];

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) so the corpus is reproducible.
let state = 0x5eed2024;
export function reseed(seed: number): void {
  state = seed >>> 0;
}
export function rnd(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
export const chance = (p: number): boolean => rnd() < p;
export function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = UPPER + LOWER + DIGITS;
const B64URL = `${ALNUM}-_`;
const HEX = '0123456789abcdef';
export function chars(n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
  return s;
}
/** Random body whose first and last characters are alphanumeric (so span edges are unambiguous). */
function body(n: number, alphabet: string): string {
  const edge = [...alphabet].filter((ch) => /[A-Za-z0-9]/.test(ch)).join('');
  if (n <= 2) return chars(n, edge);
  return chars(1, edge) + chars(n - 2, alphabet) + chars(1, edge);
}
const digits = (n: number): string => chars(n, DIGITS);
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Cycles through a list in shuffled rounds, so every element is used before any repeats. */
export class Deck<T> {
  private queue: T[] = [];
  private readonly items: readonly T[];
  constructor(items: readonly T[]) {
    this.items = items;
  }
  next(): T {
    if (this.queue.length === 0) this.queue = shuffle([...this.items]);
    return this.queue.pop()!;
  }
}

export const E = (type: EntityType, value: string, format?: string, country?: string): Span => ({
  kind: 'entity', type, value, ...(format ? { format } : {}), ...(country ? { country } : {}),
});
export const M = (kind: string, value: string): Span => ({ kind: 'miss', type: kind, value });

/** Tag for message templates: `m\`Hi ${name}, call ${phone()}\`` → Part[]. */
export function m(strings: TemplateStringsArray, ...vals: Part[]): Part[] {
  const out: Part[] = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i < vals.length) out.push(vals[i]!);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// People, companies, domains.
export interface Person {
  first: string;
  last: string;
  full: string;
}
const NAMES: Record<Lang | 'it' | 'es', string[]> = {
  en: ['Emily Carter', 'James Whitfield', 'Priya Natarajan', 'Tom Gallagher', 'Sarah Okafor', 'Daniel Brooks', 'Hannah Lee', 'Marcus Reid', 'Olivia Bennett', 'Ryan Cho', 'Grace Holloway', 'Ethan Walsh', 'Chloe Parker', 'Liam Donnelly'],
  fr: ['Claire Martin', 'Julien Lefèvre', 'Amélie Rousseau', 'Nicolas Garnier', 'Sophie Marchand', 'Thomas Dubois', 'Camille Bernard', 'Léa Fontaine', 'Hugo Mercier', 'Élodie Perrin', 'Antoine Girard', 'Manon Lambert', 'Mathieu Roche', 'Inès Caron'],
  de: ['Jonas Becker', 'Lena Schmidt', 'Jürgen Weiß', 'Katharina Vogel', 'Tobias Hartmann', 'Anna Krüger', 'Felix Neumann', 'Miriam Schulz', 'Stefan Wagner', 'Laura Hoffmann', 'Jan Köhler', 'Sabine Braun', 'Moritz Engel', 'Petra Lorenz'],
  it: ['Giulia Bianchi', 'Marco Esposito', 'Francesca Romano', 'Luca Colombo', 'Chiara Ricci', 'Alessandro Marino', 'Sofia Greco', 'Matteo Bruno'],
  es: ['Lucía García', 'Javier Fernández', 'Carmen López', 'Pablo Martínez', 'Elena Sánchez', 'Diego Romero', 'Marta Navarro', 'Sergio Ortega'],
};
export function person(lang: Lang | 'it' | 'es', ...avoid: Person[]): Person {
  for (;;) {
    const full = pick(NAMES[lang]);
    const [first, last] = full.split(' ') as [string, string];
    if (!avoid.some((p) => p.first === first || p.last === last)) return { first, last, full };
  }
}
/** First names read as female (for gendered text and the sex digit of a NIR). */
export const FEMALE = new Set(['Emily', 'Priya', 'Sarah', 'Hannah', 'Olivia', 'Grace', 'Chloe', 'Claire', 'Amélie', 'Sophie', 'Camille', 'Léa', 'Élodie', 'Manon', 'Inès',
  'Lena', 'Katharina', 'Anna', 'Miriam', 'Laura', 'Sabine', 'Petra', 'Giulia', 'Francesca', 'Chiara', 'Sofia', 'Lucía', 'Carmen', 'Elena', 'Marta']);
export function ascii(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]/g, '');
}
export const CLIENTS: Record<Lang, string[]> = {
  en: ['Brightwave Media', 'Halcyon Dental', 'Northgate Builders', 'Pinecrest Labs', 'Bluefin Analytics', 'Marlow & Finch'],
  fr: ['Atelier Sorel', 'Cabinet Moreau', 'Boulangerie Lefort', 'Domaine Vasseur', 'Transports Caradec', 'Optique Varenne'],
  de: ['Nordwind Logistik', 'Bäckerei Haller', 'Kanzlei Strobel', 'Elbtal Solar', 'Autohaus Brenner', 'Praxis Dr. Wendt'],
};
export const PROJECTS: Record<Lang, string[]> = {
  en: ['Kestrel', 'Juniper', 'Bluebell', 'Tidewater'],
  fr: ['Mistral', 'Aurore', 'Sirocco', 'Belvédère'],
  de: ['Kranich', 'Falkenstein', 'Habicht', 'Lindwurm'],
};
const PERSONAL_DOMAINS: Record<Lang, string[]> = {
  en: ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'btinternet.com', 'icloud.com', 'hotmail.co.uk'],
  fr: ['orange.fr', 'free.fr', 'laposte.net', 'gmail.com', 'wanadoo.fr', 'sfr.fr'],
  de: ['web.de', 'gmx.de', 't-online.de', 'gmail.com', 'posteo.de', 'gmx.ch'],
};
const WORK_DOMAINS: Record<Lang, string[]> = {
  en: ['acmecorp.co.uk', 'harbourline.com', 'example.com', 'stonebridge-legal.co.uk', 'quillworks.io'],
  fr: ['groupe-lumiere.fr', 'example.fr', 'cabinet-ardent.fr', 'solvia.fr', 'mairie-exemple.fr'],
  de: ['beispiel.de', 'rheinwerk-it.de', 'example.org', 'stadtwerke-musterstadt.de', 'kraftwerk-software.ch'],
};

const emailStyles = new Deck(['first.last', 'f.last', 'firstlast', 'first_last', 'last.first', 'first.last+tag', 'first.last-digits', 'Mixed.Case', 'first']);
/** An email address for `p`; `where` picks a personal or a work domain. */
export function email(lang: Lang, p: Person, where: 'personal' | 'work' | string = pick(['personal', 'work'])): Span {
  const domain = where === 'personal' ? pick(PERSONAL_DOMAINS[lang]) : where === 'work' ? pick(WORK_DOMAINS[lang]) : where;
  const f = ascii(p.first);
  const l = ascii(p.last);
  const style = emailStyles.next();
  const local = {
    'first.last': `${f}.${l}`,
    'f.last': `${f[0]}.${l}`,
    firstlast: `${f}${l}`,
    first_last: `${f}_${l}`,
    'last.first': `${l}.${f}`,
    'first.last+tag': `${f}.${l}+${pick(['invoices', 'news', 'work', 'shop'])}`,
    'first.last-digits': `${f}.${l}${int(70, 99)}`,
    'Mixed.Case': `${p.first.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss')}.${p.last.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss')}`,
    first: f,
  }[style]!;
  return E('email', `${local}@${domain}`, style);
}
/** A role address such as billing@…, for a domain. */
export const roleEmail = (local: string, domain: string): Span => E('email', `${local}@${domain}`, 'role');
export const workDomain = (lang: Lang): string => pick(WORK_DOMAINS[lang]);

// ---------------------------------------------------------------------------------------------
// Phones: example numbers from libphonenumber metadata (mobile via libphonenumber-js's
// `mobile/examples`, fixed-line from Google's PhoneNumberMetadata.xml), validated by libphonenumber-js.
export const PHONE_COUNTRIES = ['US', 'GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'CH', 'CA', 'AU', 'IN', 'BR', 'JP'] as const;
export type PhoneCountry = (typeof PHONE_COUNTRIES)[number];
/** <fixedLine><exampleNumber> of google/libphonenumber resources/PhoneNumberMetadata.xml. */
const FIXED_LINE_EXAMPLES: Record<PhoneCountry, string> = {
  US: '2015550123', GB: '1212345678', FR: '123456789', DE: '30123456', ES: '810123456', IT: '0212345678', NL: '101234567',
  BE: '12345678', CH: '212345678', CA: '5062345678', AU: '212345678', IN: '7410410123', BR: '1123456789', JP: '312345678',
};
type PhoneKind = 'mobile' | 'fixed';
type PhoneStyle = 'international' | 'national' | 'e164' | 'international-00' | 'national-dots' | 'national-dashes' | 'international-trunk0';
function phoneStyles(c: PhoneCountry): PhoneStyle[] {
  const s: PhoneStyle[] = ['international', 'national', 'e164'];
  if (['GB', 'FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'CH'].includes(c)) s.push('international-00');
  if (c === 'FR') s.push('national-dots');
  if (c === 'US' || c === 'CA') s.push('national-dashes');
  if (c === 'DE' || c === 'GB' || c === 'CH') s.push('international-trunk0');
  return s;
}
const phoneCountryDeck = new Deck(PHONE_COUNTRIES);
/** Next country of the shared cycle, so every country gets its turn. */
export const nextPhoneCountry = (): PhoneCountry => phoneCountryDeck.next();
export const CITIES: Record<PhoneCountry, Record<Lang, string>> = {
  US: { en: 'New York', fr: 'New York', de: 'New York' }, GB: { en: 'London', fr: 'Londres', de: 'London' }, FR: { en: 'Paris', fr: 'Paris', de: 'Paris' },
  DE: { en: 'Berlin', fr: 'Berlin', de: 'Berlin' }, ES: { en: 'Madrid', fr: 'Madrid', de: 'Madrid' }, IT: { en: 'Milan', fr: 'Milan', de: 'Mailand' },
  NL: { en: 'Amsterdam', fr: 'Amsterdam', de: 'Amsterdam' }, BE: { en: 'Brussels', fr: 'Bruxelles', de: 'Brüssel' }, CH: { en: 'Zurich', fr: 'Zurich', de: 'Zürich' },
  CA: { en: 'Toronto', fr: 'Montréal', de: 'Toronto' }, AU: { en: 'Sydney', fr: 'Sydney', de: 'Sydney' }, IN: { en: 'Bengaluru', fr: 'Bangalore', de: 'Bangalore' },
  BR: { en: 'São Paulo', fr: 'São Paulo', de: 'São Paulo' }, JP: { en: 'Tokyo', fr: 'Tokyo', de: 'Tokio' },
};
/** A city line with a phone number from the next country in the cycle. */
export function officeLines(lang: Lang, n: number, ...avoid: Person[]): Part[] {
  const out: Part[] = [];
  const seen = [...avoid];
  for (let i = 0; i < n; i++) {
    const who = person(lang, ...seen);
    seen.push(who);
    const c = nextPhoneCountry();
    out.push(`${CITIES[c][lang]}: ${who.full}, `, phone(c), '\n');
  }
  return out;
}
const phoneStyleDecks = new Map<PhoneCountry, Deck<[PhoneKind, PhoneStyle]>>();
const usedPhoneExamples = new Set<string>();
function examplePhone(c: PhoneCountry, kind: PhoneKind): PhoneNumber {
  const p = kind === 'mobile' ? getExampleNumber(c as CountryCode, mobileExamples) : parsePhoneNumberWithError(FIXED_LINE_EXAMPLES[c], c as CountryCode);
  if (!p || !p.isValid()) throw new Error(`no valid ${kind} example for ${c}`);
  return p;
}
/** The example itself the first time; afterwards the example with its last 4 digits redrawn, kept only if libphonenumber-js still calls it valid, of the same type and country. */
function phoneNumberFor(c: PhoneCountry, kind: PhoneKind): PhoneNumber {
  const base = examplePhone(c, kind);
  const key = `${c}:${kind}`;
  if (!usedPhoneExamples.has(key)) {
    usedPhoneExamples.add(key);
    return base;
  }
  for (let i = 0; i < 200; i++) {
    const nn = base.nationalNumber.slice(0, -4) + digits(4);
    const p = parsePhoneNumberWithError(`+${base.countryCallingCode}${nn}`);
    if (p.isValid() && p.country === c && p.getType() === base.getType()) return p;
  }
  return base;
}
function formatPhone(p: PhoneNumber, style: PhoneStyle): string {
  const intl = p.formatInternational();
  const nat = p.formatNational();
  switch (style) {
    case 'international': return intl;
    case 'national': return nat;
    case 'e164': return p.number;
    case 'international-00': return `00${intl.slice(1)}`;
    case 'national-dots': return nat.replace(/ /g, '.');
    case 'national-dashes': { const n = p.nationalNumber; return `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`; }
    case 'international-trunk0': { const cc = `+${p.countryCallingCode}`; return `${cc} (0)${intl.slice(cc.length + 1)}`; }
  }
}
export function phone(country?: PhoneCountry, kind?: PhoneKind): Span {
  const c = country ?? phoneCountryDeck.next();
  let deck = phoneStyleDecks.get(c);
  if (!deck) {
    const combos: [PhoneKind, PhoneStyle][] = [];
    for (const k of ['mobile', 'fixed'] as const) for (const s of phoneStyles(c)) combos.push([k, s]);
    deck = new Deck(combos);
    phoneStyleDecks.set(c, deck);
  }
  const [k0, style] = deck.next();
  const k = kind ?? k0;
  return E('phone', formatPhone(phoneNumberFor(c, k), style), `${k}:${style}`, c);
}

// ---------------------------------------------------------------------------------------------
// Payment cards: published gateway test numbers + generated Luhn-valid numbers of 13-19 digits.
/** Test numbers published in payment-gateway documentation (Stripe, Braintree, PayPal, Adyen). */
export const PUBLISHED_CARDS = [
  '4111111111111111', '4012888888881881', '4222222222222', '4242424242424242', '4000056655665556', '5555555555554444', '5105105105105100',
  '2223003122003222', '5200828282828210', '5454545454545454', '378282246310005', '371449635398431', '378734493671000', '6011111111111117',
  '6011000990139424', '3056930009020004', '36227206271667', '30569309025904', '38520000023237', '3530111333300000', '3566002020360505',
  '6200000000000005', '6205500000000000004', '6759649826438453', '6304000000000000',
];
const CARD_SHAPES: [string, number][] = [
  ['4', 13], ['4', 16], ['4', 16], ['4', 19], ['51', 16], ['53', 16], ['55', 16], ['2221', 16], ['2720', 16], ['34', 15], ['37', 15],
  ['6011', 16], ['65', 16], ['6011', 19], ['3528', 16], ['3589', 16], ['36', 14], ['38', 14], ['62', 16], ['62', 17], ['62', 18], ['62', 19],
  ['6759', 17], ['6759', 18], ['4', 16], ['5', 16],
];
function generatedCard([prefix, len]: [string, number]): string {
  const p = prefix === '5' ? `5${int(1, 5)}` : prefix;
  const b = p + digits(len - 1 - p.length);
  return b + luhnCheckDigit(b);
}
function cardGroups(n: string): number[] {
  if (n.length === 15) return [4, 6, 5];
  if (n.length === 14) return [4, 6, 4];
  if (n.length === 13) return [4, 4, 5];
  const g: number[] = [];
  let left = n.length;
  while (left > 0) {
    g.push(Math.min(4, left));
    left -= 4;
  }
  if (n.length === 17 || n.length === 18) return [4, 4, 4, n.length - 12];
  return g;
}
export function formatCard(n: string, style: 'spaces' | 'dashes' | 'plain'): string {
  if (style === 'plain') return n;
  const out: string[] = [];
  let i = 0;
  for (const g of cardGroups(n)) {
    out.push(n.slice(i, i + g));
    i += g;
  }
  return out.join(style === 'spaces' ? ' ' : '-');
}
const cardDeck = new Deck([...PUBLISHED_CARDS, ...CARD_SHAPES.map(generatedCard)]);
const cardStyleDeck = new Deck(['spaces', 'spaces', 'dashes', 'plain'] as const);
export function card(): Span {
  const n = cardDeck.next();
  const style = cardStyleDeck.next();
  return E('card', formatCard(n, style), `${n.length}:${style}:${PUBLISHED_CARDS.includes(n) ? 'published' : 'generated'}`);
}
/** A 16-digit card-like number that fails Luhn. */
export function cardLuhnFail(style: 'spaces' | 'dashes' | 'plain' = 'spaces'): Span {
  for (;;) {
    const n = pick(['4', '5', '6']) + digits(15);
    if (!luhnValid(n)) return M('card-luhn-fail', formatCard(n, style));
  }
}
export const cardMasked = (): Span => M('card-masked', pick([`**** **** **** ${digits(4)}`, `XXXX-XXXX-XXXX-${digits(4)}`, `•••• ${digits(4)}`, `************${digits(4)}`]));

// ---------------------------------------------------------------------------------------------
// IBANs: published examples (SWIFT IBAN registry / national banking associations) + generated.
export const PUBLISHED_IBANS = [
  'DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'GB29 NWBK 6016 1331 9268 19', 'FR14 2004 1010 0505 0001 3M02 606',
  'NL91 ABNA 0417 1643 00', 'BE68 5390 0754 7034', 'ES91 2100 0418 4502 0005 1332', 'IT60 X054 2811 1010 0000 0123 456',
  'CH93 0076 2011 6238 5295 7', 'AT61 1904 3002 3457 3201', 'LU28 0019 4006 4475 0000', 'PT50 0002 0123 1234 5678 9015 4',
  'IE29 AIBK 9311 5212 3456 78', 'PL61 1090 1014 0000 0712 1981 2874', 'NO93 8601 1117 947', 'SE45 5000 0000 0583 9825 7466',
  'DK50 0040 0440 1162 43', 'FI21 1234 5600 0007 85',
];
export type IbanCountry = 'DE' | 'GB' | 'FR' | 'NL' | 'BE' | 'ES' | 'IT' | 'CH' | 'AT' | 'LU' | 'PT' | 'IE' | 'PL' | 'NO' | 'SE' | 'DK' | 'FI';
function bban(c: IbanCountry): string {
  switch (c) {
    case 'GB': return pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + digits(14);
    case 'IE': return pick(['AIBK', 'BOFI']) + digits(14);
    case 'NL': return pick(['ABNA', 'INGB', 'RABO', 'TRIO', 'SNSB']) + digits(10);
    case 'FR': {
      // RIB key: 97 - ((89 * bank + 15 * branch + 3 * account) mod 97), account all-digit here.
      const bank = digits(5), branch = digits(5), account = digits(11);
      const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97);
      return bank + branch + account + pad2(key);
    }
    case 'BE': {
      const n = digits(10);
      const k = Number(BigInt(n) % 97n) || 97;
      return n + pad2(k);
    }
    case 'IT': return chars(1, UPPER) + digits(10) + digits(12);
    case 'LU': return digits(3) + digits(13);
    default: return digits(IBAN_LENGTHS[c]! - 4);
  }
}
export function paperIban(iban: string): string {
  return iban.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}
const ibanCountryDeck = new Deck<IbanCountry>(['DE', 'GB', 'FR', 'NL', 'BE', 'ES', 'IT', 'CH', 'AT', 'LU', 'PT', 'IE', 'PL', 'NO', 'SE', 'DK', 'FI']);
const ibanStyleDeck = new Deck(['paper', 'paper', 'electronic'] as const);
const unusedPublished = [...PUBLISHED_IBANS];
export function iban(country?: IbanCountry): Span {
  const c = country ?? ibanCountryDeck.next();
  const style = ibanStyleDeck.next();
  const idx = unusedPublished.findIndex((x) => x.startsWith(c));
  let compact: string;
  let source: string;
  if (idx >= 0) {
    compact = unusedPublished.splice(idx, 1)[0]!.replace(/\s+/g, '');
    source = 'published';
  } else {
    compact = makeIban(c, bban(c));
    source = 'generated';
  }
  if (compact.length !== IBAN_LENGTHS[c] || !ibanValid(compact)) throw new Error(`bad IBAN ${compact}`);
  return E('iban', style === 'paper' ? paperIban(compact) : compact, `${c}:${style}:${source}`);
}
/** An IBAN-shaped string of the right length whose mod-97 check fails (one digit changed). */
export function ibanChecksumFail(country?: IbanCountry): Span {
  const c = country ?? ibanCountryDeck.next();
  for (;;) {
    const good = makeIban(c, bban(c));
    const i = int(4, good.length - 1);
    if (!/\d/.test(good[i]!)) continue;
    const bad = good.slice(0, i) + String((Number(good[i]) + int(1, 9)) % 10) + good.slice(i + 1);
    const runs = bad.slice(2).match(/\d{13,19}/g) ?? [];
    if (!ibanValid(bad) && !runs.some((r) => luhnValid(r))) return M('iban-checksum-fail', chance(0.7) ? paperIban(bad) : bad);
  }
}
const BICS: Record<string, string[]> = {
  GB: ['NWBKGB2L', 'BARCGB22', 'LOYDGB2L'], IE: ['AIBKIE2D'], FR: ['BNPAFRPPXXX', 'SOGEFRPP', 'CRLYFRPP'], DE: ['DEUTDEFF', 'COBADEFFXXX', 'GENODEF1M04'],
  NL: ['INGBNL2A', 'ABNANL2A'], CH: ['UBSWCHZH80A', 'POFICHBEXXX'], ES: ['CAIXESBBXXX'], IT: ['BCITITMM'], BE: ['GEBABEBB'], AT: ['BKAUATWW'],
};
export const bic = (country: string): Span => M('bic', pick(BICS[country] ?? BICS.DE!));

// ---------------------------------------------------------------------------------------------
// IP addresses: RFC 5737 / RFC 3849 documentation ranges, RFC 1918 private ranges, and random public-looking ones.
type IpStyle = 'v4-doc' | 'v4-private' | 'v4-public' | 'v6-compressed' | 'v6-full' | 'v6-link-local' | 'v6-mapped' | 'v6-upper' | 'v6-public';
const ipStyleDeck = new Deck<IpStyle>(['v4-doc', 'v4-private', 'v4-public', 'v4-public', 'v6-compressed', 'v6-full', 'v6-link-local', 'v6-mapped', 'v6-upper', 'v6-public']);
const h16 = (): string => int(1, 0xffff).toString(16);
export function ipValue(style: IpStyle): string {
  switch (style) {
    case 'v4-doc': return `${pick(['192.0.2', '198.51.100', '203.0.113'])}.${int(1, 254)}`;
    case 'v4-private': return pick([`10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`, `192.168.${int(0, 255)}.${int(1, 254)}`]);
    case 'v4-public': return `${pick([31, 37, 46, 62, 77, 81, 85, 91, 93, 109, 141, 151, 176, 185, 212, 217])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
    case 'v6-compressed': return `2001:db8:${h16()}::${h16()}`;
    case 'v6-full': return ['2001', '0db8', ...Array.from({ length: 6 }, () => int(0, 0xffff).toString(16).padStart(4, '0'))].join(':');
    case 'v6-link-local': return `fe80::${h16()}:${h16()}:${h16()}:${h16()}`;
    case 'v6-mapped': return `::ffff:${ipValue('v4-doc')}`;
    case 'v6-upper': return `2001:DB8:${h16().toUpperCase()}:${h16().toUpperCase()}::${h16().toUpperCase()}`;
    case 'v6-public': return `${pick(['2a01:e0a', '2a02:8108', '2a00:1450', '2600:1f18', '2a02:2e0'])}:${h16()}:${h16()}::${h16()}`;
  }
}
export function ip(version?: 4 | 6): Span {
  let style = ipStyleDeck.next();
  while (version && !style.startsWith(`v${version}`)) style = ipStyleDeck.next();
  return E('ip', ipValue(style), style);
}

// ---------------------------------------------------------------------------------------------
// Secrets: known prefixes with random bodies of the documented length and alphabet.
type SecretKind = 'openai-legacy' | 'openai-project' | 'anthropic' | 'github-classic' | 'github-oauth' | 'github-fine-grained' | 'slack-bot' | 'slack-user'
  | 'aws-access-key-id' | 'google-api-key' | 'gitlab-pat' | 'stripe-secret' | 'stripe-publishable' | 'stripe-restricted' | 'huggingface' | 'npm' | 'shopify' | 'sendgrid';
export function secretValue(k: SecretKind): string {
  switch (k) {
    case 'openai-legacy': return `sk-${chars(20, ALNUM)}T3BlbkFJ${chars(20, ALNUM)}`;
    case 'openai-project': return `sk-proj-${body(74, B64URL)}T3BlbkFJ${body(74, B64URL)}`;
    case 'anthropic': return `sk-ant-api03-${body(93, B64URL)}AA`;
    case 'github-classic': return `ghp_${chars(36, ALNUM)}`;
    case 'github-oauth': return `gho_${chars(36, ALNUM)}`;
    case 'github-fine-grained': return `github_pat_11${chars(20, UPPER + DIGITS)}_${chars(59, ALNUM)}`;
    case 'slack-bot': return `xoxb-${digits(12)}-${digits(13)}-${chars(24, ALNUM)}`;
    case 'slack-user': return `xoxp-${digits(12)}-${digits(12)}-${digits(13)}-${chars(32, HEX)}`;
    case 'aws-access-key-id': return `AKIA${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    case 'google-api-key': return `AIza${body(35, B64URL)}`;
    case 'gitlab-pat': return `glpat-${body(20, B64URL)}`;
    case 'stripe-secret': return `sk_live_${chars(pick([24, 99]), ALNUM)}`;
    case 'stripe-publishable': return `pk_live_${chars(pick([24, 99]), ALNUM)}`;
    case 'stripe-restricted': return `rk_live_${chars(pick([24, 99]), ALNUM)}`;
    case 'huggingface': return `hf_${chars(34, ALNUM)}`;
    case 'npm': return `npm_${chars(36, ALNUM)}`;
    case 'shopify': return `shpat_${chars(32, HEX)}`;
    case 'sendgrid': return `SG.${body(22, B64URL)}.${body(43, B64URL)}`;
  }
}
const SECRET_KINDS: SecretKind[] = ['openai-legacy', 'openai-project', 'anthropic', 'github-classic', 'github-oauth', 'github-fine-grained', 'slack-bot', 'slack-user',
  'aws-access-key-id', 'google-api-key', 'gitlab-pat', 'stripe-secret', 'stripe-publishable', 'stripe-restricted', 'huggingface', 'npm', 'shopify', 'sendgrid'];
const secretDeck = new Deck(SECRET_KINDS);
let awsDocExampleUsed = false;
export function secret(kind?: SecretKind): Span {
  const k = kind ?? secretDeck.next();
  if (k === 'aws-access-key-id' && !awsDocExampleUsed) {
    awsDocExampleUsed = true;
    return E('secret', 'AKIAIOSFODNN7EXAMPLE', 'aws-access-key-id:aws-docs-example');
  }
  return E('secret', secretValue(k), k);
}
/** Env-var name that usually holds each kind (for .env snippets). */
export function secretEnvName(s: Span): string {
  const f = s.format ?? '';
  if (f.startsWith('openai')) return 'OPENAI_API_KEY';
  if (f.startsWith('anthropic')) return 'ANTHROPIC_API_KEY';
  if (f.startsWith('github')) return 'GITHUB_TOKEN';
  if (f.startsWith('slack')) return 'SLACK_TOKEN';
  if (f.startsWith('aws')) return 'AWS_ACCESS_KEY_ID';
  if (f.startsWith('google')) return 'GOOGLE_MAPS_API_KEY';
  if (f.startsWith('gitlab')) return 'GITLAB_TOKEN';
  if (f.startsWith('stripe-publishable')) return 'STRIPE_PUBLISHABLE_KEY';
  if (f.startsWith('stripe')) return 'STRIPE_SECRET_KEY';
  if (f.startsWith('huggingface')) return 'HF_TOKEN';
  if (f.startsWith('npm')) return 'NPM_TOKEN';
  if (f.startsWith('shopify')) return 'SHOPIFY_ADMIN_TOKEN';
  return 'SENDGRID_API_KEY';
}
export const secretPlaceholder = (): Span =>
  M('secret-placeholder', pick(['sk-...', 'sk-xxxx', 'ghp_…', '<YOUR_API_KEY>', 'AKIA…', 'xoxb-…', 'your-token-here', 'sk_live_…', 'hf_...', 'REPLACE_ME']));

// ---------------------------------------------------------------------------------------------
// URLs that carry credentials or a token-like query parameter (entities), and ordinary URLs (near misses).
type UrlKind = 'credentials-https' | 'credentials-git' | 'credentials-postgres' | 'credentials-mongodb' | 'credentials-ftp' | 'credentials-redis' | 'credentials-amqp'
  | 'token' | 'access_token' | 'key' | 'api_key' | 'apikey' | 'sig' | 'signature' | 'secret' | 'client_secret' | 'password' | 'auth' | 'code' | 'refresh_token';
const URL_KINDS: UrlKind[] = ['credentials-https', 'credentials-git', 'credentials-postgres', 'credentials-mongodb', 'credentials-ftp', 'credentials-redis', 'credentials-amqp',
  'token', 'access_token', 'key', 'api_key', 'apikey', 'sig', 'signature', 'secret', 'client_secret', 'password', 'auth', 'code', 'refresh_token'];
const password = (): string => pick([body(12, `${ALNUM}!*~`), `${pick(['Sommer', 'Soleil', 'Winter', 'Autumn', 'Kaffee', 'Bonjour'])}${int(10, 99)}${pick(['!', '#', '$', '*'])}`, body(16, ALNUM)]);
const user = (): string => pick(['deploy', 'admin', 'app', 'backup', 'ci-bot', 'svc_reports', 'jenkins', 'readonly', 'etl']);
export function urlValue(k: UrlKind): string {
  const host = pick(['app.harbourline.com', 'portal.solvia.fr', 'intranet.rheinwerk-it.de', 'api.quillworks.io', 'files.beispiel.de', 'dashboard.example.com', 'cloud.groupe-lumiere.fr']);
  switch (k) {
    case 'credentials-https': return `https://${user()}:${password()}@${host}/${pick(['admin', 'exports/2024', 'status', 'api/v2/reports'])}`;
    case 'credentials-git': return `https://${user()}:${pick([secretValue('github-classic'), secretValue('gitlab-pat'), password()])}@${pick(['github.com', 'gitlab.com', 'git.rheinwerk-it.de'])}/${pick(['acme', 'solvia', 'infra'])}/${pick(['backend', 'website', 'deploy-scripts'])}.git`;
    case 'credentials-postgres': return `postgres://${user()}:${password()}@${pick(['db.internal', '10.0.3.14', 'pg-prod.harbourline.com'])}:5432/${pick(['prod', 'billing', 'crm'])}`;
    case 'credentials-mongodb': return `mongodb+srv://${user()}:${password()}@cluster0.${chars(5, LOWER + DIGITS)}.mongodb.net/${pick(['app', 'analytics'])}?retryWrites=true&w=majority`;
    case 'credentials-ftp': return `ftp://${user()}:${password()}@ftp.${pick(['beispiel.de', 'solvia.fr', 'harbourline.com'])}/${pick(['backups', 'incoming', 'export'])}/`;
    case 'credentials-redis': return `redis://default:${body(24, ALNUM)}@${pick(['cache.internal', 'redis-12345.c1.eu-west-1-2.ec2.cloud.redislabs.com'])}:6379`;
    case 'credentials-amqp': return `amqp://${user()}:${password()}@${pick(['mq.internal', 'rabbit.rheinwerk-it.de'])}:5672/${pick(['%2F', 'prod'])}`;
    case 'token': return `https://${host}/${pick(['reset-password', 'verify-email', 'invite/accept', 'unsubscribe'])}?token=${body(pick([32, 40, 64]), pick([HEX, B64URL]))}`;
    case 'access_token': return `https://${pick(['graph.example.com/v1.0/me', 'api.quillworks.io/v2/export', 'cloud.groupe-lumiere.fr/share'])}?access_token=${body(48, B64URL)}`;
    case 'key': return `https://maps.googleapis.com/maps/api/${pick(['geocode/json?address=Berlin', 'staticmap?center=Paris&zoom=12&size=600x300', 'js?libraries=places'])}&key=${secretValue('google-api-key')}`;
    case 'api_key': return `https://${host}/api/v1/${pick(['export.csv', 'reports', 'contacts'])}?api_key=${body(32, HEX)}${chance(0.5) ? '&format=json' : ''}`;
    case 'apikey': return `https://api.${pick(['openweathermap.org/data/2.5/weather?q=Lyon', 'wetterdienst.beispiel.de/v1/forecast?plz=Hamburg'])}&apikey=${body(32, HEX)}`;
    case 'sig': return `https://${pick(['hearthbackup', 'solviafiles', 'rheinwerkdocs'])}.blob.core.windows.net/${pick(['exports', 'invoices', 'scans'])}/${pick(['report.pdf', 'Rechnung.pdf', 'contrat.pdf'])}?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-31T18%3A00%3A00Z&sig=${body(43, ALNUM)}%3D`;
    case 'signature': return `https://${chars(13, LOWER + DIGITS)}.cloudfront.net/${pick(['videos/onboarding.mp4', 'docs/handbook.pdf'])}?Expires=${int(1700000000, 1800000000)}&Signature=${body(86, ALNUM)}__&Key-Pair-Id=K${chars(13, UPPER + DIGITS)}`;
    case 'secret': return `https://${host}/webhooks/${pick(['stripe', 'github', 'deploy'])}?secret=${body(32, ALNUM)}`;
    case 'client_secret': return `https://login.${pick(['harbourline.com', 'solvia.fr', 'beispiel.de'])}/oauth2/token?client_id=${chars(8, HEX)}-${chars(4, HEX)}&client_secret=${body(40, B64URL)}`;
    case 'password': return `https://${host}/login?user=${user()}&password=${password()}`;
    case 'auth': return `https://${host}/${pick(['magic-link', 'sso/callback', 'download'])}?auth=${body(40, B64URL)}`;
    case 'code': return `https://${host}/oauth/callback?code=${body(pick([20, 32, 43]), B64URL)}&state=${chars(12, ALNUM)}`;
    case 'refresh_token': return `https://${host}/api/session?refresh_token=${body(64, B64URL)}`;
  }
}
const urlDeck = new Deck(URL_KINDS);
export function url(kind?: UrlKind): Span {
  const k = kind ?? urlDeck.next();
  return E('url', urlValue(k), k);
}
const PLAIN_URLS = {
  tech: [
    'https://github.com/hearth-dev/hearth/pull/412', 'https://stackoverflow.com/questions/1234567/how-to-rotate-keys', 'http://intranet.local/wiki/Onboarding',
    'https://wiki.rheinwerk-it.de/display/OPS/Runbook+Gateway', 'https://owasp.org/www-project-top-ten/', 'https://gist.github.com/octocat/6cad326836d38bd3a7ae',
  ],
  docs: [
    'https://www.example.com/docs/getting-started', 'https://docs.quillworks.io/api/authentication#tokens', 'https://support.example.com/hc/en-us/articles/3600123?search=token+expiry',
    'https://docs.solvia.fr/api/v2/export?lang=fr', 'https://developer.example.org/reference/export?version=2', 'https://example.com/keyboard-shortcuts',
  ],
  status: ['https://status.harbourline.com/', 'https://status.quillworks.io/incidents/2k9x7c', 'https://statut.solvia.fr/', 'https://status.rheinwerk-it.de/history?page=2'],
  tracking: [
    'https://shop.example.fr/commande/suivi?page=2&sort=date', 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html', 'https://www.laposte.fr/outils/suivre-vos-envois',
    'https://www.ups.com/track?loc=en_GB', 'https://help.harbourline.com/orders', 'https://www.parcelforce.com/track-trace',
  ],
  shop: [
    'https://www.example.org/blog/2024/garden-care?utm_source=newsletter&utm_medium=email', 'https://maison-verte.example.fr/conseils/entretien-teck', 'https://www.gartenwelt.example.de/pflege/teakholz?utm_campaign=fruehling',
    'www.hearth.dev/pricing', 'https://harbourline.com/care-guides/teak?ref=newsletter', 'https://maison-verte.example.fr/guide?utm_source=sms&page=3',
  ],
  general: [
    'https://www.service-public.fr/particuliers/vosdroits/F1234', 'https://www.bundesnetzagentur.de/DE/Home/home_node.html', 'https://meet.example.com/weekly-sync', 'https://calendly.com/acme-sales/30min',
    'https://en.wikipedia.org/wiki/International_Bank_Account_Number', 'https://fr.wikipedia.org/wiki/Numéro_de_sécurité_sociale_en_France', 'https://forms.example.org/survey?lang=de&ref=mail',
    'https://docs.google.com/presentation/d/1aB2cD3eF4gH5iJ6kL7mN8oP9qR/edit?usp=sharing', 'https://www.linkedin.com/company/example-gmbh/', 'https://help.quillworks.io/account/security',
  ],
};
const plainUrlDecks = { tech: new Deck(PLAIN_URLS.tech), docs: new Deck(PLAIN_URLS.docs), status: new Deck(PLAIN_URLS.status), tracking: new Deck(PLAIN_URLS.tracking), shop: new Deck(PLAIN_URLS.shop), general: new Deck(PLAIN_URLS.general) };
export const plainUrl = (topic: keyof typeof PLAIN_URLS = 'general'): Span => M('url-plain', plainUrlDecks[topic].next());

// ---------------------------------------------------------------------------------------------
// National identifiers.
type SsnStyle = 'dashes' | 'spaces' | 'plain';
const ssnStyleDeck = new Deck<SsnStyle>(['dashes', 'dashes', 'spaces', 'plain']);
export function ssn(): Span {
  let area = int(1, 899);
  while (area === 666) area = int(1, 899);
  const a = String(area).padStart(3, '0'), g = pad2(int(1, 99)), s = String(int(1, 9999)).padStart(4, '0');
  const style = ssnStyleDeck.next();
  const v = style === 'dashes' ? `${a}-${g}-${s}` : style === 'spaces' ? `${a} ${g} ${s}` : `${a}${g}${s}`;
  if (!ssnValid(v)) throw new Error(v);
  return E('id', v, `us-ssn:${style}`);
}
export function ssnInvalid(): Span {
  const v = pick([`000-${pad2(int(10, 99))}-${int(1000, 9999)}`, `666-${pad2(int(10, 99))}-${int(1000, 9999)}`, `${int(100, 665)}-00-${int(1000, 9999)}`, `${int(100, 665)}-${pad2(int(10, 99))}-0000`]);
  if (ssnValid(v)) throw new Error(v);
  return M('ssn-invalid', v);
}
const NIR_DEPTS = ['75', '69', '13', '33', '59', '44', '67', '31', '06', '35', '92', '93', '38', '76'];
export interface NirOptions { sex?: 1 | 2; born?: [number, number] }
function nirDigits(o: NirOptions = {}): string {
  for (;;) {
    const [lo, hi] = o.born ?? [1950, 1999];
    const first13 = `${o.sex ?? int(1, 2)}${pad2(int(lo, hi) % 100)}${pad2(int(1, 12))}${pick(NIR_DEPTS)}${String(int(1, 999)).padStart(3, '0')}${String(int(1, 999)).padStart(3, '0')}`;
    const full = first13 + nirKey(first13);
    // Keep NIRs whose 15 digits fail Luhn, so no NIR could also be read as a card number.
    if (!luhnValid(full)) return full;
  }
}
const nirStyleDeck = new Deck(['spaced', 'spaced', 'plain'] as const);
const spacedNir = (d: string): string => `${d[0]} ${d.slice(1, 3)} ${d.slice(3, 5)} ${d.slice(5, 7)} ${d.slice(7, 10)} ${d.slice(10, 13)} ${d.slice(13)}`;
export function nir(o: NirOptions = {}): Span {
  const d = nirDigits(o);
  const style = nirStyleDeck.next();
  return E('id', style === 'plain' ? d : spacedNir(d), `fr-nir:${style}`);
}
export function nirBadKey(): Span {
  return nirWithTypo()[1];
}
/** A valid NIR and the same number with a wrong key (a misread copy). */
export function nirWithTypo(o: NirOptions = {}): [Span, Span] {
  for (;;) {
    const d = nirDigits(o);
    const bad = d.slice(0, 13) + pad2((Number(d.slice(13)) + int(1, 40)) % 97 || 1);
    if (bad.slice(13) !== nirKey(bad.slice(0, 13)) && !luhnValid(bad)) return [E('id', spacedNir(d), 'fr-nir:spaced'), M('nir-bad-key', spacedNir(bad))];
  }
}
const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
const ninoStyleDeck = new Deck(['spaced', 'compact'] as const);
export function nino(): Span {
  for (;;) {
    const compact = chars(1, NINO_FIRST) + chars(1, NINO_SECOND) + digits(6) + pick(['A', 'B', 'C', 'D']);
    if (!ninoValid(compact)) continue;
    const style = ninoStyleDeck.next();
    const v = style === 'compact' ? compact : `${compact.slice(0, 2)} ${compact.slice(2, 4)} ${compact.slice(4, 6)} ${compact.slice(6, 8)} ${compact[8]}`;
    return E('id', v, `uk-nino:${style}`);
  }
}
export const ninoInvalid = (): Span => {
  const v = pick([`QQ ${digits(2)} ${digits(2)} ${digits(2)} C`, `GB${digits(6)}A`, `TN${digits(6)}D`, `AB${digits(6)}F`]);
  if (ninoValid(v)) throw new Error(v);
  return M('nino-invalid', v);
};
const dniStyleDeck = new Deck(['plain', 'dash', 'dotted'] as const);
function dniFormat(n: string, letter: string, style: 'plain' | 'dash' | 'dotted'): string {
  if (style === 'plain') return `${n}${letter}`;
  if (style === 'dash') return `${n}-${letter}`;
  return `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5)}-${letter}`;
}
export function dni(): Span {
  const n = String(int(10000000, 99999999));
  const style = dniStyleDeck.next();
  return E('id', dniFormat(n, dniLetter(Number(n)), style), `es-dni:${style}`);
}
export function dniBadLetter(): Span {
  const n = String(int(10000000, 99999999));
  let l = pick([...'TRWAGMYFPDXBNJZSQVHLCKE']);
  while (l === dniLetter(Number(n))) l = pick([...'TRWAGMYFPDXBNJZSQVHLCKE']);
  return M('dni-bad-letter', dniFormat(n, l, pick(['plain', 'dash'])));
}
export function nie(): Span {
  const p = pick(['X', 'Y', 'Z'] as const);
  const n = digits(7);
  const l = nieLetter(p, n);
  const style = pick(['plain', 'dashed'] as const);
  return E('id', style === 'plain' ? `${p}${n}${l}` : `${p}-${n}-${l}`, `es-nie:${style}`);
}
const CF_MONTHS = 'ABCDEHLMPRST';
const BELFIORE = ['H501', 'F205', 'F839', 'L219', 'G273', 'D612', 'A944', 'L736', 'L424', 'B157'];
function cfLetters(s: string, isName: boolean): string {
  const up = s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
  const cons = up.replace(/[AEIOU]/g, '');
  const vows = up.replace(/[^AEIOU]/g, '');
  if (isName && cons.length >= 4) return cons[0]! + cons[2]! + cons[3]!;
  return (cons + vows + 'XXX').slice(0, 3);
}
/** Codice fiscale for an Italian person (female codes add 40 to the day). */
export function codiceFiscale(p: Person, female: boolean): Span {
  const first15 = cfLetters(p.last, false) + cfLetters(p.first, true) + pad2(int(55, 99)) + CF_MONTHS[int(0, 11)]! + pad2(int(1, 28) + (female ? 40 : 0)) + pick(BELFIORE);
  return E('id', first15 + cfCheckChar(first15), 'it-codice-fiscale');
}
export function cfBadCheck(p: Person): Span {
  const first15 = cfLetters(p.last, false) + cfLetters(p.first, true) + pad2(int(55, 99)) + CF_MONTHS[int(0, 11)]! + pad2(int(1, 28)) + pick(BELFIORE);
  let c = pick([...UPPER]);
  while (c === cfCheckChar(first15)) c = pick([...UPPER]);
  return M('cf-bad-check', first15 + c);
}
export const FEMALE_IT = new Set(['Giulia', 'Francesca', 'Chiara', 'Sofia']);

// ---------------------------------------------------------------------------------------------
// Near misses.
const MONTHS: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
};
function formatDate(lang: Lang, y: number, mo: number, d: number, style: number): string {
  const name = MONTHS[lang][mo - 1]!;
  const styles: Record<Lang, string[]> = {
    en: [`${name} ${d}, ${y}`, `${d} ${name} ${y}`, `${pad2(d)}/${pad2(mo)}/${y}`, `${y}-${pad2(mo)}-${pad2(d)}`, `${name} ${d}`],
    fr: [`${d} ${name} ${y}`, `${pad2(d)}/${pad2(mo)}/${y}`, `${y}-${pad2(mo)}-${pad2(d)}`, `${d} ${name}`],
    de: [`${pad2(d)}.${pad2(mo)}.${y}`, `${d}. ${name} ${y}`, `${y}-${pad2(mo)}-${pad2(d)}`, `${pad2(d)}.${pad2(mo)}.`],
  };
  const list = styles[lang];
  return list[style % list.length]!;
}
export function date(lang: Lang): Span {
  return M('date', formatDate(lang, int(2023, 2026), int(1, 12), int(1, 28), int(0, 4)));
}
/** Two dates in order (a stay, a trip, a leave), printed in the same style. */
export function dateRange(lang: Lang): [Span, Span] {
  const from = new Date(Date.UTC(int(2023, 2026), int(0, 11), int(1, 28)));
  const to = new Date(from.getTime() + int(2, 19) * 86_400_000);
  const style = int(0, 4);
  const f = (d: Date): Span => M('date', formatDate(lang, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), style));
  return [f(from), f(to)];
}
function formatTime(lang: Lang, h: number, mi: number, style: number): string {
  const h12 = h > 12 ? h - 12 : h;
  const styles: Record<Lang, string[]> = {
    en: [`${h}:${pad2(mi)}`, `${h12}:${pad2(mi)} ${h >= 12 ? 'pm' : 'am'}`, mi ? `${h12}:${pad2(mi)}${h >= 12 ? 'pm' : 'am'}` : `${h12}${h >= 12 ? 'pm' : 'am'}`],
    fr: [`${h}h${mi ? pad2(mi) : ''}`, `${h} h ${pad2(mi)}`, `${h}:${pad2(mi)}`],
    de: [`${h}:${pad2(mi)} Uhr`, `${h}.${pad2(mi)} Uhr`, mi ? `${h}:${pad2(mi)} Uhr` : `${h} Uhr`],
  };
  const list = styles[lang];
  return list[style % list.length]!;
}
export function time(lang: Lang, [lo, hi]: [number, number] = [8, 18]): Span {
  return M('time', formatTime(lang, int(lo, hi), pick([0, 15, 30, 45]), int(0, 2)));
}
/** Two times in order (a window, opening hours), printed in the same style. */
export function timeRange(lang: Lang, [lo, hi]: [number, number] = [8, 15], [minLen, maxLen]: [number, number] = [2, 4]): [Span, Span] {
  const h = int(lo, hi), style = int(0, 2), mi = pick([0, 30]);
  return [M('time', formatTime(lang, h, mi, style)), M('time', formatTime(lang, Math.min(h + int(minLen, maxLen), 22), mi, style))];
}
const thousands = (n: number, sep: string): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
export function amount(lang: Lang, size: 'small' | 'medium' | 'large' = pick(['small', 'medium', 'large'])): Span {
  const n = size === 'small' ? int(12, 80) : size === 'medium' ? int(80, 900) : int(1000, 25000);
  const c = pad2(int(0, 99));
  const styles: Record<Lang, string[]> = {
    en: [`$${thousands(n, ',')}.${c}`, `£${thousands(n, ',')}`, `€${thousands(n, ',')}.${c}`, `USD ${thousands(n, ',')}`, `£${thousands(n, ',')}.${c}`],
    fr: [`${thousands(n, '\u202f')},${c}\u00a0€`, `${thousands(n, ' ')} €`, `${thousands(n, ' ')} euros`, `${n},${c} € TTC`],
    de: [`${thousands(n, '.')},${c} €`, `${n} EUR`, `${thousands(n, '.')} Euro`, `CHF ${thousands(n, "'")}.${c}`],
  };
  return M('amount', pick(styles[lang]));
}
export function percent(lang: Lang, [lo, hi]: [number, number] = [1, 40]): Span {
  const whole = int(lo, hi), frac = int(1, 9);
  return M('percentage', lang === 'en' ? pick([`${whole}%`, `${whole}.${frac}%`]) : pick([`${whole} %`, `${whole},${frac} %`, `${whole}\u00a0%`]));
}
/** Digit-heavy near misses must never be Luhn-valid at card lengths, nor contain a mod-97-valid IBAN shape. */
function noCardLike(make: () => string): string {
  for (;;) {
    const v = make();
    const d = v.replace(/\D/g, '');
    const cardLike = d.length >= 13 && d.length <= 19 && luhnValid(d);
    const ibanLike = [...v.matchAll(/[A-Z]{2}\d{2}[A-Z0-9]{11,30}/g)].some((x) => ibanValid(x[0]));
    if (!cardLike && !ibanLike) return v;
  }
}
export const order = (lang: Lang): Span =>
  M('order-number', noCardLike(() => pick({
    en: [`#${int(100000, 999999)}`, `${int(100, 999)}-${digits(7)}-${digits(7)}`, `PO-${int(2023, 2026)}-${digits(4)}`, `#A-${digits(5)}`],
    fr: [`CMD-${int(2023, 2026)}-${digits(6)}`, `${digits(8)}`, `n° ${digits(5)}-FR`, `FR${digits(9)}`],
    de: [`${digits(4)}-${int(2023, 2026)}-${digits(3)}`, `${int(100, 999)}-${digits(7)}-${digits(7)}`, `AB-${digits(6)}`, `${digits(10)}`],
  }[lang])));
export const invoice = (lang: Lang): Span =>
  M('invoice-number', pick({
    en: [`INV-${int(2023, 2026)}-${digits(4)}`, `INV${digits(6)}`, `${int(2023, 2026)}/${digits(3)}`],
    fr: [`F-${int(2023, 2026)}-${digits(4)}`, `FA${digits(6)}`, `${int(2023, 2026)}-${digits(5)}`],
    de: [`RE-${int(2023, 2026)}-${digits(5)}`, `R${digits(7)}`, `${int(2023, 2026)}/${digits(4)}`],
  }[lang]));
export const tracking = (): Span =>
  M('tracking-number', noCardLike(() => pick([
    `1Z${chars(3, DIGITS + UPPER)}${chars(3, UPPER)}${digits(10)}`, `00340434${digits(12)}`, `6A${digits(11)}`, `RB${digits(9)}GB`, `9400 ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`,
    `JJD00${digits(16)}`, `8R${digits(11)}`, `LX${digits(9)}FR`,
  ])));
export const version = (): Span =>
  M('version', pick([`v${int(0, 4)}.${int(0, 20)}.${int(0, 12)}`, `${int(1, 3)}.${int(0, 30)}.${int(0, 9)}`, `v2.10.0`, `1.2.3`, `${int(2, 4)}.${int(0, 9)}.${int(0, 9)}-beta.${int(1, 5)}`]));
/** Four-part build numbers (browser, OS); one part is always above 255, so never an IPv4 address. */
export const buildVersion = (): { product: string; v: Span } =>
  pick([
    () => ({ product: 'Chrome', v: M('version', `${int(120, 131)}.0.${int(6000, 6999)}.${int(50, 200)}`) }),
    () => ({ product: 'Windows', v: M('version', `10.0.${int(19041, 22631)}.${int(1000, 4000)}`) }),
    () => ({ product: 'Node.js', v: M('version', `${int(18, 22)}.${int(0, 19)}.${int(0, 3)}`) }),
  ])();
export const isbn = (): Span =>
  M('isbn', noCardLike(() => {
    if (chance(0.15)) return '978-3-16-148410-0';
    const group = pick(['0', '1', '2', '3']);
    const pub = digits(int(2, 4));
    const title = digits(9 - group.length - pub.length);
    const first12 = `978${group}${pub}${title}`;
    const check = isbn13CheckDigit(first12);
    return chance(0.7) ? `978-${group}-${pub}-${title}-${check}` : `${first12}${check}`;
  }));
/** A postal code with its town, written the local way ("75008 Paris", "London SW1A 1AA"). */
export function postalCode(lang: Lang): Part[] {
  const table: Record<Lang, [string, string, boolean][]> = {
    en: [['SW1A 1AA', 'London', true], ['EC2A 4BX', 'London', true], ['M1 1AE', 'Manchester', true], ['EH1 1YZ', 'Edinburgh', true], ['94105', 'San Francisco, CA', true], ['10001', 'New York, NY', true], ['K1A 0B1', 'Ottawa, ON', true], ['2000', 'Sydney NSW', true]],
    fr: [['75008', 'Paris', false], ['69002', 'Lyon', false], ['13001', 'Marseille', false], ['33000', 'Bordeaux', false], ['31000', 'Toulouse', false], ['1000', 'Bruxelles', false], ['59800', 'Lille', false], ['1204', 'Genève', false]],
    de: [['10115', 'Berlin', false], ['80331', 'München', false], ['20095', 'Hamburg', false], ['50667', 'Köln', false], ['8001', 'Zürich', false], ['1010', 'Wien', false], ['60311', 'Frankfurt am Main', false], ['04109', 'Leipzig', false]],
  };
  const [code, town, townFirst] = pick(table[lang]);
  return townFirst ? [`${town} `, M('postal-code', code)] : [M('postal-code', code), ` ${town}`];
}
const SHORT_CODES: Record<Lang, Record<'sms' | 'emergency' | 'service', string[]>> = {
  en: { sms: ['61234', '88222', '80088'], emergency: ['911', '999', '112'], service: ['111', '101', '311'] },
  fr: { sms: ['36180', '38150', '36111'], emergency: ['112', '15', '17', '18'], service: ['3949', '3939', '3631'] },
  de: { sms: ['44844', '80888', '33111'], emergency: ['112', '110'], service: ['116 117', '115', '11833'] },
};
/** Short codes: SMS opt-out codes, emergency and public-service numbers. Not personal phone numbers. */
export const shortCode = (lang: Lang, kind: 'sms' | 'emergency' | 'service'): Span => M('short-code', pick(SHORT_CODES[lang][kind]));
export const uuid = (): Span => M('uuid', `${chars(8, HEX)}-${chars(4, HEX)}-4${chars(3, HEX)}-${pick(['8', '9', 'a', 'b'])}${chars(3, HEX)}-${chars(12, HEX)}`);
export const commitHash = (): Span => M('commit-hash', chance(0.5) ? chars(40, HEX) : chars(7, HEX));
export const bookingRef = (): Span => M('booking-reference', chars(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'));
export const flight = (): Span => M('flight-number', `${pick(['LH', 'AF', 'BA', 'KL', 'LX', 'IB', 'AZ', 'EW'])} ${int(100, 4999)}`);
export const ticket = (): Span => M('ticket-number', pick([`#${int(10000, 99999)}`, `SR-${digits(6)}`, `INC${digits(7)}`, `TCK-${int(2023, 2026)}-${digits(5)}`]));
export const customerNo = (): Span => M('customer-number', pick([`${digits(7)}`, `K-${digits(6)}`, `C${digits(8)}`]));
export const vatId = (c: 'FR' | 'DE' | 'GB' | 'IT' | 'ES'): Span =>
  M('vat-id', { FR: `FR${digits(2)} ${digits(9)}`, DE: `DE${digits(9)}`, GB: `GB${digits(9)}`, IT: `IT${digits(11)}`, ES: `ESB${digits(8)}` }[c]);
export const filename = (): Span => M('filename', pick(['logo@2x.png', 'icon@3x.png', 'header-bg@2x.jpg', 'avatar@2x.webp']));
export const handle = (): Span => M('handle', pick(['@hearth_dev', '@claire_designs', '@jonas.codes', '@brightwave', '@support', '@channel']));
export const pkgVersion = (): Span => M('package-version', pick([`@hearth/sdk@${int(1, 3)}.${int(0, 9)}.${int(0, 9)}`, `typescript@5.${int(0, 9)}.${int(0, 3)}`, `react@18.${int(0, 3)}.${int(0, 1)}`, `vite@${int(5, 8)}.${int(0, 4)}.${int(0, 9)}`]));
export const keyPrefixWord = (lang: Lang): Span => M('key-prefix-word', pick({ en: ['risk-free'], fr: ['task-force'], de: ['Risk-Management'] }[lang]));
export const ipInvalid = (): Span => M('ip-invalid', pick([`${int(256, 999)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `192.168.${int(256, 400)}.${int(1, 254)}`]));
export const time24s = (): Span => M('time', `${pad2(int(0, 23))}:${pad2(int(0, 59))}:${pad2(int(0, 59))}`);

// ---------------------------------------------------------------------------------------------
// Assembly and validation.
export interface OutEntity { type: EntityType; start: number; end: number; value: string; format?: string; country?: string }
export interface OutMiss { kind: string; start: number; end: number; value: string }
export interface Item { id: string; lang: Lang; text: string; terms?: string[]; entities: OutEntity[]; nearMisses: OutMiss[] }

const isWordChar = (c: string | undefined): boolean => !!c && /[\p{L}\p{N}_]/u.test(c);

/** Flattens parts into text + spans; plain-text occurrences of `terms` become `term` entities. */
export function assemble(parts: readonly Part[], terms: readonly string[]): Omit<Item, 'id' | 'lang'> {
  let text = '';
  const entities: OutEntity[] = [];
  const nearMisses: OutMiss[] = [];
  const byLength = [...terms].sort((a, b) => b.length - a.length);
  const plain = (s: string): void => {
    let rest = s;
    while (rest) {
      let best: { at: number; term: string } | undefined;
      for (const t of byLength) {
        const at = rest.indexOf(t);
        if (at >= 0 && (!best || at < best.at)) best = { at, term: t };
      }
      if (!best) {
        text += rest;
        return;
      }
      text += rest.slice(0, best.at);
      entities.push({ type: 'term', start: text.length, end: text.length + best.term.length, value: best.term, format: 'term' });
      text += best.term;
      rest = rest.slice(best.at + best.term.length);
    }
  };
  const visit = (p: Part): void => {
    // A span ending in '.' (a German "12.06." date) absorbs a sentence-final '.'.
    if (typeof p === 'string' && p.startsWith('.') && text.endsWith('.')) p = p.slice(1);
    if (typeof p === 'string') plain(p);
    else if (Array.isArray(p)) (p as readonly Part[]).forEach(visit);
    else {
      const s = p as Span;
      const start = text.length;
      text += s.value;
      if (s.kind === 'entity') {
        entities.push({ type: s.type as EntityType, start, end: text.length, value: s.value, ...(s.format ? { format: s.format } : {}), ...(s.country ? { country: s.country } : {}) });
      } else nearMisses.push({ kind: s.type, start, end: text.length, value: s.value });
    }
  };
  parts.forEach(visit);
  return { text, ...(terms.length ? { terms: [...terms] } : {}), entities, nearMisses };
}

/** Consistency rules the corpus must obey; returns a list of problems (empty when clean). */
export function problems(item: Item): string[] {
  const out: string[] = [];
  const { text } = item;
  const spans = [...item.entities.map((e) => ({ ...e, k: `entity:${e.type}` })), ...item.nearMisses.map((n) => ({ ...n, k: `miss:${n.kind}` }))].sort((a, b) => a.start - b.start);
  for (const s of spans) if (text.slice(s.start, s.end) !== s.value) out.push(`offset mismatch ${s.k} ${s.value}`);
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start < spans[i - 1]!.end) out.push(`overlap ${spans[i - 1]!.k} ${spans[i - 1]!.value} / ${spans[i]!.k} ${spans[i]!.value}`);
  for (const s of spans) {
    if (s.value !== s.value.trim() || s.value === '') out.push(`span has outer whitespace: ${s.k} "${s.value}"`);
    if (isWordChar(text[s.start - 1]) && isWordChar(s.value[0])) out.push(`span glued to previous word: ${s.k} ${s.value}`);
    if (isWordChar(text[s.end]) && isWordChar(s.value[s.value.length - 1])) out.push(`span glued to next word: ${s.k} ${s.value}`);
  }
  const inEntity = (a: number, b: number, exceptTerm = false): boolean => item.entities.some((e) => e.start <= a && b <= e.end && !(exceptTerm && e.type === 'term'));
  const inMiss = (a: number, b: number): boolean => item.nearMisses.some((n) => n.start <= a && b <= n.end);
  // Terms: every case-insensitive occurrence is either a labelled term (exact) or inside another entity.
  const lower = text.toLowerCase();
  if (lower.length !== text.length) out.push('lowercasing changes length');
  for (const t of item.terms ?? []) {
    const tl = t.toLowerCase();
    for (let at = lower.indexOf(tl); at >= 0; at = lower.indexOf(tl, at + 1)) {
      const labelled = item.entities.some((e) => e.type === 'term' && e.start === at && e.end === at + t.length);
      if (!labelled && !inEntity(at, at + t.length, true)) out.push(`unlabelled term occurrence "${text.slice(at, at + t.length)}"`);
    }
  }
  // Detectors run over the text outside entities: anything they find must be a listed near miss.
  const units = text.split(''); // UTF-16 code units, so indices match entity offsets
  for (const e of item.entities) for (let i = e.start; i < e.end; i++) units[i] = '\u2588';
  const outside = units.join('');
  const scan = (re: RegExp, what: string, bad: (v: string) => boolean, mustBeMiss: boolean): void => {
    for (const mm of outside.matchAll(re)) {
      const a = mm.index, b = a + mm[0].length;
      if (what === 'digit run' && outside[a - 1] === ':') continue; // a port after an IP or host
      if (bad(mm[0])) out.push(`${what} outside entities: ${mm[0]}`);
      else if (mustBeMiss && !inMiss(a, b)) out.push(`${what} not listed as near miss: ${mm[0]}`);
    }
  };
  scan(/(?<![A-Za-z\d])(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d)/g, 'Luhn-valid 13-19 digit run', (v) => luhnValid(v), false);
  scan(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g, 'valid IBAN', (v) => ibanValid(v), false);
  scan(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, 'email-like', () => false, true);
  scan(/(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/g, 'valid IPv4', (v) => v.split('.').every((o) => Number(o) <= 255), false);
  scan(/(?:https?|ftp|postgres|mongodb\+srv|redis|amqp):\/\/[^\s<>"')]*[^\s<>"').,;:!?]|www\.[^\s<>"')]*[^\s<>"').,;:!?]/g, 'URL', (v) => /\/\/[^/\s@]+:[^/\s@]*@/.test(v) || /[?&](token|access_token|key|api_key|apikey|sig|signature|secret|client_secret|password|auth|code|refresh_token)=/i.test(v), true);
  scan(/\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|xox[bpas]-[\w-]{10,}|AKIA[A-Z2-7]{16}|AIza[\w-]{30,}|glpat-[\w-]{16,}|[spr]k_live_\w{16,}|hf_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{20,}|shpat_[a-f0-9]{20,}|SG\.[\w-]{16,}\.[\w-]{16,})/g, 'secret', () => true, false);
  scan(/\b\d{8}-?[A-Z]\b/g, 'DNI-like', (v) => dniLetter(Number(v.slice(0, 8))) === v[v.length - 1], true);
  // Digit runs of 4+ outside entities should be accounted for by a near miss (keeps the corpus honest about what it contains).
  scan(/\d{4,}/g, 'digit run', () => false, true);
  return out;
}
