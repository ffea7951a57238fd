import { HearthError } from '@hearth/spec';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { detectCards } from './detect-cards.ts';
import { detectEmails } from './detect-emails.ts';
import { detectIbans } from './detect-ibans.ts';
import { detectIds } from './detect-ids.ts';
import { detectIps } from './detect-ips.ts';
import { detectNearMisses } from './detect-near-misses.ts';
import { DEFAULT_PHONE_COUNTRIES, detectPhones } from './detect-phones.ts';
import { detectSecrets } from './detect-secrets.ts';
import { termDetector } from './detect-terms.ts';
import { detectUrls } from './detect-urls.ts';
import { type Detection, type Finding, type KeepSpan, PII_TYPES, PLACEHOLDER_LABELS, type PiiType } from './pii-types.ts';
import { overlapTest, resolveFindings } from './resolve-findings.ts';
import { createStreamingRestorer, type StreamingRestorer } from './streaming-restorer.ts';

export interface RedactOptions {
  /** Words redacted wherever they stand as whole words, in any case: the user's name, a client, a project. */
  terms?: readonly string[];
  /** The kinds to redact. The others are still recognised, so that their digits are not taken for a phone. */
  types?: readonly PiiType[];
  /** ISO 3166 countries whose national phone formats are tried for numbers written without a country code. */
  phoneCountries?: readonly string[];
}

export const REDACT_DEFAULTS = {
  terms: [],
  types: PII_TYPES,
  phoneCountries: DEFAULT_PHONE_COUNTRIES,
} satisfies Required<RedactOptions>;

/** One redacted span: `[start, end)` in the original text (UTF-16 offsets) and what replaced it. */
export interface RedactedEntity {
  type: PiiType;
  start: number;
  end: number;
  placeholder: string;
}

export interface RedactResult {
  /** The text with every finding replaced by its placeholder, e.g. `[EMAIL_1]`. */
  text: string;
  /** The findings in text order. */
  entities: RedactedEntity[];
  /** Puts the originals back into any text (a model's answer), knowing every placeholder of the conversation. */
  restore: (text: string) => string;
  /** The same for a stream: a placeholder split across chunks is still restored. */
  restoreStream: () => StreamingRestorer;
}

const LABEL_TO_TYPE = new Map(PII_TYPES.map((t) => [PLACEHOLDER_LABELS[t], t] as const));
const LABELS = [...LABEL_TO_TYPE.keys()];
const PLACEHOLDER = new RegExp(`\\[(${LABELS.join('|')})_(\\d+)\\]`, 'g');
const OPTION_KEYS = new Set(Object.keys(REDACT_DEFAULTS));

/**
 * Replaces personal data and secrets with placeholders before text leaves the device, and puts
 * them back in the answer. One Redactor is one conversation: the same value gets the same
 * placeholder in every message, and `restore` knows them all.
 *
 * @example
 * const redactor = new Redactor({ terms: ['Marie Dupont'] });
 * const { text } = redactor.redact('Write to Marie Dupont at marie@acme.fr');
 * // text === 'Write to [TERM_1] at [EMAIL_1]'
 * redactor.restore('Dear [TERM_1], …'); // 'Dear Marie Dupont, …'
 */
export class Redactor {
  private readonly types: ReadonlySet<PiiType>;
  private readonly countries: readonly CountryCode[];
  private readonly detectTerms: (text: string) => Detection;
  /** `type \0 original` → placeholder. Keys are exact text, so restoring gives back every byte. */
  private readonly placeholders = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Placeholder-shaped strings seen in input but never issued: they are never issued later either. */
  private readonly reserved = new Set<string>();

  constructor(options: RedactOptions = {}) {
    const o = checkOptions(options);
    this.types = new Set(o.types ?? REDACT_DEFAULTS.types);
    this.countries = (o.phoneCountries ?? REDACT_DEFAULTS.phoneCountries) as readonly CountryCode[];
    this.detectTerms = termDetector(o.terms ?? REDACT_DEFAULTS.terms);
  }

  /** Redacts one message of the conversation. */
  redact(text: string): RedactResult {
    if (typeof text !== 'string') {
      throw new HearthError({
        code: 'invalid_request',
        message: `redact() takes a string, got ${describe(text)}.`,
        hint: 'Pass the message text itself, e.g. redactor.redact(message.content).',
      });
    }
    const escapes = this.placeholderLiterals(text);
    const findings = this.detect(text);
    const parts: string[] = [];
    const entities: RedactedEntity[] = [];
    let at = 0;
    for (const f of mergeEscapes(findings, escapes)) {
      const original = text.slice(f.start, f.end);
      const placeholder = this.placeholderFor(f.type, original, f.escape);
      parts.push(text.slice(at, f.start), placeholder);
      if (!f.escape) entities.push({ type: f.type, start: f.start, end: f.end, placeholder });
      at = f.end;
    }
    parts.push(text.slice(at));
    return { text: parts.join(''), entities, restore: (s) => this.restore(s), restoreStream: () => this.restoreStream() };
  }

  /** Puts back the originals of the placeholders this redactor issued; any other text is left as it is. */
  restore(text: string): string {
    if (typeof text !== 'string') {
      throw new HearthError({
        code: 'invalid_request',
        message: `restore() takes a string, got ${describe(text)}.`,
        hint: 'Pass the model output text.',
      });
    }
    if (this.originals.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (p) => this.originals.get(p) ?? p);
  }

