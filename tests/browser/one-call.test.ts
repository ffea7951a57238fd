import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { benchModelSpec, ensureModel } from '@hearth/tools';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type * as SdkModule from '@hearth/sdk';
import type { CatalogModelInput } from '@hearth/sdk/planner';
import type { EngineV1 } from '@hearth/spec';
import { buildSdkBundle } from '../support/build-sdk-bundle.ts';
import { launchChromium } from '../support/chromium.ts';
import { fixtureCatalogEntry } from '../support/fixture-catalog-entry.ts';
import { modelCacheDir, tinyModelPath } from '../support/models.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';
import { startCuttingProxy } from '../support/store-cutting-proxy.ts';

// The one call, as an app uses it: a plain HTML page imports /sdk/hearth.js from a real gateway
// (which also serves the model files and answers as the self-hosted route), in real Chromium.
// Every byte count is the gateway's own count of model-file body bytes it sent.

const MiB = 1024 * 1024;
/** 64 MiB chunks: a chunk must exceed what loopback TCP buffers hold for "one chunk" to bound a cut (see store-download.test.ts). */
const DOWNLOAD = { chunkSize: 64 * MiB, parallel: 3 };
const pageRoot = fileURLToPath(new URL('./one-call-page/', import.meta.url));

type Sdk = typeof SdkModule;
type PageWindow = Window & { sdk: Sdk; startedWorkers: Array<{ name: string; worker: Worker }>; pageReady: boolean; opfsFiles(): Promise<string[]> };

/** OPFS files over 1 MB ("path:size"): model bytes left on the device. */
const large = (names: string[]): string[] => names.filter((n) => Number(n.split(':').at(-1)) > 1_000_000);

let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let native: NodeLlamaCppEngine;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let sdkRoot: string;
let bench: { entry: CatalogModelInput; size: number };

beforeAll(async () => {
  const [tiny, benchPath, builtSdk] = await Promise.all([
    tinyModelPath(),
    ensureModel(benchModelSpec({ type: 'q4_0' }), { cacheDir: modelCacheDir }),
    buildSdkBundle(),
  ]);
  sdkRoot = builtSdk;
  const size = (await stat(benchPath)).size;
  bench = { entry: fixtureCatalogEntry('bench-q4', benchModelSpec({ type: 'q4_0' }), size), size };
  native = new NodeLlamaCppEngine({ parallelSequences: 2 });
  await native.load({ source: { type: 'path', path: tiny }, threads: 1 });
  const engines = new Map<string, EngineV1>([['hearth-demo-tiny', native]]);
  gateway = await startCountingGateway(
    [
      { id: 'hearth-demo-tiny', paths: [tiny] },
      { id: 'bench-q4', paths: [benchPath] },
    ],
    { webRoot: pageRoot, sdkRoot, engines },
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await native?.unload();
});

async function openPage(origin = gateway.url, context = browser.context): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
  return page;
}

