import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { benchModelSpec, ensureModel } from '@hearth/tools';
import { parseGatewayConfig } from '@hearth/server';
import type { ModelManifest } from '@hearth/spec';
import { launchChromium } from '../support/chromium.ts';
import { modelCacheDir } from '../support/models.ts';
import { buildHubPage, buildStoreHarness } from '../support/store-build-pages.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';
import { startStaticServer } from '../support/store-static-server.ts';

// Three apps on three loopback ports (one site: `localhost`), the gateway with the hub on a fourth.
// A and B are on the hub's allow-list, C is not. `a.localhost` (allowed too) is another site than
// `localhost`, where the hub lives: Chromium partitions (denies) the hub's storage there.
let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let apps: Array<Awaited<ReturnType<typeof startStaticServer>>> = [];
let browser: Awaited<ReturnType<typeof launchChromium>>;
let manifest: ModelManifest;
let hubUrl: string;
let manifestUrl: string;
const origin = (host: string, port: number) => `http://${host}:${port}`;

beforeAll(async () => {
  const benchPath = await ensureModel(benchModelSpec({ type: 'q4_0' }), { cacheDir: modelCacheDir });
  const harness = await buildStoreHarness();
  apps = [await startStaticServer(harness), await startStaticServer(harness), await startStaticServer(harness)];
  const [a, b] = apps;
  const crossSite = origin('a.localhost', a!.port);
  gateway = await startCountingGateway([{ id: 'bench', paths: [benchPath] }], {
    hub: { root: await buildHubPage(), allowedOrigins: [origin('localhost', a!.port), origin('localhost', b!.port), crossSite] },
    // The cross-site app falls back to fetching the model itself: the gateway must allow it (CORS).
    config: parseGatewayConfig({ corsOrigins: [crossSite] }),
  });
  hubUrl = `${origin('localhost', gateway.port)}/hub/`;
  manifestUrl = `${origin('localhost', gateway.port)}/models/bench/manifest.json`;
  manifest = (await (await fetch(`${gateway.url}/models/bench/manifest.json`)).json()) as ModelManifest;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  for (const app of apps) await app.close();
});

async function openApp(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${url}/index.html`);
  await page.waitForFunction(() => 'storeHarness' in window);
  return page;
}

describe('the model hub: one download shared by the allowed origins of a site', () => {
  it('app A downloads through the hub; app B (another origin, same site) gets the same verified file without a byte fetched', async () => {
    const file = manifest.files[0]!;
    const pageA = await openApp(origin('localhost', apps[0]!.port));
    expect(await pageA.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl)).toEqual({
      ok: true,
      value: { shared: true, storage: 'opfs', reason: null },
    });
    gateway.reset();
    const fromA = await pageA.evaluate((u) => window.storeHarness.hubEnsure(u), manifestUrl);
    expect(fromA).toMatchObject({
      ok: true,
      value: { shared: true, files: [{ sha256: file.sha256, size: file.size, blobSize: file.size, receivedSha256: file.sha256 }] },
    });
    const servedForA = gateway.state.modelBodyBytes;
    expect(servedForA).toBeGreaterThanOrEqual(file.size);

    const pageB = await openApp(origin('localhost', apps[1]!.port));
    expect(await pageB.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl)).toMatchObject({ ok: true, value: { shared: true } });
    gateway.reset();
    const fromB = await pageB.evaluate((u) => window.storeHarness.hubEnsure(u), manifestUrl);
    // B hashed the Blob it received itself: the hub's copy, verified, and nothing was downloaded again.
    expect(fromB).toMatchObject({ ok: true, value: { shared: true, files: [{ sha256: file.sha256, blobSize: file.size, receivedSha256: file.sha256 }] } });
    expect(gateway.fileRequests()).toEqual([]);
    expect(gateway.state.modelBodyBytes).toBe(0);
    // B's own storage stayed empty: the bytes live once, in the hub's.
    const ownB = await pageB.evaluate(() => window.storeHarness.list());
    expect(ownB).toEqual({ ok: true, value: [] });
    console.log(
      `[store-hub] A fetched ${(servedForA / 1e6).toFixed(1)} MB through the hub; B fetched 0 bytes for the same ${(file.size / 1e6).toFixed(1)} MB file`,
    );
    await pageA.close();
    await pageB.close();
  });

  it('a hub whose store Worker script fails to load starts it again; failing every time, the page falls back to its own store and says why', async () => {
    // Chromium fails the Worker script's request (Playwright's routing at the browser's network
    // layer), as a network cut while the hub loads would. Before, the hub handed the connection to
    // the dead Worker and the page waited for its 20 s timeout.
    const worker = '**/hub-store-worker-*.js';
    let aborted = 0;
    await browser.context.route(worker, (route) => (aborted++, route.abort('connectionreset')), { times: 1 });
    const once = await openApp(origin('localhost', apps[1]!.port));
    expect(await once.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl)).toEqual({ ok: true, value: { shared: true, storage: 'opfs', reason: null } });
    // The route did fail the first start: the connection came from the second.
    expect(aborted).toBe(1);
    await once.close();
    await browser.context.route(worker, (route) => (aborted++, route.abort('connectionreset')));
    try {
      const always = await openApp(origin('localhost', apps[1]!.port));
      const r = await always.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl);
      expect(r).toMatchObject({ ok: true, value: { shared: false, storage: 'local' } });
      expect(aborted).toBeGreaterThanOrEqual(3);
      if (r.ok)
        expect(r.value.reason).toMatch(
          /could not start its store \(The model hub's store Worker failed to start twice in a row: its script did not load or run/,
        );
      await always.close();
    } finally {
      await browser.context.unroute(worker);
    }
  });

  it('an origin not on the allow-list is refused with a typed forbidden error', async () => {
    const pageC = await openApp(origin('localhost', apps[2]!.port));
    const refused = await pageC.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl);
    expect(refused).toMatchObject({ ok: false, error: { name: 'HearthError', code: 'forbidden', data: { origin: origin('localhost', apps[2]!.port) } } });
    await pageC.close();
  });

  it('across sites the hub cannot share (partitioned storage): the SDK falls back to a per-site download and says so', async () => {
    const file = manifest.files[0]!;
    const page = await openApp(origin('a.localhost', apps[0]!.port));
    const connected = await page.evaluate((u) => window.storeHarness.hubConnect(u), hubUrl);
    expect(connected).toMatchObject({ ok: true, value: { shared: false, storage: 'local' } });
    if (!connected.ok) throw new Error('unreachable');
    expect(connected.value.reason).toMatch(/another site.*partition/);
    expect(connected.value.reason).toMatch(/SecurityError/);
    gateway.reset();
    const result = await page.evaluate((u) => window.storeHarness.hubEnsure(u), manifestUrl);
    expect(result).toMatchObject({ ok: true, value: { shared: false, files: [{ sha256: file.sha256, receivedSha256: file.sha256 }] } });
    // Downloaded again, by this site, from its own origin.
    expect(gateway.state.modelBodyBytes).toBeGreaterThanOrEqual(file.size);
    expect(gateway.fileRequests().every((r) => r.origin === origin('a.localhost', apps[0]!.port))).toBe(true);
    await page.close();
  });
});
