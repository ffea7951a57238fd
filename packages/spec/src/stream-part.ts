import type { SerializedHearthError } from './hearth-error.ts';

/** Why generation ended. Cancellation is not a finish: the stream ends with an `aborted` error part. */
export type FinishReason = 'stop' | 'length';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from the request to the first generated token. */
  timeToFirstTokenMs: number;
  /** Prompt tokens per second during prefill. */
  prefillTokensPerSecond: number;
  /** Generated tokens per second after the first token. */
  decodeTokensPerSecond: number;
  /** Threads the engine ran with, when it knows (a browser without cross-origin isolation runs one). */
  threads?: number;
}

/** What an engine streams. A union tagged by `type`, so consumers switch exhaustively. */
export type StreamPart =
  | { type: 'text-delta'; text: string; tokenIds?: readonly number[] }
  /**
   * The request moved to another route mid-stream (the device failed); the text so far is kept
   * and the next route continues it. Consumers that only want text can ignore this part.
   */
  | { type: 'route-switch'; from: string; to: string; reason: SerializedHearthError; charactersSoFar: number }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  | { type: 'error'; error: SerializedHearthError };
