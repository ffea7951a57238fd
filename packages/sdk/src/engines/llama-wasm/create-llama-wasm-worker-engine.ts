import { HearthError } from '@hearth/spec';
import { WorkerEngine } from '../../worker/worker-engine.ts';
import type { BenchmarkMessage, BenchmarkReply, ConfigureMessage } from './llama-wasm-benchmark-protocol.ts';
import type { LlamaWasmBenchmarkRequest, LlamaWasmBenchmarkResult, LlamaWasmEngineConfig } from './llama-wasm-engine.ts';

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
  return new LlamaWasmWorkerEngine(worker);
}
