import { describe, expect, it } from 'vitest';
import { applySuggestion, mergeSuggestions, shiftAfter, type ProofSuggestion } from './proof-suggestion.ts';

const s = (start: number, end: number, original: string, replacement: string, source: ProofSuggestion['source'] = 'harper'): ProofSuggestion => ({
  start,
  end,
  original,
  replacement,
  source,
});

describe('merging instant and model suggestions', () => {
  const text = 'I recieve teh package tomorow.';
  const harper = [s(2, 9, 'recieve', 'receive'), s(10, 13, 'teh', 'the')];
  it('keeps every instant one and adds only the model ones that touch none of them, in text order', () => {
    const model = [s(10, 13, 'teh', 'THE', 'model'), s(22, 29, 'tomorow', 'tomorrow', 'model'), s(0, 1, 'I', 'I', 'model')];
    const merged = mergeSuggestions(harper, model);
    expect(merged.map((m) => `${m.source}:${m.replacement}`)).toEqual(['harper:receive', 'harper:the', 'model:tomorrow']);
    expect(merged.every((m) => text.slice(m.start, m.end) === m.original)).toBe(true);
  });
  it('an identical edit the model found too is shown once, confirmed by the model', () => {
    const merged = mergeSuggestions(harper, [s(10, 13, 'teh', 'the', 'model')]);
    expect(merged.map((m) => [m.source, m.replacement, m.confirmedBy])).toEqual([
      ['harper', 'receive', undefined],
      ['harper', 'the', 'model'],
    ]);
  });
  it('an insertion at a harper span counts as touching it', () => {
    expect(mergeSuggestions(harper, [s(10, 10, '', 'not ', 'model')])).toHaveLength(2);
  });
  it('applying one shifts the rest, and a stale one is refused', () => {
    const [first, second] = harper as [ProofSuggestion, ProofSuggestion];
    const after = applySuggestion(text, first)!;
    expect(after).toBe('I receive teh package tomorow.');
    const rest = shiftAfter([second], first);
    expect(applySuggestion(after, rest[0]!)).toBe('I receive the package tomorow.');
    expect(applySuggestion('something else entirely', second)).toBeUndefined();
  });
  it('a suggestion overlapping the applied one is dropped', () => {
    expect(shiftAfter([s(5, 12, 'ieve te', 'x')], harper[0]!)).toEqual([]);
  });
});
