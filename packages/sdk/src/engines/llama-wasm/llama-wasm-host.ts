import { HearthError, type ChatMessage, type JsonSchema } from '@hearth/spec';
import type { SyncFileReader } from '../../store/store-backend.ts';
import { readStaged, STAGE_BYTES } from './staged-read.ts';
import { BlobBlockReader } from './blob-block-reader.ts';
import { WASM_MEMORY_PAGES, type LlamaWasmModule, type LlamaWasmModuleFactory } from './llama-wasm-module.ts';
import { HL_STATUS, schemaConversionError, statusError } from './llama-wasm-status.ts';
import { compileWasm } from './compile-llama-wasm-module.ts';
import { detectWasmFeatures, preferredVariant } from './wasm-features.ts';
import { ggmlTypeId } from '../../gguf/ggml-type.ts';

/** Where the app serves the built module's files (the worker entry gets them from Vite `?url`). */
export interface LlamaWasmArtifactUrls {
  /** The emscripten ES module glue (hearth-llama.mjs). */
  glue: string;
  /** emscripten's pthread Worker script (hearth-llama.worker.js). */
  pthreadWorker: string;
  simdWasm: string;
  relaxedWasm: string;
}

/** `relaxed`: relaxed-SIMD dot products; `simd`: ggml's plain wasm SIMD kernels. */
export type LlamaWasmVariant = 'relaxed' | 'simd';

/**
 * The KV cache's element type. `f32` (flash attention off) decodes much faster in wasm, which has
 * no F16 conversion instruction, and takes twice the memory; `auto` picks it when the cache stays
 * within 1 GiB (native/llama-wasm/hearth-llama.cpp), else `f16`, node-llama-cpp's graph.
 */
export type LlamaWasmKvCache = 'auto' | 'f16' | 'f32';
const KV_CACHE_CODE: Record<LlamaWasmKvCache, number> = { auto: -1, f16: 0, f32: 1 };

export interface LlamaWasmHostOptions {
  /** Most threads any load will use; the module starts this many minus one pthread Workers (one of them also maps the KV cache during a load). */
  maxThreads: number;
  /** Force a variant (tests, benchmarks); default: relaxed where the browser validates it. */
  variant?: LlamaWasmVariant;
  /** Print llama.cpp's log at this ggml level and above (2 info, 3 warn, 4 error); default none. */
  logLevel?: number;
  /**
   * The module's wasm already compiled (by the page, compiledLlamaWasmModule), used when its variant
   * is the one this host picks; `undefined` from the promise: compile here after all.
   */
  compiled?: { variant: LlamaWasmVariant; module: Promise<WebAssembly.Module | undefined> };
}

export interface LoadedModel {
  architecture: string;
  contextSize: number;
  vocabSize: number;
  threads: number;
  /** The KV cache type `auto` resolved to. */
  kvCache: 'f16' | 'f32';
  /** The cache took the memory mapped while the weights loaded (fresh-memory.c). */
  kvPretouched: boolean;
}

export interface SamplingOptions {
  /** 0 is greedy. */
  temperature: number;
  topP: number;
  seed: number;
  /** GBNF with a `root` rule. */
  grammar?: string;
}

/** Where the module's stderr goes while `lines` is set (read during a schema conversion). */
interface StderrTap {
  lines?: string[] | undefined;
}

/** ggml type ids for the micro-benchmark. */
export const GGML_TYPE = { q4_0: ggmlTypeId('q4_0'), q8_0: ggmlTypeId('q8_0') } as const;

const encoder = new TextEncoder();
let mounts = 0;

/**
 * The llama.cpp WebAssembly module behind a typed, synchronous API, for a Worker: each call runs
 * on the calling thread (plus the pthread pool) until it returns. Owns the module's shared memory,
 * so reads never see a stale buffer after the heap grows.
 */
export class LlamaWasmHost {
  private mountpoint: string | undefined;
  private readonly blobs = new BlobBlockReader();
  /** Direct readers of mounted Blobs, for one load. */
  private readonly readers = new Map<Blob, SyncFileReader>();
  private scratch = 0;
  private readonly scratchSize = 256;
  /** Where a direct reader's bytes land before one copy into wasm memory (see staged-read.ts). */
  private stage: Uint8Array | undefined;

