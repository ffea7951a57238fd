import { buildBpeVocab, type BpeVocab } from './build-bpe-vocab.ts';
import { alignUp, writeGgufFile, type GgufKv, type GgufTensorSource } from './gguf-writer.ts';
import { validateModelSpec, type LlamaModelSpec } from './llama-model-spec.ts';
import { SeededRandom, deriveSeed } from './seeded-random.ts';
import { splitShardPaths } from './shard-paths.ts';
import { GGML_TYPE_ID, LLAMA_FILE_TYPE, encodeValues, rowByteSize, tensorTypeFor, type FixtureTensorType } from './tensor-encoding.ts';

/**
 * Part of every cache key: bump it whenever the bytes written for a spec change, or caches keep
 * serving old files under the new code (a test pins the tiny model's SHA-256 to catch that).
 * 2: the reserved dimension is also kept out of attention and FFN inputs.
 */
export const GGUF_WRITER_VERSION = 2;

/** `general.alignment`: llama.cpp's default, written out so readers need not assume it. */
export const GGUF_ALIGNMENT = 32;

/**
 * The ChatML template (as Qwen and OpenHermes ship it). llama.cpp detects ChatML by `<|im_start|>`
 * and can also render it with its Jinja engine; node-llama-cpp maps it to its ChatML wrapper.
 */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// The crash trap: random weights happily emit lone bytes 0x80–0xFF (invalid UTF-8, which wllama
// turns into "Invalid typed array length") and special tokens. One hidden dimension is kept at a
// constant through the whole residual stream (every embedding holds RESERVED_VALUE there and no
// attention or FFN output writes to it), so after the final RMS norm it is a large positive
// number; suppressed tokens carry SUPPRESS_WEIGHT on it in `output.weight`, which puts their
// logits hundreds below any other, under greedy and sampled decoding alike. That dimension is
// also kept out of every attention and FFN input (see zeroReservedColumn).
const RESERVED_VALUE = 4;
const SUPPRESS_WEIGHT = -1000;
const EMBEDDING_STD = 1;
// Logits with a standard deviation of a few units keep the top choices apart, so the small
// numeric differences between engines and thread counts rarely flip a greedy choice.
const LOGIT_STD = 4;

// About 1 M values per chunk: large writes, small memory, whatever the model size.
const CHUNK_VALUES = 1 << 20;

export interface LlamaGgufPlan {
  kv: GgufKv[];
  tensors: GgufTensorSource[];
  vocab: BpeVocab;
}

export interface WriteLlamaGgufOptions {
  /** Write gguf-split shards (`<name>-00001-of-0000N.gguf`); default 1 (one file at `path`). */
  shards?: number;
}

export interface WrittenGguf {
  /** Every file written; with shards, the first is the one to load. */
  paths: string[];
  /** Total size of all files. */
  bytes: number;
  tensorCount: number;
}

/**
 * Writes a llama-architecture GGUF v3 model with seeded random weights: the same spec gives the
 * same bytes. With `shards` > 1, `path` names the model and the files are
 * `<path without .gguf>-0000k-of-0000N.gguf`, in llama.cpp's gguf-split layout.
 *
 * @example await writeLlamaGguf(tinyModelSpec(), '/tmp/tiny.gguf')
 */
export async function writeLlamaGguf(spec: LlamaModelSpec, path: string, options: WriteLlamaGgufOptions = {}): Promise<WrittenGguf> {
  const shards = options.shards ?? 1;
  const { kv, tensors } = planLlamaGguf(spec);
  if (!Number.isInteger(shards) || shards < 1 || shards > tensors.length) {
    throw new RangeError(`shards must be an integer from 1 to ${tensors.length} (one tensor per shard at least); got ${shards}.`);
  }
  if (shards === 1) {
    const bytes = await writeGgufFile(path, kv, tensors, GGUF_ALIGNMENT);
    return { paths: [path], bytes, tensorCount: tensors.length };
  }
  const groups = groupTensorsForShards(tensors, shards);
  const paths = splitShardPaths(path, shards);
  let bytes = 0;
  for (const [index, group] of groups.entries()) {
    // As gguf-split does: all metadata in the first shard, only the split keys in the others.
    const split: GgufKv[] = [
      { key: 'split.no', value: { type: 'uint16', value: index } },
      { key: 'split.count', value: { type: 'uint16', value: shards } },
      { key: 'split.tensors.count', value: { type: 'int32', value: tensors.length } },
    ];
    bytes += await writeGgufFile(paths[index] ?? '', index === 0 ? [...kv, ...split] : split, group, GGUF_ALIGNMENT);
  }
  return { paths, bytes, tensorCount: tensors.length };
}

