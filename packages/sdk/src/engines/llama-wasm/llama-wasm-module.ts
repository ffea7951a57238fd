/**
 * The slice of the emscripten module (artifact/hearth-llama.mjs, built by native/llama-wasm/
 * build.sh) that the host uses: the `hl_*` C API, malloc/free and the file system. Pointers are
 * byte offsets into the module's wasm32 memory.
 */
export interface LlamaWasmModule {
  _hl_init(echoLevel: number): void;
  _hl_last_log(): number;
  _hl_clear_log(): void;
  _hl_abort_flag(): number;
  _hl_abort(): void;
  _hl_unload(): void;
  _hl_load(paths: number, nPaths: number, nCtx: number, nThreads: number, kvCache: number): number;
  _hl_kv_f32(): number;
  _hl_kv_pretouched(): number;
  _hl_n_ctx(): number;
  _hl_n_vocab(): number;
  _hl_n_threads(): number;
  _hl_set_threads(nThreads: number): void;
  _hl_meta(key: number, buf: number, cap: number): number;
  _hl_tokenize(text: number, len: number, addSpecial: number, parseSpecial: number, out: number, cap: number): number;
  _hl_token_to_piece(token: number, buf: number, cap: number, renderSpecial: number): number;
  _hl_is_eog(token: number): number;
  _hl_apply_chat_template(roles: number, contents: number, n: number, buf: number, cap: number): number;
  _hl_begin(temperature: number, topP: number, seed: number, grammar: number): number;
  _hl_eval(tokens: number, n: number): number;
  _hl_sample(): number;
  /** float* of n_vocab raw scores at the last evaluated position (0 when nothing is loaded). */
  _hl_logits(): number;
  _hl_json_schema_to_grammar(schemaJson: number): number;
  _hl_schema_result(): number;
  _hl_bench_matvec(type: number, rows: number, cols: number, threads: number, reps: number): number;
  /** `paths`: char*[] of adapter files; `scales`: float[]; 0 removes every adapter. */
  _hl_set_lora(paths: number, scales: number, n: number): number;
  _malloc(size: number): number;
  _free(ptr: number): void;
  FS: EmscriptenFs;
  /** Emscripten's pthread bookkeeping; `terminateAllThreads` ends the pool's Workers. */
  PThread: { terminateAllThreads(): void };
}

/** The emscripten FS calls the host needs (WORKERFS mounts Blobs without copying them). */
export interface EmscriptenFs {
  mkdir(path: string): void;
  rmdir(path: string): void;
  mount(type: unknown, options: { blobs: ReadonlyArray<{ name: string; data: Blob }> }, mountpoint: string): void;
  unmount(mountpoint: string): void;
  filesystems: { WORKERFS: { stream_ops: { read: WorkerFsRead } } };
}

/** WORKERFS's read: bytes of the mounted Blob `stream.node.contents` from `position` into `buffer` at `offset`. */
export type WorkerFsRead = (stream: { node: { contents: Blob } }, buffer: Int8Array | Uint8Array, offset: number, length: number, position: number) => number;

/** What the host passes to the module factory (emscripten's `Module` object, as far as used). */
export interface LlamaWasmModuleArg {
  /** The host makes the shared memory itself, so it can always read the current buffer after growth. */
  wasmMemory: WebAssembly.Memory;
  /**
   * Instantiates the wasm in place of the glue's own fetch and compile: returns `{}` at once and
   * calls `receiveInstance` when done (emscripten waits for it). The module is what the glue posts
   * to each pthread Worker.
   */
  instantiateWasm(imports: WebAssembly.Imports, receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void): Record<string, never>;
  /** Read by the build's `-sPTHREAD_POOL_SIZE=Module.pthreadPoolSize`. */
  pthreadPoolSize: number;
  locateFile(path: string, prefix: string): string;
  /** What pthread Workers import to start the module (the glue's own URL). */
  mainScriptUrlOrBlob: string;
  print(text: string): void;
  printErr(text: string): void;
}

/** The glue's default export (`-sMODULARIZE -sEXPORT_ES6 -sEXPORT_NAME=createHearthLlama`). */
export type LlamaWasmModuleFactory = (moduleArg: LlamaWasmModuleArg) => Promise<LlamaWasmModule>;

/** Memory the build declares: INITIAL_MEMORY=64MB, MAXIMUM_MEMORY=4GB, in 64 KiB pages. */
export const WASM_MEMORY_PAGES = { initial: 1024, maximum: 65536 } as const;
