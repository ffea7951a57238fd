import { HearthError, type FinishReason, type GenerateRequest, type StreamPart, type TokenLogprob } from '@hearth/spec';
import { StopSequenceFilter } from './stop-sequences.ts';
import type { UsageMeter } from './usage-meter.ts';

/** What a request gets without `maxTokens`, the same on every engine. */
export const DEFAULT_MAX_TOKENS = 512;

/**
 * Tokens held while their text ends in a partial UTF-8 character: a multi-byte character spans at
 * most 4 tokens of single bytes, so past that the text goes out as it is.
 */
const MAX_PENDING_TOKENS = 4;

/** One llama.cpp engine's side of generation: where tokens come from and how they read as text. */
export interface TokenSource<T extends number = number> {
  /** The next sampled token, or undefined at an end-of-generation token. */
  next(): Promise<T | undefined>;
  /**
   * Text of `pending`, the tokens not yet emitted (`generated` holds every token so far, pending
   * ones last, for engines whose detokenizer reads the tokens before). `final` at the end.
   */
  decode(pending: readonly T[], generated: readonly T[], final: boolean): string;
  /** Lets the engine's own generator go when the loop ends early (a stop string, the budget, an abort). */
  close?(): Promise<unknown> | void;
  /** Log-probabilities of the generated tokens `from` to `from + count` (engines that keep them, when asked). */
  logprobs?(from: number, count: number): TokenLogprob[];
}

/**
 * The output budget for a prompt of `promptTokens` in a context of `contextSize`, or the error that
 * ends the stream first (empty prompt, prompt that fills the context).
 */
export function outputBudget(request: GenerateRequest, promptTokens: number, contextSize: number): { maxTokens: number } | { error: HearthError } {
  if (promptTokens === 0)
    return { error: new HearthError({ code: 'invalid_request', message: 'The prompt is empty.', hint: 'Send at least one character of prompt text.' }) };
  if (promptTokens >= contextSize) {
    return {
      error: new HearthError({
        code: 'context_full',
        message: `The prompt is ${promptTokens} tokens; the context holds ${contextSize}.`,
        hint: 'Shorten the input or load the model with a larger contextSize.',
        data: { promptTokens, contextSize },
      }),
    };
  }
  return { maxTokens: Math.min(request.maxTokens ?? DEFAULT_MAX_TOKENS, contextSize - promptTokens) };
}

/**
 * The token loop both llama.cpp engines run: tokens held until their UTF-8 is whole, text held
 * that may begin a stop sequence, the budget, aborts between tokens, and the finish reason (an
 * end-of-generation token or a stop string is `stop`, the budget is `length`). Ends with a
 * `finish` part, or an `aborted` error part.
 */
export async function* runTokenLoop<T extends number>(
  source: TokenSource<T>,
  options: {
    maxTokens: number;
    stop: readonly string[];
    /**
     * Texts that end a grammar's output (node-llama-cpp's JSON grammars allow newlines after the
     * value and stop at a run of them): held like stop strings, and dropped when generation ends
     * partway into one, since they are padding after the value, not part of the answer.
     */
    grammarStops?: readonly string[];
    /** The output is one JSON value: whitespace after it is held and dropped at the end (grammars allow some). */
    json?: boolean;
    signal?: AbortSignal | undefined;
    meter: UsageMeter;
    threads: () => number | undefined;
  },
): AsyncGenerator<StreamPart> {
  const { maxTokens, signal, meter } = options;
  const grammarStops = options.grammarStops ?? [];
  const stops = new StopSequenceFilter([...options.stop, ...grammarStops]);
  let space = '';
  /** Text to emit now, holding back a JSON answer's trailing whitespace until more text follows it. */
  const release = (text: string): string => {
    if (!options.json) return text;
    const all = space + text;
    const end = all.trimEnd().length;
    space = all.slice(end);
    return all.slice(0, end);
  };
  const generated: T[] = [];
  let pending: T[] = [];
  let finishReason: FinishReason = 'length';
  let ended = false;
  try {
    while (generated.length < maxTokens) {
      if (signal?.aborted) return yield abortedPart();
      const token = await source.next();
      if (signal?.aborted) return yield abortedPart();
      if (token === undefined) {
        ended = true;
        break;
      }
      meter.tokens();
      generated.push(token);
      pending.push(token);
      const text = source.decode(pending, generated, false);
      if (text.endsWith('\uFFFD') && pending.length < MAX_PENDING_TOKENS) continue;
      const safe = release(stops.push(text));
      if (safe !== '' || !stops.stopped) yield delta(safe, pending, generated.length);
      pending = [];
      if (stops.stopped) break;
    }
  } finally {
    await source.close?.();
  }
  if (ended || stops.stopped) finishReason = 'stop';
  const decoded = stops.push(pending.length ? source.decode(pending, generated, true) : '');
  const held = stops.flush();
  const rest = release(decoded + (held !== '' && grammarStops.some((stop) => stop.startsWith(held)) ? '' : held));
  if (rest !== '' || pending.length) yield delta(rest, pending, generated.length);
  yield { type: 'finish', finishReason, usage: meter.finish(options.threads()) };

  function delta(text: string, tokenIds: readonly T[], end: number): StreamPart {
    const logprobs = source.logprobs?.(end - tokenIds.length, tokenIds.length);
    return logprobs ? { type: 'text-delta', text, tokenIds, logprobs } : { type: 'text-delta', text, tokenIds };
  }
}

function abortedPart(): StreamPart {
  return { type: 'error', error: new HearthError({ code: 'aborted', message: 'Generation was aborted.' }).toJSON() };
}
