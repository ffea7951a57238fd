import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.ts';

const redactor = new Redactor({ terms: ['Marie Dupont', 'Acme'] });
const source = redactor.redact(
  'Marie Dupont (marie@acme.fr, +33 6 12 34 56 78) of Acme paid with 4111 1111 1111 1111 from DE89 3704 0044 0532 0130 00 at 10.0.0.1.',
);

// What a model might send back: placeholders copied, doubled, adjacent, at both ends, plus
// look-alikes it made up or broke, which must pass through untouched.
const ANSWERS = [
  source.text,
  '[TERM_1]',
  '[TERM_1][EMAIL_1][PHONE_1]',
  'Dear [TERM_1], we charged [CARD_1] and refunded [IBAN_1]; reach [TERM_1] at [EMAIL_1] or [PHONE_1]. Logged from [IP_1].',
  '[[TERM_1]] [TERM_1 [TERM_] [TERM_9] [EMAIL_1x] [ [ [PHONE_1',
  'No placeholders at all, just [brackets] and [ALLCAPS] and [TERM].',
  '[IBAN_1]',
];

function restoreInChunks(text: string, cuts: readonly number[]): string {
  const stream = redactor.restoreStream();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    out += stream.push(text.slice(from, cut));
    from = cut;
  }
  return out + stream.flush();
}

describe('streaming restorer', () => {
  it('restores the same as the whole-string restore, split at every boundary', () => {
    for (const answer of ANSWERS) {
      const whole = redactor.restore(answer);
      for (let cut = 0; cut <= answer.length; cut++) expect(restoreInChunks(answer, [cut]), `${answer} @${cut}`).toBe(whole);
    }
  });

  it('restores the same at every pair of boundaries (three chunks)', () => {
    for (const answer of ANSWERS.slice(1, 5)) {
      const whole = redactor.restore(answer);
      for (let a = 0; a <= answer.length; a++) {
        for (let b = a; b <= answer.length; b++) expect(restoreInChunks(answer, [a, b])).toBe(whole);
      }
    }
  });

  it('restores one character at a time', () => {
    for (const answer of ANSWERS) expect(restoreInChunks(answer, [...answer].map((_, i) => i + 1).slice(0, -1))).toBe(redactor.restore(answer));
  });

  it('gives back the original message from its redacted text', () => {
    expect(restoreInChunks(source.text, [3, 17, 18, 40])).toBe(redactor.restore(source.text));
    expect(redactor.restore(source.text)).toContain('marie@acme.fr');
  });

  it('holds back only a possible placeholder prefix', () => {
    const stream = redactor.restoreStream();
    expect(stream.push('Hello [EM')).toBe('Hello ');
    expect(stream.push('AIL_1] and [x')).toBe('marie@acme.fr and [x');
    expect(stream.push(' [PHONE_1')).toBe(' ');
    expect(stream.push('2')).toBe('');
    expect(stream.flush()).toBe('[PHONE_12');
  });
});
