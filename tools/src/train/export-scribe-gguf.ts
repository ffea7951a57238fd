import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeGgufFile, type GgufKv, type GgufTensorSource } from '../gguf/gguf-writer.ts';
import { GGML_TYPE_ID, LLAMA_FILE_TYPE, encodeValues, rowByteSize, type FixtureTensorType } from '../gguf/tensor-encoding.ts';
import { CHATML_TEMPLATE, GGUF_ALIGNMENT } from '../gguf/write-llama-gguf.ts';
import { readSafetensors, type SafeTensor } from './read-safetensors.ts';

/** What train.py wrote to train-log.json that the GGUF records (the rest stays in the log). */
export interface TrainLog {
  gpu: string;
  parameters: number;
  vocab_size: number;
  steps: number;
  tokens: number;
  final_loss: number;
  settings: { dim: number; layers: number; heads: number; ffn: number; ctx: number; vocab: number; seed: number };
}

interface TokenizerJson {
  model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
  added_tokens: Array<{ id: number; content: string; special: boolean }>;
}

export interface ExportOptions {
  /** The folder train.py wrote (weights-*.safetensors, tokenizer.json, train-log.json). */
  from: string;
  /** The GGUF to write. */
  path: string;
  /** Q8_0 (default) or Q4_0 for the matrices; norms stay F32. */
  type?: Extract<FixtureTensorType, 'q8_0' | 'q4_0' | 'f16' | 'f32'>;
  /** `general.name`: Hearth Scribe's prompt family is detected from a name starting `hearth-scribe`. */
  name?: string;
}

/**
 * Hearth Scribe as a llama.cpp GGUF, written by the project's own writer: the trained weights
 * (train.py names them as GGUF does; output.weight is absent, so llama.cpp ties it to
 * token_embd), the trained byte-level BPE tokenizer with GPT-2's pre-tokenizer, and ChatML.
 *
 * @example await exportScribeGguf({ from: 'models/hearth-scribe/run', path: 'models/hearth-scribe/hearth-scribe-q8_0.gguf' })
 */
