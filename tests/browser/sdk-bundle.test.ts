import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { buildSdkBundle, sdkBundleDir } from '../support/build-sdk-bundle.ts';
import { spawnHearth, type SpawnedHearth } from '../support/spawn-hearth.ts';

// A page with no bundler imports the SDK from the gateway (`/sdk/hearth.js`, served by `hearth
// serve` from packages/sdk/dist-browser, which `npm run build:web` fills; built here the same way),
// and runs the demo model in a Worker the bundle starts, on wasm files beside the bundle.
// (That the SDK still builds for apps that bundle it is the composer's build: it imports '@hearth/sdk'.)
let hearth: SpawnedHearth;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let otherOrigin: Server;
let otherUrl: string;

type PageResult = { error?: string } & Record<string, unknown>;

const waitForResult = (page: Page): Promise<PageResult> =>
  page
    .waitForFunction(() => (window as unknown as { result?: unknown }).result, undefined, { timeout: 240_000 })
    .then((h) => h.jsonValue() as Promise<PageResult>);

/** The page's script: its result (or error) lands in `window.result`. */
const pageHtml = (sdkUrl: string, body: string): string => `<!doctype html><meta charset="utf-8"><title>sdk bundle</title>
<script type="module">
window.addEventListener('error', (e) => (window.result ??= { error: String(e.message) }));
try {
  const sdk = await import(${JSON.stringify(sdkUrl)});
  const { HearthError, plan, probeDevice, shippedCatalog, TASK_NAMES, createLlamaWasmWorkerEngine } = sdk;
  const out = { isolated: crossOriginIsolated, exported: ['createHearth', 'plan', 'probeDevice', 'HearthError', 'createLlamaWasmWorkerEngine'].filter((n) => typeof sdk[n] === 'function') };
  const error = new HearthError({ code: 'not_found', message: 'x' });
  out.hearthError = error instanceof Error && error.code === 'not_found';
  const profile = await probeDevice({ cache: null });
  out.profiled = typeof profile === 'object' && profile !== null;
  const routes = plan({ task: TASK_NAMES[0], profile, catalog: shippedCatalog() });
  out.planned = typeof routes === 'object' && routes !== null;
  ${body}
  window.result = out;
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script>`;

beforeAll(async () => {
  await buildSdkBundle(sdkBundleDir);
  // The demo model by name: npm start's default is Hearth Scribe; this test is about the bundle, not the model.
  hearth = await spawnHearth(['--model', 'hearth-demo-tiny']);
  browser = await launchChromium();
  // Another origin, cross-origin isolated itself, whose page imports the bundle from the gateway.
  otherOrigin = createServer((_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(pageHtml(`${hearth.url}/sdk/hearth.js`, ''));
  });
  await new Promise<void>((resolve) => otherOrigin.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(otherOrigin.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
  await new Promise((resolve) => otherOrigin?.close(resolve));
});

describe('/sdk/hearth.js in a page without a bundler', () => {
  it('imports, probes and plans, and generates with the llama-wasm Worker the bundle starts', async () => {
    const page = await browser.context.newPage();
    const requested: string[] = [];
    browser.context.on('request', (r) => requested.push(r.url()));
    const logs: string[] = [];
    page.on('console', (m) => logs.push(m.text()));
    // A document of the gateway's origin (cross-origin isolated by its headers), given our page.
    await page.goto(`${hearth.url}/healthz`);
    await page.setContent(
      pageHtml(
        '/sdk/hearth.js',
        `const id = 'hearth-demo-tiny';
  const manifest = await (await fetch('/models/' + id + '/manifest.json')).json();
  const base = new URL('/models/' + id + '/', location.href);
  const engine = createLlamaWasmWorkerEngine();
  await engine.load({ source: { type: 'url', url: manifest.files.map((f) => new URL(f.name, base).href), sha256: manifest.files.map((f) => f.sha256) } });
  const generated = await engine.doGenerate({ prompt: { type: 'text', text: 'Hello' }, maxTokens: 4, temperature: 0 });
  out.generated = { tokens: generated.tokenIds.length, completionTokens: generated.usage.completionTokens, finishReason: generated.finishReason };
  await engine.unload();`,
      ),
    );
    const result = await waitForResult(page);
    expect(result, logs.join('\n')).not.toHaveProperty('error');
    expect(result['isolated']).toBe(true);
    expect(result['exported']).toEqual(['createHearth', 'plan', 'probeDevice', 'HearthError', 'createLlamaWasmWorkerEngine']);
    expect(result['hearthError']).toBe(true);
    expect(result['profiled']).toBe(true);
    expect(result['planned']).toBe(true);
    expect(result['generated']).toMatchObject({ tokens: 4, completionTokens: 4, finishReason: 'length' });
    // The Worker and the wasm came from the hashed files beside the bundle.
    const sdk = requested.filter((u) => u.startsWith(`${hearth.url}/sdk/`)).map((u) => new URL(u).pathname);
    expect(sdk).toContain('/sdk/hearth.js');
    expect(
      sdk.some((p) => /^\/sdk\/assets\/llama-wasm-worker-[\w-]{8}\.js$/.test(p)),
      sdk.join(', '),
    ).toBe(true);
    expect(
      sdk.some((p) => /^\/sdk\/assets\/hearth-llama-(simd|relaxed)-[\w-]{8}\.wasm$/.test(p)),
      sdk.join(', '),
    ).toBe(true);
    await page.close();
  });

  it('imports from a page on another origin (CORS and CORP on /sdk/)', async () => {
    const page = await browser.context.newPage();
    await page.goto(otherUrl);
    const result = await waitForResult(page);
    expect(result).not.toHaveProperty('error');
    expect(result['isolated']).toBe(true);
    expect(result['exported']).toEqual(['createHearth', 'plan', 'probeDevice', 'HearthError', 'createLlamaWasmWorkerEngine']);
    expect(result['planned']).toBe(true);
    await page.close();
  });
});
