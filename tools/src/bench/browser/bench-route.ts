// The bench page picks its in-browser engine by kind; the SDK's engineForRoute is the one place a
// route becomes an engine, so the page describes that kind as a minimal device route and asks it.
import { engineForRoute, WorkerEngine } from '@hearth/sdk/engines';
import type { Route } from '@hearth/spec';

/** The Worker-hosted CPU engines the bench measures. */
export type EngineKind = 'wllama' | 'llama-wasm';

/** A device route on the CPU for `engine`, nothing to download: the page loads the model itself. */
export function benchRoute(engine: EngineKind): Route {
  return { engine, backend: 'cpu', where: 'device', modelId: 'bench', redact: false, contextSize: 0, downloadBytes: 0, reason: 'bench page' };
}

/** A new Worker-hosted engine of `kind` (llama-wasm with the engine's default variant and KV cache), not loaded. */
export function benchWorkerEngine(kind: EngineKind): WorkerEngine {
  const engine = engineForRoute(benchRoute(kind));
  if (!(engine instanceof WorkerEngine)) throw new Error(`engineForRoute gave no Worker engine for ${kind}`);
  return engine;
}
