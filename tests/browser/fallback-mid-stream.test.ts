import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, StreamPart } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { startGateway, type RunningGateway } from '@hearth/server';
import { buildHarness } from '../support/build-harness.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';

let gateway: RunningGateway;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let modelPath: string;

beforeAll(async () => {
  modelPath = await tinyModelPath();
  // The real gateway: it serves the page and the model file, and is the self-hosted route.
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startGateway({
    port: 0,
    models: [{ id: 'tiny', paths: [modelPath] }],
    logger: captureLogger().logger,
    webRoot: await buildHarness(),
    threads: 1,
    pageCsp: false,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe('fallback during a request', () => {
  it('kills the worker mid-stream; the app still gets one complete answer, finished by the gateway, with the handover in the parts', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => 'fallbackRun' in window);
    const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
    const file = manifest.files[0]!;
    const load = { source: { type: 'url', url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 }, threads: 1 };
    const request: Omit<GenerateRequest, 'signal'> = { prompt: { type: 'text', text: 'The quarterly report, in short, says' }, maxTokens: 40, temperature: 0 };

    const json = await page.evaluate(
      ([l, r]) => (window as unknown as { fallbackRun(l: string, r: string, k: number, m: string): Promise<string> }).fallbackRun(l, r, 10, 'tiny'),
      [JSON.stringify(load), JSON.stringify(request)] as const,
    );
    const parts = JSON.parse(json) as StreamPart[];

    const switches = parts.filter((p) => p.type === 'route-switch');
    expect(switches).toEqual([
      expect.objectContaining({ from: 'device (wllama)', to: 'self-hosted gateway', reason: expect.objectContaining({ code: 'engine_crashed' }) }),
    ]);
    const at = parts.findIndex((p) => p.type === 'route-switch');
    const before = parts.slice(0, at).filter((p) => p.type === 'text-delta');
    const after = parts.slice(at + 1).filter((p) => p.type === 'text-delta');
    expect(before.length).toBeGreaterThanOrEqual(10);
    expect(after.length).toBeGreaterThan(0);
    const end = parts[parts.length - 1];
    expect(end).toMatchObject({ type: 'finish', finishReason: 'length', usage: { completionTokens: 40 } });
    expect(parts.filter((p) => p.type === 'error')).toEqual([]);

    // One answer, not two: what the device wrote is continued, and the whole equals what one
    // engine writes alone (greedy, same model).
    const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
    await native.load({ source: { type: 'path', path: modelPath }, threads: 1 });
    const alone = await native.doGenerate(request);
    await native.unload();
    expect(text).toBe(alone.text);
  });
});
