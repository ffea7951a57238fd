/**
 * The planner's answer: where a request may run, in the order to try, and why each other place
 * was not chosen. Routes are plain data so the fallback that walks them (and a UI that explains
 * them) needs nothing but this file.
 */

/** The engines a route can name (packages/sdk/src/engines/). */
export type EngineKind = 'llama-wasm' | 'wllama' | 'webllm' | 'builtin' | 'node-llama-cpp' | 'remote';

/** What the engine computes on. */
export type RouteBackend = 'cpu' | 'webgpu' | 'gpu' | 'browser-model' | 'server';

/** Who runs it: this device, the app owner's servers, or someone else's. */
export type RouteWhere = 'device' | 'self-hosted' | 'third-party';

/** How far a request may leave the device. `device-or-self-hosted` is the default. */
export type RoutePolicy = 'device-only' | 'device-or-self-hosted' | 'any';

/**
 * The user's answer when the app asks before downloading or running a model on the device:
 * `not-asked` means the app does not ask (no consent flow).
 */
export type ConsentState = 'not-asked' | 'pending' | 'granted' | 'denied';

/** The writing tasks Hearth plans for; each has its own context size and speed wish. */
export type TaskName = 'chat' | 'write' | 'rewrite' | 'summarize' | 'proofread' | 'extract';

export interface RouteFile {
  url: string;
  sizeBytes: number;
  sha256?: string;
}

export interface Route {
  engine: EngineKind;
  backend: RouteBackend;
  where: RouteWhere;
  /** Catalog model id (for remote routes: the id the server knows). */
  modelId: string;
  /** Catalog variant id (GGUF quantization or MLC build); absent for built-in and remote. */
  variantId?: string;
  /** GGUF files to load, in shard order (GGUF engines on the device). */
  files?: RouteFile[];
  /** A manifest to read the files from, for models whose file names are known only at run time. */
  manifestUrl?: string;
  /** WebLLM's model id and the URLs of its MLC build. */
  mlc?: { id: string; weightsUrl: string; libraryUrl: string; requiredFeatures: string[] };
  /** OpenAI-compatible base URL (remote routes). */
  baseUrl?: string;
  /** Personal data is redacted before the request leaves the device. */
  redact: boolean;
  contextSize: number;
  /** Threads to load with (CPU routes). */
  threads?: number;
  /** Bytes to download before the first token; 0 when everything is already stored. */
  downloadBytes: number;
  /** Peak memory the route needs (weights + KV cache + compute buffers), in bytes. */
  memoryBytes?: number;
  /** Estimated decode speed; `basis` says whether a benchmark on this device measured it. */
  tokensPerSecond?: { value: number; basis: 'measured' | 'assumed' };
  /** One sentence a person can read: why this route, and why in this place of the order. */
  reason: string;
}

export type RejectionCode =
  | 'policy' // the app's policy forbids this place
  | 'consent' // the user has not agreed to a download or to running on the device
  | 'engine-unavailable' // the engine cannot run in this browser / runtime at all
  | 'feature-missing' // a needed WebGPU or WebAssembly feature is missing
  | 'software-gpu' // the only WebGPU adapter is a software one
  | 'buffer-limit' // a tensor is larger than one WebGPU buffer or binding may be
  | 'wasm-memory' // the model, KV cache and buffers exceed WebAssembly's address space
  | 'device-memory' // more than this device's memory allows
  | 'storage' // not enough storage quota for the download
  | 'no-build' // no file or build of the model for this engine
  | 'task' // the model is not meant for this task or language
  | 'context' // the requested context is longer than the model or build supports
  | 'not-configured' // the app configured no server for this place
  | 'slower'; // another engine does the same job faster here (one CPU route is enough)

export interface RejectionReason {
  code: RejectionCode;
  text: string;
}

export interface Rejection {
  /** Absent when the model is out for every engine (not meant for the task, context too long). */
  engine?: EngineKind;
  backend?: RouteBackend;
  where: RouteWhere;
  /** Absent when the whole engine is out (every model); present for one model or variant. */
  modelId?: string;
  variantId?: string;
  reasons: RejectionReason[];
}

export interface Plan {
  planVersion: 1;
  task: TaskName;
  policy: RoutePolicy;
  consent: ConsentState;
  /** In the order to try; the next one is the fallback when one fails. */
  routes: Route[];
  rejected: Rejection[];
  /** The best device route that waits only for the user's yes (show the consent prompt for it). */
  awaitingConsent?: Route;
}
