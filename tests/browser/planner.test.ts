import { open, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeGgufHeader, GGUF_ALIGNMENT, planLlamaGguf, tensorDataSize, tinyModelSpec } from '@hearth/tools';
import { shippedCatalog, type CatalogModelInput } from '@hearth/sdk/planner';
import type { Rejection } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import type { PlanRequest } from './planner-harness/planner-harness.ts';

// The probe and the planner in real Chromium: once as this machine's Chromium comes (no WebGPU
// adapter), once with --enable-unsafe-webgpu (SwiftShader: fallback adapter, no shader-f16, 1 GiB
// buffers). The pages come from the real gateway with COOP/COEP, recorded request by request.

let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let webRoot: string;
// The gateway's own engine for the demo model, so a route to the gateway really answers.
const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
const BIG = 'big-vocab-f16.gguf';

/**
 * A real GGUF header for a model whose token embedding is 32000 x 17408 in F16 (1.04 GiB: more
 * than SwiftShader's 1 GiB binding), followed by a sparse hole as long as its tensor data: the
 * planner reads only the header, by Range, so the weights never need to exist.
 */
async function writeBigHeaderModel(path: string): Promise<void> {
  const spec = tinyModelSpec({
    name: 'big-vocab',
    type: 'f16',
    vocabSize: 32000,
    embeddingLength: 17408,
    headCount: 136,
    headCountKv: 8,
    feedForwardLength: 256,
    blockCount: 1,
    contextLength: 4096,
  });
  const { kv, tensors } = planLlamaGguf(spec);
  const header = encodeGgufHeader(kv, tensors, GGUF_ALIGNMENT);
  const handle = await open(path, 'w');
  await handle.write(header, 0, header.length, 0);
  await handle.close();
  await truncate(path, header.length + tensorDataSize(tensors, GGUF_ALIGNMENT));
}

const bigModel = (): CatalogModelInput => {
  const base = shippedCatalog().models.find((m) => m.id === 'hearth-demo-tiny');
  if (!base) throw new Error('no demo model');
  return {
    ...base,
    id: 'big-vocab-f16',
    name: 'Big-vocabulary F16 test model',
    demo: false,
    contextLength: 4096,
    architecture: {
      ...base.architecture,
      blockCount: 1,
      embeddingLength: 17408,
      headCount: 136,
      headCountKv: 8,
      headDim: 128,
      feedForwardLength: 256,
      vocabSize: 32000,
    },
    // Catalog facts that understate the tensor on purpose: the header read by Range must win.
    variants: [
      {
        id: 'f16',
        quantization: 'F16',
        files: [{ url: `${gateway.url}/${BIG}`, sizeBytes: 2_300_000_000 }],
        sizeBytes: 2_300_000_000,
        largestTensor: { name: 'token_embd.weight', type: 'Q4_0', dims: [17408, 32000], source: 'test: deliberately wrong, the header says F16' },
        source: 'tests/browser/planner.test.ts writes it',
      },
    ],
  };
};

beforeAll(async () => {
  webRoot = await buildHarness('planner-harness');
  const tiny = await tinyModelPath();
  await native.load({ source: { type: 'path', path: tiny }, contextSize: 2048, threads: 1 });
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startRecordingGateway({
    models: [{ id: 'hearth-demo-tiny', paths: [tiny] }],
    webRoot,
    engines: new Map([['hearth-demo-tiny', native]]),
    pageCsp: false,
  });
  await writeBigHeaderModel(join(webRoot, BIG));
});

afterAll(async () => {
  await gateway?.close();
  await native.unload();
});

async function openPage(webgpu: boolean): Promise<{ page: Page; close(): Promise<void> }> {
  const browser = await launchChromium({ webgpu });
  const page = await browser.context.newPage();
  await page.goto(`${gateway.url}/index.html`);
  await page.waitForFunction(() => 'planner' in window);
  return { page, close: () => browser.close() };
}

const probeAndPlan = (page: Page, request: PlanRequest) => page.evaluate((r) => window.planner.probeAndPlan(r), request);

