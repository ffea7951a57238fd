import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LoadRequest, ModelInfo } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { CONFORMANCE_CONTEXT, defineEngineConformance, type ConformanceTarget, nodeReference, type Reference } from '@hearth/sdk/test';
import { tinyModelPath } from '../support/models.ts';
import { pageConformanceTarget } from '../support/page-conformance-target.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

let reference: Reference;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
const browsers: Array<Awaited<ReturnType<typeof launchChromium>>> = [];
const pages: Record<'wasm' | 'webgpu', Page | undefined> = { wasm: undefined, webgpu: undefined };
let loadRequest: (gpu: boolean) => Omit<LoadRequest, 'signal'>;
const loadedOn: Record<'wasm' | 'webgpu', ModelInfo | undefined> = { wasm: undefined, webgpu: undefined };
let webgpuLoad: { ok: boolean; error?: unknown } | undefined;

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  reference = await nodeReference(modelPath);
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness(), pageCsp: false });
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
    pages[kind] = page;
    if (kind === 'webgpu') {
      webgpuLoad = loaded;
      continue;
    }
    if (!loaded.ok) throw new Error(`${kind}: load failed: ${JSON.stringify(loaded.error)}`);
    loadedOn[kind] = loaded.value;
  }
});

afterAll(async () => {
  for (const b of browsers) await b.close();
  await gateway?.close();
});

function target(kind: 'wasm' | 'webgpu'): ConformanceTarget {
  return pageConformanceTarget(
    () => pages[kind]!,
    () => loadRequest(kind === 'webgpu'),
  );
}

describe('wllama targets run where they say', () => {
  it('the WebAssembly target keeps every layer on the CPU', () => {
    expect(loadedOn.wasm).toMatchObject({ device: 'cpu', gpuLayers: 0 });
  });
  it('the WebGPU target is refused, with its reason, on an adapter without shader-f16 (SwiftShader here)', () => {
    // Not a silent CPU fallback: the caller asked for the GPU and is told why it cannot have it.
    expect(webgpuLoad).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', message: expect.stringContaining('shader-f16'), data: { missing: ['shader-f16'] } },
    });
  });
});

defineEngineConformance('wllama, WebAssembly on the CPU, in a Worker (Chromium)', { reference: () => reference, target: () => target('wasm') });
// wllama 3.8.1's ggml-webgpu registers a device only when the adapter has shader-f16, and
// SwiftShader (the only WebGPU adapter on this GPU-less machine) has not. Getting past that means
// patching wllama's generated glue and stripping `enable f16;` from its WGSL, which Hearth does
// not ship. On a GPU with shader-f16 the same target runs these cases unchanged.
const NO_F16 = "this machine's only WebGPU adapter (SwiftShader) lacks shader-f16, which wllama 3.8.1's WebGPU backend requires";
defineEngineConformance('wllama, WebGPU (SwiftShader), in a Worker (Chromium)', {
  reference: () => reference,
  target: () => target('webgpu'),
  skip: { greedy: NO_F16, streaming: NO_F16, stop: NO_F16, 'max-tokens': NO_F16, abort: NO_F16, 'bad-input': NO_F16, usage: NO_F16, unload: NO_F16 },
});
