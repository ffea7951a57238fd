import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LoadRequest, ModelInfo } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { CONFORMANCE_CONTEXT, defineEngineConformance, type ConformanceTarget, nodeReference, type Reference } from '@hearth/sdk/test';
import { tinyModelPath } from '../support/models.ts';
import { pageConformanceTarget } from '../support/page-conformance-target.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

// Hearth's own WebAssembly llama.cpp (native/llama-wasm) through the one conformance suite, in a
// Worker, in real Chromium, on the cross-origin isolated page the gateway serves. Both module
// variants: relaxed SIMD (what Chromium picks) and plain SIMD (the fallback for browsers without
// relaxed SIMD), each held to node-llama-cpp's greedy token ids. llama-wasm's default KV cache is
// F32 with flash attention off (wasm has no F16 conversion instruction), so the reference is
// node-llama-cpp running that graph; a third target runs llama.cpp's default graph (F16 cache,
// flash attention) against node-llama-cpp's default.

type Variant = 'llama-wasm' | 'llama-wasm-simd' | 'llama-wasm-f16';
const VARIANTS = ['llama-wasm', 'llama-wasm-simd', 'llama-wasm-f16'] as const;
let reference: Reference;
let referenceF16: Reference;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const pages: Partial<Record<Variant, Page>> = {};
const loadedOn: Partial<Record<Variant, ModelInfo>> = {};
let loadRequest: Omit<LoadRequest, 'signal'>;

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  reference = await nodeReference(modelPath, { kvCache: 'f32' });
  referenceF16 = await nodeReference(modelPath, { kvCache: 'f16' });
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness() });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  loadRequest = { source: { type: 'url', url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 }, contextSize: CONFORMANCE_CONTEXT, threads: 2 };
  browser = await launchChromium();
  for (const variant of VARIANTS) {
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => 'harness' in window);
    await page.evaluate((v) => (v === 'llama-wasm-f16' ? window.harness.use('llama-wasm', { kvCache: 'f16' }) : window.harness.use(v)), variant);
    const loaded = await page.evaluate((r) => window.harness.load(r), loadRequest);
    if (!loaded.ok) throw new Error(`${variant}: load failed: ${JSON.stringify(loaded.error)}`);
    pages[variant] = page;
    loadedOn[variant] = loaded.value;
  }
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

function target(variant: Variant): ConformanceTarget {
  return pageConformanceTarget(
    () => pages[variant]!,
    () => loadRequest,
  );
}

describe('llama-wasm targets', () => {
  it('both pages are cross-origin isolated, and each variant ran the model on the CPU', async () => {
    for (const variant of VARIANTS) {
      expect(await pages[variant]!.evaluate(() => window.harness.crossOriginIsolated())).toBe(true);
      expect(loadedOn[variant]).toMatchObject({ device: 'cpu', contextSize: CONFORMANCE_CONTEXT });
    }
  });
});

defineEngineConformance('llama-wasm, relaxed-SIMD module, in a Worker (Chromium)', { reference: () => reference, target: () => target('llama-wasm') });
defineEngineConformance('llama-wasm, plain-SIMD module, in a Worker (Chromium)', { reference: () => reference, target: () => target('llama-wasm-simd') });
defineEngineConformance("llama-wasm, relaxed-SIMD module, F16 KV cache with flash attention (node-llama-cpp's default graph), in a Worker (Chromium)", {
  reference: () => referenceF16,
  target: () => target('llama-wasm-f16'),
});