/** The metadata and tensors `writeLlamaGguf` writes, with tensor data produced lazily. */
export function planLlamaGguf(spec: LlamaModelSpec): LlamaGgufPlan {
  validateModelSpec(spec);
  const vocab = buildBpeVocab(spec.vocabSize, spec.seed);
  const nEmbd = spec.embeddingLength;
  const headDim = nEmbd / spec.headCount;
  const nEmbdKv = headDim * spec.headCountKv;
  const reserved = nEmbd - 1;
  const { type } = spec;
  const typeOf = (tensor: string, layer?: number) => tensorTypeFor(type, tensor, layer, spec.blockCount);
  const seedFor = (name: string) => deriveSeed(spec.seed, name);
  const uniform = (std: number) => std * Math.sqrt(3);

  const suppressed = new Set(vocab.suppressedTokenIds);
  const tensors: GgufTensorSource[] = [
    randomMatrix(
      'token_embd.weight',
      nEmbd,
      spec.vocabSize,
      typeOf('token_embd.weight'),
      uniform(EMBEDDING_STD),
      seedFor('token_embd.weight'),
      (rows, _first, count) => {
        for (let r = 0; r < count; r++) rows[r * nEmbd + reserved] = RESERVED_VALUE;
      },
    ),
    constantVector('output_norm.weight', nEmbd, 1),
    randomMatrix(
      'output.weight',
      nEmbd,
      spec.vocabSize,
      typeOf('output.weight'),
      uniform(LOGIT_STD / Math.sqrt(nEmbd)),
      seedFor('output.weight'),
      (rows, first, count) => {
        for (let r = 0; r < count; r++) rows[r * nEmbd + reserved] = suppressed.has(first + r) ? SUPPRESS_WEIGHT : 0;
      },
    ),
  ];
  // No output may write to the reserved dimension, so it stays constant along the residual stream.
  const zeroReservedRow = (rowLength: number) => (rows: Float32Array, first: number, count: number) => {
    if (reserved >= first && reserved < first + count) rows.fill(0, (reserved - first) * rowLength, (reserved - first + 1) * rowLength);
  };
  // No input may read it either: a constant input adds the same vector to every position's
  // output, which drowns what distinguishes tokens and makes one token win everywhere.
  const zeroReservedColumn = (rows: Float32Array, _first: number, count: number) => {
    for (let r = 0; r < count; r++) rows[r * nEmbd + reserved] = 0;
  };
  for (let block = 0; block < spec.blockCount; block++) {
    const p = `blk.${block}.`;
    const matrix = (name: string, inputs: number, outputs: number, adjust?: RowAdjuster) =>
      randomMatrix(p + name, inputs, outputs, typeOf(name, block), uniform(1 / Math.sqrt(inputs)), seedFor(p + name), adjust);
    tensors.push(
      constantVector(`${p}attn_norm.weight`, nEmbd, 1),
      matrix('attn_q.weight', nEmbd, nEmbd, zeroReservedColumn),
      matrix('attn_k.weight', nEmbd, nEmbdKv, zeroReservedColumn),
      matrix('attn_v.weight', nEmbd, nEmbdKv, zeroReservedColumn),
      matrix('attn_output.weight', nEmbd, nEmbd, zeroReservedRow(nEmbd)),
      constantVector(`${p}ffn_norm.weight`, nEmbd, 1),
      matrix('ffn_gate.weight', nEmbd, spec.feedForwardLength, zeroReservedColumn),
      matrix('ffn_up.weight', nEmbd, spec.feedForwardLength, zeroReservedColumn),
      matrix('ffn_down.weight', spec.feedForwardLength, nEmbd, zeroReservedRow(spec.feedForwardLength)),
    );
  }

  const u32 = (key: string, value: number): GgufKv => ({ key, value: { type: 'uint32', value } });
  const f32 = (key: string, value: number): GgufKv => ({ key, value: { type: 'float32', value } });
  const str = (key: string, value: string): GgufKv => ({ key, value: { type: 'string', value } });
  const bool = (key: string, value: boolean): GgufKv => ({ key, value: { type: 'bool', value } });
  const kv: GgufKv[] = [
    str('general.architecture', 'llama'),
    str('general.type', 'model'),
    str('general.name', spec.name),
    u32('general.alignment', GGUF_ALIGNMENT),
    u32('general.file_type', LLAMA_FILE_TYPE[type]),
    u32('general.quantization_version', 2),
    u32('llama.vocab_size', spec.vocabSize),
    u32('llama.context_length', spec.contextLength),
    u32('llama.embedding_length', nEmbd),
    u32('llama.block_count', spec.blockCount),
    u32('llama.feed_forward_length', spec.feedForwardLength),
    u32('llama.attention.head_count', spec.headCount),
    u32('llama.attention.head_count_kv', spec.headCountKv),
    u32('llama.rope.dimension_count', headDim),
    f32('llama.rope.freq_base', spec.ropeFreqBase),
    f32('llama.attention.layer_norm_rms_epsilon', spec.rmsEpsilon),
    str('tokenizer.ggml.model', 'gpt2'),
    str('tokenizer.ggml.pre', 'default'),
    { key: 'tokenizer.ggml.tokens', value: { type: 'array', itemType: 'string', value: vocab.tokens } },
    { key: 'tokenizer.ggml.token_type', value: { type: 'array', itemType: 'int32', value: vocab.tokenTypes } },
    { key: 'tokenizer.ggml.merges', value: { type: 'array', itemType: 'string', value: vocab.merges } },
    u32('tokenizer.ggml.bos_token_id', vocab.endOfTextId),
    // <|im_end|> ends a ChatML turn, so chat completions stop there (were it ever sampled).
    u32('tokenizer.ggml.eos_token_id', vocab.imEndId),
    u32('tokenizer.ggml.eot_token_id', vocab.imEndId),
    u32('tokenizer.ggml.padding_token_id', vocab.endOfTextId),
    bool('tokenizer.ggml.add_bos_token', false),
    bool('tokenizer.ggml.add_eos_token', false),
    str('tokenizer.chat_template', CHATML_TEMPLATE),
    u32('hearth.fixture.writer_version', GGUF_WRITER_VERSION),
    u32('hearth.fixture.seed', spec.seed),
  ];
  return { kv, tensors, vocab };
}

