import { HearthError } from '@hearth/spec';
import { describe, expect, it } from 'vitest';
import { REDACT_DEFAULTS, Redactor, redact } from './redactor.ts';
import { found } from './test-support.ts';

const MIXED = [
  'Hi, I am Marie Dupont (marie.dupont@acme.fr, +33 6 12 34 56 78). Card 4111 1111 1111 1111, IBAN FR14 2004 1010 0505 0001 3M02 606.',
  'Server 10.0.0.1 and 2001:db8::1; key sk-proj-abc123def456ghi789jkl012mno345; login https://bob:hunter2@git.example.com/x.',
  'SSN 123-45-6789, NINO AB 12 34 56 C, DNI 12345678Z, CF RSSMRA85T10A562S, NIR 1 85 05 78 006 084 91.',
  'Order #12345678 on 2024-03-15 for €1,234.56, version 1.2.3 — nothing to hide.',
  'Literal placeholders [EMAIL_1] [PHONE_7] [TERM_1 [[CARD_2]] stay as they are.',
  '',
  'Unicode 🙂 Zoë Ærø straße ﬁ — “quotes” and \u0000 nulls.',
];

describe('redact', () => {
  it('returns text, entities with offsets into the original, and restore', () => {
    const text = 'Mail marie@acme.fr or call 06 12 34 56 78.';
    const r = redact(text);
    expect(r.text).toBe('Mail [EMAIL_1] or call [PHONE_1].');
    expect(r.entities).toEqual([
      { type: 'email', start: 5, end: 18, placeholder: '[EMAIL_1]' },
      { type: 'phone', start: 27, end: 41, placeholder: '[PHONE_1]' },
    ]);
    for (const e of r.entities) expect(text.slice(e.start, e.end)).not.toContain(' or ');
    expect(r.restore(r.text)).toBe(text);
  });

  it('restores every string exactly', () => {
    for (const text of MIXED) {
      const r = redact(text, { terms: ['Marie Dupont', 'Zoë'] });
      expect(r.restore(r.text)).toBe(text);
    }
  });

  it('gives the same value the same placeholder throughout a conversation', () => {
    const redactor = new Redactor();
    const a = redactor.redact('Write to marie@acme.fr and bob@acme.fr');
    const b = redactor.redact('Did bob@acme.fr answer? Ask marie@acme.fr, then carl@acme.fr.');
    expect(a.text).toBe('Write to [EMAIL_1] and [EMAIL_2]');
    expect(b.text).toBe('Did [EMAIL_2] answer? Ask [EMAIL_1], then [EMAIL_3].');
    expect(a.restore('Sent to [EMAIL_3] and [EMAIL_1].')).toBe('Sent to carl@acme.fr and marie@acme.fr.');
  });

  it('restores only placeholders it issued, exactly as written', () => {
    const redactor = new Redactor();
    redactor.redact('marie@acme.fr');
    expect(redactor.restore('[EMAIL_1] [EMAIL_2] [email_1] [ EMAIL_1 ] EMAIL_1 [PHONE_1]')).toBe(
      'marie@acme.fr [EMAIL_2] [email_1] [ EMAIL_1 ] EMAIL_1 [PHONE_1]',
    );
  });

  it('never issues a placeholder that already stands in the text, and escapes issued ones', () => {
    const redactor = new Redactor();
    const first = redactor.redact('The template says [EMAIL_1]; mine is marie@acme.fr');
    expect(first.text).toBe('The template says [EMAIL_1]; mine is [EMAIL_2]');
    expect(first.restore(first.text)).toBe('The template says [EMAIL_1]; mine is marie@acme.fr');
    const second = redactor.redact('You wrote [EMAIL_2] literally, and bob@acme.fr');
    expect(second.entities.map((e) => e.type)).toEqual(['email']);
    expect(second.restore(second.text)).toBe('You wrote [EMAIL_2] literally, and bob@acme.fr');
  });

  it('finds app terms as whole words in any case, longest first', () => {
    const options = { terms: ['Marie', 'Marie Curie Institute', 'Zoë', "O'Brien", 'C++'] };
    expect(found('marie and MARIE at the Marie  Curie\nInstitute; Mariette no; Zoë’s and Zoëlle; O’Brien; C++ code', options)).toEqual([
      ['term', 'marie'],
      ['term', 'MARIE'],
      ['term', 'Marie  Curie\nInstitute'],
      ['term', 'Zoë'],
      ['term', 'O’Brien'],
      ['term', 'C++'],
    ]);
  });

  it('matches app terms with or without accents, and across hyphens and spaces', () => {
    const options = { terms: ['Zoë', 'Jean-Pierre', 'élodie müller', '---'] };
    expect(found('Zoe, ZOË, Zoe\u0308, Jean Pierre, jean-pierre, Élodie Muller, but not Zoëlle', options).map(([, v]) => v)).toEqual([
      'Zoe',
      'ZOË',
      'Zoe\u0308',
      'Jean Pierre',
      'jean-pierre',
      'Élodie Muller',
    ]);
  });

  it('resolves overlaps by priority', () => {
    // A credentialed URL holds an email-like part; an email holds a term; an IBAN holds card-like digits.
    expect(found('https://marie:pw@acme.fr/x', { terms: ['acme'] })).toEqual([['url', 'https://marie:pw@acme.fr/x']]);
    expect(found('marie@acme.fr', { terms: ['acme'] })).toEqual([['email', 'marie@acme.fr']]);
    expect(found('FR76 3000 6000 0112 3456 7890 189')).toEqual([['iban', 'FR76 3000 6000 0112 3456 7890 189']]);
    // An IP inside an ordinary URL is still an IP; a number in its path is not a phone.
    expect(found('http://192.168.0.10/items/0612345678')).toEqual([['ip', '192.168.0.10']]);
    expect(found('SSN 078-05-1120')).toEqual([['id', '078-05-1120']]);
    expect(found('4111 1111 1111 1111')).toEqual([['card', '4111 1111 1111 1111']]);
  });

  it('redacts only the chosen types, and still keeps the others from looking like phones', () => {
    expect(found('marie@acme.fr 06 12 34 56 78', { types: ['email'] })).toEqual([['email', 'marie@acme.fr']]);
    expect(found('card 4111 1111 1111 1111', { types: ['phone'] })).toEqual([]);
    expect(REDACT_DEFAULTS.types).toHaveLength(9);
  });

  it('rejects bad input with invalid_request and a hint', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => redact(42 as unknown as string), /takes a string/],
      [() => redact('x', null as unknown as undefined), /must be an object/],
      [() => redact('x', { term: ['a'] } as unknown as undefined), /Unknown redact\(\) option "term"/],
      [() => redact('x', { terms: 'Marie' as unknown as string[] }), /terms/],
      [() => redact('x', { terms: [''] }), /terms/],
      [() => redact('x', { types: ['name' as 'term'] }), /types/],
      [() => redact('x', { phoneCountries: ['XX'] }), /phoneCountries/],
      [() => new Redactor().restore(undefined as unknown as string), /takes a string/],
    ];
    for (const [call, message] of bad) {
      try {
        call();
        expect.unreachable(String(message));
      } catch (err) {
        expect(HearthError.isInstance(err)).toBe(true);
        const e = err as HearthError;
        expect(e.code).toBe('invalid_request');
        expect(e.message).toMatch(message);
        expect(e.hint).toBeTruthy();
      }
    }
  });
});

