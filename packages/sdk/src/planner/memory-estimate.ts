import { ggmlTensorBytes, ggmlTypeByName } from '../gguf/ggml-type.ts';
import type { GgufHeader } from '../gguf/read-gguf-header.ts';
import type { CatalogModel, CatalogVariant } from '../catalog/catalog-schema.ts';

/** What running a GGUF model at a given context costs in memory, and its largest single tensor. */
export interface MemoryEstimate {
  /** Bytes of tensor data (every shard): what the engine holds for the weights. */
  weightsBytes: number;
  /** K and V for every layer at `contextSize` (f16 unless told otherwise). */
  kvCacheBytes: number;
  /** llama.cpp's compute buffer for one micro-batch (approximate; see `computeBufferBytes`). */
  computeBytes: number;
  /** The engine's code, tokenizer tables and allocator slack: an allowance, not a measurement. */
  overheadBytes: number;
  totalBytes: number;
  largestTensor: { name: string; bytes: number };
  contextSize: number;
  /** `gguf-header` when read from the file itself; `catalog` when derived from catalog facts. */
  basis: 'gguf-header' | 'catalog';
}

export interface MemoryEstimateOptions {
  /** Context to plan for; capped at the model's trained context. */
  contextSize: number;
  /** Bytes per K/V element: 2 for f16 (llama.cpp's default), 1 for q8_0-ish caches. */
  kvBytesPerElement?: number;
  /** llama.cpp's n_ubatch; default 512, as the engines here use. */
  microBatch?: number;
}

/** The shape facts an estimate needs, from a header or a catalog entry. */
export interface ModelShape {
  blockCount: number;
  embeddingLength: number;
  headCount: number;
  headCountKv: number;
  keyLength: number;
  valueLength: number;
  feedForwardLength: number;
  vocabSize: number;
  trainedContext: number | undefined;
}

const MiB = 1024 * 1024;
// An allowance for what is not tensors: the wasm module and its stack, tokenizer tables, the
// allocator's fragmentation. 64 MiB covers the 3.8 MB llama-wasm module and a 150k-token vocab.
const OVERHEAD_BYTES = 64 * MiB;

/**
 * llama.cpp's CPU compute buffer without flash attention, fitted to what node-llama-cpp 3.22
 * (llama.cpp) reports for the fixture models here: the bench model (vocab 32000, embd 1024,
 * ffn 3584, 16 heads) at n_ubatch 512 reports 68.5 / 82.0 / 150.0 MiB at ctx 1024 / 2048 / 4096,
 * the tiny model 20.8 MiB at ctx 2048; this formula gives 84 / 97 / 161 and 21 MiB. The buffer is
 * the larger of the logits (ubatch x vocab f32) and one layer's attention scores (ubatch x ctx x
 * heads f32), plus the FFN and residual activations of a micro-batch.
 */
export function computeBufferBytes(shape: ModelShape, contextSize: number, microBatch = 512): number {
  const ubatch = Math.min(microBatch, contextSize);
  const logits = ubatch * shape.vocabSize * 4;
  const scores = ubatch * contextSize * shape.headCount * 4;
  const activations = ubatch * (shape.feedForwardLength * 3 + shape.embeddingLength * 4) * 4;
  return Math.max(logits, scores) + activations + 4 * MiB;
}

/** K and V of every layer: 2 x layers x ctx x kv heads x head size x bytes per element. */
export function kvCacheBytes(shape: ModelShape, contextSize: number, bytesPerElement = 2): number {
  return shape.blockCount * contextSize * shape.headCountKv * (shape.keyLength + shape.valueLength) * bytesPerElement;
}

function estimate(
  shape: ModelShape,
  weightsBytes: number,
  largestTensor: { name: string; bytes: number },
  options: MemoryEstimateOptions,
  basis: MemoryEstimate['basis'],
): MemoryEstimate {
  const contextSize = Math.max(1, Math.min(options.contextSize, shape.trainedContext ?? options.contextSize));
  const kv = kvCacheBytes(shape, contextSize, options.kvBytesPerElement ?? 2);
  const compute = computeBufferBytes(shape, contextSize, options.microBatch ?? 512);
  return {
    weightsBytes,
    kvCacheBytes: kv,
    computeBytes: compute,
    overheadBytes: OVERHEAD_BYTES,
    totalBytes: weightsBytes + kv + compute + OVERHEAD_BYTES,
    largestTensor,
    contextSize,
    basis,
  };
}

