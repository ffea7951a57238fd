/** Who found a suggestion: harper's rules, the Hunspell dictionary, or the model. */
export type SuggestionSource = 'harper' | 'hunspell' | 'model';

/** One proposed edit: replace `text.slice(start, end)` (UTF-16 indices) with `replacement`. */
export interface ProofSuggestion {
  start: number;
  end: number;
  /** The text the suggestion was made for, so a stale one (the field changed) is never applied. */
  original: string;
  replacement: string;
  /** What is wrong, in the checker's words (harper's message), when it says. */
  message?: string;
  /** harper's lint kind (Spelling, Grammar, …) or the model's correction type. */
  kind?: string;
  source: SuggestionSource;
  /** Another checker that proposed exactly this edit too (the model agreeing with a rule, say). */
  confirmedBy?: SuggestionSource;
}

/** Whether two edits touch: overlap, or an insertion inside or at the start of the other. */
function touches(a: ProofSuggestion, b: ProofSuggestion): boolean {
  return a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
}

/**
 * One list from the instant checkers and the model: the instant ones first (they are rules, and
 * shown in milliseconds), then each model suggestion that touches none of them; sorted by position.
 * An identical edit found by both counts once, marked `confirmedBy` the model.
 */
export function mergeSuggestions(instant: readonly ProofSuggestion[], model: readonly ProofSuggestion[]): ProofSuggestion[] {
  const out = [...instant];
  for (const m of model) {
    if (m.original === m.replacement) continue;
    const same = out.findIndex((s) => s.start === m.start && s.end === m.end && s.replacement === m.replacement && s.source !== m.source);
    // Both found it: shown once, saying so (two checkers agreeing is worth knowing).
    if (same >= 0) out[same] = { ...out[same]!, confirmedBy: m.source };
    else if (!out.some((s) => touches(m, s))) out.push(m);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Applies one suggestion to `text`; undefined when the text there is no longer what it was made for. */
export function applySuggestion(text: string, s: ProofSuggestion): string | undefined {
  if (text.slice(s.start, s.end) !== s.original) return undefined;
  return text.slice(0, s.start) + s.replacement + text.slice(s.end);
}

/** The other suggestions after `applied` changed the text: shifted past it, dropped where they touched it. */
export function shiftAfter(rest: readonly ProofSuggestion[], applied: ProofSuggestion): ProofSuggestion[] {
  const delta = applied.replacement.length - (applied.end - applied.start);
  return rest.flatMap((s) => {
    if (touches(s, applied)) return [];
    return s.start >= applied.end ? [{ ...s, start: s.start + delta, end: s.end + delta }] : [s];
  });
}
