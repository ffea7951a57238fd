import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countWasmOpcodes, OPCODES } from './wasm-opcode-census.ts';
import { RELAXED_SIMD_PROBE, SIMD_PROBE } from './wasm-features.ts';

// The shipped module (built by native/llama-wasm/build.sh) must be the build the record describes,
// and must contain the kernels that make it fast: ggml's wasm SIMD dot products, which a build
// that fell back to ggml's generic C (wllama's, or ours with the wrong CMake processor) lacks.

const artifact = (name: string): Buffer => readFileSync(new URL(`./artifact/${name}`, import.meta.url));

interface BuildRecord {
  source: { commit: string };
  files: Record<string, { bytes: number; sha256: string }>;
}
const record = JSON.parse(artifact('build-record.json').toString('utf8')) as BuildRecord;

describe('the shipped llama-wasm artifact', () => {
  it('is byte for byte what its build record says', () => {
    expect(record.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(record.files).sort()).toEqual(['hearth-llama-relaxed.wasm', 'hearth-llama-simd.wasm', 'hearth-llama.mjs', 'hearth-llama.worker.js']);
    for (const [name, expected] of Object.entries(record.files)) {
      const bytes = artifact(name);
      expect({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ name, ...expected });
    }
  });

  it('the SIMD variant has ggml wasm SIMD kernels (i32x4.dot_i16x8_s), counted instruction by instruction', () => {
    const census = countWasmOpcodes(artifact('hearth-llama-simd.wasm'));
    expect(census.functions).toBeGreaterThan(1000);
    // 78 in this build: ggml's kernels (46; ENVIRONMENT.md: a generic build has 0, as wllama's
    // does) and the tiled prompt kernels of native/llama-wasm/tiled-gemm.c (32).
    expect(census.counts.get(OPCODES.i32x4DotI16x8S) ?? 0).toBeGreaterThanOrEqual(70);
    // No relaxed instruction may reach browsers that lack relaxed SIMD.
    expect(census.counts.get(OPCODES.i32x4RelaxedDotI8x16I7x16AddS) ?? 0).toBe(0);
    expect(census.counts.get(OPCODES.i16x8RelaxedDotI8x16I7x16S) ?? 0).toBe(0);
  });

  it('the relaxed variant has the relaxed-SIMD dot products, and ggml SIMD kernels for the other types', () => {
    const census = countWasmOpcodes(artifact('hearth-llama-relaxed.wasm'));
    // 102 in this build: relaxed-dot.c's row-by-row kernels (Q4_0, Q8_0 and Q4_K, the last about 32
    // of them: without it the count falls under 95) and tiled-gemm.c's Q4_0 and K-quant tiles.
    expect(census.counts.get(OPCODES.i16x8RelaxedDotI8x16I7x16S) ?? 0).toBeGreaterThanOrEqual(95);
    // Decoding Q4_0, Q8_0 and Q4_K moved to relaxed-dot.c; Q4_1, Q5_x, Q6_K and the other K-quants
    // keep ggml's kernels.
    expect(census.counts.get(OPCODES.i32x4DotI16x8S) ?? 0).toBeGreaterThanOrEqual(20);
  });

  it('counts what it is shown: zero in a module without SIMD, and the probes decode exactly', () => {
    const plain = countWasmOpcodes(
      new Uint8Array([
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
      ]),
    );
    expect(plain).toMatchObject({ functions: 1, instructions: 1 });
    expect(countWasmOpcodes(RELAXED_SIMD_PROBE).counts.get(OPCODES.i32x4RelaxedDotI8x16I7x16AddS)).toBe(1);
    expect(countWasmOpcodes(SIMD_PROBE).counts.get('0xfd:12')).toBe(1);
    expect(() => countWasmOpcodes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0xff]))).toThrow(
      /Unknown opcode/,
    );
  });

  it('finds none of these kernels in wllama 3.8 (the slow generic build the census must catch)', () => {
    const wllama = readFileSync(new URL(import.meta.resolve('@wllama/wllama/esm/wasm/wllama.wasm')));
    const census = countWasmOpcodes(wllama);
    expect(census.functions).toBeGreaterThan(1000);
    expect(census.counts.get(OPCODES.i32x4DotI16x8S) ?? 0).toBe(0);
  });
});