/** Every request the page (and its Workers) sends that could carry text: its URL and body. */
function recordTraffic(page: Page): Array<{ method: string; url: string; body: string }> {
  const seen: Array<{ method: string; url: string; body: string }> = [];
  page.on('request', (r) => seen.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' }));
  return seen;
}

describe('createHearth on a plain page, from /sdk/hearth.js', () => {
  it('new visitor: asked first, nothing fetched before the yes; progress with bytes and ETA fields; the answer streams from llama-wasm on the device, and the route part says so', async () => {
    const page = await openPage();
    gateway.reset();
    let filesBeforeYes = -1;
    await page.exposeFunction('countModelRequests', () => (filesBeforeYes = gateway.fileRequests().length));
    const secret = `Tighten this reply to Dana ${crypto.randomUUID()}`;
    const result = await page.evaluate(async (prompt) => {
      const w = window as unknown as PageWindow & { countModelRequests(): Promise<number> };
      const events: string[] = [];
      const hearth = w.sdk.createHearth({
        models: ['hearth-demo-tiny'],
        onEvent: (event) => {
          events.push(event.type);
          // The user reads the prompt, then says yes.
          if (event.type === 'consent-needed') void w.countModelRequests().then(() => hearth.consent.answer('granted'));
        },
      });
      const before = await hearth.availability();
      const progress: Array<Record<string, unknown>> = [];
      const prepared = await hearth.prepare({
        monitor: (m) =>
          m.addEventListener('downloadprogress', (e) => {
            const p = e as Event & Record<string, unknown>;
            progress.push({
              loaded: p['loaded'],
              total: p['total'],
              bytes: p['bytes'],
              totalBytes: p['totalBytes'],
              hasEta: 'etaSeconds' in p,
              etaSeconds: p['etaSeconds'],
            });
          }),
      });
      const chunks = await hearth.chat.completions.create({
        model: 'hearth',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        max_tokens: 24,
        temperature: 0,
      });
      const routes = [];
      let text = '';
      let deltas = 0;
      let finish: string | null = null;
      for await (const chunk of chunks) {
        if (chunk.hearth) routes.push(chunk.hearth.route);
        const content = chunk.choices[0]?.delta.content ?? '';
        if (content) deltas++;
        text += content;
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      const after = await hearth.availability();
      const consent = await hearth.consent.state();
      return { before: before.status, after: after.status, consent, events, progress, prepared, routes, text, deltas, finish };
    }, secret);

    expect(result.before).toBe('downloadable');
    expect(result.events.indexOf('consent-needed')).toBeGreaterThanOrEqual(0);
    expect(result.events.indexOf('consent-needed')).toBeLessThan(result.events.indexOf('download-progress'));
    expect(filesBeforeYes).toBe(0);
    expect(result.progress.length).toBeGreaterThan(0);
    const last = result.progress.at(-1)!;
    expect(last).toMatchObject({ loaded: 1, total: 1, etaSeconds: 0 });
    expect(last['bytes']).toBe(last['totalBytes']);
    expect(last['totalBytes']).toBeGreaterThan(100_000);
    expect(result.progress.every((p) => p['hasEta'] === true)).toBe(true);
    expect(result.prepared).toMatchObject({ consent: 'granted', route: { where: 'device', engine: 'llama-wasm', model: 'hearth-demo-tiny' } });
    expect(result.routes).toHaveLength(1);
    expect(result.routes[0]).toMatchObject({ where: 'device', engine: 'llama-wasm', model: 'hearth-demo-tiny' });
    expect(result.deltas).toBeGreaterThan(2);
    expect(result.finish).toMatch(/stop|length/);
    expect(result.after).toBe('available');
    expect(result.consent).toBe('granted');
    // The model bytes came once; no request carried the prompt anywhere.
    expect(gateway.state.modelBodyBytes).toBe(last['totalBytes']);
    expect(gateway.state.requests.some((r) => r.path.startsWith('/v1/chat'))).toBe(false);
    await page.close();
  });

  // After the new visitor said yes (the test above): the same browser profile, a new page.
  it('returning visitor, in a new page: not asked again, zero model bytes fetched, runs on the device', async () => {
    const page = await openPage();
    gateway.reset();
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const events: string[] = [];
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], onEvent: (e) => events.push(e.type) });
      const availability = (await hearth.availability()).status;
      const prepared = await hearth.prepare();
      const { text, routes } = await hearth.run('rewrite', 'Thanks for the note, see you Monday.', { maxTokens: 12 });
      // Requests at once share the one device engine, one after the other.
      const both = await Promise.all([
        hearth.run('rewrite', 'See you Monday.', { maxTokens: 6 }),
        hearth.run('summarize', 'The meeting moved to Friday at ten.', { maxTokens: 6 }),
      ]);
      return { availability, prepared, events, routes, text, parallel: both.map((r) => r.routes.map((x) => x.where).join('>')) };
    });
    expect(result.availability).toBe('available');
    expect(result.events).not.toContain('consent-needed');
    expect(result.prepared.route).toMatchObject({ where: 'device', engine: 'llama-wasm' });
    expect(result.routes.map((r) => r.where)).toEqual(['device']);
    expect(result.parallel).toEqual(['device', 'device']);
    expect(gateway.state.modelBodyBytes).toBe(0);
    expect(gateway.fileRequests()).toEqual([]);
    await page.close();
  });

  it('an idle engine: its Worker ends after idleMs unused, and the next request starts a new one from the stored model', async () => {
    const page = await openPage();
    gateway.reset();
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const lifecycle: string[] = [];
      const hearth = w.sdk.createHearth({
        models: ['hearth-demo-tiny'],
        consent: 'granted',
        idleMs: 400,
        onEvent: (e) => {
          if (e.type === 'engine-ready' || e.type === 'engine-stopped') lifecycle.push(e.type === 'engine-stopped' ? `stopped:${e.why}` : 'ready');
        },
      });
      await hearth.run('rewrite', 'See you Monday.', { maxTokens: 4 });
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const afterIdle = [...lifecycle];
      const { routes } = await hearth.run('rewrite', 'See you Tuesday.', { maxTokens: 4 });
      await hearth.destroy();
      return { afterIdle, lifecycle, routes: routes.map((r) => r.where), workers: w.startedWorkers.filter((s) => s.name === 'hearth-llama-wasm').length };
    });
    expect(result.afterIdle).toEqual(['ready', 'stopped:idle']);
    expect(result.lifecycle).toEqual(['ready', 'stopped:idle', 'ready', 'stopped:destroyed']);
    expect(result.routes).toEqual(['device']);
    expect(result.workers).toBe(2);
    expect(gateway.state.modelBodyBytes).toBe(0);
    await page.close();
  });

  it('a Worker killed mid-stream: one complete answer reaches the app, the rest from the gateway, and the route parts say both', async () => {
    const page = await openPage();
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const lifecycle: string[] = [];
      const hearth = w.sdk.createHearth({
        models: ['hearth-demo-tiny'],
        consent: 'granted',
        stallMs: 3000,
        onEvent: (e) => {
          if (e.type === 'engine-loading' || e.type === 'engine-ready' || e.type === 'engine-stopped')
            lifecycle.push(`${e.type}:${e.route.engine}${e.type === 'engine-stopped' ? `:${e.why}` : ''}`);
        },
      });
      await hearth.prepare();
      const engine = hearth.engineFor('chat');
      const kinds: string[] = [];
      const routes = [];
      let text = '';
      let deltas = 0;
      for await (const part of engine.doStream({ prompt: { type: 'text', text: 'The quarterly report, in short, says' }, maxTokens: 48, temperature: 0 })) {
        kinds.push(part.type);
        if (part.type === 'route') routes.push(part.route);
        if (part.type === 'text-delta') {
          text += part.text;
          // The browser ends the engine's Worker, as it does one that ran out of memory: no event, no reply.
          if (++deltas === 6) w.startedWorkers.filter((s) => s.name === 'hearth-llama-wasm').forEach((s) => s.worker.terminate());
        }
      }
      // The next request starts a new Worker and runs on the device again.
      const again = [];
      for await (const part of engine.doStream({ prompt: { type: 'text', text: 'Hello' }, maxTokens: 4, temperature: 0 }))
        again.push(part.type === 'route' ? part.route.where : part.type);
      return { kinds, routes, text, again, lifecycle, workers: w.startedWorkers.map((s) => s.name) };
    });
    expect(result.kinds.at(-1)).toBe('finish');
    expect(result.kinds).not.toContain('error');
    expect(result.kinds).toContain('route-switch');
    expect(result.routes.map((r) => `${r.where}/${r.engine}`)).toEqual(['device/llama-wasm', 'self-hosted/remote']);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.again[0]).toBe('device');
    expect(result.again.at(-1)).toBe('finish');
    expect(result.again).not.toContain('route-switch');
    expect(result.lifecycle).toEqual([
      'engine-loading:llama-wasm',
      'engine-ready:llama-wasm',
      'engine-stopped:llama-wasm:crashed',
      'engine-loading:llama-wasm',
      'engine-ready:llama-wasm',
    ]);
    expect(result.workers.filter((name) => name === 'hearth-llama-wasm')).toHaveLength(2);
    await page.close();
  });

  it('pause and resume mid-download go on from where they stopped, fetching at most one chunk again; progress shows speed and time left', async () => {
    // Counted where the browser receives them (a loopback proxy), as the store's own resume test
    // does: the gateway's count would include what sat in its socket buffers when the pause cut them.
    const proxy = await startCuttingProxy(gateway.port);
    const page = await openPage(proxy.url);
    gateway.reset();
    const delivered0 = proxy.state.bytesToClients;
    const result = await page.evaluate(
      async ({ entry, download }) => {
        const w = window as unknown as PageWindow;
        const events: string[] = [];
        const hearth = w.sdk.createHearth({ models: ['bench-q4'], catalog: [entry], consent: 'granted', download, onEvent: (e) => events.push(e.type) });
        const mid: Array<{ fraction: number; eta: unknown; speed: unknown }> = [];
        let pausedAt = -1;
        let resumedFrom = -1;
        let progressWhilePaused = 0;
        const prepared = hearth.prepare({
          monitor: (m) =>
            m.addEventListener('downloadprogress', (e) => {
              const p = e as Event & { loaded: number; bytes: number; etaSeconds?: number; bytesPerSecond: number };
              if (pausedAt >= 0 && resumedFrom < 0) progressWhilePaused++;
              if (p.loaded > 0.1 && p.loaded < 0.9) mid.push({ fraction: p.loaded, eta: p.etaSeconds, speed: p.bytesPerSecond });
              if (pausedAt < 0 && p.loaded > 0.4) {
                pausedAt = p.bytes;
                hearth.pause();
                setTimeout(() => {
                  resumedFrom = pausedAt;
                  hearth.resume();
                }, 1500);
              }
            }),
        });
        const route = (await prepared).route;
        await hearth.destroy();
        return { route, pausedAt, events, mid, progressWhilePaused };
      },
      { entry: bench.entry, download: DOWNLOAD },
    );
    expect(result.pausedAt).toBeGreaterThan(0.4 * bench.size);
    expect(result.events).toContain('download-paused');
    expect(result.events).toContain('download-resumed');
    expect(result.route).toMatchObject({ where: 'device', model: 'bench-q4' });
    // Mid-download progress has a real speed and time left.
    expect(result.mid.some((p) => typeof p.eta === 'number' && p.eta > 0 && typeof p.speed === 'number' && p.speed > 0)).toBe(true);
    // Everything fetched: the file once, plus at most one chunk that the pause cut off.
    const delivered = proxy.state.bytesToClients - delivered0;
    expect(delivered).toBeGreaterThanOrEqual(bench.size);
    expect(delivered - bench.size).toBeLessThanOrEqual(DOWNLOAD.chunkSize);
    // After the resume the downloader asked for ranges past the start, never the whole file again.
    const ranges = gateway.fileRequests().map((r) => r.range ?? 'none');
    expect(ranges.filter((r) => r === 'none' || r.startsWith('bytes=0-')).length).toBeLessThanOrEqual(1);
    await page.close();
    await proxy.close();
  });

  it('consent revoked during a download: the download stops with a typed error, its partial files are removed, and requests go to the gateway', async () => {
    const fresh = await launchChromium();
    try {
      const page = await openPage(gateway.url, fresh.context);
      const result = await page.evaluate(
        async ({ entry, download }) => {
          const w = window as unknown as PageWindow;
          const hearth = w.sdk.createHearth({ models: ['bench-q4'], catalog: [entry], download, askConsent: async () => 'granted' });
          let error: { code: string; message: string; hint?: string; data?: Record<string, unknown> } | undefined;
          let revoked: Promise<void> | undefined;
          try {
            await hearth.prepare({
              monitor: (m) =>
                m.addEventListener('downloadprogress', (e) => {
                  if ((e as Event & { loaded: number }).loaded > 0.2) revoked ??= hearth.consent.revoke();
                }),
            });
          } catch (e) {
            // Plain data: Playwright sends an Error back with its message only.
            const h = e as NonNullable<typeof error>;
            error = { code: h.code, message: h.message, ...(h.hint ? { hint: h.hint } : {}), ...(h.data ? { data: h.data } : {}) };
          }
          await revoked;
          const state = await hearth.consent.state();
          const availability = (await hearth.availability()).status;
          const { routes } = await hearth.run('rewrite', 'See you Monday.', { maxTokens: 8 });
          return { error, state, availability, routes, names: await w.opfsFiles() };
        },
        { entry: bench.entry, download: DOWNLOAD },
      );
      expect(result.error).toMatchObject({ code: 'forbidden', data: { reason: 'consent-revoked' } });
      expect(result.error?.hint).toBeTruthy();
      expect(result.state).toBe('pending');
      expect(result.availability).toBe('downloadable');
      expect(result.routes.map((r) => r.where)).toEqual(['self-hosted']);
      // No model bytes stay on the device (OPFS holds no file of any real size).
      expect(large(result.names)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('unknown task or option, and a model that does not fit: typed errors that say what to do', async () => {
    const page = await openPage();
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const settle = async (work: () => unknown) => {
        try {
          await work();
          return { ok: true };
        } catch (error) {
          const e = error as { name: string; code: string; message: string; hint?: string; data?: Record<string, unknown> };
          return { ok: false, name: e.name, code: e.code, message: e.message, hint: e.hint, data: e.data };
        }
      };
      const badOption = await settle(() => w.sdk.createHearth({ polcy: 'any' } as never));
      const badPolicy = await settle(() => w.sdk.createHearth({ policy: 'sometimes' } as never));
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], consent: 'granted' });
      const badTask = await settle(() => hearth.run('translate' as never, 'Hallo'));
      const big = w.sdk.createHearth({ models: ['mistral-7b-instruct-v0.3'], policy: 'device-only', consent: 'granted' });
      const tooBig = await big.availability();
      const tooBigRun = await settle(() => big.prepare());
      return {
        badOption,
        badPolicy,
        badTask,
        tooBig: { status: tooBig.status, error: tooBig.error, reasons: tooBig.rejected.flatMap((r) => r.reasons.map((x) => x.text)) },
        tooBigRun,
      };
    });
    expect(result.badOption).toMatchObject({ ok: false, name: 'HearthError', code: 'invalid_request', data: { field: 'polcy' } });
    expect(result.badOption.hint).toContain('policy');
    expect(result.badPolicy).toMatchObject({ ok: false, code: 'invalid_request', data: { field: 'policy' } });
    expect(result.badTask).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(result.badTask.message).toContain('translate');
    expect(result.tooBig.status).toBe('unavailable');
    expect(result.tooBig.error?.code).toBe('no_route');
    expect(result.tooBig.reasons.join(' ')).toMatch(/4 GiB/);
    expect(result.tooBigRun).toMatchObject({ ok: false, code: 'no_route' });
    expect(result.tooBigRun.hint).toBeTruthy();
    await page.close();
  });

  it('not enough room (the quota lowered through the devtools protocol): prepare fails with quota_exceeded, the partial files go, nothing half-loaded, and a request still gets its answer from the gateway', async () => {
    const fresh = await launchChromium();
    try {
      const page = await openPage(gateway.url, fresh.context);
      const cdp = await fresh.context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: gateway.url, quotaSize: 100 * 1e6 });
      gateway.reset();
      const result = await page.evaluate(
        async ({ entry, download }) => {
          const w = window as unknown as PageWindow;
          const hearth = w.sdk.createHearth({ models: ['bench-q4'], catalog: [entry], consent: 'granted', download });
          let error: { code: string; message: string; hint?: string; data?: Record<string, unknown> } | undefined;
          try {
            await hearth.prepare();
          } catch (e) {
            // Plain data: Playwright sends an Error back with its message only.
            const h = e as NonNullable<typeof error>;
            error = { code: h.code, message: h.message, ...(h.hint ? { hint: h.hint } : {}), ...(h.data ? { data: h.data } : {}) };
          }
          const availability = (await hearth.availability()).status;
          const engineWorkers = w.startedWorkers.filter((s) => s.name === 'hearth-llama-wasm').length;
          const { routes } = await hearth.run('rewrite', 'See you Monday.', { maxTokens: 8 });
          return { error, availability, engineWorkers, routes, names: await w.opfsFiles() };
        },
        { entry: bench.entry, download: DOWNLOAD },
      );
      expect(result.error).toMatchObject({ code: 'quota_exceeded' });
      expect(result.error?.hint).toBeTruthy();
      expect(result.availability).toBe('downloadable');
      expect(result.engineWorkers).toBe(0);
      expect(result.routes.map((r) => r.where)).toEqual(['self-hosted']);
      // Chromium enforces the lowered quota on writes but does not show it to estimate(), so the
      // store learns it when a write fails: it stopped there, and removed what it had written.
      expect(gateway.state.modelBodyBytes).toBeLessThan(bench.size);
      expect(large(result.names)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('the network lost mid-download: the download waits and goes on from where it was when the network returns', async () => {
    const proxy = await startCuttingProxy(gateway.port);
    const fresh = await launchChromium();
    try {
      const page = await openPage(proxy.url, fresh.context);
      await page.exposeFunction('networkDown', async () => {
        proxy.down();
        await new Promise((resolve) => setTimeout(resolve, 3000));
        proxy.up();
      });
      gateway.reset();
      const result = await page.evaluate(
        async ({ entry, download }) => {
          const w = window as unknown as PageWindow & { networkDown(): Promise<void> };
          const hearth = w.sdk.createHearth({ models: ['bench-q4'], catalog: [entry], consent: 'granted', download });
          let cutAt = -1;
          const prepared = await hearth.prepare({
            monitor: (m) =>
              m.addEventListener('downloadprogress', (e) => {
                const p = e as Event & { loaded: number; bytes: number };
                if (cutAt < 0 && p.loaded > 0.3) {
                  cutAt = p.bytes;
                  void w.networkDown();
                }
              }),
          });
          await hearth.destroy();
          return { cutAt, route: prepared.route };
        },
        { entry: bench.entry, download: DOWNLOAD },
      );
      expect(result.cutAt).toBeGreaterThan(0);
      expect(result.route).toMatchObject({ where: 'device', model: 'bench-q4' });
      // Resumed, not restarted: at most the first request of each file asked from byte 0.
      const fromStart = gateway.fileRequests().filter((r) => r.range === null || r.range.startsWith('bytes=0-'));
      expect(fromStart.length).toBeLessThanOrEqual(1);
      expect(gateway.state.modelBodyBytes).toBeLessThan(bench.size + 3 * DOWNLOAD.chunkSize);
    } finally {
      await fresh.close();
      await proxy.close();
    }
  });
});

