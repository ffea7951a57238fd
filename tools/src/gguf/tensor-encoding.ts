import { ggmlTypeId } from '@hearth/sdk/gguf';
import { f32ToF16 } from './float16.ts';
import {
  K_QUANT_BLOCK_ELEMENTS,
  Q4_0_BLOCK_BYTES,
  Q4_K_BLOCK_BYTES,
  Q6_K_BLOCK_BYTES,
  Q8_0_BLOCK_BYTES,
  QUANT_BLOCK_ELEMENTS,
  quantizeQ4_0,
  quantizeQ4_K,
  quantizeQ6_K,
  quantizeQ8_0,
} from './ggml-quantize.ts';

/** The tensor encodings the fixture writer produces. */
export type FixtureTensorType = 'f32' | 'f16' | 'q8_0' | 'q4_0' | 'q4_k' | 'q6_k';

/** The encodings any fixture can use (rows of 32); the K-quants need rows of 256 (K_QUANT_TENSOR_TYPES). */
export const FIXTURE_TENSOR_TYPES: readonly FixtureTensorType[] = ['f32', 'f16', 'q8_0', 'q4_0'];
export const K_QUANT_TENSOR_TYPES: readonly FixtureTensorType[] = ['q4_k', 'q6_k'];

/**
 * A whole model's quantization: one tensor type for every matrix, or `q4_k_m`, llama.cpp's
 * Q4_K_M mix (Q4_K, with Q6_K where `tensorTypeFor` says).
 */
export type ModelQuantization = FixtureTensorType | 'q4_k_m';
export const MODEL_QUANTIZATIONS: readonly ModelQuantization[] = [...FIXTURE_TENSOR_TYPES, ...K_QUANT_TENSOR_TYPES, 'q4_k_m'];

/**
 * The type of one weight matrix in a model of `quantization`. For `q4_k_m`, llama.cpp's choice
 * (llama-quant.cpp, LLAMA_FTYPE_MOSTLY_Q4_K_M): Q6_K for output.weight, and for attn_v and
 * ffn_down in the first and last eighth of the layers and every third layer between; Q4_K for the rest.
 */
export function tensorTypeFor(quantization: ModelQuantization, tensor: string, layer: number | undefined, layers: number): FixtureTensorType {
  if (quantization !== 'q4_k_m') return quantization;
  if (tensor === 'output.weight') return 'q6_k';
  if (layer !== undefined && (tensor === 'attn_v.weight' || tensor === 'ffn_down.weight')) {
    const moreBits = layer < layers / 8 || layer >= (7 * layers) / 8 || (layer - Math.floor(layers / 8)) % 3 === 2;
    if (moreBits) return 'q6_k';
  }
  return 'q4_k';
}

/** ggml_type ids as stored in a GGUF tensor info, from the SDK's one table of ggml types. */
export const GGML_TYPE_ID: Readonly<Record<FixtureTensorType, number>> = {
  f32: ggmlTypeId('f32'),
  f16: ggmlTypeId('f16'),
  q4_0: ggmlTypeId('q4_0'),
  q8_0: ggmlTypeId('q8_0'),
  q4_k: ggmlTypeId('q4_k'),
  q6_k: ggmlTypeId('q6_k'),
};

/** llama_ftype (llama.h) for `general.file_type`: the type most weights use (q4_k alone reads as Q4_K_S). */
export const LLAMA_FILE_TYPE: Readonly<Record<ModelQuantization, number>> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7, q4_k: 14, q6_k: 18, q4_k_m: 15 };

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
    case 'q4_k':
    case 'q6_k':
      if (elements % K_QUANT_BLOCK_ELEMENTS !== 0) {
        throw new RangeError(`A ${type} row needs a multiple of ${K_QUANT_BLOCK_ELEMENTS} values; got ${elements}.`);
      }
      return (elements / K_QUANT_BLOCK_ELEMENTS) * (type === 'q4_k' ? Q4_K_BLOCK_BYTES : Q6_K_BLOCK_BYTES);
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
    case 'q4_k':
      quantizeQ4_K(src, dst);
      return;
    case 'q6_k':
      quantizeQ6_K(src, dst);
      return;
  }
}
