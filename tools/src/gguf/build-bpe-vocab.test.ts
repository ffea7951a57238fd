import { describe, expect, it } from 'vitest';
import { BYTE_TO_UNICODE, TOKEN_TYPE, buildBpeVocab } from './build-bpe-vocab.ts';

describe('buildBpeVocab', () => {
  it.each([512, 4096])('fills a %i-token vocabulary with unique tokens and valid merges', (size) => {
    const vocab = buildBpeVocab(size, 1);
    expect(vocab.tokens).toHaveLength(size);
    expect(vocab.tokenTypes).toHaveLength(size);
    expect(new Set(vocab.tokens).size).toBe(size); // llama.cpp asserts token texts are unique
    const ids = new Map(vocab.tokens.map((t, i) => [t, i]));
    for (const merge of vocab.merges) {
      const [left = '', right = '', extra] = merge.split(' ');
      expect(extra).toBeUndefined();
      expect(ids.has(left) && ids.has(right) && ids.has(left + right)).toBe(true);
    }
  });

  it('puts the 256 bytes first in GPT-2 byte-to-unicode form and ChatML specials last', () => {
    const vocab = buildBpeVocab(512, 1);
    expect(vocab.tokens.slice(0, 256)).toEqual(BYTE_TO_UNICODE);
    expect(vocab.tokens[0x20]).toBe('Ġ');
    expect(vocab.tokens[0x0a]).toBe('Ċ');
    expect(vocab.tokens.slice(-3)).toEqual(['<|endoftext|>', '<|im_start|>', '<|im_end|>']);
    expect([vocab.endOfTextId, vocab.imStartId, vocab.imEndId]).toEqual([509, 510, 511]);
    expect(vocab.tokenTypes.slice(-3)).toEqual([TOKEN_TYPE.control, TOKEN_TYPE.control, TOKEN_TYPE.control]);
    expect(vocab.tokenTypes.slice(0, -3).every((t) => t === TOKEN_TYPE.normal)).toBe(true);
  });

  it('learns English pieces from the built-in text', () => {
    const tokens = new Set(buildBpeVocab(512, 1).tokens);
    for (const piece of ['Ġthe', 'Ġand', 'Ġyou', 'ing']) expect(tokens.has(piece)).toBe(true);
  });

  it('makes every learned token plain ASCII, so only suppressed byte tokens can break UTF-8', () => {
    const vocab = buildBpeVocab(4096, 3);
    const suppressed = new Set(vocab.suppressedTokenIds);
    const unicodeToByte = new Map(BYTE_TO_UNICODE.map((ch, b) => [ch, b]));
    const nonAscii = vocab.tokens.filter((token, id) => !suppressed.has(id) && Array.from(token).some((ch) => (unicodeToByte.get(ch) ?? 0) >= 0x80));
    expect(nonAscii).toEqual([]);
  });

  it('suppresses the lone bytes 0x80–0xFF, ASCII controls except tab and newline, and the specials', () => {
    const vocab = buildBpeVocab(512, 1);
    const suppressed = new Set(vocab.suppressedTokenIds);
    for (let b = 0x80; b <= 0xff; b++) expect(suppressed.has(b)).toBe(true);
    expect(suppressed.has(0x00) && suppressed.has(0x0d) && suppressed.has(0x7f)).toBe(true);
    expect(suppressed.has(0x09) || suppressed.has(0x0a) || suppressed.has(0x41)).toBe(false);
    for (const id of [vocab.endOfTextId, vocab.imStartId, vocab.imEndId]) expect(suppressed.has(id)).toBe(true);
  });

  it('is deterministic and depends on the seed only through the invented merges', () => {
    expect(buildBpeVocab(4096, 1)).toEqual(buildBpeVocab(4096, 1));
    expect(buildBpeVocab(4096, 2).tokens).not.toEqual(buildBpeVocab(4096, 1).tokens);
    expect(buildBpeVocab(512, 2).tokens).toEqual(buildBpeVocab(512, 1).tokens);
  });

  it('rejects a vocabulary too small for the bytes and specials', () => {
    expect(() => buildBpeVocab(258, 1)).toThrow(RangeError);
  });
});
