import { describe, expect, it } from 'vitest';
import { agreement, firstWordsBaseline, rougeL, scoreProofread, scoreSubjects, tokensOf } from './score-scribe.ts';

describe('scoreProofread', () => {
  const typo = {
    clean: 'He retired at age 68.',
    input: 'He retiired at age 68',
    errors: [
      { type: 'typo', token: 1 },
      { type: 'punctuation', token: 5 },
    ],
  };
  const missing = { clean: 'This is a control.', input: 'This is control.', errors: [{ type: 'missing', token: 2 }] };
  const clean = { clean: 'So, what are the arguments for each?', input: 'So, what are the arguments for each?', errors: [] };

  it('counts each injected error the answer fixes, and each clean sentence it changes', () => {
    expect(tokensOf(typo.clean)).toEqual(['He', 'retired', 'at', 'age', '68', '.']);
    const perfect = scoreProofread([typo, missing, clean], [typo.clean, missing.clean, clean.clean]);
    expect(perfect).toMatchObject({ errorsFixed: 3, errors: 3, fixedRate: 1, cleanChanged: 0, clean: 1 });
    // The input echoed back fixes nothing; one fix of two counts as one.
    const echo = scoreProofread([typo, missing, clean], [typo.input, missing.input, 'So what are the arguments for each?']);
    expect(echo).toMatchObject({ errorsFixed: 0, cleanChanged: 1, cleanChangedRate: 1 });
    expect(scoreProofread([typo], ['He retired at age 68']).errorsFixed).toBe(1);
  });
});

describe('subject lines', () => {
  it('ROUGE-L is the LCS F1 over lower-cased words', () => {
    expect(rougeL('New sequences window', 'new Sequences Window')).toBe(1);
    expect(rougeL('the window', 'new sequences window')).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3));
    expect(rougeL('', 'x')).toBe(0);
  });

  it('the baseline is the first five words of the body, and a better answer beats it', () => {
    expect(firstWordsBaseline('Hi all,\n\nthe build is broken again today')).toBe('Hi all, the build is');
    const cases = [{ body: 'Hi all, the nightly build is broken again.', subject: 'Nightly build broken' }];
    const score = scoreSubjects(cases, ['Nightly build is broken']);
    expect(score.rougeL).toBeGreaterThan(score.baselineRougeL);
  });

  it('agreement is the share of identical answers', () => {
    expect(agreement(['a', 'b', 'c', 'd'], ['a', 'b', 'x', 'd'])).toBe(0.75);
  });
});