/**
 * The estimate from GGUF headers (one per shard, first shard first), read by byte range before any
 * download: exact tensor sizes, shape from the metadata.
 *
 * @example estimateMemoryFromHeaders([await readGgufHeader(ggufRangeReaderFromUrl(url))], { contextSize: 4096 })
 */
export function estimateMemoryFromHeaders(headers: readonly GgufHeader[], options: MemoryEstimateOptions): MemoryEstimate {
  const first = headers[0];
  if (!first) throw new RangeError('estimateMemoryFromHeaders needs at least one header.');
  let weightsBytes = 0;
  let largest = { name: '', bytes: 0 };
  for (const header of headers) {
    weightsBytes += header.tensorDataBytes;
    for (const tensor of header.tensors) if (tensor.byteSize > largest.bytes) largest = { name: tensor.name, bytes: tensor.byteSize };
  }
  return estimate(shapeFromHeader(first, headers), weightsBytes, largest, options, 'gguf-header');
}

/** The shape facts of a GGUF model (llama.cpp's `<arch>.*` keys, with llama.cpp's defaults). */
export function shapeFromHeader(header: GgufHeader, all: readonly GgufHeader[] = [header]): ModelShape {
  const arch = header.architecture ?? 'llama';
  const num = (key: string): number | undefined => {
    const value = header.metadata[`${arch}.${key}`];
    return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;
  };
  const embeddingLength = num('embedding_length') ?? 0;
  const headCount = num('attention.head_count') ?? 1;
  const headSize = headCount > 0 ? embeddingLength / headCount : 0;
  const tokens = header.metadata['tokenizer.ggml.tokens'];
  const embd = all.flatMap((h) => h.tensors).find((t) => t.name === 'token_embd.weight');
  return {
    blockCount: num('block_count') ?? 0,
    embeddingLength,
    headCount,
    // llama.cpp: head_count_kv defaults to head_count, key/value length to embd / heads.
    headCountKv: num('attention.head_count_kv') ?? headCount,
    keyLength: num('attention.key_length') ?? headSize,
    valueLength: num('attention.value_length') ?? headSize,
    feedForwardLength: num('feed_forward_length') ?? embeddingLength * 4,
    vocabSize: num('vocab_size') ?? (Array.isArray(tokens) ? tokens.length : (embd?.dims[1] ?? 0)),
    trainedContext: header.contextLength,
  };
}

/** The shape facts of a catalog model. */
export function shapeFromCatalog(model: CatalogModel): ModelShape {
  const a = model.architecture;
  return {
    blockCount: a.blockCount,
    embeddingLength: a.embeddingLength,
    headCount: a.headCount,
    headCountKv: a.headCountKv,
    keyLength: a.headDim,
    valueLength: a.headDim,
    feedForwardLength: a.feedForwardLength,
    vocabSize: a.vocabSize,
    trainedContext: model.contextLength,
  };
}

/**
 * The estimate from catalog facts alone (no network): the file size stands in for the weights (the
 * header adds a few MB of tokenizer, which errs on the safe side) and the largest tensor comes
 * from the variant's declared type and shape.
 */
export function estimateMemoryFromCatalog(model: CatalogModel, variant: CatalogVariant, options: MemoryEstimateOptions): MemoryEstimate {
  return estimate(
    shapeFromCatalog(model),
    variant.sizeBytes,
    { name: variant.largestTensor.name, bytes: catalogTensorBytes(variant.largestTensor) },
    options,
    'catalog',
  );
}

/** Bytes of a tensor described by ggml type name and dims; unknown types count as F32 (safe side). */
export function catalogTensorBytes(tensor: { type: string; dims: readonly number[] }): number {
  const type = ggmlTypeByName(tensor.type);
  if (!type) return tensor.dims.reduce((n, d) => n * d, 4);
  return ggmlTensorBytes(type, tensor.dims);
}
