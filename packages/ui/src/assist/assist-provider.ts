import type { ProofSuggestion } from '../proofread/proof-suggestion.ts';

export type RewriteHow = 'shorter' | 'longer' | 'more-formal' | 'more-casual';

/**
 * What `<hearth-assist>` asks for its actions. `hearthAssistProvider(hearth)` implements it on the
 * SDK; an app can implement it on anything else.
 */
export interface AssistProvider {
  /** Text from a short instruction, as deltas. */
  write(instruction: string, options: { signal: AbortSignal; context?: string }): AsyncIterable<string>;
  /** The text rewritten, as deltas. */
  rewrite(text: string, how: RewriteHow, options: { signal: AbortSignal }): AsyncIterable<string>;
  /** Suggestions in milliseconds with no model (harper, a dictionary); shown first. */
  instant?(text: string): Promise<ProofSuggestion[]>;
  /** The model's suggestions; merged into the instant ones when they arrive. */
  proofread?(text: string, options: { signal: AbortSignal }): Promise<ProofSuggestion[]>;
}