  private constructor(
    private readonly module: LlamaWasmModule,
    private readonly memory: WebAssembly.Memory,
    private readonly stderr: StderrTap,
    readonly variant: LlamaWasmVariant,
    readonly maxThreads: number,
  ) {
    this.scratch = module._malloc(this.scratchSize);
    // A stored file with a reader (OPFS) is read through one small reused buffer, then copied
    // into wasm memory (readStaged). Others go through a read-ahead block: one FileReaderSync
    // call per small read made loading a model 10x slower than reading its file (see
    // BlobBlockReader), and each makes a buffer first.
    module.FS.filesystems.WORKERFS.stream_ops.read = (stream, buffer, offset, length, position) => {
      const blob = stream.node.contents;
      const target = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length);
      const reader = this.readers.get(blob);
      if (reader) {
        try {
          return readStaged(reader, target, position, (this.stage ??= new Uint8Array(STAGE_BYTES)));
        } catch {
          // A reader that fails (the file gone, the handle closed): the Blob path for the rest.
          this.readers.delete(blob);
        }
      }
      return this.blobs.readInto(blob, target, position);
    };
  }

  static async create(urls: LlamaWasmArtifactUrls, options: LlamaWasmHostOptions): Promise<LlamaWasmHost> {
    const features = detectWasmFeatures();
    if (!features.simd) {
      throw new HearthError({
        code: 'engine_unavailable',
        message: 'This browser has no WebAssembly SIMD.',
        hint: 'Use the wllama engine, or a browser from 2021 or later.',
      });
    }
    if (!features.threads) {
      throw new HearthError({
        code: 'engine_unavailable',
        message: 'The page is not cross-origin isolated, so WebAssembly threads (SharedArrayBuffer) are unavailable.',
        hint: 'Serve the page and every script with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.',
      });
    }
    const variant = options.variant ?? preferredVariant(features);
    if (variant === 'relaxed' && !features.relaxedSimd) {
      throw new HearthError({ code: 'engine_unavailable', message: 'This browser has no relaxed SIMD.', hint: "Use variant 'simd'." });
    }
    const maxThreads = Math.max(1, Math.floor(options.maxThreads));
    const base = typeof location === 'undefined' ? undefined : location.href;
    const absolute = (url: string): string => new URL(url, base).href;
    const glue = absolute(urls.glue);
    const wasm = absolute(variant === 'relaxed' ? urls.relaxedWasm : urls.simdWasm);
    const pthreadWorker = absolute(urls.pthreadWorker);
    const memory = new WebAssembly.Memory({ initial: WASM_MEMORY_PAGES.initial, maximum: WASM_MEMORY_PAGES.maximum, shared: true });
    const stderr: StderrTap = {};
    const given = options.compiled?.variant === variant ? options.compiled.module : undefined;
    // Started before the glue is imported, so the two fetches overlap; instantiated by the glue's
    // instantiateWasm hook, which emscripten lets answer later.
    const compiled = given ? given.then((m) => m ?? compileWasm(wasm)) : compileWasm(wasm);
    let instantiateFailed: (cause: unknown) => void = () => {};
    const instantiation = new Promise<never>((_, reject) => (instantiateFailed = reject));
    // Handled where it is raced below; without this an early failure would be reported unhandled.
    compiled.catch(() => {});
    let module: LlamaWasmModule;
    try {
      const imported = (await import(/* @vite-ignore */ glue)) as { default: LlamaWasmModuleFactory };
      const factory = imported.default({
        wasmMemory: memory,
        instantiateWasm: (imports, receiveInstance) => {
          compiled.then(async (m) => receiveInstance(await WebAssembly.instantiate(m, imports), m)).catch(instantiateFailed);
          return {};
        },
        // ggml's threads for the model, beside the caller. One of them first maps the KV cache's
        // pages while the weights load (fresh-memory.c), before ggml's threadpool starts.
        pthreadPoolSize: maxThreads - 1,
        locateFile: (path) => (path.endsWith('.wasm') ? wasm : path.endsWith('.worker.js') ? pthreadWorker : path),
        mainScriptUrlOrBlob: glue,
        print: () => {},
        printErr: (text) => {
          if (stderr.lines) stderr.lines.push(text);
          else if ((options.logLevel ?? 0) > 0) console.warn(text);
        },
      });
      module = await Promise.race([factory, instantiation]);
    } catch (cause) {
      throw new HearthError({
        code: 'engine_unavailable',
        message: `The llama.cpp WebAssembly module did not start: ${cause instanceof Error ? cause.message : String(cause)}`,
        hint: 'Check that the app serves the llama-wasm artifact files (glue, wasm, pthread worker) with COEP headers.',
        cause,
      });
    }
    module._hl_init(options.logLevel ?? 0);
    return new LlamaWasmHost(module, memory, stderr, variant, maxThreads);
  }

  /**
   * Mounts the GGUF Blobs (no copy: WORKERFS reads them on demand, through `reader` where given)
   * and loads them, then applies
   * the LoRA adapters (names distinct from the model files'), in order, each at its scale.
   */
  load(
    files: ReadonlyArray<{ name: string; data: Blob; reader?: SyncFileReader }>,
    options: { contextSize: number; threads: number; kvCache?: LlamaWasmKvCache; adapters?: ReadonlyArray<{ name: string; data: Blob; scale: number }> },
  ): LoadedModel {
    this.unload();
    const threads = Math.min(Math.max(1, Math.floor(options.threads)), this.maxThreads);
    const mountpoint = `/models-${++mounts}`;
    const { FS } = this.module;
    const adapters = options.adapters ?? [];
    FS.mkdir(mountpoint);
    FS.mount(
      FS.filesystems.WORKERFS,
      { blobs: [...files.map(({ name, data }) => ({ name, data })), ...adapters.map(({ name, data }) => ({ name, data }))] },
      mountpoint,
    );
    for (const f of files) if (f.reader) this.readers.set(f.data, f.reader);
    this.mountpoint = mountpoint;
    const pathPtrs = files.map((f) => this.cString(`${mountpoint}/${f.name}`));
    const array = this.module._malloc(4 * pathPtrs.length);
    new Uint32Array(this.memory.buffer, array, pathPtrs.length).set(pathPtrs);
    let status: number;
    try {
      status = this.module._hl_load(array, pathPtrs.length, options.contextSize, threads, KV_CACHE_CODE[options.kvCache ?? 'auto']);
    } finally {
      this.module._free(array);
      for (const p of pathPtrs) this.module._free(p);
      // The weights are in wasm memory now (or the load failed): the read-ahead block need not stay.
      this.blobs.clear();
      this.readers.clear();
      this.stage = undefined;
    }
    if (status !== HL_STATUS.ok) {
      const error = statusError(status, 'load the model', this.lastLog());
      this.unmount();
      throw error;
    }
    if (adapters.length > 0) this.applyLora(adapters.map((a) => ({ path: `${mountpoint}/${a.name}`, scale: a.scale })));
    return {
      architecture: this.meta('general.architecture') ?? 'unknown',
      contextSize: this.module._hl_n_ctx(),
      vocabSize: this.module._hl_n_vocab(),
      threads: this.module._hl_n_threads(),
      kvCache: this.module._hl_kv_f32() === 1 ? 'f32' : 'f16',
      kvPretouched: this.module._hl_kv_pretouched() === 1,
    };
  }

  /** llama.cpp's llama_adapter_lora_init + llama_set_adapters_lora (hl_set_lora); unloads the model when an adapter fails. */
  private applyLora(adapters: ReadonlyArray<{ path: string; scale: number }>): void {
    const pathPtrs = adapters.map((a) => this.cString(a.path));
    const paths = this.module._malloc(4 * adapters.length);
    const scales = this.module._malloc(4 * adapters.length);
    new Uint32Array(this.memory.buffer, paths, adapters.length).set(pathPtrs);
    new Float32Array(this.memory.buffer, scales, adapters.length).set(adapters.map((a) => a.scale));
    let status: number;
    try {
      status = this.module._hl_set_lora(paths, scales, adapters.length);
    } finally {
      this.module._free(paths);
      this.module._free(scales);
      for (const p of pathPtrs) this.module._free(p);
      this.blobs.clear();
    }
    if (status !== HL_STATUS.ok) {
      const error = statusError(status, 'apply the LoRA adapters', this.lastLog());
      this.unload();
      throw error;
    }
  }

  unload(): void {
    this.module._hl_unload();
    this.unmount();
  }

  get vocabSize(): number {
    return this.module._hl_n_vocab();
  }

  get contextSize(): number {
    return this.module._hl_n_ctx();
  }

  get threads(): number {
    return this.module._hl_n_threads();
  }

  /** Tokenizes like node-llama-cpp's `model.tokenize(text, true)`: special tokens parsed, no BOS added. */
  tokenize(text: string, addSpecial = false, parseSpecial = true): number[] {
    const bytes = encoder.encode(text);
    const textPtr = this.copyIn(bytes);
    try {
      let cap = bytes.length + 8;
      for (;;) {
        const out = this.module._malloc(4 * cap);
        const n = this.module._hl_tokenize(textPtr, bytes.length, addSpecial ? 1 : 0, parseSpecial ? 1 : 0, out, cap);
        if (n >= 0) {
          const tokens = Array.from(new Int32Array(this.memory.buffer, out, n));
          this.module._free(out);
          return tokens;
        }
        this.module._free(out);
        if (n === HL_STATUS.notLoaded) throw statusError(n, 'tokenize', '');
        cap = -n;
      }
    } finally {
      this.module._free(textPtr);
    }
  }

  /** The bytes of one token; may be part of a UTF-8 character. */
  tokenBytes(token: number): Uint8Array {
    let n = this.module._hl_token_to_piece(token, this.scratch, this.scratchSize, 0);
    if (n >= 0) return new Uint8Array(this.memory.buffer, this.scratch, n).slice();
    const ptr = this.module._malloc(-n);
    n = this.module._hl_token_to_piece(token, ptr, -n, 0);
    const bytes = new Uint8Array(this.memory.buffer, ptr, Math.max(0, n)).slice();
    this.module._free(ptr);
    return bytes;
  }

  isEndOfGeneration(token: number): boolean {
    return this.module._hl_is_eog(token) === 1;
  }

  /** The chat prompt, formatted by the model's own template (llama.cpp's built-in matcher). */
  applyChatTemplate(messages: readonly ChatMessage[]): string {
    const roles = messages.map((m) => this.cString(m.role));
    const contents = messages.map((m) => this.cString(m.content));
    const rolesPtr = this.module._malloc(4 * messages.length);
    const contentsPtr = this.module._malloc(4 * messages.length);
    new Uint32Array(this.memory.buffer, rolesPtr, messages.length).set(roles);
    new Uint32Array(this.memory.buffer, contentsPtr, messages.length).set(contents);
    try {
      let cap = 2 * messages.reduce((sum, m) => sum + encoder.encode(m.content).length, 0) + 256;
      for (;;) {
        const buf = this.module._malloc(cap);
        const n = this.module._hl_apply_chat_template(rolesPtr, contentsPtr, messages.length, buf, cap);
        if (n < 0) {
          this.module._free(buf);
          throw n === HL_STATUS.notLoaded
            ? statusError(n, 'format the chat', '')
            : new HearthError({
                code: 'unsupported',
                message: "llama.cpp does not recognize this model's chat template.",
                hint: 'Send a text prompt formatted for the model.',
              });
        }
        if (n <= cap) {
          const text = new TextDecoder().decode(new Uint8Array(this.memory.buffer, buf, n).slice());
          this.module._free(buf);
          return text;
        }
        this.module._free(buf);
        cap = n + 1;
      }
    } finally {
      for (const p of [...roles, ...contents, rolesPtr, contentsPtr]) this.module._free(p);
    }
  }

  /** Empties the KV cache and sets up sampling for a new generation. */
  begin(options: SamplingOptions): void {
    const grammar = options.grammar === undefined ? 0 : this.cString(options.grammar);
    const status = this.module._hl_begin(options.temperature, options.topP, options.seed >>> 0, grammar);
    if (grammar !== 0) this.module._free(grammar);
    if (status !== HL_STATUS.ok) throw statusError(status, 'start generating', this.lastLog());
  }

  /** Evaluates tokens after those in the cache; logits are kept for the last one. */
  eval(tokens: readonly number[]): void {
    const ptr = this.module._malloc(4 * tokens.length);
    new Int32Array(this.memory.buffer, ptr, tokens.length).set(tokens);
    const status = this.module._hl_eval(ptr, tokens.length);
    this.module._free(ptr);
    if (status !== HL_STATUS.ok) throw statusError(status, `evaluate ${tokens.length} token(s)`, this.lastLog());
  }

  /**
   * A GBNF grammar (root rule `root`) for a JSON Schema, by llama.cpp's own converter: the one
   * llama-server runs for `json_schema`, so this engine enforces exactly what wllama does. Throws
   * HearthError `unsupported` or `invalid_request` when the converter refuses the schema or
   * would drop a constraint.
   */
  jsonSchemaToGrammar(schema: JsonSchema): string {
    const json = this.cString(JSON.stringify(schema));
    // The converter reports a constraint it drops only on stderr, which the module prints
    // synchronously, line by line, from this thread.
    const warnings: string[] = [];
    this.stderr.lines = warnings;
    let status: number;
    try {
      status = this.module._hl_json_schema_to_grammar(json);
    } finally {
      this.stderr.lines = undefined;
      this.module._free(json);
    }
    const result = this.readCString(this.module._hl_schema_result());
    if (status !== HL_STATUS.ok || warnings.length > 0) throw schemaConversionError(result, warnings);
    return result;
  }

  /** Samples the next token from the last evaluated position. */
  sample(): number {
    const token = this.module._hl_sample();
    if (token < 0) throw statusError(token, 'sample a token', this.lastLog());
    return token;
  }

  /**
   * The log-probability of `token` at the last evaluated position and the `top` likeliest tokens
   * there, from the model's softmax (before temperature or a grammar: what it would say unconstrained).
   */
  logprobs(token: number, top: number): { logprob: number; top: Array<{ token: number; logprob: number }> } {
    const at = this.module._hl_logits();
    const vocabSize = this.vocabSize;
    if (at === 0) throw statusError(HL_STATUS.notLoaded, 'read the logits', this.lastLog());
    const logits = new Float32Array(this.memory.buffer, at, vocabSize);
    let max = -Infinity;
    for (let i = 0; i < vocabSize; i++) if (logits[i]! > max) max = logits[i]!;
    let sum = 0;
    for (let i = 0; i < vocabSize; i++) sum += Math.exp(logits[i]! - max);
    const norm = max + Math.log(sum);
    // The `top` largest, kept sorted in a small array: top is at most 20.
    const best: Array<{ token: number; logprob: number }> = [];
    for (let i = 0; i < vocabSize && top > 0; i++) {
      const v = logits[i]!;
      if (best.length === top && v - norm <= best[best.length - 1]!.logprob) continue;
      const entry = { token: i, logprob: v - norm };
      let j = best.length;
      while (j > 0 && best[j - 1]!.logprob < entry.logprob) j--;
      best.splice(j, 0, entry);
      if (best.length > top) best.pop();
    }
    return { logprob: logits[token]! - norm, top: best };
  }

  /** Milliseconds per `rows` x `cols` matrix-vector product of ggml type `type` on `threads` threads. */
  benchMatvec(type: number, rows: number, cols: number, threads: number, reps: number): number {
    const ms = this.module._hl_bench_matvec(type, rows, cols, Math.min(threads, this.maxThreads), reps);
    if (ms < 0) throw statusError(ms, 'run the micro-benchmark', this.lastLog());
    return ms;
  }

  /** Ends the pthread Workers; the host is unusable after. */
  dispose(): void {
    this.unload();
    this.module.PThread.terminateAllThreads();
  }

  private meta(key: string): string | undefined {
    const keyPtr = this.cString(key);
    try {
      const n = this.module._hl_meta(keyPtr, this.scratch, this.scratchSize);
      if (n < 0) return undefined;
      return this.readCString(this.scratch);
    } finally {
      this.module._free(keyPtr);
    }
  }

  private lastLog(): string {
    return this.readCString(this.module._hl_last_log());
  }

  private unmount(): void {
    if (this.mountpoint === undefined) return;
    this.module.FS.unmount(this.mountpoint);
    this.module.FS.rmdir(this.mountpoint);
    this.mountpoint = undefined;
    this.blobs.clear();
  }

  private copyIn(bytes: Uint8Array): number {
    const ptr = this.module._malloc(bytes.length + 1);
    const view = new Uint8Array(this.memory.buffer, ptr, bytes.length + 1);
    view.set(bytes);
    view[bytes.length] = 0;
    return ptr;
  }

  private cString(text: string): number {
    return this.copyIn(encoder.encode(text));
  }

  private readCString(ptr: number): string {
    const heap = new Uint8Array(this.memory.buffer);
    let end = ptr;
    while (heap[end] !== 0 && end < heap.length) end++;
    // TextDecoder refuses views of a SharedArrayBuffer: copy first.
    return new TextDecoder().decode(heap.slice(ptr, end));
  }
}
