// Worker entry: hosts a LlamaWasmEngine behind Hearth's worker protocol, plus the message kinds
// Engine v1 has no calls for: `llama-wasm-configure`, `llama-wasm-module-coming` and
// `llama-wasm-module` (the page's compiled module), and `llama-wasm-benchmark`.
// The module's files are emitted as-is by Vite (`?url&no-inline`): emscripten's glue loads its
// wasm and pthread Worker by URL, and must not be bundled or inlined as a data: URL.
import glueUrl from './artifact/hearth-llama.mjs?url&no-inline';
import pthreadWorkerUrl from './artifact/hearth-llama.worker.js?url&no-inline';
import simdWasmUrl from './artifact/hearth-llama-simd.wasm?url&no-inline';
import relaxedWasmUrl from './artifact/hearth-llama-relaxed.wasm?url&no-inline';
import { HearthError } from '@hearth/spec';
import { serveEngine } from '../../worker/serve-engine.ts';
import type { MessageEndpoint } from '../../worker/protocol.ts';
import { LlamaWasmEngine } from './llama-wasm-engine.ts';
import type { BenchmarkMessage, BenchmarkReply, ConfigureMessage, ModuleComingMessage, ModuleMessage } from './llama-wasm-benchmark-protocol.ts';

const endpoint = self as unknown as MessageEndpoint;
const engine = new LlamaWasmEngine({ artifact: { glue: glueUrl, pthreadWorker: pthreadWorkerUrl, simdWasm: simdWasmUrl, relaxedWasm: relaxedWasmUrl } });
serveEngine(endpoint, engine);

let deliverModule: ((module: WebAssembly.Module | undefined) => void) | undefined;

endpoint.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as BenchmarkMessage | ConfigureMessage | ModuleComingMessage | ModuleMessage | { kind: 'other' };
  if (message.kind === 'llama-wasm-module-coming') {
    engine.useCompiledModule(message.variant, new Promise((resolve) => (deliverModule = resolve)));
    return;
  }
  if (message.kind === 'llama-wasm-module') {
    deliverModule?.(message.module);
    return;
  }
  if (message.kind === 'llama-wasm-configure') {
    // Sent only before the first load; a late one must not crash the Worker (and the engine).
    try {
      engine.configure(message.options);
    } catch (error) {
      console.warn(HearthError.from(error).message);
    }
    return;
  }
  if (message.kind !== 'llama-wasm-benchmark') return;
  engine.benchmark(message.request).then(
    (result) => endpoint.postMessage({ kind: 'llama-wasm-benchmark-result', id: message.id, result } satisfies BenchmarkReply),
    (error: unknown) =>
      endpoint.postMessage({ kind: 'llama-wasm-benchmark-result', id: message.id, error: HearthError.from(error).toJSON() } satisfies BenchmarkReply),
  );
});