  /** A restorer for streamed output; see `StreamingRestorer`. */
  restoreStream(): StreamingRestorer {
    return createStreamingRestorer(this);
  }

  /**
   * Every detector but the phone one, then the phone detector on the ground they left: it is the
   * lowest-ranked and by far the costliest per candidate.
   */
  private detect(text: string): Finding[] {
    const detections: Detection[] = [
      detectUrls(text),
      detectSecrets(text),
      detectEmails(text),
      detectIbans(text),
      detectCards(text),
      detectIds(text),
      this.detectTerms(text),
      detectNearMisses(text),
      detectIps(text),
    ];
    const findings: Finding[] = [];
    const keep: KeepSpan[] = detections.flatMap((d) => d.keep);
    for (const f of detections.flatMap((d) => d.findings)) {
      // A kind the app turned off is still not a phone number or an IP address.
      if (this.types.has(f.type)) findings.push(f);
      else keep.push({ start: f.start, end: f.end, blocks: ['phone', 'ip'] });
    }
    const others = resolveFindings(findings, keep);
    if (!this.types.has('phone')) return others;
    const taken = overlapTest([...others, ...keep.filter((k) => k.blocks.includes('phone'))]);
    return resolveFindings([...others, ...detectPhones(text, this.countries, taken).findings], keep);
  }

  /**
   * Placeholder-shaped text in the input. One this redactor issued must not be restored into
   * something else, so it is replaced too (and restored to itself); any other is reserved.
   */
  private placeholderLiterals(text: string): Escape[] {
    const out: Escape[] = [];
    if (!text.includes('[')) return out;
    PLACEHOLDER.lastIndex = 0;
    for (let m = PLACEHOLDER.exec(text); m !== null; m = PLACEHOLDER.exec(text)) {
      if (this.originals.has(m[0])) {
        out.push({ type: LABEL_TO_TYPE.get(m[1] ?? '') ?? 'term', start: m.index, end: m.index + m[0].length, escape: true });
      } else this.reserved.add(m[0]);
    }
    return out;
  }

  private placeholderFor(type: PiiType, original: string, escape: boolean): string {
    const key = `${escape ? 'literal' : type}\u0000${original}`;
    const known = this.placeholders.get(key);
    if (known !== undefined) return known;
    const label = PLACEHOLDER_LABELS[type];
    let n = this.counters.get(label) ?? 0;
    let placeholder: string;
    do placeholder = `[${label}_${++n}]`;
    while (this.reserved.has(placeholder));
    this.counters.set(label, n);
    this.placeholders.set(key, placeholder);
    this.originals.set(placeholder, original);
    return placeholder;
  }
}

/**
 * Redacts one text with a fresh Redactor. For a conversation, keep one `Redactor` so that
 * placeholders stay the same across messages.
 *
 * @example
 * const { text, entities, restore } = redact('Call me on +33 6 12 34 56 78');
 * // text === 'Call me on [PHONE_1]'
 */
export function redact(text: string, options?: RedactOptions): RedactResult {
  return new Redactor(options).redact(text);
}

interface Escape extends Finding {
  escape: true;
}

/** Findings never overlap escapes: a placeholder literal is brackets around a label, which no detector matches. */
function mergeEscapes(findings: readonly Finding[], escapes: readonly Escape[]): (Finding & { escape: boolean })[] {
  const all = [...findings.map((f) => ({ ...f, escape: false })), ...escapes];
  const inside = (f: Finding): boolean => escapes.some((e) => f.start < e.end && e.start < f.end);
  return all.filter((f) => f.escape || !inside(f)).sort((a, b) => a.start - b.start);
}

function checkOptions(options: unknown): RedactOptions {
  const bad = (message: string, hint: string): HearthError => new HearthError({ code: 'invalid_request', message, hint });
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw bad(`redact() options must be an object, got ${describe(options)}.`, 'Pass e.g. { terms: ["Marie Dupont"] }, or nothing.');
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.has(key)) throw bad(`Unknown redact() option "${key}".`, `The options are ${[...OPTION_KEYS].join(', ')}.`);
  }
  if (o['terms'] !== undefined) {
    if (!Array.isArray(o['terms']) || o['terms'].some((t) => typeof t !== 'string' || t.trim() === '')) {
      throw bad('redact() option "terms" must be an array of non-empty strings.', 'Pass the words to hide, e.g. { terms: ["Marie Dupont", "Acme"] }.');
    }
  }
  if (o['types'] !== undefined) {
    if (!Array.isArray(o['types']) || o['types'].some((t) => !(PII_TYPES as readonly unknown[]).includes(t))) {
      throw bad('redact() option "types" must list known types.', `The types are ${PII_TYPES.join(', ')}.`);
    }
  }
  if (o['phoneCountries'] !== undefined) {
    const countries = o['phoneCountries'];
    if (!Array.isArray(countries) || countries.some((c) => typeof c !== 'string' || !isSupportedCountry(c))) {
      throw bad('redact() option "phoneCountries" must list ISO 3166 alpha-2 codes.', 'Pass upper-case codes, e.g. { phoneCountries: ["FR", "DE"] }.');
    }
  }
  return o as RedactOptions;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
