import { Rewriter, Writer, type Hearth } from '@hearth/sdk';
import type { InstantProofreader } from '../proofread/instant-proofreader.ts';
import type { ProofSuggestion } from '../proofread/proof-suggestion.ts';
import type { AssistProvider, RewriteHow } from './assist-provider.ts';

export interface HearthAssistProviderOptions {
  /** harper (and dictionaries) for instant suggestions; none: the model's only. */
  instant?: InstantProofreader;
  /** The language of the text, read at each check (default `en`). */
  language?: () => string;
  /** A cap on generated tokens per action (default: each prompt pack's budget). */
  maxTokens?: number;
  /** Whether the model may be asked at all (false: only instant suggestions, no writing). Read at each action. */
  modelAllowed?: () => boolean;
}

const HOW: Record<RewriteHow, { tone?: 'more-formal' | 'more-casual'; length?: 'shorter' | 'longer' }> = {
  shorter: { length: 'shorter' },
  longer: { length: 'longer' },
  'more-formal': { tone: 'more-formal' },
  'more-casual': { tone: 'more-casual' },
};

/**
 * `<hearth-assist>`'s actions on a Hearth: write and rewrite stream from the routed engine (the
 * device or the gateway, as the plan says; each answer's route reaches `onEvent`), proofreading
 * merges harper's instant suggestions with the model's corrections.
 *
 * @example assist.provider = hearthAssistProvider(hearth, { instant: new InstantProofreader() });
 */
export function hearthAssistProvider(hearth: Hearth, options: HearthAssistProviderOptions = {}): AssistProvider {
  const budget = options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens };
  const allowed = options.modelAllowed ?? (() => true);
  const provider: AssistProvider = {
    async *write(instruction, { signal, context }) {
      const writer = await Writer.create({ engine: hearth.engineFor('write'), format: 'plain-text', ...budget });
      yield* writer.writeStreaming(instruction, { signal, ...(context ? { context } : {}) });
    },
    async *rewrite(text, how, { signal }) {
      const rewriter = await Rewriter.create({ engine: hearth.engineFor('rewrite'), format: 'plain-text', ...HOW[how], ...budget });
      yield* rewriter.rewriteStreaming(text, { signal });
    },
  };
  if (options.instant) {
    const instant = options.instant;
    provider.instant = (text) => instant.check(text, options.language?.() ?? 'en');
  }
  provider.proofread = async (text, { signal }) => {
    if (!allowed()) return [];
    const { corrections } = await hearth.run('proofread', text, { signal, ...budget });
    return corrections.map((c): ProofSuggestion => ({
      start: c.startIndex,
      end: c.endIndex,
      original: text.slice(c.startIndex, c.endIndex),
      replacement: c.correction,
      source: 'model',
      ...(c.types?.[0] ? { kind: c.types[0] } : {}),
      ...(c.explanation ? { message: c.explanation } : {}),
    }));
  };
  return provider;
}
