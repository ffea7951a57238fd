import { diffTokens } from './diff-tokens.ts';

/** The drafts' correction types (W3C Proofreader, `CorrectionType`). */
export type CorrectionType = 'spelling' | 'punctuation' | 'capitalization' | 'preposition' | 'missing-words' | 'grammar';

/** One correction, as the W3C Proofreader draft shapes it; indices are UTF-16 offsets into the original input. */
export interface ProofreadCorrection {
  startIndex: number;
  endIndex: number;
  /** What replaces `input.slice(startIndex, endIndex)`; "" removes it. */
  correction: string;
  types?: CorrectionType[];
  /** A description of the edit, written by Hearth from the diff (not by the model). */
  explanation?: string;
  /**
   * How many nats the model preferred this correction over leaving the text as it was (see
   * `correctionMargins`); present where the pack asks for a minimum and the engine reports token
   * log-probabilities.
   */
  margin?: number;
}

export interface DiffCorrectionsOptions {
  /** Classify each correction (a heuristic on the two texts). Default true. */
  types?: boolean;
  /** Describe each correction in a sentence. Default false. */
  explanations?: boolean;
  /**
   * The corrected text was cut short (the token budget ran out): a difference that runs to its
   * end is the cut, not a correction, so it is dropped and the input's tail is kept.
   */
  truncated?: boolean;
}

/** A piece of text as the diff sees it. */
export interface DiffToken {
  text: string;
  start: number;
  word: boolean;
}

const WORD = /[\p{L}\p{N}]/u;
const FALLBACK_TOKENS = /\s+|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^]/gu;
let segmenter: Intl.Segmenter | null | undefined;

/**
 * Words, whitespace runs and single punctuation marks, with their offsets; joined, they are the
 * text again (whitespace is a token, so it is diffed too). Words follow Unicode's word boundaries
 * (Intl.Segmenter: "it's" is one word, Chinese and Japanese are split into words); where
 * Intl.Segmenter is missing, letters and digits with inner apostrophes make a word.
 */
export function tokenizeForDiff(text: string): DiffToken[] {
  segmenter ??= typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;
  const tokens: DiffToken[] = [];
  const push = (piece: string, start: number): void => {
    const last = tokens.at(-1);
    // Segmenter splits some whitespace runs (a newline, then spaces); one run is one token.
    if (last && !last.word && /^\s+$/.test(piece) && /^\s+$/.test(last.text)) last.text += piece;
    else tokens.push({ text: piece, start, word: WORD.test(piece) });
  };
  if (segmenter) for (const s of segmenter.segment(text)) push(s.segment, s.index);
  else for (const m of text.matchAll(FALLBACK_TOKENS)) push(m[0], m.index);
  return tokens;
}

/**
 * The corrections that turn `original` into `corrected`, found by diffing words, whitespace and
 * punctuation (Myers), never taken from a model's own indices. Indices point into `original`.
 * A pure insertion is widened to the next word (or the previous one at the end), so every
 * correction covers something to underline.
 *
 * @example
 * diffCorrections('I recieve teh package.', 'I received the package.')
 * // [{ startIndex: 2, endIndex: 9, correction: 'received', types: ['spelling'] },
 * //  { startIndex: 10, endIndex: 13, correction: 'the', types: ['spelling'] }]
 */
export function diffCorrections(original: string, corrected: string, options: DiffCorrectionsOptions = {}): ProofreadCorrection[] {
  const a = tokenizeForDiff(original);
  const b = tokenizeForDiff(corrected);
  let hunks = diffTokens(
    a.map((t) => t.text),
    b.map((t) => t.text),
  );
  if (options.truncated) hunks = hunks.filter((h) => h.bEnd < b.length);
  const endOf = (tokens: readonly DiffToken[], i: number, length: number): number => tokens[i]?.start ?? length;
  const corrections: ProofreadCorrection[] = [];
  let previousEnd = 0;
  for (const [i, hunk] of hunks.entries()) {
    let { aStart, aEnd, bStart, bEnd } = hunk;
    const inserted = aStart === aEnd;
    if (inserted) {
      // Widen to the next word (with what lies before it) on both sides, or else the previous one.
      // Tokens between hunks are equal on both sides, so the same count is taken from each,
      // as long as the widening does not reach a neighbouring hunk.
      const nextStart = hunks[i + 1]?.aStart ?? a.length;
      let right = aEnd;
      while (right < nextStart && !a[right]?.word) right++;
      let left = aStart - 1;
      while (left >= previousEnd && !a[left]?.word) left--;
      if (right < nextStart) {
        bEnd += right + 1 - aEnd;
        aEnd = right + 1;
      } else if (left >= previousEnd) {
        bStart -= aStart - left;
        aStart = left;
      }
      // Whitespace both sides now share at the edges is not part of the correction.
      while (aEnd - aStart > 1 && bEnd - bStart > 1 && isSpace(a[aStart]) && a[aStart]?.text === b[bStart]?.text) {
        aStart++;
        bStart++;
      }
      while (aEnd - aStart > 1 && bEnd - bStart > 1 && isSpace(a[aEnd - 1]) && a[aEnd - 1]?.text === b[bEnd - 1]?.text) {
        aEnd--;
        bEnd--;
      }
    }
    previousEnd = aEnd;
    const startIndex = endOf(a, aStart, original.length);
    const endIndex = endOf(a, aEnd, original.length);
    const correction = corrected.slice(endOf(b, bStart, corrected.length), endOf(b, bEnd, corrected.length));
    const found: ProofreadCorrection = { startIndex, endIndex, correction };
    const from = original.slice(startIndex, endIndex);
    const types = classifyCorrection(from, correction, inserted);
    if (options.types ?? true) found.types = types;
    if (options.explanations) found.explanation = explain(from, correction, types);
    corrections.push(found);
  }
  return corrections;
}

