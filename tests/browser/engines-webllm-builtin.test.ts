import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { defineEngineConformance } from '@hearth/sdk/test';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
const browsers: Array<Awaited<ReturnType<typeof launchChromium>>> = [];
let withGpu: Page;
let withoutGpu: Page;

beforeAll(async () => {
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [await tinyModelPath()] }], webRoot: await buildHarness('engines-harness') });
  for (const webgpu of [true, false]) {
    const browser = await launchChromium({ webgpu });
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => 'engines' in window);
    if (webgpu) withGpu = page;
    else withoutGpu = page;
  }
});
afterAll(async () => {
  for (const b of browsers) await b.close();
  await gateway?.close();
});

const build = (extra: object = {}) => ({
  id: 'Hearth-Test-q4f32_1-MLC',
  weightsUrl: `${gateway.url}/mlc/Hearth-Test-q4f32_1-MLC/`,
  libraryUrl: `${gateway.url}/mlc/Hearth-Test-webgpu.wasm`,
  ...extra,
});

// Where these tests stop: no MLC-compiled model library can be made on this machine (it needs
// the MLC/TVM toolchain and a network), so WebLLM is exercised up to the model fetch.
describe('WebLLM adapter, as far as it goes here', () => {
  it('refuses without WebGPU, before fetching anything', async () => {
    const before = gateway.requests.length;
    expect(await withoutGpu.evaluate((b) => window.engines.webllmLoad(b), build())).toMatchObject({
      ok: false,
      isHearthError: true,
      error: { code: 'engine_unavailable', message: expect.stringContaining('WebGPU') },
    });
    expect(gateway.requests.length).toBe(before);
  });
  it('refuses a build that needs shader-f16 on an adapter without it, before fetching anything', async () => {
    const before = gateway.requests.length;
    expect(await withGpu.evaluate((b) => window.engines.webllmLoad(b), build({ requiredFeatures: ['shader-f16'] }))).toMatchObject({
      ok: false,
      error: { code: 'engine_unavailable', data: { missing: ['shader-f16'] } },
    });
    expect(gateway.requests.length).toBe(before);
  });
  it('loads WebLLM itself, reaches for the model on the app’s server, and reports the missing model as a typed error', async () => {
    const result = await withGpu.evaluate((b) => window.engines.webllmLoad(b), build());
    expect(result).toMatchObject({ ok: false, isHearthError: true });
    expect(['model_not_found', 'network']).toContain((result as { error: { code: string } }).error.code);
    // It asked the gateway (not a CDN) for the model's files: that is where this test stops.
    expect(gateway.requests.some((r) => r.url.includes('/mlc/Hearth-Test-q4f32_1-MLC/'))).toBe(true);
  });
});

describe('browser built-in model adapter', () => {
  it("maps Chromium's availability to Hearth's states and refuses to load with the reason", async () => {
    expect(await withGpu.evaluate(() => window.engines.builtinAvailability())).toBe('unavailable');
    expect(await withGpu.evaluate(() => window.engines.builtinLoad())).toMatchObject({
      ok: false,
      isHearthError: true,
      error: { code: 'engine_unavailable', data: { availability: 'unavailable' } },
    });
  });
});

const NO_MLC = 'no MLC-compiled model library can be built on this machine (needs the MLC/TVM toolchain and a network)';
const NO_BUILTIN = "Chromium here reports LanguageModel.availability() = 'unavailable' (no built-in model on this machine)";
const all = (reason: string) => ({
  greedy: reason,
  streaming: reason,
  stop: reason,
  'max-tokens': reason,
  abort: reason,
  'bad-input': reason,
  usage: reason,
  unload: reason,
});
const unreachable = (): never => {
  throw new Error('skipped cases never build a target');
};
defineEngineConformance('WebLLM (MLC, WebGPU)', { reference: unreachable, target: unreachable, skip: all(NO_MLC) });
defineEngineConformance('browser built-in LanguageModel', { reference: unreachable, target: unreachable, skip: all(NO_BUILTIN) });
