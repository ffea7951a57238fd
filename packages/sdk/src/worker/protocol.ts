import type { GenerateRequest, LoadRequest, ModelInfo, SerializedHearthError, StreamPart } from '@hearth/spec';

/** Messages the page sends to an engine Worker. Tagged by `kind`; `id` pairs replies with calls. */
export type ToWorker =
  | { kind: 'load'; id: number; request: Omit<LoadRequest, 'signal'> }
  | { kind: 'generate'; id: number; request: Omit<GenerateRequest, 'signal'> }
  | { kind: 'abort'; id: number }
  | { kind: 'unload'; id: number };

/** Messages an engine Worker sends back. */
export type FromWorker =
  | { kind: 'loaded'; id: number; info: ModelInfo }
  | { kind: 'part'; id: number; part: StreamPart }
  | { kind: 'unloaded'; id: number }
  | { kind: 'failed'; id: number; error: SerializedHearthError };

/** The slice of a Worker (or worker scope, or MessagePort) the protocol needs. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