/** The input with corrections applied (they must be sorted and must not overlap, as `diffCorrections` returns them). */
export function applyCorrections(input: string, corrections: readonly ProofreadCorrection[]): string {
  let out = '';
  let at = 0;
  for (const c of corrections) {
    out += input.slice(at, c.startIndex) + c.correction;
    at = c.endIndex;
  }
  return out + input.slice(at);
}

function isSpace(token: DiffToken | undefined): boolean {
  return token !== undefined && /^\s+$/.test(token.text);
}

// The draft's "preposition" type: a preposition swapped for another (English only, where small
// models' proofreading mostly is).
const PREPOSITIONS = new Set(
  'about above across after against along among around at before behind below beneath beside between beyond by despite down during except for from in inside into like near of off on onto out outside over past since through throughout to toward towards under underneath until unto up upon with within without'.split(
    ' ',
  ),
);

/**
 * Which kind of mistake a correction fixes, judged from the two texts alone: case only is
 * capitalization, marks only is punctuation, added words are missing words, a word for a similar
 * word is spelling, a preposition for another is preposition, anything else grammar.
 */
export function classifyCorrection(from: string, to: string, inserted = false): CorrectionType[] {
  const letters = (s: string): string => s.replace(/[\p{P}\p{S}\s]/gu, '');
  const wordCount = (s: string): number => s.split(/\s+/).filter((w) => WORD.test(w)).length;
  if (inserted) return ['missing-words'];
  // Same letters: words split or joined ("alot" → "a lot") is spelling; anything else is marks.
  if (from !== to && letters(from) === letters(to)) return wordCount(from) === wordCount(to) ? ['punctuation'] : ['spelling'];
  if (letters(from).toLowerCase() === letters(to).toLowerCase() && letters(from) !== letters(to)) {
    return from.toLowerCase() === to.toLowerCase() ? ['capitalization'] : ['capitalization', 'punctuation'];
  }
  const fromWords = from.split(/\s+/).filter(Boolean);
  const toWords = to.split(/\s+/).filter(Boolean);
  if (toWords.length > fromWords.length && fromWords.every((w) => toWords.includes(w))) return ['missing-words'];
  if (fromWords.length === 1 && toWords.length === 1) {
    const [f, t] = [letters(from).toLowerCase(), letters(to).toLowerCase()];
    if (PREPOSITIONS.has(f) && PREPOSITIONS.has(t)) return ['preposition'];
    if (editDistance(f, t) <= Math.max(2, Math.ceil(Math.max(f.length, t.length) * 0.4))) return ['spelling'];
  }
  return ['grammar'];
}

function explain(from: string, to: string, types: readonly CorrectionType[]): string {
  if (to === '') return from.trim() === '' ? 'Remove the extra space.' : `Remove “${from.trim()}”.`;
  switch (types[0]) {
    case 'spelling':
      return `“${from}” is misspelt: “${to}”.`;
    case 'capitalization':
      return `Capitalize as “${to}”.`;
    case 'punctuation':
      return `Punctuation: “${from}” becomes “${to}”.`;
    case 'missing-words':
      return `A word is missing: “${to}”.`;
    case 'preposition':
      return `Use the preposition “${to}” instead of “${from}”.`;
    default:
      return `Grammar: “${from}” becomes “${to}”.`;
  }
}

/** Levenshtein distance with a transposition counted as one edit (teh → the). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}
