// Test page for the llama-wasm engine: exposes its Worker-hosted engine to Playwright as plain
// async functions that return outcomes (never throw), so errors arrive with their HearthError code.
import { HearthError } from '@hearth/sdk';
import {
  createLlamaWasmWorkerEngine,
  detectWasmFeatures,
  type LlamaWasmBenchmarkRequest,
  type LlamaWasmBenchmarkResult,
  type LlamaWasmEngineConfig,
  type LlamaWasmWorkerEngine,
} from '@hearth/sdk/engines';
import type { GenerateRequest, GenerateResult, LoadRequest, ModelInfo, SerializedHearthError, StreamPart } from '@hearth/spec';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError; isHearthError: boolean };
type Request = Omit<GenerateRequest, 'signal'>;

let engine: LlamaWasmWorkerEngine | undefined;

async function settle<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: HearthError.from(error).toJSON(), isHearthError: HearthError.isInstance(error) };
  }
}

function current(): LlamaWasmWorkerEngine {
  if (!engine) throw new HearthError({ code: 'model_not_loaded', message: 'Call harness.start() first.' });
  return engine;
}

const harness = {
  crossOriginIsolated: () => crossOriginIsolated,
  features: () => detectWasmFeatures(),
  /** A fresh engine Worker (the previous one is terminated). */
  start: (config: LlamaWasmEngineConfig = {}): void => {
    engine?.terminate();
    engine = createLlamaWasmWorkerEngine(config);
  },
  load: (request: Omit<LoadRequest, 'signal'>): Promise<Outcome<ModelInfo>> => settle(() => current().load(request)),
  generate: (request: Request): Promise<Outcome<GenerateResult>> => settle(() => current().doGenerate(request)),
  /** Every part of a stream, in order; aborts after `abortAfterDeltas` text deltas when given. */
  stream: (request: Request, abortAfterDeltas?: number): Promise<Outcome<StreamPart[]>> =>
    settle(async () => {
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      let deltas = 0;
      for await (const part of current().doStream({ ...request, signal: controller.signal })) {
        parts.push(part);
        if (part.type === 'text-delta' && ++deltas === abortAfterDeltas) controller.abort();
      }
      return parts;
    }),
  unload: (): Promise<Outcome<void>> => settle(() => current().unload()),
  benchmark: (request: LlamaWasmBenchmarkRequest): Promise<Outcome<LlamaWasmBenchmarkResult>> => settle(() => current().benchmark(request)),
};

declare global {
  interface Window {
    llamaWasm: typeof harness;
  }
}
window.llamaWasm = harness;
