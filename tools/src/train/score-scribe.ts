/**
 * How well Hearth Scribe does its tasks on the held-out split (tools/train/eval): the share of
 * injected errors a proofread fixes, the share of clean sentences it changes, and ROUGE-L of its
 * subject lines against the real ones and against the "first words of the body" baseline.
 */

/** One held-out proofread case (tools/train/corrupt.py): `errors[].token` indexes the clean tokens. */
export interface ProofreadCase {
  clean: string;
  input: string;
  errors: Array<{ type: string; token: number }>;
}

export interface SubjectCase {
  body: string;
  subject: string;
}

/** corrupt.py's TOKEN pattern: words (with one apostrophe part), digit runs, single symbols. */
export function tokensOf(text: string): string[] {
  return text.match(/[A-Za-z]+(?:'[A-Za-z]+)?|\d+|[^\sA-Za-z\d]/g) ?? [];
}

/** Indexes of `a` that a longest common subsequence with `b` keeps. */
function matchedIndexes(a: readonly string[], b: readonly string[]): Set<number> {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const kept = new Set<number>();
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) {
      kept.add(i);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

export interface ProofreadScore {
  /** Injected errors whose clean token the answer has, in place (aligned by LCS), over all injected errors. */
  errorsFixed: number;
  errors: number;
  fixedRate: number;
  /** Clean inputs whose answer differs from them (after trimming), over all clean inputs. */
  cleanChanged: number;
  clean: number;
  cleanChangedRate: number;
}

/**
 * Scores proofread answers: an error counts as fixed when the clean token it touched is in the
 * answer's alignment with the clean sentence, and nothing was fixed by luck of an unchanged input:
 * the input must not already align there (a dropped word is missing from the input, a typo differs).
 */
export function scoreProofread(cases: readonly ProofreadCase[], answers: readonly string[]): ProofreadScore {
  let errors = 0;
  let fixed = 0;
  let clean = 0;
  let changed = 0;
  cases.forEach((c, i) => {
    const answer = (answers[i] ?? '').trim();
    if (c.errors.length === 0) {
      clean++;
      if (answer !== c.clean.trim()) changed++;
      return;
    }
    const kept = matchedIndexes(tokensOf(c.clean), tokensOf(answer));
    for (const e of c.errors) {
      errors++;
      if (kept.has(e.token)) fixed++;
    }
  });
  return { errorsFixed: fixed, errors, fixedRate: errors ? fixed / errors : 0, cleanChanged: changed, clean, cleanChangedRate: clean ? changed / clean : 0 };
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** ROUGE-L F1 over lower-cased words: the longest common subsequence's precision and recall. */
export function rougeL(candidate: string, reference: string): number {
  const c = words(candidate);
  const r = words(reference);
  if (c.length === 0 || r.length === 0) return 0;
  const lcs = matchedIndexes(c, r).size;
  if (lcs === 0) return 0;
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The baseline's length: the mean Subject of the training split is 4.7 words (gather-corpus output). */
export const BASELINE_SUBJECT_WORDS = 5;

/** "First words of the body": the baseline a subject line has to beat. */
export function firstWordsBaseline(body: string): string {
  return body.split(/\s+/).filter(Boolean).slice(0, BASELINE_SUBJECT_WORDS).join(' ');
}

export interface SubjectScore {
  rougeL: number;
  baselineRougeL: number;
  cases: number;
}

export function scoreSubjects(cases: readonly SubjectCase[], answers: readonly string[]): SubjectScore {
  let model = 0;
  let baseline = 0;
  cases.forEach((c, i) => {
    model += rougeL(answers[i] ?? '', c.subject);
    baseline += rougeL(firstWordsBaseline(c.body), c.subject);
  });
  return { rougeL: model / Math.max(cases.length, 1), baselineRougeL: baseline / Math.max(cases.length, 1), cases: cases.length };
}

/** Share of answers the two runs gave identically: greedy decoding, so any differing token shows. */
export function agreement(a: readonly string[], b: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}
