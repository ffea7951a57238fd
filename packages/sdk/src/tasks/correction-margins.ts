import type { TokenLogprob } from '@hearth/spec';
import type { ProofreadCorrection } from './diff-corrections.ts';

/**
 * How sure the model was of each correction, in nats: at the first generated token where its text
 * leaves the input, the gap between that token's log-probability and the likeliest alternative
 * that would have copied the input instead. Where no copying alternative is among the token's
 * `top`, the gap to the least likely listed one (a lower bound). `undefined` where the tokens
 * cannot be placed on the text (they do not spell the model's answer) or list no alternatives.
 *
 * `corrected` is `original` with every correction applied; `bodyStart` is where the model's own
 * text begins in it (the input's leading whitespace, which the model does not write, comes first).
 */
export function correctionMargins(
  original: string,
  corrected: string,
  bodyStart: number,
  corrections: readonly ProofreadCorrection[],
  tokens: readonly TokenLogprob[],
): Array<number | undefined> {
  const raw = tokens.map((t) => t.token).join('');
  const body = corrected.slice(bodyStart).trimEnd();
  const at = raw.indexOf(body);
  if (body === '' || at < 0) return corrections.map(() => undefined);
  // Each token's start in `corrected`.
  const starts: number[] = [];
  let pos = bodyStart - at;
  for (const t of tokens) {
    starts.push(pos);
    pos += t.token.length;
  }

  const margins: Array<number | undefined> = [];
  let shift = 0; // corrected index - original index, before the current correction
  for (const c of corrections) {
    const start = c.startIndex + shift;
    const end = start + c.correction.length;
    margins.push(marginAt(original, tokens, starts, start, Math.max(end, start + 1), shift));
    shift += c.correction.length - (c.endIndex - c.startIndex);
  }
  return margins;
}

function marginAt(original: string, tokens: readonly TokenLogprob[], starts: readonly number[], from: number, to: number, shift: number): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const tokenStart = starts[i]!;
    if (tokenStart + token.token.length <= from || token.token === '') continue;
    if (tokenStart >= to) break;
    const originalAt = tokenStart - shift;
    if (originalAt >= 0 && original.startsWith(token.token, originalAt)) continue; // still copying
    if (token.top.length === 0) return undefined;
    let copy: number | undefined;
    for (const alt of token.top) {
      if (alt.token !== '' && alt.token !== token.token && originalAt >= 0 && original.startsWith(alt.token, originalAt))
        copy = Math.max(copy ?? -Infinity, alt.logprob);
    }
    const floor = Math.min(...token.top.map((alt) => alt.logprob));
    return token.logprob - (copy ?? floor);
  }
  return undefined;
}
