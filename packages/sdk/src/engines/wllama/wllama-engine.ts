import { Wllama, type WllamaLogger } from '@wllama/wllama/esm/index.js';
import {
  HearthError,
  type EngineV1,
  type GenerateRequest,
  type GenerateResult,
  type LoadRequest,
  type ModelInfo,
  type StreamPart,
  type TokenLogprob,
} from '@hearth/spec';
import { collectStream } from '../shared/collect-stream.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseBeforeGenerating, refuseUnsupportedOptions } from '../shared/validate-request.ts';
import type { ModelStore } from '../../store/model-store.ts';
import { verifiedModelFiles } from '../../store/verified-model-files.ts';
import type { PreparedResponseFormat } from '../../structured/prepare-response-format.ts';
import { LLAMA_CPP_SCHEMA_CAPABILITIES } from '../../structured/schema-capabilities.ts';
import { toLlamaCppSchema } from '../../structured/to-llama-cpp-schema.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';
import { probeWebGpu } from '../../probe/probe-webgpu.ts';
import { withToolCalls } from '../../tools/with-tool-calls.ts';
import { DEFAULT_MAX_TOKENS } from '../shared/token-loop.ts';

export interface WllamaEngineOptions {
  /** URL of wllama's wasm, served by the app (never a CDN). */
  wasmUrl: string;
  fetch?: typeof fetch;
  /** Where verified model files live; default `openBrowserModelStore()` (OPFS in this Worker). */
  store?: () => Promise<ModelStore>;
}

const DEFAULT_CONTEXT = 4096;

/**
 * llama.cpp's log is the only place that says where the weights went, so it is read while a
 * model loads (metadata and buffer sizes, no user text) and dropped, unprinted, at all other
 * times: nothing generation logs can reach the console.
 */
class LoadLog implements WllamaLogger {
  private lines: string[] | undefined;
  start(): void {
    this.lines = [];
  }
  stop(): string[] {
    const lines = this.lines ?? [];
    this.lines = undefined;
    return lines;
  }
  private keep = (...args: unknown[]): void => {
    if (this.lines && this.lines.length < 5000) this.lines.push(args.map(String).join(' '));
  };
  debug = this.keep;
  log = this.keep;
  warn = this.keep;
  error = this.keep;
}

/** Reads the device and offloaded layer count from llama.cpp's load log. */
export function deviceFromLoadLog(lines: readonly string[]): { device: 'cpu' | 'webgpu'; gpuLayers: number } {
  let gpuLayers = 0;
  for (const line of lines) {
    const m = /offloaded (\d+)\/(\d+) layers to GPU/.exec(line);
    if (m) gpuLayers = Number(m[1]);
  }
  const webgpu = lines.some((l) => /ggml_webgpu: adapter_info/.test(l));
  return { device: webgpu && gpuLayers > 0 ? 'webgpu' : 'cpu', gpuLayers: webgpu ? gpuLayers : 0 };
}

/**
 * llama.cpp compiled to WebAssembly by wllama, for the browser. Runs the CPU path (threads when
 * the page is cross-origin isolated) or WebGPU when `gpuLayers` > 0.
 */
