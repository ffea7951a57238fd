import type { WasmSupport } from '@hearth/spec';
import { RELAXED_SIMD_PROBE, SIMD_PROBE } from '../engines/llama-wasm/wasm-features.ts';

// Tiny modules that validate only where a feature exists. `WebAssembly.validate` compiles and runs
// nothing, so the whole probe costs microseconds.
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A memory section with one memory whose limits flag 0x04 says "64-bit index" (memory64). */
export const MEMORY64_PROBE = new Uint8Array([...HEADER, 0x05, 0x03, 0x01, 0x04, 0x00]);

/**
 * A type section with `() -> ()` and a tag section with one tag of that type: the exception
 * handling proposal that `-fwasm-exceptions` builds (both llama.cpp builds) rely on.
 */
export const EXCEPTIONS_PROBE = new Uint8Array([...HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x0d, 0x03, 0x01, 0x00, 0x00]);

/** What this runtime's WebAssembly can do, as the engines need it. */
export function detectWasmSupport(): WasmSupport {
  if (typeof WebAssembly !== 'object') return { simd: false, relaxedSimd: false, threads: false, memory64: false, jspi: false, exceptions: false };
  // Outside a page (Node, Deno) there is no cross-origin isolation to require: SharedArrayBuffer is there.
  const isolated = typeof crossOriginIsolated === 'boolean' ? crossOriginIsolated : true;
  return {
    simd: WebAssembly.validate(SIMD_PROBE),
    relaxedSimd: WebAssembly.validate(RELAXED_SIMD_PROBE),
    threads: typeof SharedArrayBuffer === 'function' && isolated,
    memory64: WebAssembly.validate(MEMORY64_PROBE),
    // JSPI adds WebAssembly.Suspending (and promising); wllama checks exactly this.
    jspi: 'Suspending' in WebAssembly,
    exceptions: WebAssembly.validate(EXCEPTIONS_PROBE),
  };
}
