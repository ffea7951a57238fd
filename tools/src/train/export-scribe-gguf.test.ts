import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { exportScribeGguf } from './export-scribe-gguf.ts';

// The exporter against PyTorch itself: a tiny model trained by tools/train/train.py (on CPU; its
// weights, tokenizer and PyTorch's own greedy tokens are the fixture) is written as an F32 GGUF
// by the project's writer and run by llama.cpp. The same tokens from the same text, and the same
// greedy continuation, show the graph matches: rotary pairs, head layout, norms, SwiGLU, the
// output tied to the embeddings, the tokenizer's pre-tokenizer and merges.

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'train', 'fixtures', 'parity');
const log = JSON.parse(readFileSync(join(FIXTURE, 'train-log.json'), 'utf8')) as {
  tokenizer_samples: Array<{ text: string; ids: number[] }>;
  greedy_samples: Array<{ text: string; greedy: number[] }>;
};

let dir: string;
let engine: NodeLlamaCppEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-scribe-export-'));
  await exportScribeGguf({ from: FIXTURE, path: join(dir, 'parity.gguf'), type: 'f32', name: 'hearth-scribe-parity' });
  engine = new NodeLlamaCppEngine({ parallelSequences: 1, kvCache: 'f32' });
  await engine.load({ source: { type: 'path', path: join(dir, 'parity.gguf') }, threads: 1 });
});

afterAll(async () => {
  await engine?.unload();
  rmSync(dir, { recursive: true, force: true });
});

describe('exportScribeGguf', () => {
  it('llama.cpp tokenizes every sample exactly as the trained tokenizer did, specials and bytes included', () => {
    expect(log.tokenizer_samples.length).toBeGreaterThan(10);
    for (const s of log.tokenizer_samples) expect(engine.tokenize(s.text), s.text.slice(0, 60)).toEqual(s.ids);
  });

  it("llama.cpp's greedy tokens equal PyTorch's, up to the end of the turn", async () => {
    expect(engine.modelName).toBe('hearth-scribe-parity');
    for (const s of log.greedy_samples) {
      const r = await engine.doGenerate({ prompt: { type: 'text', text: s.text }, maxTokens: s.greedy.length, temperature: 0, includeTokenIds: true });
      const ids = (r as { tokenIds?: number[] }).tokenIds ?? [];
      // llama.cpp stops at <|im_end|> (the model's end of turn); PyTorch's loop went on past it.
      const end = s.greedy.indexOf(2);
      expect(ids).toEqual(end >= 0 ? s.greedy.slice(0, end) : s.greedy);
    }
  });
});
