import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { GenerateRequest, GenerateResult, LoadRequest, ModelInfo, SerializedHearthError } from '@hearth/spec';
import { ensureLoraAdapter, tinyModelSpec } from '@hearth/tools';
import { launchChromium } from '../support/chromium.ts';
import { modelCacheDir, tinyModelPath } from '../support/models.ts';
import { startStaticServer } from '../support/store-static-server.ts';

// A LoRA adapter made by the project's GGUF writer (write-lora-gguf.ts), applied to the demo
// model by node-llama-cpp and by llama-wasm (hl_set_lora: llama.cpp's llama_adapter_lora_init +
// llama_set_adapters_lora) in real Chromium. The adapter must change the greedy tokens, and both
// engines must then agree token for token, as they do without it.

const PROMPT = 'The letter began plainly, and then it said';
const MAX_TOKENS = 32;
const SCALE = 0.75;
type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError };
type Adapters = NonNullable<LoadRequest['adapters']>;

let server: Awaited<ReturnType<typeof startStaticServer>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let model: { url: string; sha256: string };
let adapter: { url: string; sha256: string };
let native: { base: GenerateResult; lora: GenerateResult; zeroScale: GenerateResult };

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}

async function nativeGreedy(modelPath: string, adapters: Adapters): Promise<GenerateResult> {
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1, kvCache: 'f32' });
  await engine.load({ source: { type: 'path', path: modelPath }, contextSize: 4096, threads: 2, adapters });
  try {
    return await engine.doGenerate({ prompt: { type: 'text', text: PROMPT }, temperature: 0, maxTokens: MAX_TOKENS, includeTokenIds: true });
  } finally {
    await engine.unload();
  }
}

async function inBrowser(adapters: Adapters): Promise<Outcome<GenerateResult>> {
  await page.evaluate(() => window.llamaWasm.start({ variant: 'relaxed' }));
  const loaded: Outcome<ModelInfo> = await page.evaluate(([source, a]) => window.llamaWasm.load({ source, threads: 2, contextSize: 4096, adapters: a }), [
    { type: 'url' as const, url: model.url, sha256: model.sha256 },
    JSON.parse(JSON.stringify(adapters)) as Adapters,
  ] as const);
  if (!loaded.ok) return loaded;
  const request: Omit<GenerateRequest, 'signal'> = { prompt: { type: 'text', text: PROMPT }, temperature: 0, maxTokens: MAX_TOKENS, includeTokenIds: true };
  return page.evaluate((json) => window.llamaWasm.generate(JSON.parse(json) as Omit<GenerateRequest, 'signal'>), JSON.stringify(request));
}

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  const loraPath = await ensureLoraAdapter({ base: tinyModelSpec(), rank: 8, alpha: 8, seed: 7 }, { cacheDir: modelCacheDir });
  const outDir = await mkdtemp(join(tmpdir(), 'hearth-llama-wasm-lora-harness-'));
  await build({
    root: fileURLToPath(new URL('./llama-wasm-harness/', import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  // An app's own static server, cross-origin isolated, serving the harness, the model and the
  // adapter as Hearth's gateway lays them out: /models/<id>/<file> beside a manifest with the SHA-256.
  const publish = async (id: string, path: string) => {
    const bytes = await readFile(path);
    const name = `${id}.gguf`;
    await mkdir(join(outDir, 'models', id), { recursive: true });
    await copyFile(path, join(outDir, 'models', id, name));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(outDir, 'models', id, 'manifest.json'), JSON.stringify({ manifestVersion: 1, id, files: [{ name, size: bytes.length, sha256 }] }));
    return { url: `/models/${id}/${name}`, sha256 };
  };
  model = await publish('tiny', modelPath);
  adapter = await publish('tiny-lora', loraPath);
  server = await startStaticServer(outDir);
  native = {
    base: await nativeGreedy(modelPath, []),
    lora: await nativeGreedy(modelPath, [{ source: { type: 'path', path: loraPath }, scale: SCALE }]),
    zeroScale: await nativeGreedy(modelPath, [{ source: { type: 'path', path: loraPath }, scale: 0 }]),
  };
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`http://localhost:${server.port}/index.html`);
  await page.waitForFunction(() => 'llamaWasm' in window);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a LoRA adapter on the demo model', () => {
  it('changes node-llama-cpp greedy output, and at scale 0 changes nothing', () => {
    expect(native.base.tokenIds.length).toBe(MAX_TOKENS);
    expect(native.lora.tokenIds).not.toEqual(native.base.tokenIds);
    expect(native.zeroScale.tokenIds).toEqual(native.base.tokenIds);
  });

  it("llama-wasm in Chromium gives node-llama-cpp's tokens with the adapter, and without it", async () => {
    const withLora = value(await inBrowser([{ source: { type: 'url', url: adapter.url, sha256: adapter.sha256 }, scale: SCALE }]));
    expect(withLora.tokenIds).toEqual(native.lora.tokenIds);
    expect(withLora.text).toBe(native.lora.text);
    const without = value(await inBrowser([]));
    expect(without.tokenIds).toEqual(native.base.tokenIds);
  });

  it("refuses an adapter that is not a LoRA GGUF (the model file itself) with invalid_model and llama.cpp's reason", async () => {
    const outcome = await inBrowser([{ source: { type: 'url', url: model.url, sha256: model.sha256 } }]);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_model');
    expect(outcome.error.message).toMatch(/adapter/);
  });
});
