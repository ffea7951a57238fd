import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type * as SdkModule from '@hearth/sdk';
import type * as SdkEngines from '@hearth/sdk/engines';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { join } from 'node:path';
import { buildSdkBundle } from '../support/build-sdk-bundle.ts';
import { launchChromium } from '../support/chromium.ts';
import { repoRoot, tinyModelPath } from '../support/models.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';

// The gateway's strict Content-Security-Policy, enforced by Chromium: pages get the policy of
// their privacy policy (?policy=), Worker scripts the Worker policy. The page here is a file with
// no inline script, importing /sdk/hearth.js.

type PageWindow = Window & {
  /** `/sdk/hearth.js`: the root entry and every browser-safe subpath's names. */
  sdk: typeof SdkModule & typeof SdkEngines;
  pageReady: boolean;
  violations: Array<{ directive: string; blocked: string }>;
  tryFetch(url: string, init?: RequestInit): Promise<string>;
};

let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
/** A foreign origin that records whatever reaches it. */
let foreign: Server;
let foreignUrl: string;
const foreignHits: string[] = [];

beforeAll(async () => {
  gateway = await startCountingGateway([{ id: 'hearth-demo-tiny', paths: [await tinyModelPath()] }], {
    webRoot: fileURLToPath(new URL('./csp-page/', import.meta.url)),
    sdkRoot: await buildSdkBundle(),
  });
  foreign = createServer((req, res) => {
    foreignHits.push(`${req.method} ${req.url}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('ok');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  foreign?.close();
});

async function openPage(policy: string): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(`${gateway.url}/index.html?policy=${policy}`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
  return page;
}

async function reportedViolations(): Promise<number> {
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  return [...metrics.matchAll(/^hearth_csp_violations_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('the strict CSP the gateway sends', () => {
  it('a page on it runs createHearth on the device (Workers, wasm, OPFS) with zero violations, in the page and in its Workers', async () => {
    const before = await reportedViolations();
    const page = await openPage('device-only');
    const result = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      const hearth = w.sdk.createHearth({ models: ['hearth-demo-tiny'], policy: 'device-only', consent: 'granted' });
      const { routes, text } = await hearth.run('rewrite', 'See you on Monday.', { maxTokens: 8 });
      const csp = hearth.csp();
      await hearth.destroy();
      return { routes, text, violations: w.violations, csp };
    });
    expect(result.routes.map((r) => `${r.where}/${r.engine}`)).toEqual(['device/llama-wasm']);
    expect(result.violations).toEqual([]);
    // A report from a Worker takes a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await reportedViolations()).toBe(before);
    // The app can ask Hearth for the same policy the gateway sent.
    expect(result.csp).toContain(`connect-src ${gateway.url}/models/ ${gateway.url}/sdk/`);
    expect(result.csp).not.toContain('/v1/');
    await page.close();
  });

  it('page code sending to a foreign origin is blocked by the browser, and the origin receives nothing', async () => {
    const before = await reportedViolations();
    const page = await openPage('device-or-self-hosted');
    const outcome = await page.evaluate(
      (url) => (window as unknown as PageWindow).tryFetch(`${url}/collect`, { method: 'POST', body: 'the user wrote this' }),
      foreignUrl,
    );
    expect(outcome).toBe('blocked: TypeError');
    expect(foreignHits).toEqual([]);
    const violations = await page.evaluate(() => (window as unknown as PageWindow).violations);
    expect(violations).toEqual([{ directive: 'connect-src', blocked: `${foreignUrl}/collect` }]);
    await expect.poll(reportedViolations).toBe(before + 1);
    await page.close();
  });

  it('under device-only, a same-origin POST to /v1/chat/completions is blocked by the browser itself', async () => {
    const page = await openPage('device-only');
    gateway.reset();
    const outcome = await page.evaluate(() =>
      (window as unknown as PageWindow).tryFetch('/v1/chat/completions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'hearth-demo-tiny', messages: [{ role: 'user', content: 'a secret' }] }),
      }),
    );
    expect(outcome).toBe('blocked: TypeError');
    expect(gateway.state.requests.filter((r) => r.path.startsWith('/v1/'))).toEqual([]);
    // The same request is allowed where the policy lets text reach the gateway.
    const allowed = await openPage('device-or-self-hosted');
    expect(await allowed.evaluate(() => (window as unknown as PageWindow).tryFetch('/v1/models'))).toBe('answered 200');
    await page.close();
    await allowed.close();
  });

  it("wllama's load fails at once with a typed error, not a hang, where the policy refuses its blob: Worker", async () => {
    const manifest = (await (await fetch(`${gateway.url}/models/hearth-demo-tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
    const file = manifest.files[0]!;
    const page = await openPage('device-only');
    gateway.reset();
    const outcome = await page.evaluate(
      async ({ url, sha256 }) => {
        const { sdk } = window as unknown as PageWindow;
        // wllama's Worker script runs under the Worker policy (worker-src 'self'), which refuses
        // the blob: Worker wllama starts from inside it.
        const engine = sdk.createWllamaWorkerEngine();
        try {
          const info = await engine.load({ source: { type: 'url', url, sha256 } });
          return { ok: true as const, info };
        } catch (error) {
          return { ok: false as const, error: sdk.HearthError.from(error).toJSON() };
        } finally {
          engine.terminate();
        }
      },
      { url: `${gateway.url}/models/hearth-demo-tiny/${file.name}`, sha256: file.sha256 },
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        name: 'HearthError',
        code: 'engine_unavailable',
        message: expect.stringMatching(/Content-Security-Policy \(worker-src\) refused wllama's blob: Worker/),
        hint: expect.stringMatching(/worker-src.*llama-wasm/),
        data: { directive: 'worker-src' },
      },
    });
    // Refused before the download: a page that cannot run wllama has no use for the model.
    expect(gateway.fileRequests()).toEqual([]);
    await page.close();
  });

  it('the composer (as npm start builds it) runs under its policy with zero violations: page, Workers and Service Worker', async () => {
    const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
    await native.load({ source: { type: 'path', path: await tinyModelPath() }, threads: 1 });
    const composer = await startCountingGateway([{ id: 'hearth-demo-tiny', paths: [await tinyModelPath()] }], {
      webRoot: join(repoRoot, 'apps', 'composer', 'dist'),
      sdkRoot: join(repoRoot, 'packages', 'sdk', 'dist-browser'),
      engines: new Map([['hearth-demo-tiny', native]]),
    });
    const fresh = await launchChromium();
    try {
      const page = await fresh.context.newPage();
      const seen: string[] = [];
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          ((window as unknown as { cspSeen: string[] }).cspSeen ??= []).push(`${e.effectiveDirective} ${e.blockedURI}`),
        ),
      );
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
      });
      await page.goto(composer.url);
      // Accept the download: the model is fetched, verified and loaded in Workers under the policy.
      await page.getByRole('button', { name: 'Download and run here' }).click({ timeout: 120_000 });
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== null || performance.now() > 20_000, null, { timeout: 60_000 });
      // The model is stored, verified and loaded in its Worker, under the Worker policy, before the count.
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 90_000 }).toContain('runs on this device (llama-wasm)');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await page.evaluate(() => (window as unknown as { cspSeen?: string[] }).cspSeen ?? [])).toEqual([]);
      expect(seen).toEqual([]);
      const metrics = await (await fetch(`${composer.url}/metrics`)).text();
      expect(metrics).not.toMatch(/^hearth_csp_violations_total\{/m);
    } finally {
      await fresh.close();
      await composer.close();
      await native.unload();
    }
  });
});
