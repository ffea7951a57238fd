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

/**
 * Classic BPE training (most frequent adjacent pair first; ties by text) until no pair repeats.
 * Pair counts are updated only for the words a merge touches, which keeps this well under the
 * time it takes to write the tiny model's weights.
 */
function learnMerges(tokens: string[], known: Set<string>, merges: string[], target: number): void {
  const counts = new Map<string, number>();
  for (const piece of TRAINING_TEXT.match(GPT2_PIECES) ?? []) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  // Training text is ASCII, so each character is one byte and its token id is its code.
  const words = [...counts].map(([piece, count]) => ({ ids: Array.from(piece, (ch) => ch.charCodeAt(0)), count }));
  const idOf = new Map(tokens.map((token, id) => [token, id]));

  const SHIFT = 2 ** 20; // token ids stay far below this, so a * SHIFT + b names a pair exactly
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>(); // may list words that lost the pair since
  const tally = (w: number, sign: 1 | -1) => {
    const { ids, count } = words[w] ?? { ids: [], count: 0 };
    for (let i = 0; i + 1 < ids.length; i++) {
      const pair = (ids[i] ?? 0) * SHIFT + (ids[i + 1] ?? 0);
      const next = (pairCounts.get(pair) ?? 0) + sign * count;
      if (next === 0) pairCounts.delete(pair);
      else pairCounts.set(pair, next);
      if (sign === 1) {
        let set = pairWords.get(pair);
        if (set === undefined) pairWords.set(pair, (set = new Set()));
        set.add(w);
      }
    }
  };
  const pairText = (pair: number) => `${tokens[Math.floor(pair / SHIFT)]} ${tokens[pair % SHIFT]}`;
  words.forEach((_, w) => tally(w, 1));

  while (tokens.length < target) {
    let best = -1;
    let bestCount = 1;
    for (const [pair, count] of pairCounts) {
      if (count > bestCount || (count === bestCount && best >= 0 && pairText(pair) < pairText(best))) {
        best = pair;
        bestCount = count;
      }
    }
    if (best < 0) return;
    const left = Math.floor(best / SHIFT);
    const right = best % SHIFT;
    const text = (tokens[left] ?? '') + (tokens[right] ?? '');
    merges.push(pairText(best));
    let merged = idOf.get(text);
    if (merged === undefined) {
      merged = tokens.length;
      tokens.push(text);
      known.add(text);
      idOf.set(text, merged);
    }
    for (const w of pairWords.get(best) ?? []) {
      const word = words[w];
      if (word === undefined) continue;
      tally(w, -1);
      const out: number[] = [];
      for (let i = 0; i < word.ids.length; i++) {
        if (word.ids[i] === left && word.ids[i + 1] === right) {
          out.push(merged);
          i++;
        } else {
          out.push(word.ids[i] ?? 0);
        }
      }
      word.ids = out;
      tally(w, 1);
    }
    pairWords.delete(best);
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
