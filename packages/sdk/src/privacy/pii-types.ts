/** The kinds of personal or secret data `redact()` finds. Stable: apps and evaluations branch on them. */
export type PiiType = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'url' | 'secret' | 'id' | 'term';

export const PII_TYPES: readonly PiiType[] = ['email', 'phone', 'card', 'iban', 'ip', 'url', 'secret', 'id', 'term'];

/** The word inside a placeholder: `[EMAIL_1]`. Upper case and an index read as a variable to a model, so it copies them. */
export const PLACEHOLDER_LABELS: Readonly<Record<PiiType, string>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  card: 'CARD',
  iban: 'IBAN',
  ip: 'IP',
  url: 'URL',
  secret: 'SECRET',
  id: 'ID',
  term: 'TERM',
};

/**
 * Where two findings overlap, the lower rank wins. A URL carrying a token is wider than the token;
 * checksummed numbers (IBAN, card, ID) are surer than a phone, and an IBAN holds card-like digit
 * runs; near misses (`keep`) only outrank the two detectors that guess from shape alone (ip, phone).
 */
export const RANK: Readonly<Record<PiiType | 'keep', number>> = {
  url: 1,
  secret: 2,
  email: 3,
  iban: 4,
  card: 5,
  id: 6,
  term: 7,
  keep: 8,
  ip: 9,
  phone: 10,
};

/** One finding in the original text, `[start, end)` in UTF-16 code units. */
export interface Finding {
  type: PiiType;
  start: number;
  end: number;
}

/** A span that must stay as it is (a date, an amount, an order number, a card that fails Luhn). */
export interface KeepSpan {
  start: number;
  end: number;
  /** The detectors this span silences; the others still run over it. */
  blocks: readonly PiiType[];
}

/** Letters and digits of any script: the edge of a "word" for every detector. */
export const WORD_CHAR = '[\\p{L}\\p{N}_]';

/** What one detector reports: findings to redact and spans that lower-ranked detectors must leave alone. */
export interface Detection {
  findings: Finding[];
  keep: KeepSpan[];
}

/** Runs a global regex and keeps the matches `accept` agrees to (all when absent). */
export function matchAll(text: string, re: RegExp, type: PiiType, accept?: (match: RegExpExecArray) => boolean): Finding[] {
  const out: Finding[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    if (accept === undefined || accept(m)) out.push({ type, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
