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
import { outputBudget, runTokenLoop } from '../shared/token-loop.ts';
import { UsageMeter } from '../shared/usage-meter.ts';
import { refuseUnsupportedOptions, validateGenerateRequest } from '../shared/validate-request.ts';
import type { ModelStore } from '../../store/model-store.ts';
import { verifiedModelFiles, verifiedModelSources } from '../../store/verified-model-files.ts';
import type { PreparedResponseFormat } from '../../structured/prepare-response-format.ts';
import { LLAMA_CPP_SCHEMA_CAPABILITIES } from '../../structured/schema-capabilities.ts';
import { toLlamaCppSchema } from '../../structured/to-llama-cpp-schema.ts';
import { withStructuredOutput } from '../../structured/with-structured-output.ts';
import { toolsActive } from '../../tools/tool-envelope.ts';
import { withToolCalls } from '../../tools/with-tool-calls.ts';
import {
  GGML_TYPE,
  LlamaWasmHost,
  type LlamaWasmArtifactUrls,
  type LlamaWasmHostOptions,
  type LlamaWasmKvCache,
  type LlamaWasmVariant,
  type LoadedModel,
} from './llama-wasm-host.ts';

/** What can be chosen before the module starts (the first load or benchmark). */
export interface LlamaWasmEngineConfig {
  /** Force a module variant; default: relaxed SIMD where the browser validates it. */
  variant?: LlamaWasmVariant;
  /** Print llama.cpp's log at this ggml level and above (2 info, 3 warn, 4 error); default none. */
  logLevel?: number;
  /** KV cache type for the next loads; default `auto` (F32 up to 1 GiB of cache, else F16). */
  kvCache?: LlamaWasmKvCache;
}

export interface LlamaWasmEngineOptions extends LlamaWasmEngineConfig {
  /** URLs of the built module's files, served by the app (never a CDN). */
  artifact: LlamaWasmArtifactUrls;
  fetch?: typeof fetch;
  /** Where verified model files live; default `openBrowserModelStore()` (OPFS in this Worker). */
  store?: () => Promise<ModelStore>;
}

export interface LlamaWasmBenchmarkRequest {
  /** Weight quantization to time; default q4_0. */
  type?: keyof typeof GGML_TYPE;
  /** Matrix shape; default 4096 x 1024 (an FFN projection of a 0.5 B model). */
  rows?: number;
  cols?: number;
  threads?: number;
  reps?: number;
}

export interface LlamaWasmBenchmarkResult {
  variant: LlamaWasmVariant;
  type: keyof typeof GGML_TYPE;
  threads: number;
  msPerMatvec: number;
  /** Weight bytes streamed per second: the number that bounds decode speed. */
  weightGigabytesPerSecond: number;
}

/** Default when a request names no limit (as the other engines). */
const DEFAULT_CONTEXT = 4096;
// node-llama-cpp evaluates prompts in batches of up to 512 tokens; so does this engine, and it
// checks for abort between batches and between generated tokens.
const PROMPT_BATCH = 512;

/**
 * Hearth's own WebAssembly build of llama.cpp (native/llama-wasm), for a Worker: ggml's wasm SIMD
 * kernels compiled in (wllama's build has none), relaxed-SIMD dot products where the browser has
 * them, pthreads when the page is cross-origin isolated. CPU only.
 */
