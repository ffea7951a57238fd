import { f32ToF16 } from './float16.ts';
import { Q4_0_BLOCK_BYTES, Q8_0_BLOCK_BYTES, QUANT_BLOCK_ELEMENTS, quantizeQ4_0, quantizeQ8_0 } from './ggml-quantize.ts';

/** The tensor encodings the fixture writer produces. */
export type FixtureTensorType = 'f32' | 'f16' | 'q8_0' | 'q4_0';

export const FIXTURE_TENSOR_TYPES: readonly FixtureTensorType[] = ['f32', 'f16', 'q8_0', 'q4_0'];

/** ggml_type ids (ggml.h) as stored in a GGUF tensor info. */
export const GGML_TYPE_ID: Readonly<Record<FixtureTensorType, number>> = { f32: 0, f16: 1, q4_0: 2, q8_0: 8 };

/** llama_ftype (llama.h) for `general.file_type`: the type most weights use. */
export const LLAMA_FILE_TYPE: Readonly<Record<FixtureTensorType, number>> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7 };

/** Bytes a row of `elements` values takes in `type`; quantized rows must hold whole blocks. */
export function rowByteSize(type: FixtureTensorType, elements: number): number {
  switch (type) {
    case 'f32':
      return elements * 4;
    case 'f16':
      return elements * 2;
    case 'q8_0':
    case 'q4_0':
      if (elements % QUANT_BLOCK_ELEMENTS !== 0) {
        throw new RangeError(`A ${type} row needs a multiple of ${QUANT_BLOCK_ELEMENTS} values; got ${elements}.`);
      }
      return (elements / QUANT_BLOCK_ELEMENTS) * (type === 'q8_0' ? Q8_0_BLOCK_BYTES : Q4_0_BLOCK_BYTES);
  }
}

// GGUF is little-endian; viewing typed arrays as bytes is only correct on little-endian hosts,
// which every platform Node and llama.cpp ship for is.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes whole rows of f32 values as `type` into `dst` (which must have room for them). */
export function encodeValues(type: FixtureTensorType, src: Float32Array, dst: Uint8Array): void {
  if (!LITTLE_ENDIAN) throw new Error('The GGUF writer needs a little-endian host.');
  switch (type) {
    case 'f32':
      dst.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
      return;
    case 'f16': {
      const view = new DataView(dst.buffer, dst.byteOffset, src.length * 2);
      for (let i = 0; i < src.length; i++) view.setUint16(i * 2, f32ToF16(src[i] ?? 0), true);
      return;
    }
    case 'q8_0':
      quantizeQ8_0(src, dst);
      return;
    case 'q4_0':
      quantizeQ4_0(src, dst);
      return;
  }
}
