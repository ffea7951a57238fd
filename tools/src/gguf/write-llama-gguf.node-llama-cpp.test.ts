import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JinjaTemplateChatWrapper, LlamaLogLevel, getLlama, resolveChatWrapper, type Llama, type LlamaModel, type Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpeVocab } from './build-bpe-vocab.ts';
import { tinyModelSpec } from './llama-model-spec.ts';
import { FIXTURE_TENSOR_TYPES } from './tensor-encoding.ts';
import { CHATML_TEMPLATE, writeLlamaGguf } from './write-llama-gguf.ts';

// The real consumer: llama.cpp (through node-llama-cpp's prebuilt CPU binary) must load every
// fixture, generate deterministically, and never emit a token that breaks UTF-8 or ends the turn.

const spec = tinyModelSpec();
const vocab = buildBpeVocab(spec.vocabSize, spec.seed);
const suppressed = new Set(vocab.suppressedTokenIds);
const PROMPTS = ['Thank you for your message.', 'The weather', '<|im_start|>user\nWrite a short note.<|im_end|>\n<|im_start|>assistant\n'];

let llama: Llama;
let dir = '';
beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  dir = await mkdtemp(join(tmpdir(), 'hearth-gguf-llama-'));
});
afterAll(async () => {
  await llama.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function generate(model: LlamaModel, prompt: string, options: { temperature: number; seed?: number }, count = 64): Promise<Token[]> {
  // One thread: llama.cpp's spinning thread pool slows to ~0.5 s a token when other processes
  // hold the other core, which is the usual state of this build machine.
  const context = await model.createContext({ contextSize: 512, threads: 1 });
  try {
    const out: Token[] = [];
    for await (const token of context.getSequence().evaluate(model.tokenize(prompt, true), options)) {
      out.push(token);
      if (out.length >= count) break;
    }
    return out;
  } finally {
    await context.dispose();
  }
}

function expectClean(model: LlamaModel, tokens: readonly Token[]): void {
  expect(tokens.filter((t) => suppressed.has(t) || model.isSpecialToken(t))).toEqual([]);
  expect(model.detokenize(tokens)).not.toContain('\uFFFD');
}

describe.each(FIXTURE_TENSOR_TYPES)('the tiny %s model in node-llama-cpp', (type) => {
  let model: LlamaModel;
  beforeAll(async () => {
    const { paths } = await writeLlamaGguf(tinyModelSpec({ type }), join(dir, `tiny-${type}.gguf`));
    model = await llama.loadModel({ modelPath: paths[0] ?? '' });
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('generates the same greedy tokens twice, none of them suppressed', async () => {
    for (const prompt of PROMPTS) {
      const first = await generate(model, prompt, { temperature: 0 });
      expect(first).toHaveLength(64);
      expect(await generate(model, prompt, { temperature: 0 })).toEqual(first);
      expectClean(model, first);
    }
  });

  it('never samples a suppressed token, even at a high temperature', async () => {
    for (const [i, prompt] of PROMPTS.entries()) expectClean(model, await generate(model, prompt, { temperature: 1.5, seed: i + 1 }, 96));
  });

  it('generates varied, word-like text rather than one repeated token', async () => {
    const tokens = await generate(model, PROMPTS[0] ?? '', { temperature: 0 });
    expect(new Set(tokens).size).toBeGreaterThan(8);
    expect(model.detokenize(tokens)).toMatch(/[a-z]{2}/);
  });
});

describe('a 3-shard gguf-split tiny model in node-llama-cpp', () => {
  it('loads from the first shard and generates what the single file does', async () => {
    const { paths } = await writeLlamaGguf(tinyModelSpec(), join(dir, 'split.gguf'), { shards: 3 });
    expect(paths).toHaveLength(3);
    const single = await writeLlamaGguf(tinyModelSpec(), join(dir, 'unsplit.gguf'));
    const greedy = async (path: string) => {
      const model = await llama.loadModel({ modelPath: path });
      try {
        const outputs: Token[][] = [];
        for (const prompt of PROMPTS) outputs.push(await generate(model, prompt, { temperature: 0 }));
        return outputs;
      } finally {
        await model.dispose();
      }
    };
    expect(await greedy(paths[0] ?? '')).toEqual(await greedy(single.paths[0] ?? ''));
  });
});

describe('the tiny model as a ChatML chat model', () => {
  let model: LlamaModel;
  beforeAll(async () => {
    const { paths } = await writeLlamaGguf(tinyModelSpec(), join(dir, 'chat.gguf'));
    model = await llama.loadModel({ modelPath: paths[0] ?? '' });
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('declares the ChatML special tokens: no BOS added, <|im_end|> ends a turn', () => {
    expect(model.tokens.bos).toBe(vocab.endOfTextId);
    expect(model.tokens.eos).toBe(vocab.imEndId);
    expect(model.tokens.eot).toBe(vocab.imEndId);
    expect(model.tokens.shouldPrependBosToken).toBe(false);
    expect(model.fileInfo.metadata.tokenizer.chat_template).toBe(CHATML_TEMPLATE);
  });

  it('tokenizes special tokens in prompts only when asked to', () => {
    const text = '<|im_start|>user\nHello<|im_end|>\n';
    const withSpecials = model.tokenize(text, true);
    expect(withSpecials[0]).toBe(vocab.imStartId);
    expect(withSpecials).toContain(vocab.imEndId);
    const asText = model.tokenize(text, false);
    expect(asText).not.toContain(vocab.imStartId);
    expect(model.detokenize(asText)).toBe(text);
  });

  it('renders its chat template into ChatML that tokenizes to the special tokens', () => {
    expect(resolveChatWrapper(model)?.wrapperName).toBe('ChatML');
    const wrapper = new JinjaTemplateChatWrapper({ template: String(model.fileInfo.metadata.tokenizer.chat_template) });
    const { contextText } = wrapper.generateContextState({
      chatHistory: [
        { type: 'system', text: 'Be brief.' },
        { type: 'user', text: 'Hello' },
        { type: 'model', response: [] },
      ],
    });
    expect(contextText.toString()).toBe('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n');
    const tokens = contextText.tokenize(model.tokenizer);
    expect(tokens.filter((t) => t === vocab.imStartId)).toHaveLength(3);
    expect(tokens.filter((t) => t === vocab.imEndId)).toHaveLength(2);
  });
});
