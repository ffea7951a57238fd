import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LoadRequest, ModelInfo } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import type { PlainRequest } from '../support/conformance-drivers.ts';
import { CONFORMANCE_CONTEXT, defineEngineConformance, type ConformanceTarget } from '../support/engine-conformance.ts';
import { tinyModelPath } from '../support/models.ts';
import { nodeReference, type Reference } from '../support/node-reference.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

let reference: Reference;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
const browsers: Array<Awaited<ReturnType<typeof launchChromium>>> = [];
const pages: Record<'wasm' | 'webgpu', Page | undefined> = { wasm: undefined, webgpu: undefined };
let loadRequest: (gpu: boolean) => Omit<LoadRequest, 'signal'>;
const loadedOn: Record<'wasm' | 'webgpu', ModelInfo | undefined> = { wasm: undefined, webgpu: undefined };

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  reference = await nodeReference(modelPath);
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness() });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  loadRequest = (gpu) => ({
    source: { type: 'url', url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 },
    contextSize: CONFORMANCE_CONTEXT,
    threads: 2,
    // All layers on the GPU for the WebGPU target (SwiftShader here: f32, slow, but real WebGPU).
    gpuLayers: gpu ? 99 : 0,
  });
  for (const kind of ['wasm', 'webgpu'] as const) {
    const browser = await launchChromium({ webgpu: kind === 'webgpu' });
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => 'harness' in window);
    const loaded = await page.evaluate((r) => window.harness.load(r), loadRequest(kind === 'webgpu'));
    if (!loaded.ok) throw new Error(`${kind}: load failed: ${JSON.stringify(loaded.error)}`);
    loadedOn[kind] = loaded.value;
    pages[kind] = page;
  }
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await gateway?.close();
});

function target(kind: 'wasm' | 'webgpu'): ConformanceTarget {
  const page = (): Page => pages[kind]!;
  return {
    tokenIds: true,
    run: (request) => page().evaluate((r: PlainRequest) => window.harness.run(r), request),
    runAborting: (request, n) => page().evaluate(([r, k]) => window.harness.runAborting(r, k), [request, n] as const),
    unload: () => page().evaluate(() => window.harness.unload()),
    load: async () => {
      const loaded = await page().evaluate((r) => window.harness.load(r), loadRequest(kind === 'webgpu'));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    },
  };
}

describe('wllama targets run where they say', () => {
  it('the WebAssembly target keeps every layer on the CPU', () => {
    expect(loadedOn.wasm).toMatchObject({ device: 'cpu', gpuLayers: 0 });
  });
  it('the WebGPU target places its layers on the WebGPU device', () => {
    expect(loadedOn.webgpu).toMatchObject({ device: 'webgpu', gpuLayers: 3 });
  });
});

defineEngineConformance('wllama, WebAssembly on the CPU, in a Worker (Chromium)', { reference: () => reference, target: () => target('wasm') });
defineEngineConformance('wllama, WebGPU (SwiftShader), in a Worker (Chromium)', { reference: () => reference, target: () => target('webgpu') });
