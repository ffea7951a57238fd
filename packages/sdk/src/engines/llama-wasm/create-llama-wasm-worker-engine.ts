import { HearthError } from '@hearth/spec';
import { WorkerEngine } from '../../worker/worker-engine.ts';
import { compiledLlamaWasmModule } from './compile-llama-wasm-module.ts';
import type { BenchmarkMessage, BenchmarkReply, ConfigureMessage, ModuleComingMessage, ModuleMessage } from './llama-wasm-benchmark-protocol.ts';
import type { LlamaWasmBenchmarkRequest, LlamaWasmBenchmarkResult, LlamaWasmEngineConfig } from './llama-wasm-engine.ts';
import type { LlamaWasmVariant } from './llama-wasm-host.ts';
import { detectWasmFeatures, preferredVariant } from './wasm-features.ts';

/** Hearth's WebAssembly llama.cpp in a Worker; `benchmark()` times its kernels on this device. */
export class LlamaWasmWorkerEngine extends WorkerEngine {
  private nextBenchmarkId = -1;

  constructor(private readonly engineWorker: Worker) {
    super('llama-wasm', engineWorker);
  }

  /**
   * A matrix-vector micro-benchmark (about a second), with no model needed.
   * @example const { weightGigabytesPerSecond } = await engine.benchmark({ type: 'q4_0' })
   */
  benchmark(request: LlamaWasmBenchmarkRequest = {}): Promise<LlamaWasmBenchmarkResult> {
    const id = this.nextBenchmarkId--;
    return new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent): void => {
        const reply = event.data as BenchmarkReply;
        if (reply.kind !== 'llama-wasm-benchmark-result' || reply.id !== id) return;
        this.engineWorker.removeEventListener('message', onMessage);
        if ('error' in reply) reject(HearthError.fromJSON(reply.error));
        else resolve(reply.result);
      };
      this.engineWorker.addEventListener('message', onMessage);
      this.engineWorker.postMessage({ kind: 'llama-wasm-benchmark', id, request } satisfies BenchmarkMessage);
    });
  }
}

/**
 * Hearth's own WebAssembly build of llama.cpp in its own Worker: the fastest in-browser CPU
 * engine (ggml's SIMD kernels, relaxed-SIMD dot products where available, pthreads). The page
 * must be cross-origin isolated (COOP/COEP), as the Hearth gateway serves it.
 *
 * @example const engine = createLlamaWasmWorkerEngine(); await engine.load({ source: { type: 'url', url, sha256 } })
 */
export function createLlamaWasmWorkerEngine(config: LlamaWasmEngineConfig = {}): LlamaWasmWorkerEngine {
  const worker = new Worker(new URL('./llama-wasm-worker.ts', import.meta.url), { type: 'module', name: 'hearth-llama-wasm' });
  if (Object.keys(config).length > 0) worker.postMessage({ kind: 'llama-wasm-configure', options: config } satisfies ConfigureMessage);
  shareCompiledModule(worker, config.variant);
  return new LlamaWasmWorkerEngine(worker);
}

/**
 * Gives the Worker the module compiled once for the page (compiledLlamaWasmModule), so a second
 * engine compiles nothing and starts on optimized code. Skipped where the module cannot run: the
 * Worker then reports why, as without the page's help.
 */
function shareCompiledModule(worker: Worker, configured: LlamaWasmVariant | undefined): void {
  const features = detectWasmFeatures();
  const variant = configured ?? preferredVariant(features);
  if (!features.simd || !features.threads || (variant === 'relaxed' && !features.relaxedSimd)) return;
  worker.postMessage({ kind: 'llama-wasm-module-coming', variant } satisfies ModuleComingMessage);
  // new URL(…, import.meta.url), not a `?url` import: Node imports this file too (engineForRoute),
  // and bundlers emit the file for it as they do for the Worker's import of the same file.
  const wasm =
    variant === 'relaxed' ? new URL('./artifact/hearth-llama-relaxed.wasm', import.meta.url) : new URL('./artifact/hearth-llama-simd.wasm', import.meta.url);
  void compiledLlamaWasmModule(wasm.href).then((module) => {
    try {
      worker.postMessage({ kind: 'llama-wasm-module', module } satisfies ModuleMessage);
    } catch {
      // A module the browser will not post (another agent cluster): the Worker compiles its own.
      worker.postMessage({ kind: 'llama-wasm-module', module: undefined } satisfies ModuleMessage);
    }
  });
}
