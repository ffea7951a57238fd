// Test page: exposes the SDK's worker-hosted engines to Playwright as plain async functions.
import { createWllamaWorkerEngine, HearthError, type WorkerEngine } from '@hearth/sdk';
import type { GenerateRequest, LoadRequest, ModelInfo, GenerateResult, SerializedHearthError } from '@hearth/spec';
import { collectParts, collectPartsAborting, type PlainRequest } from '../../support/conformance-drivers.ts';

let engine: WorkerEngine | undefined;

type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError; isHearthError: boolean };

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: HearthError.from(error).toJSON(), isHearthError: HearthError.isInstance(error) };
  }
}

function requireEngine(): WorkerEngine {
  if (!engine) throw new Error('load a model first');
  return engine;
}

const harness = {
  crossOriginIsolated: () => crossOriginIsolated,
  load: (request: Omit<LoadRequest, 'signal'>): Promise<Outcome<ModelInfo>> =>
    settle(() => {
      engine ??= createWllamaWorkerEngine();
      return engine.load(request);
    }),
  generate: (request: Omit<GenerateRequest, 'signal'>): Promise<Outcome<GenerateResult>> =>
    settle(() => {
      if (!engine) throw new HearthError({ code: 'model_not_loaded', message: 'load first' });
      return engine.doGenerate(request);
    }),
  // Conformance drivers: the same code the Node tests run, here against the worker-hosted engine.
  run: (request: PlainRequest) => collectParts(requireEngine(), request),
  runAborting: (request: PlainRequest, afterDeltas: number) => collectPartsAborting(requireEngine(), request, afterDeltas),
  unload: () => requireEngine().unload(),
  reset: async (): Promise<void> => {
    engine?.terminate();
    engine = undefined;
  },
};

declare global {
  interface Window {
    harness: typeof harness;
  }
}
window.harness = harness;
