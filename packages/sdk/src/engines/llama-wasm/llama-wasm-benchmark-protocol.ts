import type { SerializedHearthError } from '@hearth/spec';
import type { LlamaWasmBenchmarkRequest, LlamaWasmBenchmarkResult, LlamaWasmEngineConfig } from './llama-wasm-engine.ts';

// Messages beside Hearth's worker protocol (protocol.ts), which Engine v1 has no calls for.

/** The page asks the engine Worker for its micro-benchmark. */
export interface BenchmarkMessage {
  kind: 'llama-wasm-benchmark';
  /** Negative, so it never collides with the WorkerEngine's positive call ids. */
  id: number;
  request: LlamaWasmBenchmarkRequest;
}

/** Sent right after the Worker starts, before any load: picks the module variant or log level. */
export interface ConfigureMessage {
  kind: 'llama-wasm-configure';
  options: LlamaWasmEngineConfig;
}

export type BenchmarkReply =
  | { kind: 'llama-wasm-benchmark-result'; id: number; result: LlamaWasmBenchmarkResult }
  | { kind: 'llama-wasm-benchmark-result'; id: number; error: SerializedHearthError };
