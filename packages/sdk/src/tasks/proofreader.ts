import { HearthError, type FinishReason, type RouteInfo, type TokenLogprob, type Usage } from '@hearth/spec';
import { correctionMargins } from './correction-margins.ts';
import { applyCorrections, diffCorrections, type ProofreadCorrection } from './diff-corrections.ts';
import type { PromptPackRef } from './prompt-packs.ts';
import { TaskSession } from './task-session.ts';
import { requireText, type TaskCallOptions, type TaskSessionOptions } from './task-options.ts';

export interface ProofreaderOptions extends TaskSessionOptions {
  /** Add `types` to each correction (the drafts' default: false). */
  includeCorrectionTypes?: boolean;
  /** Add an `explanation` to each correction, written by Hearth from the diff (the drafts' default: false). */
  includeCorrectionExplanations?: boolean;
  /**
   * Keep only corrections the model preferred over the input's own text by at least this many
   * nats (default: the pack's `generation.minCorrectionMargin`; none: keep all). A negative value
   * keeps all and still reports each one's `margin`.
   */
  minCorrectionMargin?: number;
}

/** The W3C Proofreader draft's result, with the pack that produced it. */
export interface ProofreadResult {
  /** The input with every correction applied (the corrections below, exactly). */
  correctedInput: string;
  /** Sorted, not overlapping, with indices into the original input. */
  corrections: ProofreadCorrection[];
  /** `length`: the budget cut the model's text; the input past the cut is kept as it was. */
  finishReason: FinishReason;
  usage: Usage;
  pack: PromptPackRef;
  /** Where the answer ran (one per engine that produced a part of it), read from the stream's route parts. */
  routes: RouteInfo[];
}

/** Alternatives asked for at each token, to find the one that would have copied the input. */
const MARGIN_ALTERNATIVES = 5;

/**
 * Proofreads text on any engine, shaped like the W3C Proofreader draft. The model writes the
 * corrected text; the corrections and their indices come from diffing it against the input, so
 * they always point at the input, whatever the model does.
 *
 * @example
 * const proofreader = await Proofreader.create({ engine, includeCorrectionTypes: true });
 * const { correctedInput, corrections } = await proofreader.proofread('I recieve teh package.');
 * for (const c of corrections) underline(c.startIndex, c.endIndex, c.correction);
 */
export class Proofreader extends TaskSession {
  readonly includeCorrectionTypes: boolean;
  readonly includeCorrectionExplanations: boolean;
  /** The least margin a correction needs to be kept (undefined: every correction is kept). */
  readonly minCorrectionMargin: number | undefined;

  private constructor(options: ProofreaderOptions) {
    super('proofread', options, {});
    this.includeCorrectionTypes = options.includeCorrectionTypes ?? false;
    this.includeCorrectionExplanations = options.includeCorrectionExplanations ?? false;
    if (options.minCorrectionMargin !== undefined && !Number.isFinite(options.minCorrectionMargin))
      throw new HearthError({
        code: 'invalid_request',
        message: 'minCorrectionMargin must be a finite number of nats.',
        data: { field: 'minCorrectionMargin' },
      });
    this.minCorrectionMargin = options.minCorrectionMargin ?? this.packGeneration.minCorrectionMargin;
  }

  /** Throws HearthError `invalid_request` for an unknown family. */
  static async create(options: ProofreaderOptions): Promise<Proofreader> {
    return new Proofreader(options);
  }

  async proofread(input: string, options?: TaskCallOptions): Promise<ProofreadResult> {
    const original = requireText('input', input);
    const threshold = this.minCorrectionMargin;
    const tokens: TokenLogprob[] = [];
    const { text, finishReason, usage, routes } =
      threshold === undefined ? await this.complete(original, options) : await this.completeWithTokens(original, options ?? {}, MARGIN_ALTERNATIVES, tokens);
    const body = unwrap(text, original);
    // An empty answer is the model failing, not a request to delete everything.
    if (body === '') return { correctedInput: original, corrections: [], finishReason, usage, pack: this.pack, routes };
    // Models drop the input's leading and trailing whitespace; that is not a correction.
    const lead = /^\s*/.exec(original)?.[0] ?? '';
    const corrected = lead + body + (/\s*$/.exec(original)?.[0] ?? '');
    let corrections = diffCorrections(original, corrected, {
      types: this.includeCorrectionTypes,
      explanations: this.includeCorrectionExplanations,
      truncated: finishReason === 'length',
    });
    if (threshold !== undefined && tokens.length > 0) {
      // A small model "fixes" words it does not know: an edit it barely preferred over copying is
      // dropped, and the input keeps its own text there (applyCorrections applies the rest).
      const margins = correctionMargins(original, corrected, lead.length, corrections, tokens);
      corrections = corrections
        .map((c, i) => (margins[i] === undefined ? c : { ...c, margin: Math.round(margins[i]! * 1000) / 1000 }))
        .filter((c) => c.margin === undefined || c.margin >= threshold);
    }
    return { correctedInput: applyCorrections(original, corrections), corrections, finishReason, usage, pack: this.pack, routes };
  }

  protected blankInput(): 'empty' {
    return 'empty';
  }
}

/** The model's text without the fences the prompt put around the input, when it echoed them. */
function unwrap(text: string, input: string): string {
  let body = text.trim();
  for (const fence of ['"""', '```']) {
    if (input.includes(fence)) continue;
    if (body.startsWith(fence)) {
      body = body.slice(fence.length);
      // A code fence's first line is its info string ("```text").
      if (fence === '```') body = body.replace(/^[^\n]*\n/, '');
    }
    if (body.endsWith(fence)) body = body.slice(0, -fence.length);
    body = body.trim();
  }
  return body;
}
