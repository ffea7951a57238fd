import type { SerializedHearthError } from '@hearth/spec';
import type { LlamaWasmBenchmarkRequest, LlamaWasmBenchmarkResult, LlamaWasmEngineConfig } from './llama-wasm-engine.ts';
import type { LlamaWasmVariant } from './llama-wasm-host.ts';

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

/**
 * Sent right after the Worker starts, when the page compiles the module for it
 * (compiledLlamaWasmModule): the Worker waits for the module that follows instead of compiling.
 */
export interface ModuleComingMessage {
  kind: 'llama-wasm-module-coming';
  variant: LlamaWasmVariant;
}

/** The page's compiled module; `undefined` when its compile failed (the Worker compiles then). */
export interface ModuleMessage {
  kind: 'llama-wasm-module';
  module: WebAssembly.Module | undefined;
}

export type BenchmarkReply =
  | { kind: 'llama-wasm-benchmark-result'; id: number; result: LlamaWasmBenchmarkResult }
  | { kind: 'llama-wasm-benchmark-result'; id: number; error: SerializedHearthError };
