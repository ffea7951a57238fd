import { copyFile, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { benchModelSpec, ensureModel } from '@hearth/tools';
import type { ModelManifest } from '@hearth/spec';
import { DOWNLOAD_DEFAULTS } from '@hearth/sdk/store';
import { launchChromium } from '../support/chromium.ts';
import { modelCacheDir, tinyModelPath } from '../support/models.ts';
import { buildStoreHarness } from '../support/store-build-pages.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';
import { startCuttingProxy } from '../support/store-cutting-proxy.ts';

const MB = 1e6;
/**
 * 64 MiB chunks in the browser test, 3 connections. A reload kills the Worker while the kernel
 * holds whatever the proxy already sent: loopback receive windows autotune up to
 * net.ipv4.tcp_rmem's max (32 MiB on this machine) per connection, plus 4 MiB of send buffer, so
 * a reload loses 25-50 MB on the wire that JavaScript never saw (measured). The downloader's own
 * loss is bounded by `saveEvery` plus one piece per connection; a chunk must exceed the transport's
 * window for "at most one chunk per interruption" to hold on the wire. Node (store-resume test)
 * meets it with the default 16 MiB.
 */
const BROWSER_DOWNLOAD = { chunkSize: 64 * 1024 * 1024, parallel: DOWNLOAD_DEFAULTS.parallel };
let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let bench: ModelManifest;
let tinySha: string;
let scratch: string;

async function openHarness(origin: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => 'storeHarness' in window);
  return page;
}

