import { describe, expect, it } from 'vitest';
import { applyCorrections, classifyCorrection, diffCorrections, type ProofreadCorrection } from './diff-corrections.ts';
import { diffTokens, MAX_DIFF_EDITS } from './diff-tokens.ts';

/** Each correction with the original text it covers, to read the expectations at a glance. */
function read(original: string, corrections: readonly ProofreadCorrection[]) {
  return corrections.map((c) => ({ from: original.slice(c.startIndex, c.endIndex), ...c }));
}

describe('diffCorrections on real misspelt sentences', () => {
  it('finds each misspelling at its exact place in the original', () => {
    const original = "I recieve teh package yesterday, it's color was definately wrong.";
    const corrected = 'I received the package yesterday; its color was definitely wrong.';
    const corrections = diffCorrections(original, corrected);
    expect(corrections).toEqual([
      { startIndex: 2, endIndex: 9, correction: 'received', types: ['spelling'] },
      { startIndex: 10, endIndex: 13, correction: 'the', types: ['spelling'] },
      { startIndex: 31, endIndex: 32, correction: ';', types: ['punctuation'] },
      { startIndex: 33, endIndex: 37, correction: 'its', types: ['punctuation'] },
      { startIndex: 48, endIndex: 58, correction: 'definitely', types: ['spelling'] },
    ]);
    expect(read(original, corrections).map((c) => c.from)).toEqual(['recieve', 'teh', ',', "it's", 'definately']);
    expect(applyCorrections(original, corrections)).toBe(corrected);
  });

  it('widens a missing word to the word after it, so there is something to underline', () => {
    const original = 'I went store and buyed milk.';
    const corrections = diffCorrections(original, 'I went to the store and bought milk.');
    expect(read(original, corrections)).toEqual([
      { from: 'store', startIndex: 7, endIndex: 12, correction: 'to the store', types: ['missing-words'] },
      { from: 'buyed', startIndex: 17, endIndex: 22, correction: 'bought', types: ['grammar'] },
    ]);
  });

  it('a missing word at the very end widens to the word before it', () => {
    const original = 'Please send it to';
    const corrections = diffCorrections(original, 'Please send it to me');
    expect(read(original, corrections)).toEqual([{ from: 'to', startIndex: 15, endIndex: 17, correction: 'to me', types: ['missing-words'] }]);
  });

  it('tells capitalization, punctuation, prepositions and split words apart', () => {
    const original = 'see you on monday , he is good in math and alot more';
    const corrected = 'See you on Monday, he is good at math and a lot more';
    expect(read(original, diffCorrections(original, corrected)).map(({ from, correction, types }) => ({ from, correction, types }))).toEqual([
      { from: 'see', correction: 'See', types: ['capitalization'] },
      // The stray space before the comma goes with the word: one edit, two kinds.
      { from: 'monday ', correction: 'Monday', types: ['capitalization', 'punctuation'] },
      { from: 'in', correction: 'at', types: ['preposition'] },
      { from: 'alot', correction: 'a lot', types: ['spelling'] },
    ]);
  });

  it('removes a doubled word', () => {
    const original = 'The the meeting is at noon.';
    expect(read(original, diffCorrections(original, 'The meeting is at noon.'))).toEqual([
      { from: 'the ', startIndex: 4, endIndex: 8, correction: '', types: ['grammar'] },
    ]);
  });

  it('keeps line breaks and untouched paragraphs out of the corrections', () => {
    const original = 'Dear Sam,\n\nThank you for you letter.\n\nBest,\nAna';
    const corrections = diffCorrections(original, 'Dear Sam,\n\nThank you for your letter.\n\nBest,\nAna');
    expect(read(original, corrections)).toEqual([{ from: 'you', startIndex: 25, endIndex: 28, correction: 'your', types: ['spelling'] }]);
  });

  it('splits text without spaces into words (Chinese)', () => {
    const original = '我今天去了学样。';
    expect(read(original, diffCorrections(original, '我今天去了学校。'))).toEqual([
      { from: '学样', startIndex: 5, endIndex: 7, correction: '学校', types: ['spelling'] },
    ]);
  });

  it('counts indices in UTF-16 code units, as JavaScript strings do (emoji before the mistake)', () => {
    const original = '🎉🎉 Congratulashuns on the new job!';
    const corrections = diffCorrections(original, '🎉🎉 Congratulations on the new job!');
    expect(corrections[0]).toMatchObject({ startIndex: 5, endIndex: 20, correction: 'Congratulations' });
    expect(original.slice(5, 20)).toBe('Congratulashuns');
  });

  it('writes explanations only when asked', () => {
    const [c] = diffCorrections('teh cat', 'the cat', { explanations: true, types: false });
    expect(c).toEqual({ startIndex: 0, endIndex: 3, correction: 'the', explanation: '“teh” is misspelt: “the”.' });
  });

  it('no difference, no corrections', () => {
    expect(diffCorrections('All good here.', 'All good here.')).toEqual([]);
  });

  it('a corrected text cut by the token budget keeps the input past the cut', () => {
    const original = 'I recieve teh package yesterday and it was broken.';
    const cut = 'I received the package yester';
    const corrections = diffCorrections(original, cut, { truncated: true });
    expect(read(original, corrections).map((c) => c.from)).toEqual(['recieve', 'teh']);
    expect(applyCorrections(original, corrections)).toBe('I received the package yesterday and it was broken.');
  });

  it('applying the corrections always gives the corrected text (random edits)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['the', 'teh', 'cat', 'Cat', ',', '.', ' ', '  ', '\n', 'recieve', 'received', "it's", 'its', 'a', 'lot', 'alot', '猫'];
    const sentence = (n: number): string => Array.from({ length: n }, () => words[random(words.length)]).join(random(2) ? ' ' : '');
    for (let i = 0; i < 300; i++) {
      const original = sentence(random(20));
      const corrected =
        random(3) === 0 ? sentence(random(20)) : original.replace(/teh|recieve|alot/g, (w) => ({ teh: 'the', recieve: 'received', alot: 'a lot' })[w] ?? w);
      const corrections = diffCorrections(original, corrected);
      expect(applyCorrections(original, corrections), JSON.stringify({ original, corrected })).toBe(corrected);
      for (const [j, c] of corrections.entries()) {
        expect(c.startIndex).toBeLessThanOrEqual(c.endIndex);
        if (j > 0) expect(c.startIndex).toBeGreaterThanOrEqual(corrections[j - 1]!.endIndex);
      }
    }
  });
});

