// Test page: exposes the SDK's worker-hosted engines to Playwright as plain async functions.
import { HearthError } from '@hearth/sdk';
import { type LlamaWasmKvCache, FallbackEngine, RemoteEngine, WorkerEngine } from '@hearth/sdk/engines';
import { streamObject, type ObjectRequest } from '@hearth/sdk/structured';
import type { GenerateRequest, LoadRequest, ModelInfo, GenerateResult, SerializedHearthError } from '@hearth/spec';
import { collectParts, collectPartsAborting, type PlainRequest } from '@hearth/sdk/test/drivers';
import { deviceWorkerEngine } from '../../support/device-route.ts';

let engine: WorkerEngine | undefined;

/** The in-browser engines this page can host; `load` creates the chosen one on first use. */
export type HarnessEngine = 'wllama' | 'llama-wasm' | 'llama-wasm-simd';
let engineKind: HarnessEngine = 'wllama';
let kvCache: LlamaWasmKvCache | undefined;

function createEngine(kind: HarnessEngine): WorkerEngine {
  if (kind === 'wllama') return deviceWorkerEngine('wllama');
  return deviceWorkerEngine('llama-wasm', { variant: kind === 'llama-wasm' ? 'relaxed' : 'simd', ...(kvCache ? { kvCache } : {}) });
}

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
  /** Picks the engine the next `load` creates (the current one, if any, is terminated). */
  use: (kind: HarnessEngine, options: { kvCache?: LlamaWasmKvCache } = {}): void => {
    engine?.terminate();
    engine = undefined;
    engineKind = kind;
    kvCache = options.kvCache;
  },
  load: (request: Omit<LoadRequest, 'signal'>): Promise<Outcome<ModelInfo>> =>
    settle(() => {
      engine ??= createEngine(engineKind);
      return engine.load(request);
    }),
  generate: (request: Omit<GenerateRequest, 'signal'>): Promise<Outcome<GenerateResult>> =>
    settle(() => {
      if (!engine) throw new HearthError({ code: 'model_not_loaded', message: 'load first' });
      return engine.doGenerate(request);
    }),
  // Conformance drivers: the same code the Node tests run, here against the worker-hosted engine.
  // JSON strings across the page boundary: the part union is too deep for Playwright's types.
  run: async (request: PlainRequest) => JSON.stringify(await collectParts(requireEngine(), request)),
  runAborting: async (request: PlainRequest, afterDeltas: number, busyBeforeAbortMs = 0) =>
    JSON.stringify(await collectPartsAborting(requireEngine(), request, afterDeltas, busyBeforeAbortMs)),
  unload: () => requireEngine().unload(),
  // Structured output read as objects in the page (partials, then the whole, validated here too).
  streamObject: async (requestJson: string) =>
    JSON.stringify(
      await settle(async () => {
        const partials: unknown[] = [];
        for await (const part of streamObject(requireEngine(), JSON.parse(requestJson) as Omit<ObjectRequest, 'signal'>)) {
          if (part.type === 'partial-object') partials.push(part.value);
          else return { partials, value: part.value, text: part.text };
        }
        throw new HearthError({ code: 'internal', message: 'The stream ended without an object.' });
      }),
    ),
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

// Fallback mid-stream: the device route's Worker is killed from outside (as the browser does
// to a worker that ran out of memory), and the self-hosted gateway finishes the answer.

async function fallbackRun(loadJson: string, requestJson: string, killAfterDeltas: number, model: string): Promise<string> {
  const worker = new Worker(new URL('../../../packages/sdk/src/engines/wllama/wllama-worker.ts', import.meta.url), { type: 'module' });
  const device = new WorkerEngine('wllama', worker);
  await device.load(JSON.parse(loadJson) as Omit<LoadRequest, 'signal'>);
  const gateway = new RemoteEngine({ baseUrl: `${location.origin}/v1`, model });
  await gateway.load({ source: { type: 'url', url: location.origin } });
  const engine = new FallbackEngine(
    [
      { label: 'device (wllama)', engine: device },
      { label: 'self-hosted gateway', engine: gateway },
    ],
    { stallMs: 3000 },
  );
  const parts = [];
  let deltas = 0;
  for await (const part of engine.doStream(JSON.parse(requestJson) as GenerateRequest)) {
    parts.push(part);
    if (part.type === 'text-delta' && ++deltas === killAfterDeltas) worker.terminate();
  }
  return JSON.stringify(parts);
}
(window as unknown as Record<string, unknown>)['fallbackRun'] = fallbackRun;