export async function exportScribeGguf(options: ExportOptions): Promise<{ bytes: number; tensors: number }> {
  const type = options.type ?? 'q8_0';
  const log = JSON.parse(readFileSync(join(options.from, 'train-log.json'), 'utf8')) as TrainLog;
  const tokenizer = JSON.parse(readFileSync(join(options.from, 'tokenizer.json'), 'utf8')) as TokenizerJson;
  const weights = new Map<string, SafeTensor>();
  for (const file of readdirSync(options.from)
    .filter((f) => /^weights-\d+\.safetensors$/.test(f))
    .sort()) {
    for (const [name, tensor] of readSafetensors(join(options.from, file))) weights.set(name, tensor);
  }

  const vocabSize = log.vocab_size;
  const tokens: string[] = new Array<string>(vocabSize).fill('');
  for (const [text, id] of Object.entries(tokenizer.model.vocab)) tokens[id] = text;
  for (const added of tokenizer.added_tokens) tokens[added.id] = added.content;
  if (tokens.some((t) => t === '')) throw new Error('tokenizer.json leaves some token ids without a token.');
  const special = new Set(tokenizer.added_tokens.filter((t) => t.special).map((t) => t.id));
  const idOf = (text: string): number => {
    const id = tokens.indexOf(text);
    if (id < 0) throw new Error(`tokenizer.json has no ${text} token.`);
    return id;
  };
  const merges = tokenizer.model.merges.map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`));

  const s = log.settings;
  const tensors: GgufTensorSource[] = [];
  const add = (name: string): void => {
    const tensor = weights.get(name);
    if (!tensor) throw new Error(`The weights have no ${name}.`);
    tensors.push(tensorSource(name, tensor, tensor.shape.length === 1 ? 'f32' : type));
  };
  add('token_embd.weight');
  add('output_norm.weight');
  for (let block = 0; block < s.layers; block++) {
    for (const part of ['attn_norm', 'attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_norm', 'ffn_gate', 'ffn_up', 'ffn_down'])
      add(`blk.${block}.${part}.weight`);
  }

  const u32 = (key: string, value: number): GgufKv => ({ key, value: { type: 'uint32', value } });
  const f32 = (key: string, value: number): GgufKv => ({ key, value: { type: 'float32', value } });
  const str = (key: string, value: string): GgufKv => ({ key, value: { type: 'string', value } });
  const bool = (key: string, value: boolean): GgufKv => ({ key, value: { type: 'bool', value } });
  const imEnd = idOf('<|im_end|>');
  const endOfText = idOf('<|endoftext|>');
  const kv: GgufKv[] = [
    str('general.architecture', 'llama'),
    str('general.type', 'model'),
    str('general.name', options.name ?? `hearth-scribe-${Math.round(log.parameters / 1e6)}m`),
    str('general.license', 'Apache-2.0'),
    str('general.description', "Hearth Scribe: Hearth's own small English model for proofreading, subject lines and continuing an email (tools/train)."),
    u32('general.alignment', GGUF_ALIGNMENT),
    u32('general.file_type', LLAMA_FILE_TYPE[type]),
    u32('general.quantization_version', 2),
    u32('llama.vocab_size', vocabSize),
    u32('llama.context_length', s.ctx),
    u32('llama.embedding_length', s.dim),
    u32('llama.block_count', s.layers),
    u32('llama.feed_forward_length', s.ffn),
    u32('llama.attention.head_count', s.heads),
    u32('llama.attention.head_count_kv', s.heads),
    u32('llama.rope.dimension_count', s.dim / s.heads),
    f32('llama.rope.freq_base', 10000),
    f32('llama.attention.layer_norm_rms_epsilon', 1e-5),
    str('tokenizer.ggml.model', 'gpt2'),
    // GPT-2's pre-tokenizer regex: the one the Hugging Face ByteLevel pre-tokenizer train.py used applies.
    str('tokenizer.ggml.pre', 'gpt-2'),
    { key: 'tokenizer.ggml.tokens', value: { type: 'array', itemType: 'string', value: tokens } },
    { key: 'tokenizer.ggml.token_type', value: { type: 'array', itemType: 'int32', value: tokens.map((_, id) => (special.has(id) ? 3 : 1)) } },
    { key: 'tokenizer.ggml.merges', value: { type: 'array', itemType: 'string', value: merges } },
    u32('tokenizer.ggml.bos_token_id', endOfText),
    u32('tokenizer.ggml.eos_token_id', imEnd),
    u32('tokenizer.ggml.eot_token_id', imEnd),
    u32('tokenizer.ggml.padding_token_id', endOfText),
    bool('tokenizer.ggml.add_bos_token', false),
    bool('tokenizer.ggml.add_eos_token', false),
    str('tokenizer.chat_template', CHATML_TEMPLATE),
    str('hearth.scribe.gpu', log.gpu),
    u32('hearth.scribe.steps', log.steps),
    f32('hearth.scribe.final_loss', log.final_loss),
  ];
  const bytes = await writeGgufFile(options.path, kv, tensors, GGUF_ALIGNMENT);
  return { bytes, tensors: tensors.length };
}

/** A trained tensor: PyTorch's [rows, columns] is ggml's ne = [columns, rows], row-major either way. */
function tensorSource(name: string, tensor: SafeTensor, type: FixtureTensorType): GgufTensorSource {
  const dims = [...tensor.shape].reverse();
  const columns = dims[0]!;
  const rows = tensor.values.length / columns;
  const rowBytes = rowByteSize(type, columns);
  return {
    name,
    dims,
    ggmlType: GGML_TYPE_ID[type],
    byteSize: rowBytes * rows,
    *chunks() {
      const out = new Uint8Array(rowBytes * rows);
      encodeValues(type, tensor.values, out);
      yield out;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string): string | undefined => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const from = resolve(arg('--from') ?? '.train/run');
  const path = resolve(arg('--out') ?? 'models/hearth-scribe/hearth-scribe-q8_0.gguf');
  exportScribeGguf({ from, path, type: (arg('--type') ?? 'q8_0') as 'q8_0' }).then(
    (r) => process.stdout.write(`wrote ${path}: ${r.tensors} tensors, ${r.bytes} bytes\n`),
    (error: unknown) => {
      process.stderr.write(`export-scribe-gguf: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