describe('restore exactness on random text', () => {
  // Fragments that build PII, near misses and placeholder look-alikes; glued at random.
  const FRAGMENTS = [
    ' ',
    ' ',
    '\n',
    'a',
    'Marie',
    '@',
    '.',
    '-',
    '/',
    '(',
    ')',
    '+',
    '[',
    ']',
    '_',
    ':',
    '#',
    '€',
    '0',
    '1',
    '4',
    '7',
    '9',
    'marie@acme.fr',
    '06 12 34 56 78',
    '+44 20 7946 0958',
    '4111 1111 1111 1111',
    'DE89370400440532013000',
    '10.0.0.1',
    '::1',
    'https://u:p@h.io',
    'sk-proj-abc123def456ghi789jkl0',
    '123-45-6789',
    '[EMAIL_1]',
    '[PHONE_',
    'EMAIL_2]',
    '[TERM_1]',
    '2024-03-15',
    'é',
    '🙂',
  ];
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };

  it('gives back every generated string, within one conversation', () => {
    const redactor = new Redactor({ terms: ['Marie'] });
    for (let n = 0; n < 400; n++) {
      let text = '';
      const parts = 1 + Math.floor(random() * 12);
      for (let i = 0; i < parts; i++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
      const r = redactor.redact(text);
      expect(r.restore(r.text), JSON.stringify(text)).toBe(text);
      let out = '';
      const stream = r.restoreStream();
      for (const ch of r.text) out += stream.push(ch);
      expect(out + stream.flush()).toBe(text);
    }
  });
});

describe('adversarial input', () => {
  // Every detector runs on untrusted text: none may backtrack its way into quadratic time.
  const n = 50_000;
  const inputs: Record<string, string> = {
    'spaces after an SSN label': `ssn ${' '.repeat(n)}123456789`,
    'spaces after an AWS key label': `aws_secret_access_key${' '.repeat(n)}=`,
    'a digit run glued to a letter': `${'1'.repeat(n)}a`,
    'digit groups': `${'12 '.repeat(n / 3)}a`,
    'phone punctuation': '+1 (2) 3-4.5/6 '.repeat(n / 15),
    'dotted local part': `${'a.'.repeat(n / 2)}@`,
    colons: ':'.repeat(n),
    brackets: '['.repeat(n),
    'an unterminated key block': `-----BEGIN PRIVATE KEY-----${'A'.repeat(n)}`,
  };
  for (const [name, text] of Object.entries(inputs)) {
    it(`stays fast on ${name}`, () => {
      const started = performance.now();
      const r = new Redactor({ terms: ['Marie Dupont'] }).redact(text);
      expect(r.restore(r.text)).toBe(text);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  }
});