describe('diffTokens', () => {
  it('finds the shortest edit script', () => {
    expect(diffTokens(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c'])).toHaveLength(4);
    expect(diffTokens([], ['x'])).toEqual([{ aStart: 0, aEnd: 0, bStart: 0, bEnd: 1 }]);
    expect(diffTokens(['x'], [])).toEqual([{ aStart: 0, aEnd: 1, bStart: 0, bEnd: 0 }]);
  });

  it('past the edit limit, reports the changed middle as one replacement instead of using quadratic memory', () => {
    const a = Array.from({ length: MAX_DIFF_EDITS + 10 }, (_, i) => `a${i}`);
    const b = Array.from({ length: MAX_DIFF_EDITS + 10 }, (_, i) => `b${i}`);
    expect(diffTokens(['same', ...a, 'end'], ['same', ...b, 'end'])).toEqual([{ aStart: 1, aEnd: a.length + 1, bStart: 1, bEnd: b.length + 1 }]);
  });
});

describe('classifyCorrection', () => {
  it('judges from the two texts', () => {
    expect(classifyCorrection('recieve', 'receive')).toEqual(['spelling']);
    expect(classifyCorrection('went', 'gone')).toEqual(['grammar']);
    expect(classifyCorrection('on', 'in')).toEqual(['preposition']);
    expect(classifyCorrection('Hello', 'Hello,')).toEqual(['punctuation']);
    expect(classifyCorrection('paris', 'Paris')).toEqual(['capitalization']);
    expect(classifyCorrection('cat', 'black cat')).toEqual(['missing-words']);
  });
});
