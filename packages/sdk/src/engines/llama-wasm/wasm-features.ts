import type { LlamaWasmVariant } from './llama-wasm-host.ts';

/**
 * Feature probes for picking a module variant: tiny modules that validate only where the feature
 * exists. Validation compiles nothing and runs nothing, so probing costs microseconds.
 */

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
// One type, () -> v128; one function of that type.
const TYPE_AND_FUNCTION = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00];
const V128_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

function moduleWithBody(body: number[]): Uint8Array<ArrayBuffer> {
  const fn = [0x00, ...body, 0x0b]; // no locals, the body, end
  const code = [0x01, fn.length, ...fn];
  return new Uint8Array([...HEADER, ...TYPE_AND_FUNCTION, 0x0a, code.length, ...code]);
}

/** `v128.const 0`: fixed-width SIMD, which both variants need. */
export const SIMD_PROBE = moduleWithBody(V128_ZERO);

/** `i32x4.relaxed_dot_i8x16_i7x16_add_s(0, 0, 0)` (0xfd 0x113): the relaxed variant's instruction. */
export const RELAXED_SIMD_PROBE = moduleWithBody([...V128_ZERO, ...V128_ZERO, ...V128_ZERO, 0xfd, 0x93, 0x02]);

export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
  /** Shared memory for threads: needs SharedArrayBuffer, which needs cross-origin isolation. */
  threads: boolean;
}

export function detectWasmFeatures(): WasmFeatures {
  const wasm = typeof WebAssembly === 'object';
  return {
    simd: wasm && WebAssembly.validate(SIMD_PROBE),
    relaxedSimd: wasm && WebAssembly.validate(RELAXED_SIMD_PROBE),
    threads: wasm && typeof SharedArrayBuffer === 'function' && (typeof crossOriginIsolated === 'undefined' || crossOriginIsolated),
  };
}

/** The llama-wasm variant a browser with these features runs when none is configured. */
export function preferredVariant(features: WasmFeatures): LlamaWasmVariant {
  return features.relaxedSimd ? 'relaxed' : 'simd';
}
