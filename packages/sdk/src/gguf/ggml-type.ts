/** How ggml stores one tensor type: `blockSize` values take `typeSize` bytes. */
export interface GgmlTypeInfo {
  id: number;
  name: string;
  blockSize: number;
  typeSize: number;
}

// ggml.h `enum ggml_type` and the block structs of ggml-common.h (sizes checked against the C
// structs of llama.cpp as shipped with node-llama-cpp 3.22). Ids 4, 5, 31–33 and 36–38 were
// removed from ggml and are rejected, as llama.cpp does.
const TYPES: readonly GgmlTypeInfo[] = [
  { id: 0, name: 'F32', blockSize: 1, typeSize: 4 },
  { id: 1, name: 'F16', blockSize: 1, typeSize: 2 },
  { id: 2, name: 'Q4_0', blockSize: 32, typeSize: 18 },
  { id: 3, name: 'Q4_1', blockSize: 32, typeSize: 20 },
  { id: 6, name: 'Q5_0', blockSize: 32, typeSize: 22 },
  { id: 7, name: 'Q5_1', blockSize: 32, typeSize: 24 },
  { id: 8, name: 'Q8_0', blockSize: 32, typeSize: 34 },
  { id: 9, name: 'Q8_1', blockSize: 32, typeSize: 36 },
  { id: 10, name: 'Q2_K', blockSize: 256, typeSize: 84 },
  { id: 11, name: 'Q3_K', blockSize: 256, typeSize: 110 },
  { id: 12, name: 'Q4_K', blockSize: 256, typeSize: 144 },
  { id: 13, name: 'Q5_K', blockSize: 256, typeSize: 176 },
  { id: 14, name: 'Q6_K', blockSize: 256, typeSize: 210 },
  { id: 15, name: 'Q8_K', blockSize: 256, typeSize: 292 },
  { id: 16, name: 'IQ2_XXS', blockSize: 256, typeSize: 66 },
  { id: 17, name: 'IQ2_XS', blockSize: 256, typeSize: 74 },
  { id: 18, name: 'IQ3_XXS', blockSize: 256, typeSize: 98 },
  { id: 19, name: 'IQ1_S', blockSize: 256, typeSize: 50 },
  { id: 20, name: 'IQ4_NL', blockSize: 32, typeSize: 18 },
  { id: 21, name: 'IQ3_S', blockSize: 256, typeSize: 110 },
  { id: 22, name: 'IQ2_S', blockSize: 256, typeSize: 82 },
  { id: 23, name: 'IQ4_XS', blockSize: 256, typeSize: 136 },
  { id: 24, name: 'I8', blockSize: 1, typeSize: 1 },
  { id: 25, name: 'I16', blockSize: 1, typeSize: 2 },
  { id: 26, name: 'I32', blockSize: 1, typeSize: 4 },
  { id: 27, name: 'I64', blockSize: 1, typeSize: 8 },
  { id: 28, name: 'F64', blockSize: 1, typeSize: 8 },
  { id: 29, name: 'IQ1_M', blockSize: 256, typeSize: 56 },
  { id: 30, name: 'BF16', blockSize: 1, typeSize: 2 },
  { id: 34, name: 'TQ1_0', blockSize: 256, typeSize: 54 },
  { id: 35, name: 'TQ2_0', blockSize: 256, typeSize: 66 },
  { id: 39, name: 'MXFP4', blockSize: 32, typeSize: 17 },
  { id: 40, name: 'NVFP4', blockSize: 64, typeSize: 36 },
  { id: 41, name: 'Q1_0', blockSize: 128, typeSize: 18 },
  { id: 42, name: 'Q2_0', blockSize: 64, typeSize: 18 },
];

const BY_ID = new Map(TYPES.map((t) => [t.id, t]));
const BY_NAME = new Map(TYPES.map((t) => [t.name, t]));

/** Every ggml tensor type the reader knows, by id. */
export const GGML_TYPES: readonly GgmlTypeInfo[] = TYPES;

/** The type with this ggml_type id, or undefined for ids ggml does not (or no longer) define. */
export function ggmlTypeInfo(id: number): GgmlTypeInfo | undefined {
  return BY_ID.get(id);
}

/** The type with this name (`'Q4_0'`, case-insensitive), or undefined. */
export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/**
 * The ggml_type id of a type by name (`'q8_0'`, case-insensitive): the one table above, for
 * writers and benchmarks that name a type. Throws a RangeError for a name ggml does not define.
 *
 * @example ggmlTypeId('Q4_0') // 2
 */
export function ggmlTypeId(name: string): number {
  const type = ggmlTypeByName(name);
  if (!type) throw new RangeError(`ggml defines no tensor type named "${name}".`);
  return type.id;
}

/**
 * Bytes a tensor of `dims` (ggml order) takes in `type`, as ggml_nbytes computes it for a
 * contiguous tensor. Throws a RangeError if the first dimension is not a whole number of blocks.
 *
 * @example ggmlTensorBytes(ggmlTypeByName('Q4_0')!, [4096, 32000]) // 73_728_000
 */
export function ggmlTensorBytes(type: GgmlTypeInfo, dims: readonly number[]): number {
  const rowLength = dims[0] ?? 1;
  if (rowLength % type.blockSize !== 0) {
    throw new RangeError(`A ${type.name} row holds whole blocks of ${type.blockSize} values; this one has ${rowLength}.`);
  }
  const elements = dims.reduce((product, dim) => product * dim, 1);
  return (elements / type.blockSize) * type.typeSize;
}
