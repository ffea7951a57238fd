import type { SerializedHearthError } from './hearth-error.ts';
import type { RouteBackend, RouteWhere } from './plan.ts';
import type { TokenLogprob, ToolCallDelta } from './tool.ts';

/** Why generation ended. Cancellation is not a finish: the stream ends with an `aborted` error part. */
export type FinishReason = 'stop' | 'length' | 'tool_calls';

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

/**
 * Where an answer (or the part of it that follows) runs: read from the route that produced it,
 * never assumed, so a "where this ran" badge can show the truth.
 */
export interface RouteInfo {
  where: RouteWhere;
  /** The engine that runs it: `llama-wasm`, `wllama`, `remote`, `builtin`, an app's own engine's id. */
  engine: string;
  backend?: RouteBackend;
  /** The model id (catalog id on the device, the server's id remotely). */
  model: string;
  variant?: string;
  /** Why this route, in one sentence a person can read (the planner's reason). */
  reason: string;
  /** On a route that leaves the device: how many values of each kind were redacted first (counts only, never values). */
  redacted?: Partial<Record<string, number>>;
}

/** What an engine streams. A union tagged by `type`, so consumers switch exhaustively. */
export type StreamPart =
  | { type: 'text-delta'; text: string; tokenIds?: readonly number[]; logprobs?: readonly TokenLogprob[] }
  /** A piece of a tool call (requests with `tools`); the stream then finishes with `tool_calls`. */
  | ({ type: 'tool-call-delta' } & ToolCallDelta)
  /** Sent before a route's first text (again after a `route-switch`): where what follows runs. */
  | { type: 'route'; route: RouteInfo }
  /**
   * The request moved to another route mid-stream (the device failed); the text so far is kept
   * and the next route continues it. Consumers that only want text can ignore this part.
   */
  | { type: 'route-switch'; from: string; to: string; reason: SerializedHearthError; charactersSoFar: number }
  | { type: 'finish'; finishReason: FinishReason; usage: Usage }
  | { type: 'error'; error: SerializedHearthError };
