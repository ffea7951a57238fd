// The benchmark page: what the browser suites time, as plain async functions on `window.bench`
// for Playwright. Every timestamp is taken here, in the page, with `performance.now()`: that is
// where an app sees tokens and bytes arrive.
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { Wllama } from '@wllama/wllama/esm/index.js';
import { createSHA256 } from 'hash-wasm';
import { createHearth, HearthError, type Hearth } from '@hearth/sdk';
import { detectWasmFeatures, type WorkerEngine } from '@hearth/sdk/engines';
import { plan, probeDevice, shippedCatalog, type CatalogModelInput } from '@hearth/sdk/planner';
import { defaultRequestSize, DOWNLOAD_DEFAULTS } from '@hearth/sdk/store';
import { StoreClient } from '@hearth/sdk/hub';
import type { GenerateRequest, LoadRequest, ModelInfo, StreamPart, Usage } from '@hearth/spec';
import { benchWorkerEngine, type EngineKind } from './bench-route.ts';
import { timeProofread, type ProofreadTiming } from '../time-proofread.ts';
import { fetchInRangeLanes } from './range-lanes.ts';

export type { EngineKind } from './bench-route.ts';

/** Page-side timing of one streamed generation. */
export interface StreamTiming {
  /** Chunks that carried text. */
  chunks: number;
  /** Milliseconds from the call to the first text chunk. */
  ttftMs: number;
  /** (chunks - 1) / (last - first): the first chunk closes prefill. */
  decodeTps: number;
  /** Characters received, so a caller can see the model did write. */
  characters: number;
}

export interface EngineStreamResult {
  page: StreamTiming;
  /** The engine's own usage numbers (UsageMeter in the Worker: the same meter as native). */
  usage: Usage | undefined;
}

/** One greedy generation of `maxTokens` after `prompt`, timed in the page as it streams. */
async function timedStream(doStream: (request: GenerateRequest) => AsyncIterable<StreamPart>, prompt: string, maxTokens: number): Promise<EngineStreamResult> {
  const clock = new ChunkClock();
  let usage: Usage | undefined;
  for await (const part of doStream({ prompt: { type: 'text', text: prompt }, maxTokens, temperature: 0 })) {
    if (part.type === 'text-delta') clock.tick(part.text);
    else if (part.type === 'finish') usage = part.usage;
    else if (part.type === 'error') throw HearthError.fromJSON(part.error);
  }
  return { page: clock.result(), usage };
}

class ChunkClock {
  private readonly started = performance.now();
  private first = 0;
  private last = 0;
  private chunks = 0;
  private characters = 0;

  tick(text: string): void {
    if (text === '') return;
    const t = performance.now();
    if (this.chunks === 0) this.first = t;
    this.last = t;
    this.chunks++;
    this.characters += text.length;
  }

  result(): StreamTiming {
    const decodeMs = this.last - this.first;
    return { chunks: this.chunks, ttftMs: this.first - this.started, decodeTps: this.chunks > 1 && decodeMs > 0 ? ((this.chunks - 1) * 1000) / decodeMs : 0, characters: this.characters };
  }
}

/** Errors cross `page.evaluate` as plain messages: keep the HearthError code in the text. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = HearthError.from(error);
    throw new Error(`${e.code}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
  }
}

/**
 * How long a load may take before it fails. A Worker that never answers leaves its load pending
 * forever: wllama's blob: Worker, refused by the gateway's strict page CSP, hung whole bench runs.
 * Loads here take 3-50 s (a first one downloads the file into the store too); the ceiling is far
 * above that, so it only ever ends a hang.
 */
const LOAD_DEADLINE_MS = 300_000;

/**
 * `work` given `ms`: past it, its signal aborts and the call fails with a `timeout` HearthError
 * naming `what`, which reaches the suite as a described failure instead of a run that never ends.
 */