export class WllamaEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'wllama';
  private wllama: Wllama | undefined;

  constructor(private readonly options: WllamaEngineOptions) {}

  async load(request: LoadRequest): Promise<ModelInfo> {
    if (request.source.type !== 'url') {
      throw new HearthError({
        code: 'invalid_request',
        message: 'wllama loads models from URLs.',
        hint: 'Serve the GGUF file over HTTP (the Hearth gateway serves /models/*).',
      });
    }
    if ((request.gpuLayers ?? 0) > 0) await requireWllamaWebGpu();
    // Before the download: a page that cannot start wllama's Worker has no use for the model.
    await requireBlobWorkers();
    const urls = list(request.source.url);
    const hashes = request.source.sha256 === undefined ? [] : list(request.source.sha256);
    const blobs = await verifiedModelFiles(urls, hashes, { ...this.options, ...(request.signal ? { signal: request.signal } : {}) });
    await this.unload();
    const log = new LoadLog();
    const wllama = new Wllama({ default: this.options.wasmUrl }, { suppressNativeLog: false, logger: log });
    log.start();
    const canThread = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated;
    try {
      await wllama.loadModel(blobs, {
        n_ctx: request.contextSize ?? DEFAULT_CONTEXT,
        // Without cross-origin isolation there is no SharedArrayBuffer: one thread is all there is.
        n_threads: request.threads ?? (canThread ? navigator.hardwareConcurrency : 1),
        n_gpu_layers: request.gpuLayers ?? 0,
      });
    } catch (error) {
      log.stop();
      await wllama.exit().catch(() => {});
      throw toHearthError(error, 'invalid_model');
    }
    const placed = deviceFromLoadLog(log.stop());
    this.wllama = wllama;
    const meta = wllama.getModelMetadata();
    return {
      architecture: meta.meta['general.architecture'] ?? 'unknown',
      contextSize: wllama.getLoadedContextInfo().n_ctx,
      vocabSize: meta.hparams.nVocab,
      ...placed,
    };
  }

  /** Streams; with `responseFormat` or `tools`, under llama.cpp's grammar for the schema, checked first (fails closed). */
  doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    return withToolCalls(request, LLAMA_CPP_SCHEMA_CAPABILITIES, (r) =>
      withStructuredOutput(r, LLAMA_CPP_SCHEMA_CAPABILITIES, (r2, format) => this.generate(r2, format)),
    );
  }

  private async *generate(request: GenerateRequest, format: PreparedResponseFormat | undefined): AsyncIterable<StreamPart> {
    const wllama = this.wllama;
    const refused = refuseBeforeGenerating(request, wllama);
    if (refused || !wllama) {
      if (refused) yield refused;
      return;
    }
    // wllama reports llama-server's probabilities; its chat call types logit_bias two incompatible
    // ways and exposes no OpenAI penalties, so those are refused rather than guessed at.
    const unsupported = refuseUnsupportedOptions(request, this.engineId, { logprobs: true, logitBias: false, penalties: false });
    if (unsupported) {
      yield { type: 'error', error: unsupported.toJSON() };
      return;
    }
    const wantLogprobs = request.logprobs !== undefined || request.includeTokenIds === true;
    const meter = new UsageMeter(0);
    const greedy = (request.temperature ?? 1) === 0;
    const common = {
      stream: true as const,
      // llama-server reuses the previous request's KV cache for a shared prefix; the reused part
      // then differs numerically from a fresh prefill, enough to flip near-tied greedy tokens.
      // Greedy means reproducible, so it always prefills fresh (as node-llama-cpp does here).
      ...(greedy ? { cache_prompt: false } : {}),
      max_tokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
      temperature: request.temperature ?? 1,
      // Greedy means argmax, exactly as llama.cpp's greedy sampler picks: one candidate.
      ...(greedy ? { top_k: 1 } : { top_p: request.topP ?? 1 }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.stop === undefined ? {} : { stop: [...request.stop] }),
      ...(request.signal === undefined ? {} : { abortSignal: request.signal }),
      // llama-server's `json_schema` field, read by chat and raw completions alike; patterns are
      // rewritten so the grammar cannot write a raw quote into a JSON string.
      ...(format ? { json_schema: toLlamaCppSchema(format.schema) } : {}),
    };
    let finishReason: 'stop' | 'length' = 'stop';
    try {
      const chunks =
        request.prompt.type === 'text'
          ? await wllama.createCompletion({ ...common, prompt: request.prompt.text, ...(wantLogprobs ? { logprobs: Math.max(1, request.logprobs ?? 1) } : {}) })
          : await wllama.createChatCompletion({
              ...common,
              // `tool` turns were rendered as user turns by withToolCalls before this point.
              messages: request.prompt.messages.map((m) => ({ role: m.role === 'tool' ? 'user' : m.role, content: m.content })),
              ...(wantLogprobs ? { logprobs: true, top_logprobs: Math.max(1, request.logprobs ?? 1) } : {}),
            });
      for await (const chunk of chunks as AsyncIterable<WllamaChunk>) {
        const choice = chunk.choices[0];
        const text = choice?.text ?? choice?.delta?.content ?? '';
        // wllama's OpenAI-shaped chunks carry token ids only inside log-probabilities.
        const tokenIds = choice?.logprobs?.content?.map((entry) => entry.id);
        if (text !== '' || (tokenIds && tokenIds.length > 0)) {
          meter.tokens(tokenIds?.length || 1);
          const logprobs = request.logprobs === undefined ? undefined : toLogprobs(choice?.logprobs?.content ?? [], request.logprobs);
          yield { type: 'text-delta', text, ...(tokenIds ? { tokenIds } : {}), ...(logprobs ? { logprobs } : {}) };
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
        if (chunk.usage) meter.setPromptTokens(chunk.usage.prompt_tokens);
      }
    } catch (error) {
      yield { type: 'error', error: toHearthError(error, 'engine_crashed').toJSON() };
      return;
    }
    if (request.signal?.aborted) {
      yield { type: 'error', error: new HearthError({ code: 'aborted', message: 'Generation was aborted.' }).toJSON() };
      return;
    }
    yield { type: 'finish', finishReason, usage: meter.finish(wllama.getNumThreads()) };
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  async unload(): Promise<void> {
    const wllama = this.wllama;
    this.wllama = undefined;
    await wllama?.exit();
  }
}

/** wllama's OpenAI-shaped log-probabilities (llama-server's), with `top` alternatives kept. */
function toLogprobs(entries: readonly WllamaLogprob[], top: number): TokenLogprob[] {
  const bytes = (e: { token: string; bytes?: number[] | null }): number[] => e.bytes ?? [...new TextEncoder().encode(e.token)];
  return entries.map((e) => ({
    token: e.token,
    logprob: e.logprob,
    bytes: bytes(e),
    top: (e.top_logprobs ?? []).slice(0, top).map((t) => ({ token: t.token, logprob: t.logprob, bytes: bytes(t) })),
  }));
}

interface WllamaLogprob {
  id: number;
  token: string;
  logprob: number;
  bytes?: number[] | null;
  top_logprobs?: Array<{ token: string; logprob: number; bytes?: number[] | null }>;
}

/** The parts of wllama's completion and chat chunks Hearth reads (both stream through here). */
interface WllamaChunk {
  choices: Array<{ text?: string; delta?: { content?: string | null }; finish_reason?: string | null; logprobs?: { content?: WllamaLogprob[] | null } | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
}

/**
 * wllama surfaces C++ failures as whatever JS error the wasm hit last; name the real cause.
 * Messages matched here were seen from wllama 3.8 (ENVIRONMENT.md: an invalid UTF-8 byte shows
 * up as "Invalid typed array length").
 */
export function toHearthError(error: unknown, fallback: 'invalid_model' | 'engine_crashed'): HearthError {
  if (HearthError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const type = typeof error === 'object' && error !== null && 'type' in error ? String((error as { type: unknown }).type) : '';
  if (name === 'AbortError' || name === 'WllamaAbortError') return new HearthError({ code: 'aborted', message: 'Generation was aborted.', cause: error });
  if (type === 'kv_cache_full' || /context|kv cache/i.test(message)) {
    return new HearthError({
      code: 'context_full',
      message: `The context window is full: ${message}`,
      cause: error,
      hint: 'Shorten the input or load the model with a larger contextSize.',
    });
  }
  if (/out of memory|Cannot enlarge memory|Array buffer allocation failed|memory access out of bounds/i.test(message)) {
    return new HearthError({
      code: 'out_of_memory',
      message: `The browser ran out of memory running the model (${message}).`,
      cause: error,
      hint: 'Use a smaller model or quantization.',
    });
  }
  if (/Invalid typed array length/i.test(message)) {
    return new HearthError({
      code: 'engine_crashed',
      message: 'The model produced bytes that are not valid UTF-8, and wllama failed decoding them.',
      cause: error,
    });
  }
  if (type === 'load_error' || /gguf|failed to load model|invalid magic/i.test(message)) {
    return new HearthError({
      code: 'invalid_model',
      message: `wllama could not load the model: ${message}`,
      cause: error,
      hint: 'Check that the URL points to a complete GGUF file.',
    });
  }
  return new HearthError({ code: fallback, message: `wllama failed: ${message}`, cause: error });
}

/**
 * wllama 3.8's WebGPU backend needs the `shader-f16` feature: without it, it registers no device,
 * says nothing, and runs every layer on the CPU while the caller believes it asked for the GPU.
 * Refuse instead, with the reason, so the planner can choose the CPU path knowingly.
 */
async function requireWllamaWebGpu(): Promise<void> {
  const gpu = await probeWebGpu();
  if (gpu.status !== 'available') {
    throw new HearthError({
      code: 'engine_unavailable',
      message: 'WebGPU was asked for, but this browser offers no WebGPU adapter.',
      hint: 'Load with gpuLayers: 0 to run on the CPU.',
    });
  }
  if (!gpu.features.includes('shader-f16')) {
    const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || 'this GPU';
    throw new HearthError({
      code: 'engine_unavailable',
      message: `wllama's WebGPU backend needs the shader-f16 feature, and ${name} lacks it.`,
      hint: 'Load with gpuLayers: 0 to run on the CPU.',
      data: { missing: ['shader-f16'], adapter: name },
    });
  }
}

/** How long the blob: Worker probe waits for an answer before letting wllama try anyway (a busy device starts Workers slowly). */
const BLOB_WORKER_PROBE_MS = 5000;

/**
 * A global scope's policy never changes, so once a blob: Worker has answered here, later loads
 * (a reload, another model) skip the probe's 20-60 ms.
 */
let blobWorkersAnswered = false;

/**
 * wllama 3.8 starts its Worker from a `blob:` URL and never listens for that Worker's `error`
 * event: where the Content-Security-Policy refuses blob: Workers (the gateway's `worker-src
 * 'self'`), its load waits forever. A Worker of the same kind (a module from a blob: URL, in this
 * same global scope, so under the same policy) is started first: it answers within milliseconds
 * where the policy allows it, and where it does not Chromium fires `securitypolicyviolation` on
 * this scope and `error` on the Worker as quickly. Without either within the bound, wllama tries.
 */
async function requireBlobWorkers(): Promise<void> {
  if (blobWorkersAnswered || typeof Worker === 'undefined' || typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob(['postMessage(0);'], { type: 'text/javascript' }));
  let worker: Worker | undefined;
  let onViolation: ((event: SecurityPolicyViolationEvent) => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const refusal = await new Promise<HearthError | undefined>((resolve) => {
      onViolation = (event) => {
        if (event.disposition === 'enforce' && isBlobWorkerRefusal(event)) resolve(blobWorkerRefused(event.effectiveDirective, event.originalPolicy));
      };
      globalThis.addEventListener('securitypolicyviolation', onViolation);
      timer = setTimeout(() => resolve(undefined), BLOB_WORKER_PROBE_MS);
      try {
        worker = new Worker(url, { type: 'module', name: 'hearth-wllama-probe' });
      } catch (cause) {
        resolve(blobWorkerRefused(undefined, undefined, cause));
        return;
      }
      worker.onmessage = () => {
        blobWorkersAnswered = true;
        resolve(undefined);
      };
      // The violation event, which names the directive, is queued before the Worker's error;
      // one more task lets it land first.
      worker.onerror = (event) => {
        event.preventDefault();
        setTimeout(() => resolve(blobWorkerRefused(undefined, undefined)), 0);
      };
    });
    if (refusal) throw refusal;
  } finally {
    clearTimeout(timer);
    if (onViolation) globalThis.removeEventListener('securitypolicyviolation', onViolation);
    worker?.terminate();
    URL.revokeObjectURL(url);
  }
}

function isBlobWorkerRefusal(event: SecurityPolicyViolationEvent): boolean {
  const directive = event.effectiveDirective || event.violatedDirective;
  return /^(worker-src|child-src|script-src|default-src)/.test(directive) && event.blockedURI.startsWith('blob');
}

function blobWorkerRefused(directive: string | undefined, policy: string | undefined, cause?: unknown): HearthError {
  return new HearthError({
    code: 'engine_unavailable',
    message:
      directive === undefined
        ? "This page could not start wllama's blob: Worker; a Content-Security-Policy that refuses blob: Workers is the usual cause."
        : `This page's Content-Security-Policy (${directive}) refused wllama's blob: Worker, so wllama cannot run here.`,
    hint: "Add blob: to the policy's worker-src (and to script-src if it has no worker-src), or use the llama-wasm engine, which needs no blob: Worker.",
    ...(cause === undefined ? {} : { cause }),
    data: { ...(directive === undefined ? {} : { directive }), ...(policy === undefined ? {} : { policy }) },
  });
}

function list(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}