function reasons(rejected: readonly Rejection[], match: (r: Rejection) => boolean): string {
  return rejected
    .filter(match)
    .flatMap((r) => r.reasons.map((x) => x.text))
    .join(' | ');
}

describe('the planner in Chromium without --enable-unsafe-webgpu', () => {
  it('probes no WebGPU adapter and plans a WebAssembly CPU route', async () => {
    const { page, close } = await openPage(false);
    try {
      const first = await probeAndPlan(page, { task: 'proofread', selfHosted: { baseUrl: `${gateway.url}/v1`, model: 'hearth-demo-tiny' } });
      const { profile, outcome } = first;
      expect(profile.crossOriginIsolated).toBe(true);
      expect(profile.webgpu.status === 'no-adapter' || profile.webgpu.status === 'no-api').toBe(true);
      expect(profile.wasm).toMatchObject({ simd: true, threads: true, memory64: true, jspi: true, exceptions: true });
      expect(profile.builtin).toBe('unavailable');
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      expect(outcome.plan.routes[0]).toMatchObject({ where: 'device', engine: 'llama-wasm', backend: 'cpu', threads: profile.hardwareConcurrency });
      expect(outcome.plan.routes.map((r) => r.where)).toContain('self-hosted');
      expect(reasons(outcome.plan.rejected, (r) => r.engine === 'wllama' && r.backend === 'webgpu' && !r.modelId)).toMatch(
        /WebGPU offers no adapter here|no WebGPU/,
      );
      // The demo model, asked for by id, plans too: from its manifest on the gateway.
      const demo = await probeAndPlan(page, { task: 'proofread', models: ['hearth-demo-tiny'] });
      if (!demo.outcome.ok) throw new Error(JSON.stringify(demo.outcome.error));
      expect(demo.outcome.plan.routes[0]).toMatchObject({
        engine: 'llama-wasm',
        modelId: 'hearth-demo-tiny',
        manifestUrl: '/models/hearth-demo-tiny/manifest.json',
      });
      // A second probe on the same device reads the adapter from the cache.
      expect(demo.profile.fromCache).toBe(true);
      console.log(
        `plan_ms (no WebGPU): first ${first.totalMs.toFixed(1)} ms (probe ${first.probeMs.toFixed(1)}, plan ${first.planMs.toFixed(1)}); cached probe ${demo.totalMs.toFixed(1)} ms (probe ${demo.probeMs.toFixed(1)}, plan ${demo.planMs.toFixed(1)})`,
      );
    } finally {
      await close();
    }
  });
});

describe('the micro-benchmark hook', () => {
  it("measures llama-wasm's weight streaming and the plan says its speed was measured", async () => {
    const { page, close } = await openPage(false);
    try {
      // A generous budget: the first run also compiles the 3.8 MB module and starts its threads.
      const { profile, outcome, ms } = await page.evaluate(() => window.planner.probeWithBenchmark(10_000));
      const bench = profile.benchmarks?.find((b) => b.engine === 'llama-wasm');
      expect(bench?.weightGigabytesPerSecond).toBeGreaterThan(0);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      expect(outcome.plan.routes[0]).toMatchObject({ engine: 'llama-wasm', tokensPerSecond: { basis: 'measured' } });
      console.log(
        `benchmark: llama-wasm ${bench?.weightGigabytesPerSecond.toFixed(2)} GB/s of Q4_0 weights on ${bench?.threads} threads (${bench?.ms} ms; probe with benchmark ${ms.toFixed(0)} ms); plan: ${outcome.plan.routes[0]?.reason}`,
      );
    } finally {
      await close();
    }
  });
});