async function within<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HearthError({
        code: 'timeout',
        message: `${what} did not finish in ${ms / 1000} s`,
        hint: "a Worker that never answered: look for a CSP violation or a Worker error in the page's console",
      });
      // Rejected first: aborting rejects the work at once, and the race takes whichever came first.
      reject(error);
      controller.abort(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

let store: StoreClient | undefined;
function storeClient(): StoreClient {
  store ??= new StoreClient(new Worker(new URL('./store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-bench-store' }));
  return store;
}

/** The verified, OPFS-backed Blob of a model's only file (downloaded first if it is not stored). */
async function storedBlob(manifestUrl: string): Promise<Blob> {
  const { files } = await storeClient().ensureManifest(manifestUrl);
  const file = files[0];
  if (!file) throw new Error(`${manifestUrl} lists no file`);
  return file.blob;
}

const engines = new Map<EngineKind, WorkerEngine>();
let raw: Wllama | undefined;
let hearth: Hearth | undefined;

/** An app's createHearth: no gateway, the user's yes given elsewhere, only `model` (added to the catalog) planned. */
function hearthOptions(model: CatalogModelInput): Parameters<typeof createHearth>[0] {
  return { gateway: false, consent: 'granted', catalog: [model], models: [model.id] };
}

const bench = {
  environment: () => ({ crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent, wasm: detectWasmFeatures() }),

  // ---- the model store: verified download, raw fetch, raw read -------------------------------
  storeKind: () => guard(async () => (await storeClient().hello()).storage),
  /**
   * A fresh download through the store (the file is deleted first): bytes on storage over time.
   * `download` overrides downloader settings (the store's protocol passes them through).
   */
  storeDownload: (manifestUrl: string, download?: Record<string, number>) =>
    guard(async () => {
      const client = storeClient();
      const manifest = (await (await fetch(manifestUrl, { cache: 'no-store' })).json()) as { files: Array<{ sha256: string; size: number }> };
      for (const f of manifest.files) await client.delete(f.sha256);
      const curve: Array<[number, number]> = [[0, 0]];
      const started = performance.now();
      const result = await client.ensureManifest(manifestUrl, { onProgress: (p) => curve.push([(performance.now() - started) / 1000, p.bytesDone]), ...(download ? { download } : {}) });
      const seconds = (performance.now() - started) / 1000;
      const bytes = result.files.reduce((n, f) => n + f.size, 0);
      curve.push([seconds, bytes]);
      return { seconds, bytes, stats: result.stats, curve };
    }),
  /**
   * The same file by one plain `fetch`, its body read and dropped: no Range, no hashing, no
   * storage, no copy into one large buffer (arrayBuffer() was slower here: 140-269 MB/s against
   * 235-389 over 8 alternating runs of the Q4_0 file).
   */
  rawFetch: (url: string) =>
    guard(async () => {
      const started = performance.now();
      const response = await fetch(url, { cache: 'no-store' });
      let bytes = 0;
      const reader = response.body?.getReader();
      if (reader) for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
      return { seconds: (performance.now() - started) / 1000, bytes, status: response.status };
    }),
  /**
   * The same file fetched as the store fetches it: `DOWNLOAD_DEFAULTS.parallel` connections, each
   * taking the next 16 MiB chunk and asking for it in Range requests of `requestSize` (the store's
   * `defaultRequestSize` by default, 16 MiB for whole chunks), every body read and dropped: the
   * store's traffic without its verifying and storing.
   */
  rawRanges: (url: string, size: number, requestSize = defaultRequestSize(DOWNLOAD_DEFAULTS)) =>
    guard(async () => {
      const started = performance.now();
      const bytes = await fetchInRangeLanes(url, size, { requestSize, chunkSize: DOWNLOAD_DEFAULTS.chunkSize, parallel: DOWNLOAD_DEFAULTS.parallel }, () => {});
      return { seconds: (performance.now() - started) / 1000, bytes };
    }),
  /**
   * rawRanges with storage: the same requests made by raw-store-worker.ts in a Worker, every body
   * written to an OPFS file through a sync access handle, nothing else. The store's floor here.
   */
  rawRangesStored: (url: string, size: number) =>
    guard(async () => {
      const worker = new Worker(new URL('./raw-store-worker.ts', import.meta.url), { type: 'module', name: 'hearth-bench-raw-stored' });
      try {
        const reply = await new Promise<{ seconds: number; bytes: number } | { error: string }>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<{ seconds: number; bytes: number } | { error: string }>) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ url, size, requestSize: defaultRequestSize(DOWNLOAD_DEFAULTS), chunkSize: DOWNLOAD_DEFAULTS.chunkSize, parallel: DOWNLOAD_DEFAULTS.parallel });
        });
        if ('error' in reply) throw new Error(reply.error);
        return reply;
      } finally {
        worker.terminate();
      }
    }),
  /** SHA-256 of `mib` MiB by hash-wasm (the store's hasher) in 1 MiB updates, as the store feeds it. */
  sha256: (mib: number) =>
    guard(async () => {
      const hasher = await createSHA256();
      hasher.init();
      const piece = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 255);
      const started = performance.now();
      for (let i = 0; i < mib; i++) hasher.update(piece);
      hasher.digest('hex');
      return { seconds: (performance.now() - started) / 1000, bytes: mib * piece.byteLength };
    }),
  /**
   * SHA-256 of `mib` MiB as the store checks a version 2 manifest's chunks: `crypto.subtle.digest`
   * (native) over 16 MiB chunks, `parallel` at a time. Beside `sha256`, the two options of issue 21.
   */
  sha256Native: (mib: number, parallel: number) =>
    guard(async () => {
      const chunk = new Uint8Array(16 << 20).map((_, i) => (i * 31) & 255);
      const count = Math.ceil(mib / 16);
      let next = 0;
      const started = performance.now();
      const lane = async (): Promise<void> => {
        while (next++ < count) await crypto.subtle.digest('SHA-256', chunk);
      };
      await Promise.all(Array.from({ length: parallel }, lane));
      return { seconds: (performance.now() - started) / 1000, bytes: count * chunk.byteLength };
    }),
  /** Reads a stored model's bytes from its OPFS-backed Blob into memory: the floor for any load. */
  rawRead: (manifestUrl: string) =>
    guard(async () => {
      const blob = await storedBlob(manifestUrl);
      const started = performance.now();
      const buffer = await blob.arrayBuffer();
      return { seconds: (performance.now() - started) / 1000, bytes: buffer.byteLength };
    }),
  /** A new Worker engine loading a model the store already holds: Worker, wasm, store, weights. */
  warmLoad: (kind: EngineKind, request: Omit<LoadRequest, 'signal'>) =>
    guard(async () => {
      const started = performance.now();
      const engine = benchWorkerEngine(kind);
      try {
        await within(`a warm ${kind} load`, LOAD_DEADLINE_MS, (signal) => engine.load({ ...request, signal }));
        return { seconds: (performance.now() - started) / 1000 };
      } finally {
        engine.terminate();
      }
    }),

  // ---- Hearth's engines, each in its own Worker ----------------------------------------------
  engineLoad: (kind: EngineKind, request: Omit<LoadRequest, 'signal'>) =>
    guard(async () => {
      engines.get(kind)?.terminate();
      const engine = benchWorkerEngine(kind);
      engines.set(kind, engine);
      const started = performance.now();
      const info: ModelInfo = await within(`the ${kind} engine's load`, LOAD_DEADLINE_MS, (signal) => engine.load({ ...request, signal }));
      return { seconds: (performance.now() - started) / 1000, info };
    }),
  engineStream: (kind: EngineKind, prompt: string, maxTokens: number): Promise<EngineStreamResult> =>
    guard(async () => {
      const engine = engines.get(kind);
      if (!engine) throw new HearthError({ code: 'model_not_loaded', message: `No ${kind} engine: call engineLoad first.` });
      return timedStream((request) => engine.doStream(request), prompt, maxTokens);
    }),
  /** The SDK's proofread task on the loaded engine, `family`'s prompt pack: ms from the call to its first text (time-proofread.ts). */
  engineProofread: (kind: EngineKind, input: string, family: string, maxTokens: number): Promise<ProofreadTiming> =>
    guard(async () => {
      const engine = engines.get(kind);
      if (!engine) throw new HearthError({ code: 'model_not_loaded', message: `No ${kind} engine: call engineLoad first.` });
      return timeProofread(engine, input, family, maxTokens);
    }),
  engineStop: (kind: EngineKind): void => {
    engines.get(kind)?.terminate();
    engines.delete(kind);
  },
  // ---- Hearth in one call: createHearth, planned from the catalog, the model from the store ----
  /**
   * `createHearth` as an app on its own (no gateway) whose user already said yes, with `model`
   * added to the catalog: planned, its stored model loaded (`prepare()`), kept for `hearthStream`.
   * Returns the planned device route's settings, so an engine used directly can load alike.
   */
  hearthOpen: (model: CatalogModelInput) =>
    guard(async () => {
      await hearth?.destroy();
      hearth = undefined;
      const opened = createHearth(hearthOptions(model));
      hearth = opened;
      const prepared = await within("createHearth's prepare()", LOAD_DEADLINE_MS, (signal) => opened.prepare({ signal }));
      const route = (await opened.plan()).routes.find((r) => r.where === 'device');
      if (!route) throw new Error(`createHearth planned no device route for ${model.id}`);
      return { route: prepared.route, contextSize: route.contextSize, threads: route.threads ?? 0 };
    }),
  /** One greedy generation through the open Hearth's routed engine (plan, fallback, route slot, Worker). */
  hearthStream: (prompt: string, maxTokens: number): Promise<EngineStreamResult> =>
    guard(async () => {
      const opened = hearth;
      if (!opened) throw new HearthError({ code: 'model_not_loaded', message: 'Call hearthOpen first.' });
      let route: string | undefined;
      const result = await timedStream(async function* (request) {
        for await (const part of opened.engineFor('chat').doStream(request)) {
          if (part.type === 'route') route = `${part.route.where}/${part.route.engine}`;
          yield part;
        }
      }, prompt, maxTokens);
      if (route !== 'device/llama-wasm') throw new Error(`createHearth's answer ran on ${route ?? 'no route'}, not device/llama-wasm`);
      return result;
    }),
  hearthClose: () =>
    guard(async () => {
      await hearth?.destroy();
      hearth = undefined;
    }),
  /**
   * A returning visitor: a new `createHearth` (its own store Worker, a new engine Worker) until
   * `prepare()` resolves, the model already stored and consent given; then destroyed. `loadSeconds`
   * is the engine's load inside it (its `engine-ready` event); `bytesFetched` must be 0.
   */
  hearthReady: (model: CatalogModelInput) =>
    guard(async () => {
      let loadSeconds = Number.NaN;
      let bytesFetched = 0;
      const started = performance.now();
      const visit = createHearth({
        ...hearthOptions(model),
        onEvent: (event) => {
          if (event.type === 'engine-ready') loadSeconds = event.loadMs / 1000;
          else if (event.type === 'downloaded') bytesFetched += event.bytesFetched;
        },
      });
      try {
        const prepared = await within("a returning visit's prepare()", LOAD_DEADLINE_MS, (signal) => visit.prepare({ signal }));
        const seconds = (performance.now() - started) / 1000;
        return { seconds, loadSeconds, bytesFetched, route: `${prepared.route.where}/${prepared.route.engine}` };
      } finally {
        await visit.destroy();
      }
    }),

  /** Which llama-wasm module the engine picks here (relaxed SIMD where the browser validates it). */
  llamaWasmVariant: () => (detectWasmFeatures().relaxedSimd ? 'relaxed' : 'simd'),

  // ---- wllama used directly in the page, as an app would without Hearth ----------------------
  rawWllamaLoad: (manifestUrl: string, threads: number, contextSize: number) =>
    guard(async () => {
      await raw?.exit();
      const blob = await storedBlob(manifestUrl);
      const started = performance.now();
      raw = new Wllama({ default: wasmUrl }, { suppressNativeLog: true });
      const loading = raw;
      await within('raw wllama loadModel()', LOAD_DEADLINE_MS, () => loading.loadModel([blob], { n_threads: threads, n_gpu_layers: 0, n_ctx: contextSize }));
      return { seconds: (performance.now() - started) / 1000, threads: raw.getNumThreads() };
    }),
  rawWllamaStream: (prompt: string, maxTokens: number): Promise<StreamTiming> =>
    guard(async () => {
      if (!raw) throw new HearthError({ code: 'model_not_loaded', message: 'Call rawWllamaLoad first.' });
      const clock = new ChunkClock();
      const stream = await raw.createCompletion({ prompt, max_tokens: maxTokens, temperature: 0, stream: true });
      for await (const chunk of stream) clock.tick(chunk.choices[0]?.text ?? '');
      return clock.result();
    }),
  rawWllamaExit: () =>
    guard(async () => {
      await raw?.exit();
      raw = undefined;
    }),

  // ---- the device probe and the planner ------------------------------------------------------
  /**
   * What an app runs before its first request: probe the device, then plan the task. `cached`
   * lets the probe reuse the hardware part it stored in localStorage (a returning visitor).
   */
  probeAndPlan: (selfHostedBaseUrl: string, model: string, cached: boolean) =>
    guard(async () => {
      const started = performance.now();
      const profile = await probeDevice(cached ? {} : { cache: null });
      const probed = performance.now();
      const result = plan({ task: 'proofread', profile, catalog: shippedCatalog(), selfHosted: { baseUrl: selfHostedBaseUrl, model } });
      const done = performance.now();
      const first = result.routes[0];
      return { probeMs: probed - started, planMs: done - probed, totalMs: done - started, routes: result.routes.length, firstRoute: first ? `${first.where}/${first.engine}/${first.backend}` : 'none' };
    }),
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
