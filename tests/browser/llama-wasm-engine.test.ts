import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { LlamaWasmBenchmarkRequest, LlamaWasmBenchmarkResult, LlamaWasmEngineConfig } from '@hearth/sdk/engines';
import type { GenerateRequest, GenerateResult, ModelInfo, SerializedHearthError, StreamPart } from '@hearth/spec';
import { ensureModel, tinyModelSpec } from '@hearth/tools';
import { launchChromium } from '../support/chromium.ts';
import { modelCacheDir, tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

// Hearth's own WebAssembly llama.cpp (native/llama-wasm) in a Worker, in real Chromium, on a
// cross-origin isolated page from the real gateway. Greedy token ids must equal node-llama-cpp's:
// the tiny model's logits are far apart enough that kernels differing only in float summation
// order pick the same argmax (ENVIRONMENT.md), so any mismatch means a real kernel bug.

const PROMPT = 'The letter began plainly, and then it said';
const request = (text: string, extra: Partial<GenerateRequest> = {}): Omit<GenerateRequest, 'signal'> => ({
  prompt: { type: 'text', text },
  temperature: 0,
  includeTokenIds: true,
  ...extra,
});

let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const models: Record<'q8_0' | 'q4_0', { path: string; url: string; sha256: string }> = {} as never;
// node-llama-cpp with llama-wasm's default graph (F32 KV cache, flash attention off), and with its own
// default (F16, flash attention auto) for llama-wasm's `kvCache: 'f16'`.
const native: Record<'q8_0' | 'q4_0', GenerateResult> = {} as never;
const nativeF16: Record<'q8_0' | 'q4_0', GenerateResult> = {} as never;

async function buildHarness(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'hearth-llama-wasm-harness-'));
  await build({
    root: fileURLToPath(new URL('./llama-wasm-harness/', import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  return outDir;
}

async function nativeGreedy(path: string, text: string, maxTokens: number, kvCache: 'f16' | 'f32' = 'f32'): Promise<GenerateResult> {
  const engine = new NodeLlamaCppEngine({ parallelSequences: 1, kvCache });
  await engine.load({ source: { type: 'path', path }, contextSize: 4096, threads: 2 });
  try {
    return await engine.doGenerate(request(text, { maxTokens }));
  } finally {
    await engine.unload();
  }
}

async function load(p: Page, type: 'q8_0' | 'q4_0', extra: { contextSize?: number; sha256?: string } = {}) {
  const model = models[type];
  return p.evaluate(([source, contextSize]) => window.llamaWasm.load({ source, threads: 2, contextSize }), [
    { type: 'url' as const, url: model.url, sha256: extra.sha256 ?? model.sha256 },
    extra.contextSize ?? 4096,
  ] as const);
}

type GenReq = Omit<GenerateRequest, 'signal'>;
type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedHearthError; isHearthError: boolean };
// Requests cross as JSON text: tsc gives up ("excessively deep") on Playwright's argument
// unboxing of the request type. Same values, since the page gets a structured clone anyway.
const generate = (p: Page, r: GenReq): Promise<Outcome<GenerateResult>> =>
  p.evaluate((json) => window.llamaWasm.generate(JSON.parse(json) as GenReq), JSON.stringify(r));
const stream = (p: Page, r: GenReq, abortAfterDeltas?: number): Promise<Outcome<StreamPart[]>> =>
  p.evaluate(([json, n]) => window.llamaWasm.stream(JSON.parse(json) as GenReq, n < 0 ? undefined : n), [JSON.stringify(r), abortAfterDeltas ?? -1] as const);

const start = (p: Page, config: LlamaWasmEngineConfig = {}): Promise<void> => p.evaluate((c) => window.llamaWasm.start(c), config);
const loadUrl = (p: Page, url: string): Promise<Outcome<ModelInfo>> => p.evaluate((u) => window.llamaWasm.load({ source: { type: 'url', url: u } }), url);
const unload = (p: Page): Promise<Outcome<void>> => p.evaluate(() => window.llamaWasm.unload());
const benchmark = (p: Page, r: LlamaWasmBenchmarkRequest): Promise<Outcome<LlamaWasmBenchmarkResult>> =>
  p.evaluate((req) => window.llamaWasm.benchmark(req), r);

function value<T>(outcome: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}

beforeAll(async () => {
  const q4Path = await ensureModel(tinyModelSpec({ type: 'q4_0' }), { cacheDir: modelCacheDir });
  const paths = { q8_0: await tinyModelPath(), q4_0: q4Path };
  const webRoot = await buildHarness();
  gateway = await startRecordingGateway({
    models: [
      { id: 'tiny', paths: [paths.q8_0] },
      { id: 'tiny-q4', paths: [paths.q4_0] },
    ],
    webRoot,
  });
  for (const [type, id] of [
    ['q8_0', 'tiny'],
    ['q4_0', 'tiny-q4'],
  ] as const) {
    const manifest = (await (await fetch(`${gateway.url}/models/${id}/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
    const file = manifest.files[0]!;
    models[type] = { path: paths[type], url: `${gateway.url}/models/${id}/${file.name}`, sha256: file.sha256 };
    native[type] = await nativeGreedy(paths[type], PROMPT, 48);
    nativeF16[type] = await nativeGreedy(paths[type], PROMPT, 48, 'f16');
  }
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${gateway.url}/index.html`);
  await page.waitForFunction(() => 'llamaWasm' in window);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe('llama-wasm in a Worker, in real Chromium', () => {
  it('runs cross-origin isolated, with SIMD, relaxed SIMD and threads detected', async () => {
    expect(await page.evaluate(() => window.llamaWasm.crossOriginIsolated())).toBe(true);
    expect(await page.evaluate(() => window.llamaWasm.features())).toEqual({ simd: true, relaxedSimd: true, threads: true });
  });

  // Both module variants, both quantizations: the relaxed kernels replace exactly the Q4_0 and
  // Q8_0 dot products, and quantize-q8-0.c replaces the activation quantizer in both.
  for (const variant of ['relaxed', 'simd'] as const) {
    for (const type of ['q8_0', 'q4_0'] as const) {
      it(`${variant} variant, ${type}: the same greedy token ids as node-llama-cpp`, async () => {
        await start(page, { variant });
        // The F32 cache took the memory mapped while the weights loaded (fresh-memory.c): the
        // header's shape predicted its size, and the tokens below show it read as zeros.
        expect(value(await load(page, type))).toMatchObject({
          architecture: 'llama',
          contextSize: 4096,
          vocabSize: 512,
          kvCache: { type: 'f32', mappedDuringLoad: true },
        });
        const inBrowser = value(await generate(page, request(PROMPT, { maxTokens: 48 })));
        expect(native[type].tokenIds.length).toBe(48);
        expect(inBrowser.tokenIds).toEqual(native[type].tokenIds);
        expect(inBrowser.text).toBe(native[type].text);
        expect(inBrowser.finishReason).toBe('length');
        expect(inBrowser.usage).toMatchObject({ promptTokens: native[type].usage.promptTokens, completionTokens: 48, threads: 2 });
      });
    }
  }

  // The default KV cache is F32 with flash attention off (for a cache up to 1 GiB), compared above
  // with node-llama-cpp running the same graph. With `kvCache: 'f16'` llama-wasm runs
  // node-llama-cpp's default graph (F16, flash attention) and matches that token for token. The
  // two graphs round differently (F16 K/V and accumulators vs F32), and on this random-weight
  // model that flips a near-tie within a few tokens: which is why each is compared with its own.
  for (const type of ['q8_0', 'q4_0'] as const) {
    it(`KV cache f16 with flash attention, ${type}: the same greedy token ids as node-llama-cpp's default`, async () => {
      await start(page, { kvCache: 'f16' });
      expect(value(await load(page, type))).toMatchObject({ kvCache: { type: 'f16', mappedDuringLoad: false } });
      const inBrowser = value(await generate(page, request(PROMPT, { maxTokens: 48 })));
      expect(inBrowser.tokenIds).toEqual(nativeF16[type].tokenIds);
    });
  }
  it('a context size llama.cpp pads (1,000 tokens to 1,024) still gets the memory mapped during the load', async () => {
    await start(page);
    expect(value(await load(page, 'q4_0', { contextSize: 1000 }))).toMatchObject({ contextSize: 1024, kvCache: { type: 'f32', mappedDuringLoad: true } });
    const inBrowser = value(await generate(page, request(PROMPT, { maxTokens: 48 })));
    expect(inBrowser.tokenIds).toEqual(native.q4_0.tokenIds);
  });

  it('the two native graphs really differ on this model (so the comparisons above are not vacuous)', () => {
    expect(nativeF16.q4_0.tokenIds).not.toEqual(native.q4_0.tokenIds);
  });

  it('a later engine in the page fetches and compiles no wasm: the page compiled the module once and posts it to each engine Worker', async () => {
    const wasmRequests = (): number => gateway.requests.filter((r) => /\/hearth-llama-(relaxed|simd)-[\w-]+\.wasm$/.test(new URL(r.url).pathname)).length;
    await start(page);
    value(await load(page, 'q8_0'));
    const fetched = wasmRequests();
    expect(fetched).toBeGreaterThan(0);
    await start(page);
    value(await load(page, 'q8_0'));
    const inBrowser = value(await generate(page, request(PROMPT, { maxTokens: 48 })));
    expect(inBrowser.tokenIds).toEqual(native.q8_0.tokenIds);
    expect(wasmRequests()).toBe(fetched);
  });

  describe('one engine (default variant, Q8_0)', () => {
    beforeAll(async () => {
      await start(page);
      value(await load(page, 'q8_0'));
    });

    it('streams text deltas carrying token ids, then one finish', async () => {
      const parts = value(await stream(page, request(PROMPT, { maxTokens: 24 })));
      const deltas = parts.filter((p): p is Extract<StreamPart, { type: 'text-delta' }> => p.type === 'text-delta');
      expect(deltas.length).toBeGreaterThan(5);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length', usage: { completionTokens: 24 } });
      expect(parts.filter((p) => p.type === 'finish' || p.type === 'error')).toHaveLength(1);
      expect(deltas.flatMap((d) => d.tokenIds ?? [])).toEqual(native.q8_0.tokenIds.slice(0, 24));
      expect(deltas.map((d) => d.text).join('')).toBe(value(await generate(page, request(PROMPT, { maxTokens: 24 }))).text);
    });

    it('stops at a stop sequence without emitting it', async () => {
      const full = native.q8_0.text;
      const stop = full.slice(12, 15);
      const cut = full.indexOf(stop);
      expect(cut).toBeGreaterThan(0);
      const result = value(await generate(page, request(PROMPT, { maxTokens: 48, stop: [stop] })));
      expect(result.text).toBe(full.slice(0, cut));
      expect(result.finishReason).toBe('stop');
    });

    it('honours maxTokens, including 0', async () => {
      const five = value(await generate(page, request(PROMPT, { maxTokens: 5 })));
      expect(five).toMatchObject({ finishReason: 'length', tokenIds: native.q8_0.tokenIds.slice(0, 5), usage: { completionTokens: 5 } });
      // maxTokens 0 is refused, as every engine refuses it (validateGenerateRequest).
      expect(await generate(page, request(PROMPT, { maxTokens: 0 }))).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', data: { param: 'maxTokens' } },
      });
    });

    it('aborts mid-stream with an AbortError part, and the engine is usable after', async () => {
      const parts = value(await stream(page, request(PROMPT, { maxTokens: 1500 }), 1));
      const last = parts.at(-1);
      expect(last).toMatchObject({ type: 'error', error: { name: 'AbortError', code: 'aborted' } });
      expect(parts.filter((p) => p.type === 'text-delta').length).toBeLessThan(1500);
      expect(value(await generate(page, request(PROMPT, { maxTokens: 48 }))).tokenIds).toEqual(native.q8_0.tokenIds);
    });

    it('answers bad input with typed errors and stays usable', async () => {
      expect(await generate(page, request('', { maxTokens: 4 }))).toMatchObject({ ok: false, isHearthError: true, error: { code: 'invalid_request' } });
      expect(await generate(page, request(PROMPT, { maxTokens: -1 }))).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await generate(page, request(PROMPT, { topP: 2 }))).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(await generate(page, request(PROMPT, { maxTokens: 4, engineOptions: { 'llama-wasm': { grammar: 'root ::= (' } } }))).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
      // Two constraints on one output: refused, not one of them silently dropped.
      expect(
        await generate(
          page,
          request(PROMPT, { maxTokens: 4, engineOptions: { 'llama-wasm': { grammar: 'root ::= "yes"' } }, responseFormat: { type: 'json_object' } }),
        ),
      ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(value(await generate(page, request(PROMPT, { maxTokens: 48 }))).tokenIds).toEqual(native.q8_0.tokenIds);
    });

    it('reports a prompt longer than the context as context_full', async () => {
      value(await load(page, 'q8_0', { contextSize: 256 }));
      const long = 'many words here, '.repeat(120);
      expect(await generate(page, request(long, { maxTokens: 4 }))).toMatchObject({ ok: false, error: { code: 'context_full', data: { contextSize: 256 } } });
      expect(value(await generate(page, request(PROMPT, { maxTokens: 8 }))).tokenIds).toEqual(native.q8_0.tokenIds.slice(0, 8));
    });

    it('reports a file that is not a GGUF as invalid_model, and loads a real one after', async () => {
      // A JSON file where the Worker may fetch (its CSP allows model files, not the page's HTML).
      const notGguf = await loadUrl(page, `${gateway.url}/models/tiny/manifest.json`);
      expect(notGguf).toMatchObject({ ok: false, isHearthError: true, error: { code: 'invalid_model' } });
      expect(await generate(page, request(PROMPT, { maxTokens: 4 }))).toMatchObject({ ok: false, error: { code: 'model_not_loaded' } });
      expect(await load(page, 'q8_0', { sha256: '0'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'integrity_mismatch' } });
      value(await load(page, 'q8_0'));
      expect(value(await generate(page, request(PROMPT, { maxTokens: 48 }))).tokenIds).toEqual(native.q8_0.tokenIds);
    });

    it('constrains output with a GBNF grammar', async () => {
      const result = value(await generate(page, request(PROMPT, { maxTokens: 12, engineOptions: { 'llama-wasm': { grammar: 'root ::= "yes" | "no"' } } })));
      expect(['yes', 'no']).toContain(result.text);
      expect(result.finishReason).toBe('stop');
    });

    it('unloads: generation then fails with model_not_loaded until the next load', async () => {
      value(await unload(page));
      expect(await generate(page, request(PROMPT, { maxTokens: 4 }))).toMatchObject({ ok: false, error: { code: 'model_not_loaded' } });
      value(await load(page, 'q8_0'));
      expect(value(await generate(page, request(PROMPT, { maxTokens: 4 }))).tokenIds).toEqual(native.q8_0.tokenIds.slice(0, 4));
    });

    it('runs its kernel micro-benchmark on request', async () => {
      const result = value(await benchmark(page, { type: 'q4_0', rows: 1024, cols: 1024, reps: 3 }));
      expect(result).toMatchObject({ variant: 'relaxed', type: 'q4_0', threads: 2 });
      expect(result.msPerMatvec).toBeGreaterThan(0);
      expect(result.weightGigabytesPerSecond).toBeGreaterThan(0);
    });
  });
});