beforeAll(async () => {
  const benchPath = await ensureModel(benchModelSpec({ type: 'q4_0' }), { cacheDir: modelCacheDir });
  // A copy of the tiny model whose bytes are corrupted after the gateway hashed it: the gateway's
  // manifest and ETag vouch for bytes it no longer serves, and wllama would load them happily.
  scratch = await mkdtemp(join(tmpdir(), 'hearth-store-browser-'));
  const tiny = await tinyModelPath();
  const corruptPath = join(scratch, 'corrupt', basename(tiny));
  await (await import('node:fs/promises')).mkdir(join(scratch, 'corrupt'));
  await copyFile(tiny, corruptPath);
  gateway = await startCountingGateway(
    [
      { id: 'bench', paths: [benchPath] },
      { id: 'tiny', paths: [tiny] },
      { id: 'tiny-corrupt', paths: [corruptPath] },
    ],
    // wllama starts its own Worker from a blob: URL, and the store tests start Workers that fail on
    // purpose (data: and missing scripts): the gateway's strict page CSP would refuse both.
    { webRoot: await buildStoreHarness(), pageCsp: false },
  );
  const handle = await open(corruptPath, 'r+');
  await handle.write(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 0, 8, 120_000);
  await handle.close();
  proxy = await startCuttingProxy(gateway.port);
  bench = (await (await fetch(`${gateway.url}/models/bench/manifest.json`)).json()) as ModelManifest;
  tinySha = ((await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as ModelManifest).files[0]!.sha256;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await gateway?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the model store in Chromium (OPFS in a Worker, IndexedDB)', () => {
  it('resumes a 243 MB download across 3 page reloads and 2 network cuts, re-fetching under one chunk per interruption, and verifies', async () => {
    const file = bench.files[0]!;
    const manifestUrl = `${proxy.url}/models/bench/manifest.json`;
    const page = await openHarness(proxy.url);
    gateway.reset();
    const delivered0 = proxy.state.bytesToClients;
    const cuts0 = proxy.state.cuts;
    const plan = [0.12, 0.3, 0.45, 0.62, 0.8].map((f, i) => ({
      at: Math.round(file.size * (f + Math.random() * 0.08)),
      kind: i % 2 === 0 ? ('reload' as const) : ('cut' as const),
    }));
    let reloads = 0;
    let quietRetries = 0;
    // What each ensure came to: the evidence if the loop below gets stuck.
    const outcomes: string[] = [];
    const started = performance.now();
    // What the page, the store and the wire say when a step takes too long: one CI run hung past
    // the loop (a reload or the final ensure) until the test's timeout, with nothing to go on.
    const evidence = async (): Promise<string> => {
      // Each probe on its own clock: which part of the page is stuck is the evidence.
      const probe = (what: () => unknown): Promise<unknown> =>
        Promise.race([page.evaluate(what), sleep(5_000).then(() => 'no answer in 5 s')]).catch((e: unknown) => `evaluate failed: ${String(e).slice(0, 160)}`);
      const [alive, locks, hello, list] = [
        await probe(() => 'yes'),
        await probe(() => window.storeHarness.locks()),
        await probe(() => window.storeHarness.hello()),
        await probe(() => window.storeHarness.list()),
      ];
      const events = await probe(() => ({ events: window.storeHarness.events.slice(-12), progress: window.storeHarness.progress }));
      const workers = page.workers().map((w) => w.url().split('/').pop());
      return `gateway served ${gateway.state.modelBodyBytes} model bytes; ensure outcomes ${JSON.stringify(outcomes.slice(-6))}; page answers: ${String(alive)}; workers ${JSON.stringify(workers)}; locks ${JSON.stringify(locks)}; store hello ${JSON.stringify(hello)}; list ${JSON.stringify(list).slice(0, 300)}; ${JSON.stringify(events).slice(0, 600)}`;
    };
    const bounded = async <T>(what: string, work: Promise<T>, ms: number): Promise<T> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>(
        (_, reject) => (timer = setTimeout(() => void evidence().then((e) => reject(new Error(`${what} took over ${ms / 1000} s: ${e}`))), ms)),
      );
      try {
        return await Promise.race([work, late]);
      } finally {
        clearTimeout(timer);
      }
    };
    for (const step of plan) {
      // Fire and forget: a reload kills the page's Worker mid-download.
      const ensure = (): void =>
        void page
          .evaluate(([url, d]) => window.storeHarness.ensure(url, d), [manifestUrl, BROWSER_DOWNLOAD] as const)
          .then(
            (r) => outcomes.push(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`),
            (e: unknown) => outcomes.push(`evaluate: ${String(e).slice(0, 120)}`),
          );
      ensure();
      // An ensure that joined a download the last cut was ending can fail with it, leaving nothing
      // running (one CI run waited here until the 300 s timeout): with no new bytes for 3 s, ask again.
      let seen = gateway.state.modelBodyBytes;
      let quietSince = performance.now();
      while (gateway.state.modelBodyBytes < step.at) {
        await sleep(5);
        if (gateway.state.modelBodyBytes !== seen) {
          seen = gateway.state.modelBodyBytes;
          quietSince = performance.now();
          quietRetries = 0;
        } else if (performance.now() - quietSince > 3000) {
          // Stuck for a minute, the run fails with what it knows instead of at the test's timeout.
          if (++quietRetries > 20) throw new Error(`no model bytes for 60 s at ${seen} of ${step.at}: ${await evidence()}`);
          ensure();
          quietSince = performance.now();
        }
      }
      if (step.kind === 'cut') {
        proxy.cutAfter(Math.floor(Math.random() * 256 * 1024));
        await sleep(300);
        // The Worker keeps going after a cut; the next step's ensure joins the same download (Web Lock).
        continue;
      }
      await bounded(
        'a reload',
        page.reload().then(() => page.waitForFunction(() => 'storeHarness' in window)),
        60_000,
      );
      reloads++;
    }
    // Unhurried, the rest of the file takes under 10 s here.
    const finalEnsure = () =>
      bounded(
        'the final ensure',
        page.evaluate(([url, d]) => window.storeHarness.ensure(url, d, true), [manifestUrl, BROWSER_DOWNLOAD] as const),
        120_000,
      );
    let final = await finalEnsure();
    // A cut that lands on the reloaded page's store Worker script fails the call with a retryable
    // engine_crashed; calling again starts a new Worker, as the error's hint says.
    if (!final.ok && final.error.code === 'engine_crashed') final = await finalEnsure();
    const seconds = (performance.now() - started) / 1000;
    if (!final.ok) throw new Error(JSON.stringify(final.error));
    expect(final.value.storage).toBe('opfs');
    expect(final.value.files[0]).toMatchObject({ sha256: file.sha256, size: file.size, blobSize: file.size, receivedSha256: file.sha256 });
    // The browser store holds a file of this size in memory and takes its SHA-256 once, natively
    // (nativeHashUpTo), the bytes of earlier runs read back into it; none go through hash-wasm.
    expect(final.value.stats.bytesHashedNatively).toBe(file.size);
    expect(final.value.stats.bytesHashedInWorker).toBe(0);
    const interruptions = reloads + (proxy.state.cuts - cuts0);
    expect(reloads).toBe(3);
    expect(proxy.state.cuts - cuts0).toBe(2);
    const delivered = proxy.state.bytesToClients - delivered0;
    const refetched = delivered - file.size;
    console.log(
      `[store-browser] ${interruptions} interruptions (${reloads} reloads, ${proxy.state.cuts - cuts0} cuts): delivered ${(delivered / MB).toFixed(1)} MB for ${(file.size / MB).toFixed(1)} MB, ` +
        `re-fetched ${(refetched / MB).toFixed(2)} MB (${(refetched / interruptions / MB).toFixed(2)} MB per interruption), ${seconds.toFixed(1)} s, ${(file.size / MB / seconds).toFixed(1)} MB/s overall`,
    );
    expect(refetched).toBeLessThanOrEqual(interruptions * BROWSER_DOWNLOAD.chunkSize);
    const listed = await page.evaluate(() => window.storeHarness.list());
    expect(listed).toMatchObject({ ok: true, value: [{ sha256: file.sha256, state: 'complete', bytesStored: file.size }] });
    await page.close();
  });

  it("with a quota smaller than the model, fails with quota_exceeded before any byte (estimate injected as the store's dependency)", async () => {
    // Another origin (localhost, not 127.0.0.1): a fresh, empty storage bucket.
    const origin = `http://localhost:${proxy.port}`;
    const page = await openHarness(origin);
    await page.evaluate((q) => window.storeHarness.injectQuota(q), 150 * MB);
    gateway.reset();
    const result = await page.evaluate((url) => window.storeHarness.ensure(url), `${origin}/models/bench/manifest.json`);
    expect(result).toMatchObject({ ok: false, error: { name: 'HearthError', code: 'quota_exceeded' } });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.data?.['free']).toBeLessThanOrEqual(150 * MB);
    expect(result.error.data?.['needed']).toBeGreaterThan(bench.files[0]!.size);
    expect(result.error.message).toMatch(/needs 2\d\d\.\d MB .* is free/);
    expect(gateway.fileRequests()).toEqual([]);
    expect(gateway.state.modelBodyBytes).toBe(0);
    await page.close();
  });

  it('with the quota really lowered through CDP (enforced by Chromium, not shown by estimate()), stops with a typed quota_exceeded, not a retry loop', async () => {
    const origin = `http://localhost:${gateway.port}`;
    const page = await openHarness(origin);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 100 * MB });
    // Chromium 156 enforces the override in its quota manager but estimate() still reports the
    // default quota: the check before the first byte cannot see it, the writes can.
    const result = await page.evaluate((url) => window.storeHarness.ensure(url), `${origin}/models/bench/manifest.json`);
    expect(result).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    if (result.ok) throw new Error('unreachable');
    expect(Number(result.error.data?.['offset'])).toBeLessThan(110 * MB);
    await page.close();
  });

  it('a store Worker that fails (throws as it starts, or its script is missing) fails the calls with engine_crashed instead of leaving them waiting; inWorker starts a new one for the next call', async () => {
    // One CI run in about eight hung here: a network cut landed on the reloaded page's store
    // Worker script, the Worker never ran, and every store call waited forever.
    const page = await openHarness(gateway.url);
    const r = await page.evaluate(() => window.storeHarness.failingWorkers());
    expect(r.plain).toMatchObject([
      // A client without a restart refuses every later call: calling again cannot help.
      { ok: false, error: { code: 'engine_crashed', retryable: false } },
      { ok: false, error: { code: 'engine_crashed' } },
    ]);
    if (!r.plain[0]!.ok) expect(r.plain[0]!.error.message).toContain('it threw: Uncaught Error: the store Worker broke');
    expect(r.restarting[0]).toMatchObject({
      ok: false,
      error: { code: 'engine_crashed', retryable: true, message: expect.stringContaining('its script did not load or run') },
    });
    expect(r.restarting[1]).toMatchObject({ ok: true, value: { storage: 'opfs' } });
    expect(r.workersMade).toBe(2);
    await page.close();
  });

  for (const engine of ['wllama', 'llama-wasm'] as const) {
    it(`the ${engine} engine loads through the store: a second load fetches nothing, and a file whose SHA-256 differs from the manifest never reaches it`, async () => {
      const page = await openHarness(gateway.url);
      const tiny = { url: `${gateway.url}/models/tiny/${basename(await tinyModelPath())}`, sha256: tinySha };
      const load = (target: { url: string; sha256: string }, on: Page = page) =>
        on.evaluate(([t, e]) => window.storeHarness.load({ source: { type: 'url', url: t.url, sha256: t.sha256 }, threads: 1 }, e), [target, engine] as const);
      const good = await load(tiny);
      expect(good).toMatchObject({ ok: true, value: { architecture: 'llama' } });
      // A new engine (a new Worker, as a page reload makes) reads the stored file: no model byte crosses the network.
      gateway.reset();
      expect(await load(tiny)).toMatchObject({ ok: true, value: { architecture: 'llama' } });
      expect(gateway.state.modelBodyBytes).toBe(0);
      const corruptManifest = (await (await fetch(`${gateway.url}/models/tiny-corrupt/manifest.json`)).json()) as ModelManifest;
      const corrupt = corruptManifest.files[0]!;
      // The manifest (and ETag) still say the tiny model's hash; the bytes differ in tensor data,
      // which llama.cpp does not check: only the store's SHA-256 stands between them and the engine.
      expect(corrupt.sha256).toBe(tinySha);
      // Already stored from the good URL, the same hash is served from OPFS: nothing corrupt is even fetched.
      expect(await load({ url: `${gateway.url}/models/tiny-corrupt/${corrupt.name}`, sha256: corrupt.sha256 })).toMatchObject({ ok: true });
      // In a fresh profile-equivalent (another origin), the corrupt bytes are fetched, fail, and are dropped.
      const other = await openHarness(`http://localhost:${gateway.port}`);
      const refused = await load({ url: `http://localhost:${gateway.port}/models/tiny-corrupt/${corrupt.name}`, sha256: corrupt.sha256 }, other);
      expect(refused).toMatchObject({ ok: false, error: { code: 'integrity_mismatch', data: { expected: tinySha } } });
      const listed = await other.evaluate(() => window.storeHarness.list());
      expect(listed).toMatchObject({ ok: true });
      if (listed.ok) expect(listed.value.filter((f) => f.sha256 === tinySha)).toEqual([]);
      await other.close();
      await page.close();
    });
  }

  it("a stored file reads straight into shared memory through the store's reader (OPFS read-only handles, two at once), which holds the file until closed", async () => {
    const page = await openHarness(gateway.url);
    const r = await page.evaluate((url) => window.storeHarness.readStored(url), `${gateway.url}/models/tiny/manifest.json`);
    expect(r).toMatchObject({ ok: true, sha256: tinySha, digest: tinySha, left: 0 });
    expect(r['read']).toBe(r['size']);
    // The store cannot drop a file an engine is reading; once the readers close, it can.
    expect(r['deleteWhileOpen']).not.toBe('deleted');
    await page.close();
  });

  describe('hashing in a Worker of its own (workerSha256)', () => {
    const run = async (worker: 'sdk' | 'missing' | 'throws' | 'crashes', mib: number, reopenAt?: number) => {
      const page = await openHarness(gateway.url);
      try {
        return await page.evaluate(([w, m, r]) => window.storeHarness.hashThrough(w, m, r), [worker, mib, reopenAt] as const);
      } finally {
        await page.close();
      }
    };

    it("gives WebCrypto's digest, waits for room past 2 MiB queued, and resumes from a checkpoint taken mid-stream", async () => {
      const whole = await run('sdk', 24);
      expect(whole).toMatchObject({ ok: true, value: { inWorker: true, reopenedAt: null } });
      if (!whole.ok) return;
      expect(whole.value.hex).toBe(whole.value.expected);
      // 24 pieces of 1 MiB handed over without pause: the hasher keeps the download waiting once 2 MiB queue.
      expect(whole.value.waitedForRoom).toBeGreaterThan(0);
      const resumed = await run('sdk', 24, 13);
      expect(resumed.ok && resumed.value.hex === resumed.value.expected).toBe(true);
      if (resumed.ok) expect(resumed.value.reopenedAt).toBeLessThanOrEqual(13 << 20);
    });

    it('hashes inline, with the same digest, where the Worker cannot start (missing script, constructor refused)', async () => {
      for (const worker of ['missing', 'throws'] as const) {
        const r = await run(worker, 4);
        expect(r, worker).toMatchObject({ ok: true, value: { inWorker: false } });
        if (r.ok) expect(r.value.hex, worker).toBe(r.value.expected);
      }
    });

    it('a Worker that dies mid-hash fails the hash with a typed internal error, never a hang', async () => {
      const r = await run('crashes', 8);
      expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
      if (!r.ok) expect(r.error.message).toContain('the hash Worker crashed');
    });
  });
});