/** Changes values of rows [first, first + count) in place, after they are drawn. */
type RowAdjuster = (rows: Float32Array, first: number, count: number) => void;

/** A seeded uniform matrix of `outputs` rows of `inputs` values (ggml ne = [inputs, outputs]). */
function randomMatrix(
  name: string,
  inputs: number,
  outputs: number,
  type: FixtureTensorType,
  halfWidth: number,
  seed: number,
  adjust?: RowAdjuster,
): GgufTensorSource {
  const rowBytes = rowByteSize(type, inputs);
  return {
    name,
    dims: [inputs, outputs],
    ggmlType: GGML_TYPE_ID[type],
    byteSize: rowBytes * outputs,
    *chunks() {
      const random = new SeededRandom(seed);
      const rowsPerChunk = Math.max(1, Math.min(outputs, Math.floor(CHUNK_VALUES / inputs)));
      const values = new Float32Array(rowsPerChunk * inputs);
      const bytes = new Uint8Array(rowsPerChunk * rowBytes);
      for (let first = 0; first < outputs; first += rowsPerChunk) {
        const count = Math.min(rowsPerChunk, outputs - first);
        const chunkValues = values.subarray(0, count * inputs);
        random.fillUniform(chunkValues, 0, chunkValues.length, halfWidth);
        adjust?.(chunkValues, first, count);
        const chunkBytes = bytes.subarray(0, count * rowBytes);
        encodeValues(type, chunkValues, chunkBytes);
        yield chunkBytes;
      }
    },
  };
}

/** A 1-D F32 tensor holding one value everywhere (the RMS norm weights). */
function constantVector(name: string, length: number, value: number): GgufTensorSource {
  return {
    name,
    dims: [length],
    ggmlType: GGML_TYPE_ID.f32,
    byteSize: length * 4,
    *chunks() {
      const values = new Float32Array(length).fill(value);
      yield new Uint8Array(values.buffer);
    },
  };
}

/** Splits tensors, in order, into `shards` non-empty groups of about equal size in bytes. */
function groupTensorsForShards(tensors: readonly GgufTensorSource[], shards: number): GgufTensorSource[][] {
  const padded = (t: GgufTensorSource) => alignUp(t.byteSize, GGUF_ALIGNMENT);
  const total = tensors.reduce((sum, t) => sum + padded(t), 0);
  const groups: GgufTensorSource[][] = [];
  let current: GgufTensorSource[] = [];
  let sum = 0;
  for (const [i, tensor] of tensors.entries()) {
    const groupsAfterCurrent = shards - groups.length - 1;
    const mustSplit = tensors.length - i === groupsAfterCurrent;
    const wantSplit = sum >= (total * (groups.length + 1)) / shards;
    if (current.length > 0 && groupsAfterCurrent > 0 && (mustSplit || wantSplit)) {
      groups.push(current);
      current = [];
    }
    current.push(tensor);
    sum += padded(tensor);
  }
  groups.push(current);
  return groups;
}
