import { SeededRandom, deriveSeed } from './seeded-random.ts';
import { TRAINING_TEXT } from './training-text.ts';

/** llama_token_type values (llama.h) stored in `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, control: 3 } as const;

/** The ChatML special tokens, appended after the learned vocabulary in this order. */
export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

export interface BpeVocab {
  /** Token texts in GPT-2's byte-to-unicode alphabet (space is "Ġ", newline "Ċ"). */
  tokens: string[];
  tokenTypes: number[];
  /** "left right" pairs in rank order, as `tokenizer.ggml.merges` stores them. */
  merges: string[];
  endOfTextId: number;
  imStartId: number;
  imEndId: number;
  /**
   * Tokens the model must never sample: the lone bytes 0x80–0xFF (invalid UTF-8 by themselves,
   * which crashes wllama), ASCII control bytes other than tab and newline, and the special tokens.
   */
  suppressedTokenIds: number[];
}

const SMALLEST_VOCAB = 256 + SPECIAL_TOKENS.length;

/**
 * A byte-level BPE vocabulary of exactly `vocabSize` tokens: the 256 bytes (token id = byte value),
 * merges learned from a built-in English text, then seeded word-like merges until the vocabulary
 * is full, then the ChatML special tokens. Every non-byte token is ASCII, so any sequence of
 * unsuppressed tokens decodes to valid UTF-8.
 */
export function buildBpeVocab(vocabSize: number, seed: number): BpeVocab {
  if (!Number.isInteger(vocabSize) || vocabSize < SMALLEST_VOCAB) {
    throw new RangeError(`A byte-level BPE vocabulary needs at least ${SMALLEST_VOCAB} tokens; got ${vocabSize}.`);
  }
  const tokens = Array.from({ length: 256 }, (_, byte) => BYTE_TO_UNICODE[byte] ?? '');
  const known = new Set(tokens);
  const merges: string[] = [];
  const target = vocabSize - SPECIAL_TOKENS.length;

  learnMerges(tokens, known, merges, target);
  inventMerges(tokens, known, merges, target, seed);

  const endOfTextId = tokens.length;
  tokens.push(...SPECIAL_TOKENS);
  const tokenTypes = tokens.map((_, id) => (id >= endOfTextId ? TOKEN_TYPE.control : TOKEN_TYPE.normal));

  const suppressedTokenIds: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    const asciiControl = (byte < 0x20 && byte !== 0x09 && byte !== 0x0a) || byte === 0x7f;
    if (asciiControl || byte >= 0x80) suppressedTokenIds.push(byte);
  }
  for (let id = endOfTextId; id < tokens.length; id++) suppressedTokenIds.push(id);

  return { tokens, tokenTypes, merges, endOfTextId, imStartId: endOfTextId + 1, imEndId: endOfTextId + 2, suppressedTokenIds };
}

/** GPT-2's `bytes_to_unicode`: printable bytes map to themselves, the rest to U+0100 onwards. */
export const BYTE_TO_UNICODE: readonly string[] = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = [];
  let next = 0;
  for (let b = 0; b < 256; b++) table.push(String.fromCharCode(printable(b) ? b : 256 + next++));
  return table;
})();

// GPT-2's pre-tokenizer: words keep their leading space, so merges learn " the" rather than "the ".
const GPT2_PIECES = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Classic BPE training (most frequent adjacent pair first; ties by text) until pairs repeat no more. */
function learnMerges(tokens: string[], known: Set<string>, merges: string[], target: number): void {
  const counts = new Map<string, number>();
  for (const piece of TRAINING_TEXT.match(GPT2_PIECES) ?? []) {
    const encoded = Array.from(piece, (ch) => BYTE_TO_UNICODE[ch.charCodeAt(0)] ?? '').join('');
    counts.set(encoded, (counts.get(encoded) ?? 0) + 1);
  }
  const words = [...counts].map(([text, count]) => ({ symbols: Array.from(text), count }));

  while (tokens.length < target) {
    const pairs = new Map<string, number>();
    for (const word of words) {
      for (let i = 0; i + 1 < word.symbols.length; i++) {
        const key = `${word.symbols[i]} ${word.symbols[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + word.count);
      }
    }
    let best = '';
    let bestCount = 1;
    for (const [key, count] of pairs) {
      if (count > bestCount || (count === bestCount && best !== '' && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (best === '') return;
    const [left = '', right = ''] = best.split(' ');
    const merged = left + right;
    merges.push(best);
    if (!known.has(merged)) {
      known.add(merged);
      tokens.push(merged);
    }
    for (const word of words) {
      const out: string[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (word.symbols[i] === left && word.symbols[i + 1] === right) {
          out.push(merged);
          i++;
        } else {
          out.push(word.symbols[i] ?? '');
        }
      }
      word.symbols = out;
    }
  }
}

/**
 * Fills the rest of a large vocabulary with seeded merges of a word start and a short lowercase
 * tail, so a 32k-token model's pieces still look like (made-up) words.
 */
function inventMerges(tokens: string[], known: Set<string>, merges: string[], target: number, seed: number): void {
  if (tokens.length < target) {
    // Word starts grow with what is invented (up to a readable length); tails stay short syllables.
    const syllable = /[aeiouy]/;
    const heads = tokens.filter((t) => /^Ġ[a-z]{1,6}$/.test(t) && syllable.test(t));
    const tails = tokens.filter((t) => /^[a-z]{2,4}$/.test(t) && syllable.test(t));
    const random = new SeededRandom(deriveSeed(seed, 'tokenizer.merges'));
    let attempts = 0;
    while (tokens.length < target) {
      if (++attempts > 1000 * target) throw new Error('Could not invent enough distinct merges.');
      const left = heads[random.int(heads.length)] ?? '';
      const right = tails[random.int(tails.length)] ?? '';
      const merged = left + right;
      if (merged.length > 10 || known.has(merged)) continue;
      known.add(merged);
      tokens.push(merged);
      if (merged.length <= 7) heads.push(merged);
      merges.push(`${left} ${right}`);
    }
  }
}