export class LlamaWasmEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'llama-wasm';
  private host: LlamaWasmHost | undefined;
  private hostStart: Promise<LlamaWasmHost> | undefined;
  /** The page's compiled module, when it shares one (useCompiledModule). */
  private compiled: LlamaWasmHostOptions['compiled'];
  private loaded = false;
  private busy = false;

  constructor(private options: LlamaWasmEngineOptions) {}

  /** Changes the variant or log level; only before the module starts. */
  configure(config: LlamaWasmEngineConfig): void {
    if (this.hostStart)
      throw new HearthError({
        code: 'invalid_request',
        message: 'The llama-wasm module has already started.',
        hint: 'Configure the engine before its first load.',
      });
    this.options = { ...this.options, ...config };
  }

  /**
   * Instantiates the module the page compiled (compiledLlamaWasmModule) when it is of the variant
   * the host picks, instead of compiling it again; the promise gives `undefined` when the page's
   * compile failed. Only before the module starts.
   */
  useCompiledModule(variant: LlamaWasmVariant, module: Promise<WebAssembly.Module | undefined>): void {
    if (!this.hostStart) this.compiled = { variant, module };
  }

  async load(request: LoadRequest): Promise<ModelInfo> {
    if (request.source.type !== 'url') {
      throw new HearthError({
        code: 'invalid_request',
        message: 'llama-wasm loads models from URLs.',
        hint: 'Serve the GGUF file over HTTP (the Hearth gateway serves /models/*).',
      });
    }
    if ((request.gpuLayers ?? 0) > 0) {
      throw new HearthError({ code: 'unsupported', message: 'llama-wasm runs on the CPU only.', hint: 'Use the wllama engine for WebGPU.' });
    }
    const urls = list(request.source.url);
    const hashes = request.source.sha256 === undefined ? [] : list(request.source.sha256);
    const threads = request.threads ?? defaultThreads();
    // The module starts (its wasm instantiated, its pthread Workers loaded) while the store finds
    // the files; a failure is reported once the files are there.
    const starting = this.ensureHost(threads);
    starting.catch(() => {});
    // Through the model store, as wllama: a stored model loads with no byte fetched, and llama.cpp
    // reads its tensors straight from the OPFS-backed Blobs (WORKERFS).
    // Stored files come with a reader (OPFS): tensors are read straight into wasm memory.
    const sources = await verifiedModelSources(urls, hashes, { ...this.options, ...(request.signal ? { signal: request.signal } : {}) });
    let info: LoadedModel;
    let host: LlamaWasmHost;
    try {
      const adapters = await this.adapterFiles(request);
      if (request.signal?.aborted) throw new HearthError({ code: 'aborted', message: 'Loading was aborted.' });
      host = await starting;
      this.loaded = false;
      // Shards keep their own file names: llama.cpp reads split GGUFs in the order given.
      const files = sources.map(({ blob: data, reader }, i) => ({ name: `${i}-${fileName(urls[i] ?? '')}`, data, ...(reader ? { reader } : {}) }));
      info = host.load(files, {
        contextSize: request.contextSize ?? DEFAULT_CONTEXT,
        threads,
        adapters,
        ...(this.options.kvCache ? { kvCache: this.options.kvCache } : {}),
      });
    } finally {
      // The weights are in wasm memory (or the load failed): the store may change the files again.
      for (const { reader } of sources) reader?.close();
    }
    // One token through the whole graph: V8 first runs wasm on its baseline compiler and
    // optimizes hot functions in the background, so without this the first request decodes
    // several times slower than the rest. The next generation clears the cache.
    host.begin({ temperature: 0, topP: 1, seed: 0 });
    host.eval([0]);
    this.loaded = true;
    // WebAssembly on the CPU only: this build has no GPU backend.
    return {
      architecture: info.architecture,
      contextSize: info.contextSize,
      vocabSize: info.vocabSize,
      device: 'cpu',
      gpuLayers: 0,
      kvCache: { type: info.kvCache, mappedDuringLoad: info.kvPretouched },
    };
  }

  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    const host = this.host;
    if (!host || !this.loaded) {
      yield errorPart(new HearthError({ code: 'model_not_loaded', message: 'No model is loaded.', hint: 'Call load() first.' }));
      return;
    }
    if (this.busy) {
      // One context, one sequence: a second generation would clobber the first's KV cache.
      yield errorPart(
        new HearthError({
          code: 'invalid_request',
          message: 'llama-wasm generates one response at a time.',
          hint: 'Wait for the current generation to finish, or abort it.',
        }),
      );
      return;
    }
    const invalid = validate(request);
    if (invalid) {
      yield errorPart(invalid);
      return;
    }
    this.busy = true;
    try {
      // llama.cpp's converter compiles the schema (tool calls' too), so llama.cpp's capabilities (as for wllama).
      yield* withToolCalls(request, LLAMA_CPP_SCHEMA_CAPABILITIES, (r) =>
        withStructuredOutput(r, LLAMA_CPP_SCHEMA_CAPABILITIES, (r2, format) => this.generate(host, r2, format)),
      );
    } catch (error) {
      yield errorPart(HearthError.from(error, 'engine_crashed'));
    } finally {
      this.busy = false;
    }
  }

  doGenerate(request: GenerateRequest): Promise<GenerateResult> {
    return collectStream(this.doStream(request));
  }

  /** LoRA adapters through the same store as the model: verified against their SHA-256, kept for the next load. */
  private async adapterFiles(request: LoadRequest): Promise<Array<{ name: string; data: Blob; scale: number }>> {
    const adapters = request.adapters ?? [];
    const out: Array<{ name: string; data: Blob; scale: number }> = [];
    for (const [i, adapter] of adapters.entries()) {
      if (adapter.source.type !== 'url') {
        throw new HearthError({
          code: 'invalid_request',
          message: 'llama-wasm loads LoRA adapters from URLs.',
          hint: 'Serve the adapter GGUF over HTTP, beside the model.',
        });
      }
      const [data] = await verifiedModelFiles([adapter.source.url], adapter.source.sha256 === undefined ? [] : [adapter.source.sha256], {
        ...this.options,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (!data) throw new HearthError({ code: 'network', message: `${adapter.source.url} gave no file.` });
      out.push({ name: `lora-${i}-${fileName(adapter.source.url)}`, data, scale: adapter.scale ?? 1 });
    }
    return out;
  }

  async unload(): Promise<void> {
    this.loaded = false;
    this.host?.unload();
  }

  /**
   * A quick matrix-vector micro-benchmark of the kernels decoding spends its time in, without a
   * model: a planner can compare this engine with others on the device before downloading one.
   */
  async benchmark(request: LlamaWasmBenchmarkRequest = {}): Promise<LlamaWasmBenchmarkResult> {
    const type = request.type ?? 'q4_0';
    const rows = request.rows ?? 4096;
    const cols = request.cols ?? 1024;
    const threads = request.threads ?? defaultThreads();
    const host = await this.ensureHost(threads);
    const msPerMatvec = host.benchMatvec(GGML_TYPE[type], rows, cols, threads, request.reps ?? 20);
    // Q4_0: 18 bytes per 32 weights; Q8_0: 34.
    const bytes = (rows * cols * (type === 'q4_0' ? 18 : 34)) / 32;
    return { variant: host.variant, type, threads: Math.min(threads, host.maxThreads), msPerMatvec, weightGigabytesPerSecond: bytes / msPerMatvec / 1e6 };
  }

  /** The started module; one start at a time, and a failed start is tried again by the next call. */
  private ensureHost(threads: number): Promise<LlamaWasmHost> {
    if (this.hostStart) return this.hostStart;
    // The pthread pool is sized once, when the module starts: at least the device's cores, so a
    // later load can ask for as many threads as there are cores.
    const maxThreads = Math.max(threads, defaultThreads());
    const options: LlamaWasmHostOptions = {
      maxThreads,
      ...(this.options.variant === undefined ? {} : { variant: this.options.variant }),
      ...(this.options.logLevel === undefined ? {} : { logLevel: this.options.logLevel }),
      ...(this.compiled ? { compiled: this.compiled } : {}),
    };
    const start = LlamaWasmHost.create(this.options.artifact, options);
    this.hostStart = start;
    start.then(
      (host) => (this.host = host),
      () => {
        if (this.hostStart === start) this.hostStart = undefined;
      },
    );
    return start;
  }

  private async *generate(host: LlamaWasmHost, request: GenerateRequest, format: PreparedResponseFormat | undefined): AsyncGenerator<StreamPart> {
    const meter = new UsageMeter(0);
    let grammar = request.engineOptions?.['llama-wasm']?.grammar;
    if (format) {
      try {
        // Patterns rewritten so the grammar never writes a raw quote into a JSON string (as wllama).
        grammar = host.jsonSchemaToGrammar(toLlamaCppSchema(format.schema));
      } catch (error) {
        yield errorPart(HearthError.from(error, 'invalid_request'));
        return;
      }
    }
    let prompt: number[];
    try {
      prompt = request.prompt.type === 'text' ? host.tokenize(request.prompt.text) : host.tokenize(host.applyChatTemplate(request.prompt.messages));
    } catch (error) {
      yield errorPart(HearthError.from(error, 'invalid_request'));
      return;
    }
    meter.setPromptTokens(prompt.length);
    const budget = outputBudget(request, prompt.length, host.contextSize);
    if ('error' in budget) {
      yield errorPart(budget.error);
      return;
    }
    const signal = request.signal;
    if (signal?.aborted) {
      yield abortedPart();
      return;
    }
    const greedy = (request.temperature ?? 1) === 0;
    host.begin({
      temperature: greedy ? 0 : (request.temperature ?? 1),
      topP: request.topP ?? 1,
      seed: request.seed ?? crypto.getRandomValues(new Uint32Array(1))[0] ?? 0,
      ...(grammar === undefined ? {} : { grammar }),
    });
    for (let i = 0; i < prompt.length; i += PROMPT_BATCH) {
      host.eval(prompt.slice(i, i + PROMPT_BATCH));
      await yieldToEventLoop();
      if (signal?.aborted) {
        yield abortedPart();
        return;
      }
    }
    let last: number | undefined;
    const bytes = new Map<number, Uint8Array>();
    const tokenBytes = (token: number): Uint8Array => {
      let b = bytes.get(token);
      if (!b) bytes.set(token, (b = host.tokenBytes(token)));
      return b;
    };
    // Log-probabilities only when asked: each costs a pass over the vocabulary's logits.
    const top = request.logprobs;
    const logprobs: TokenLogprob[] = [];
    const entry = (token: number, logprob: number): TokenLogprob['top'][number] => {
      const b = tokenBytes(token);
      return { token: utf8.decode(b), logprob, bytes: [...b] };
    };
    const tokenLogprob = (p: { logprob: number; top: Array<{ token: number; logprob: number }> }, token: number): TokenLogprob => ({
      ...entry(token, p.logprob),
      top: p.top.map((t) => entry(t.token, t.logprob)),
    });
    yield* runTokenLoop(
      {
        async next() {
          if (last !== undefined) {
            host.eval([last]);
            // Let the Worker take messages (an abort) between tokens: the wasm call blocks it.
            await yieldToEventLoop();
          }
          last = host.sample();
          if (host.isEndOfGeneration(last)) return undefined;
          if (top !== undefined) logprobs.push(tokenLogprob(host.logprobs(last, top), last));
          return last;
        },
        ...(top === undefined ? {} : { logprobs: (from: number, count: number) => logprobs.slice(from, from + count) }),
        decode: (pending) => decodeUtf8(pending.map(tokenBytes)),
      },
      { maxTokens: budget.maxTokens, stop: request.stop ?? [], json: format !== undefined, signal, meter, threads: () => host.threads },
    );
  }
}

/** The shared checks, then the one option only this engine reads: a GBNF grammar. */
function validate(request: GenerateRequest): HearthError | undefined {
  // The C API samples with temperature, top-p, seed and a grammar; log-probabilities come from its logits.
  const invalid = validateGenerateRequest(request) ?? refuseUnsupportedOptions(request, 'llama-wasm', { logprobs: true, logitBias: false, penalties: false });
  if (invalid) return invalid;
  // Requests cross the Worker as plain data: check the type the interface promises.
  const grammar: unknown = request.engineOptions?.['llama-wasm']?.grammar;
  const bad = (message: string): HearthError => new HearthError({ code: 'invalid_request', message, data: { param: 'engineOptions.llama-wasm.grammar' } });
  if (grammar !== undefined && typeof grammar !== 'string') return bad('grammar must be a GBNF string.');
  if (grammar !== undefined && (request.responseFormat !== undefined || toolsActive(request)))
    return bad('Send either grammar or responseFormat (or tools), not both: each constrains the whole output.');
  return undefined;
}

const utf8 = new TextDecoder('utf-8');

function decodeUtf8(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1 && chunks[0]) return utf8.decode(chunks[0]);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return utf8.decode(all);
}

// A MessageChannel round trip is a task, like the abort message, without setTimeout's 4 ms clamp.
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : undefined;
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) {
      setTimeout(resolve, 0);
      return;
    }
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

function defaultThreads(): number {
  return typeof navigator === 'undefined' ? 1 : Math.max(1, navigator.hardwareConcurrency || 1);
}

function errorPart(error: HearthError): StreamPart {
  return { type: 'error', error: error.toJSON() };
}

function abortedPart(): StreamPart {
  return errorPart(new HearthError({ code: 'aborted', message: 'Generation was aborted.' }));
}

function fileName(url: string): string {
  const last = new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href).pathname.split('/').pop() ?? '';
  return last === '' ? 'model.gguf' : decodeURIComponent(last).replace(/[^A-Za-z0-9._-]/g, '_');
}

function list(value: string | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : [...value];
}