describe('consent declined', () => {
  let fresh: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    fresh = await launchChromium();
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('the answer comes from the gateway, the route part says self-hosted, and no model byte is fetched', async () => {
    const page = await openPage(gateway.url, fresh.context);
    gateway.reset();
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], askConsent: async () => 'denied' });
      const prepared = await hearth.prepare();
      const completion = await hearth.chat.completions.create({
        model: 'hearth',
        messages: [{ role: 'user', content: 'Shorten: we will meet on Monday at ten.' }],
        max_tokens: 12,
      });
      return {
        prepared,
        routes: completion.hearth?.routes ?? [],
        content: completion.choices[0]?.message.content ?? '',
        consent: await hearth.consent.state(),
        workers: w.startedWorkers.map((s) => s.name),
      };
    });
    expect(result.prepared).toMatchObject({ consent: 'denied', route: { where: 'self-hosted', engine: 'remote' } });
    expect(result.routes.map((r) => r.where)).toEqual(['self-hosted']);
    expect(result.content.length).toBeGreaterThan(0);
    expect(result.consent).toBe('denied');
    expect(result.workers).not.toContain('hearth-llama-wasm');
    expect(gateway.state.modelBodyBytes).toBe(0);
    expect(gateway.fileRequests()).toEqual([]);
    await page.close();
  });

  it('under device-only: a typed error, and no request the page sent carries any part of the prompt', async () => {
    const page = await openPage(gateway.url, fresh.context);
    const traffic = recordTraffic(page);
    gateway.reset();
    const secret = `Dana's account number is ${crypto.randomUUID()}`;
    const result = await page.evaluate(async (prompt) => {
      const w = window as unknown as PageWindow;
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], policy: 'device-only' });
      const fail = async (work: () => Promise<unknown>) => {
        try {
          await work();
          return undefined;
        } catch (error) {
          const e = error as { name: string; code: string; message: string; hint?: string };
          return { name: e.name, code: e.code, message: e.message, hint: e.hint };
        }
      };
      return {
        run: await fail(() => hearth.run('proofread', prompt)),
        chat: await fail(() => hearth.chat.completions.create({ model: 'hearth', messages: [{ role: 'user', content: prompt }] })),
      };
    }, secret);
    for (const error of [result.run, result.chat]) {
      expect(error).toMatchObject({ name: 'HearthError', code: 'no_route' });
      expect(error?.message).toMatch(/device-only|agrees/);
      expect(error?.hint).toBeTruthy();
    }
    const words = secret.split(' ').filter((w) => w.length > 6);
    for (const request of traffic) for (const word of words) expect(`${request.url} ${request.body}`).not.toContain(word);
    expect(gateway.state.requests.filter((r) => r.path.startsWith('/v1/'))).toEqual([]);
    await page.close();
  });
});

describe('the gateway down', () => {
  it('a request with only the gateway to go to fails with a typed network error that says what to do', async () => {
    const engines = new Map<string, EngineV1>([['hearth-demo-tiny', native]]);
    const second = await startCountingGateway([{ id: 'hearth-demo-tiny', paths: [await tinyModelPath()] }], { webRoot: pageRoot, sdkRoot, engines });
    const fresh = await launchChromium();
    try {
      const page = await openPage(second.url, fresh.context);
      await page.evaluate(async () => {
        const w = window as unknown as PageWindow & { hearth: ReturnType<Sdk['createHearth']> };
        w.hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], askConsent: async () => 'denied' });
        await w.hearth.prepare();
      });
      await second.close();
      const error = await page.evaluate(async () => {
        const w = window as unknown as PageWindow & { hearth: ReturnType<Sdk['createHearth']> };
        try {
          await w.hearth.run('rewrite', 'See you Monday.');
          return undefined;
        } catch (e) {
          const h = e as { code: string; message: string; hint?: string };
          return { code: h.code, message: h.message, hint: h.hint };
        }
      });
      expect(error?.code).toMatch(/^(network|upstream)$/);
      expect(error?.hint).toBeTruthy();
    } finally {
      await fresh.close();
    }
  });
});
