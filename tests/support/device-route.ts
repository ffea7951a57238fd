// Test pages pick their in-browser engine by kind; the SDK's engineForRoute is the one place a
// route becomes an engine, so they describe that kind as a minimal device route and ask it.
import { engineForRoute, LlamaWasmWorkerEngine, WorkerEngine, type LlamaWasmEngineConfig } from '@hearth/sdk/engines';
import type { Route } from '@hearth/spec';

/** The Worker-hosted CPU engines a test page can run. */
export type DeviceEngineKind = 'wllama' | 'llama-wasm';

/**
 * A device route on the CPU for `engine`, with nothing to download: what a page that loads its
 * model itself (`engine.load(request)`) hands to `engineForRoute`.
 *
 * @example engineForRoute(deviceRoute('llama-wasm'))
 */
export function deviceRoute(engine: DeviceEngineKind, options: { modelId?: string; contextSize?: number } = {}): Route {
  return {
    engine,
    backend: 'cpu',
    where: 'device',
    modelId: options.modelId ?? 'test-model',
    redact: false,
    contextSize: options.contextSize ?? 0,
    downloadBytes: 0,
    reason: 'test harness',
  };
}

/** A new Worker-hosted engine of `engine`, made by `engineForRoute` (llama-wasm with `llamaWasm`'s variant and KV cache). */
export function deviceWorkerEngine(engine: DeviceEngineKind, llamaWasm?: LlamaWasmEngineConfig): WorkerEngine {
  const made = engineForRoute(deviceRoute(engine), llamaWasm ? { llamaWasm } : {});
  if (!(made instanceof WorkerEngine)) throw new Error(`engineForRoute gave no Worker engine for ${engine}`);
  if (engine === 'llama-wasm' && !(made instanceof LlamaWasmWorkerEngine)) throw new Error('engineForRoute gave no llama-wasm Worker engine');
  return made;
}
