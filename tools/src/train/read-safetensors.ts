import { readFileSync } from 'node:fs';
import { f16ToF32 } from '../gguf/float16.ts';

export interface SafeTensor {
  shape: number[];
  /** The values widened to F32 (BF16 and F16 are exact in F32). */
  values: Float32Array;
}

/**
 * The tensors of a safetensors file (an 8-byte little-endian header length, a JSON header, then
 * the data), as F32. Reads BF16, F16 and F32; anything else is refused by name.
 *
 * @example readSafetensors('weights-00001.safetensors').get('token_embd.weight')?.shape // [8192, 384]
 */
export function readSafetensors(path: string): Map<string, SafeTensor> {
  const file = readFileSync(path);
  const headerLength = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>
  >;
  const base = 8 + headerLength;
  const out = new Map<string, SafeTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [start, end],
    } = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const bytes = file.subarray(base + start, base + end);
    const count = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(count);
    if (dtype === 'F32') {
      values.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 4)));
    } else if (dtype === 'BF16' || dtype === 'F16') {
      const halves = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 2));
      const words = new Uint32Array(values.buffer);
      if (dtype === 'BF16') for (let i = 0; i < count; i++) words[i] = halves[i]! << 16;
      else for (let i = 0; i < count; i++) values[i] = f16ToF32(halves[i]!);
    } else {
      throw new Error(`${path}: tensor ${name} is ${dtype}; only F32, BF16 and F16 are read.`);
    }
    out.set(name, { shape, values });
  }
  return out;
}