describe('the planner in Chromium with --enable-unsafe-webgpu (SwiftShader)', () => {
  it('rejects a model over the adapter limits for WebGPU, and wllama-WebGPU for missing shader-f16', async () => {
    const { page, close } = await openPage(true);
    try {
      const { profile, outcome, totalMs, probeMs, planMs } = await probeAndPlan(page, {
        task: 'proofread',
        models: ['big-vocab-f16', 'qwen2.5-0.5b-instruct'],
        appModels: [bigModel()],
        headerUrls: { 'big-vocab-f16/f16': [`${gateway.url}/${BIG}`] },
      });
      if (profile.webgpu.status !== 'available') throw new Error(`expected the SwiftShader adapter, got ${JSON.stringify(profile.webgpu)}`);
      expect(profile.webgpu).toMatchObject({
        architecture: 'swiftshader',
        isFallbackAdapter: true,
        limits: { maxBufferSize: 1024 ** 3, maxStorageBufferBindingSize: 1024 ** 3 },
      });
      expect(profile.webgpu.features).not.toContain('shader-f16');
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      const p = outcome.plan;
      expect(reasons(p.rejected, (r) => r.engine === 'wllama' && r.backend === 'webgpu' && r.modelId === 'big-vocab-f16')).toContain(
        'needs 1.04 GiB in one buffer (token_embd.weight) (from the GGUF header); this GPU allows 1 GiB',
      );
      const engineWide = reasons(p.rejected, (r) => r.engine === 'wllama' && r.backend === 'webgpu' && !r.modelId);
      expect(engineWide).toContain("wllama 3.8's WebGPU backend needs shader-f16, and google swiftshader lacks it");
      expect(engineWide).toContain('the only WebGPU adapter is a software one');
      expect(p.routes[0]).toMatchObject({ engine: 'llama-wasm', backend: 'cpu' });
      console.log(
        `plan_ms (SwiftShader, with a header read by Range): ${totalMs.toFixed(1)} ms (probe ${probeMs.toFixed(1)}, header + plan ${planMs.toFixed(1)})`,
      );
      // The header came by Range: a few hundred KB of a 2 GB file.
      const big = gateway.requests.filter((r) => r.url.endsWith(`/${BIG}`));
      expect(big.length).toBeGreaterThan(0);
      for (const r of big) expect(r.headers).toMatch(/"range","bytes=\d+-\d+"/);
    } finally {
      await close();
    }
  });
});

describe('device-only with nothing that fits', () => {
  it('gives a typed error and sends the prompt nowhere', async () => {
    const { page, close } = await openPage(true);
    try {
      const selfHosted = { baseUrl: `${gateway.url}/v1`, model: 'hearth-demo-tiny' };
      // Control: the same task under the default policy goes to the gateway, prompt and all,
      // so the recorder below would see a leak if there were one.
      const control = `control letter ${crypto.randomUUID()}`;
      const sent = await page.evaluate(([prompt, r]) => window.planner.runTask(prompt, r), [
        control,
        { task: 'proofread', models: ['mistral-7b-instruct-v0.3'], selfHosted },
      ] as const);
      expect(sent.ranOn, JSON.stringify(sent.remoteError)).toBe('self-hosted');
      expect(sent.remoteError).toBeUndefined();
      expect(gateway.requests.some((r) => r.body.includes(control))).toBe(true);

      const secret = `private letter ${crypto.randomUUID()}`;
      const before = gateway.requests.length;
      const result = await page.evaluate(([prompt, r]) => window.planner.runTask(prompt, r), [
        secret,
        { task: 'proofread', policy: 'device-only', models: ['mistral-7b-instruct-v0.3'], selfHosted },
      ] as const);
      expect(result.outcome).toMatchObject({ ok: false, isHearthError: true, error: { name: 'HearthError', code: 'no_route' } });
      if (result.outcome.ok) throw new Error('expected no_route');
      const rejected = (result.outcome.error.data?.['rejected'] ?? []) as Rejection[];
      expect(reasons(rejected, (r) => r.engine === 'llama-wasm')).toContain('llama-wasm is wasm32: 4 GiB at most');
      expect(reasons(rejected, (r) => r.where === 'self-hosted')).toContain('the policy "device-only" keeps requests on this device');
      expect(result.ranOn).toBeUndefined();
      const after = gateway.requests.slice(before);
      expect(after.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
      for (const r of gateway.requests) expect(`${r.url} ${r.headers} ${r.body}`).not.toContain(secret);
    } finally {
      await close();
    }
  });
});
