import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlamaLogLevel, getLlama, type Llama, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpeVocab } from './build-bpe-vocab.ts';
import { dequantizeQ4_K, dequantizeQ6_K } from './ggml-quantize.ts';
import { writeGgufFile, type GgufTensorSource } from './gguf-writer.ts';
import { modelSpec, type LlamaModelSpec } from './llama-model-spec.ts';
import { GGML_TYPE_ID, rowByteSize } from './tensor-encoding.ts';
import { GGUF_ALIGNMENT, planLlamaGguf, writeLlamaGguf } from './write-llama-gguf.ts';

// The K-quant encodings checked against ggml's own dequantization, in llama.cpp as node-llama-cpp
// runs it: a model whose layers add nothing to the residual stream (attn_output and ffn_down all
// zero) has, for a one-token input, the final RMS norm of that token's embedding row as its
// embedding, and ggml reads that row with dequantize_row_q4_K / q6_K (get_rows). It must equal
// what the writer's own dequantizer says the row holds. Then a Q4_K_M mix loads and generates.

const SMALL = { vocabSize: 512, embeddingLength: 256, blockCount: 1, headCount: 4, headCountKv: 4, feedForwardLength: 256, contextLength: 256 } as const;

let llama: Llama;
let dir = '';
beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  dir = await mkdtemp(join(tmpdir(), 'hearth-gguf-kquants-'));
});
afterAll(async () => {
  await llama.dispose();
  await rm(dir, { recursive: true, force: true });
});

function zeros(tensor: GgufTensorSource): GgufTensorSource {
  const byteSize = tensor.dims.reduce((a, b) => a * b, 1) * 4;
  return {
    name: tensor.name,
    dims: tensor.dims,
    ggmlType: GGML_TYPE_ID.f32,
    byteSize,
    *chunks() {
      yield new Uint8Array(byteSize);
    },
  };
}

function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks].map((c) => c.slice());
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of parts) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function unit(v: ArrayLike<number>): number[] {
  const norm = Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
  return Array.from(v, (x) => x / norm);
}

describe.each([
  ['q4_k', dequantizeQ4_K],
  ['q6_k', dequantizeQ6_K],
] as const)('a %s token embedding read back by ggml (node-llama-cpp)', (type, dequantize) => {
  it("gives, for one token, the RMS norm of the row the writer's dequantizer decodes", async () => {
    const spec: LlamaModelSpec = modelSpec('tiny', { ...SMALL, name: `kquant-${type}`, type });
    const plan = planLlamaGguf(spec);
    const tensors = plan.tensors.map((t) => (t.name.endsWith('attn_output.weight') || t.name.endsWith('ffn_down.weight') ? zeros(t) : t));
    const embd = plan.tensors.find((t) => t.name === 'token_embd.weight');
    if (!embd) throw new Error('no token_embd.weight');
    expect(embd.ggmlType).toBe(GGML_TYPE_ID[type]);
    const path = join(dir, `embd-${type}.gguf`);
    await writeGgufFile(path, plan.kv, tensors, GGUF_ALIGNMENT);
    const model = await llama.loadModel({ modelPath: path });
    const context = await model.createEmbeddingContext({ contextSize: 64, threads: 1 });
    try {
      const rowBytes = rowByteSize(type, spec.embeddingLength);
      const table = concat(embd.chunks());
      const checked = [];
      for (const text of ['a', 'e', 'Q', '7']) {
        const tokens = model.tokenize(text);
        expect(tokens).toHaveLength(1);
        const token = tokens[0] as Token;
        const row = dequantize(table, spec.embeddingLength, token * rowBytes);
        const { vector } = await context.getEmbeddingFor(tokens);
        const got = unit(vector);
        const want = unit(row);
        for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] ?? 0) - (want[i] ?? 0))).toBeLessThan(1e-5);
        checked.push(token);
      }
      expect(new Set(checked).size).toBe(4);
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });
});

describe('a Q4_K_M model (Q4_K with Q6_K where llama.cpp puts it) in node-llama-cpp', () => {
  it('loads with the mix llama.cpp would write and generates the same clean greedy tokens twice', async () => {
    const spec = modelSpec('tiny', { ...SMALL, blockCount: 8, name: 'kquant-q4_k_m', type: 'q4_k_m' });
    const plan = planLlamaGguf(spec);
    const typeOf = (name: string) => plan.tensors.find((t) => t.name === name)?.ggmlType;
    expect(typeOf('output.weight')).toBe(GGML_TYPE_ID.q6_k);
    expect(typeOf('token_embd.weight')).toBe(GGML_TYPE_ID.q4_k);
    // 8 layers: the first and last (an eighth each) and every third from layer 1 + 2 get Q6_K.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((l) => typeOf(`blk.${l}.ffn_down.weight`) === GGML_TYPE_ID.q6_k)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(typeOf('blk.1.attn_q.weight')).toBe(GGML_TYPE_ID.q4_k);
    const { paths } = await writeLlamaGguf(spec, join(dir, 'q4_k_m.gguf'));
    const model = await llama.loadModel({ modelPath: paths[0] ?? '' });
    const suppressed = new Set(buildBpeVocab(spec.vocabSize, spec.seed).suppressedTokenIds);
    try {
      expect(model.fileInfo.metadata.general.file_type).toBe(15); // LLAMA_FTYPE_MOSTLY_Q4_K_M
      const greedy = async () => {
        const context = await model.createContext({ contextSize: 256, threads: 1 });
        try {
          const out: Token[] = [];
          for await (const token of context.getSequence().evaluate(model.tokenize('Thank you for your message.'), { temperature: 0 })) {
            out.push(token);
            if (out.length >= 32) break;
          }
          return out;
        } finally {
          await context.dispose();
        }
      };
      const first = await greedy();
      expect(first).toHaveLength(32);
      expect(await greedy()).toEqual(first);
      expect(first.filter((t) => suppressed.has(t) || model.isSpecialToken(t))).toEqual([]);
      expect(new Set(first).size).toBeGreaterThan(4);
    } finally {
      await model.dispose();
    }
  });
});
