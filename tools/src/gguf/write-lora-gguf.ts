import { access, mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeGgufFile, type GgufKv, type GgufTensorSource } from './gguf-writer.ts';
import { validateModelSpec, type LlamaModelSpec } from './llama-model-spec.ts';
import { SeededRandom, deriveSeed } from './seeded-random.ts';
import { GGML_TYPE_ID } from './tensor-encoding.ts';
import { DEFAULT_MODEL_CACHE_DIR } from './ensure-model.ts';
import { GGUF_ALIGNMENT, GGUF_WRITER_VERSION, type WrittenGguf } from './write-llama-gguf.ts';

/** Base-model matrices a fixture adapter can change (llama.cpp applies LoRA to each through build_lora_mm). */
export type LoraTarget = 'attn_q' | 'attn_k' | 'attn_v' | 'ffn_gate' | 'ffn_up';

/** Everything that determines a fixture adapter's bytes. */
export interface LoraAdapterSpec {
  /** The model the adapter is for: its architecture and shapes. */
  base: LlamaModelSpec;
  /** Inner dimension of each A·B pair. */
  rank: number;
  /** `adapter.lora.alpha`: llama.cpp scales each product by scale × alpha / rank. */
  alpha: number;
  seed: number;
  /** Default: the attention query and value projections, as PEFT's default for llama. */
  targets?: readonly LoraTarget[];
}

/**
 * Writes a LoRA adapter GGUF for `spec.base`, in the layout llama.cpp's llama-adapter.cpp loads:
 * `general.type = "adapter"`, `adapter.type = "lora"`, `adapter.lora.alpha`, and for each
 * adapted matrix `<name>.lora_a` (ne = [inputs, rank]) and `<name>.lora_b` (ne = [rank, outputs]),
 * F32, seeded: the same spec gives the same bytes.
 *
 * Only input-side matrices are targeted and A never reads the base model's reserved hidden
 * dimension (write-llama-gguf.ts keeps it constant so lone bytes are never sampled), so the
 * adapted model keeps that guarantee.
 *
 * @example await writeLoraGguf({ base: tinyModelSpec(), rank: 4, alpha: 4, seed: 7 }, '/tmp/tiny-lora.gguf')
 */
export async function writeLoraGguf(spec: LoraAdapterSpec, path: string): Promise<WrittenGguf> {
  const { kv, tensors } = planLoraGguf(spec);
  const bytes = await writeGgufFile(path, kv, tensors, GGUF_ALIGNMENT);
  return { paths: [path], bytes, tensorCount: tensors.length };
}

export function planLoraGguf(spec: LoraAdapterSpec): { kv: GgufKv[]; tensors: GgufTensorSource[] } {
  const { base, rank } = spec;
  validateModelSpec(base);
  if (!Number.isInteger(rank) || rank < 1 || rank > base.embeddingLength)
    throw new RangeError(`rank must be an integer from 1 to ${base.embeddingLength}; got ${rank}.`);
  const nEmbd = base.embeddingLength;
  const nEmbdKv = (nEmbd / base.headCount) * base.headCountKv;
  const reserved = nEmbd - 1;
  const outputs: Record<LoraTarget, number> = {
    attn_q: nEmbd,
    attn_k: nEmbdKv,
    attn_v: nEmbdKv,
    ffn_gate: base.feedForwardLength,
    ffn_up: base.feedForwardLength,
  };
  const targets = spec.targets ?? ['attn_q', 'attn_v'];
  const tensors: GgufTensorSource[] = [];
  for (let block = 0; block < base.blockCount; block++) {
    for (const target of targets) {
      const name = `blk.${block}.${target}.weight`;
      const seed = (label: string) => deriveSeed(spec.seed, `${name}.${label}`);
      // A: rank rows of nEmbd inputs, the reserved input column zero. B: outputs rows of rank.
      // Sized so B·A x is about as large as the base product W x (both ~1/sqrt(inputs) per weight).
      tensors.push(
        f32Matrix(`${name}.lora_a`, nEmbd, rank, Math.sqrt(3 / nEmbd), seed('a'), (row) => (row[reserved] = 0)),
        f32Matrix(`${name}.lora_b`, rank, outputs[target], Math.sqrt(3 / rank), seed('b')),
      );
    }
  }
  const kv: GgufKv[] = [
    { key: 'general.architecture', value: { type: 'string', value: 'llama' } },
    { key: 'general.type', value: { type: 'string', value: 'adapter' } },
    { key: 'general.name', value: { type: 'string', value: `${base.name}-lora` } },
    { key: 'general.alignment', value: { type: 'uint32', value: GGUF_ALIGNMENT } },
    { key: 'adapter.type', value: { type: 'string', value: 'lora' } },
    { key: 'adapter.lora.alpha', value: { type: 'float32', value: spec.alpha } },
    { key: 'hearth.fixture.writer_version', value: { type: 'uint32', value: GGUF_WRITER_VERSION } },
    { key: 'hearth.fixture.seed', value: { type: 'uint32', value: spec.seed } },
  ];
  return { kv, tensors };
}

/**
 * The path of a fixture adapter for `spec`, written only when the cache lacks it (the name carries
 * a hash of the spec and the writer version, like ensureModel's).
 */
export async function ensureLoraAdapter(spec: LoraAdapterSpec, options: { cacheDir?: string } = {}): Promise<string> {
  const dir = options.cacheDir ?? DEFAULT_MODEL_CACHE_DIR;
  const canonical = JSON.stringify({
    writer: GGUF_WRITER_VERSION,
    rank: spec.rank,
    alpha: spec.alpha,
    seed: spec.seed,
    targets: spec.targets ?? null,
    base: Object.entries(spec.base).sort(),
  });
  const path = join(dir, `${spec.base.name}-${spec.base.type}-lora-${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}.gguf`);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (exists) return path;
  await mkdir(dir, { recursive: true });
  await writeLoraGguf(spec, path);
  return path;
}

/** `rows` rows of `columns` seeded uniform F32 values (ggml ne = [columns, rows]). */
function f32Matrix(name: string, columns: number, rows: number, halfWidth: number, seed: number, adjustRow?: (row: Float32Array) => void): GgufTensorSource {
  return {
    name,
    dims: [columns, rows],
    ggmlType: GGML_TYPE_ID.f32,
    byteSize: columns * rows * 4,
    *chunks() {
      const random = new SeededRandom(seed);
      const values = new Float32Array(columns * rows);
      random.fillUniform(values, 0, values.length, halfWidth);
      if (adjustRow) for (let r = 0; r < rows; r++) adjustRow(values.subarray(r * columns, (r + 1) * columns));
      yield new Uint8Array(values.buffer);
    },
  };
}
