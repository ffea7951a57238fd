// proofread_harper_ms and proofread_first_suggestion_ms: the composer's Proofread button on a 2 KB
// email, in headless Chromium, against the real gateway serving the built composer (npm run
// build:web) and the browser SDK. harper runs in its Worker; the first figure has the model off
// (declined under "Only this device", so only harper answers), the second has the demo model on
// the device proofreading at the same time, and counts to the first merged suggestion on screen.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { serve, type ServerType } from '@hono/node-server';
import { createGateway, createJsonLogger, ModelRegistry } from '@hearth/server';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { summarize, type BenchContext } from '../bench-context.ts';
import { ensureModel, tinyModelSpec } from '../../index.ts';
import { launchChromium } from '../../testing/chromium.ts';
import { PROOFREAD_EMAIL as EMAIL } from '../proofread-email.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export async function composerProofreadSuite(ctx: BenchContext): Promise<void> {
  const webRoot = join(ROOT, 'apps', 'composer', 'dist');
  const sdkRoot = join(ROOT, 'packages', 'sdk', 'dist-browser');
  if (!existsSync(join(webRoot, 'index.html')) || !existsSync(join(sdkRoot, 'hearth.js'))) throw new Error('the composer is not built: run `npm run build:web` first');
  const tiny = await ensureModel(tinyModelSpec(), { cacheDir: join(ROOT, '.cache', 'models') });
  const registry = await ModelRegistry.create([{ id: 'hearth-demo-tiny', paths: [tiny] }]);
  // The gateway answers too (as under npm start), so the page has its self-hosted route.
  const native = new NodeLlamaCppEngine();
  await native.load({ source: { type: 'path', path: tiny }, threads: 1 });
  const app = createGateway({ registry, engines: new Map([['hearth-demo-tiny', native]]), logger: createJsonLogger('error', () => {}), webRoot, sdkRoot });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const repeats = ctx.quick ? 3 : 8;
  const browser = await launchChromium();
  const browsers = [browser];
  try {
    const page = await browser.context.newPage();
    // harper alone: the model declined under "Only this device".
    await page.goto(`${url}/?policy=device-only`);
    await page.getByRole('button', { name: "Don't download" }).click({ timeout: 120_000 });
    await ready(page);
    await proofreadOnce(page); // harper's Worker and wasm warm, as after the page's own warm-up
    const harper: number[] = [];
    for (let i = 0; i < repeats; i++) harper.push(await proofreadOnce(page));
    ctx.result('proofread_harper_ms', summarize(harper, 'ms', `Proofread pressed to harper's suggestions on screen, a ${EMAIL.length}-character email, model off, harper warm (its Worker, wasm from the inlined module), headless Chromium`));

    // The model on the device too, in a fresh profile (the one above kept its no): the first merged
    // suggestion shown (harper's, while the model reads).
    const second = await launchChromium();
    browsers.push(second);
    const page2 = await second.context.newPage();
    await measureWithModel(page2, url, repeats, ctx);
  } finally {
    for (const b of browsers) await b.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await native.unload();
  }
}

async function measureWithModel(page: Page, url: string, repeats: number, ctx: BenchContext): Promise<void> {
  {
    await page.goto(`${url}/?policy=device-or-self-hosted`);
    await page.getByRole('button', { name: 'Download and run here' }).click({ timeout: 120_000 });
    await ready(page);
    const status = await page.locator('#status').textContent();
    if (!status?.includes('runs on this device')) throw new Error(`the demo model is not on the device: "${status}" ${await page.locator('#notice').textContent()}`);
    await proofreadOnce(page);
    const first: number[] = [];
    for (let i = 0; i < repeats; i++) first.push(await proofreadOnce(page));
    ctx.result('proofread_first_suggestion_ms', summarize(first, 'ms', `Proofread pressed to the first merged suggestion on screen (the assist element's own clock), same ${EMAIL.length}-character email, the demo model proofreading on the device (llama-wasm) at the same time`));
  }
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true', null, { timeout: 120_000 });
}

/** One press of Proofread on the email: ms to the first suggestion, as `<hearth-assist>` measured it. */
async function proofreadOnce(page: Page): Promise<number> {
  await page.getByLabel('Message').fill(EMAIL);
  const ms = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        document.addEventListener('hearth-first-suggestion', (e) => resolve((e as CustomEvent<number>).detail), { once: true });
      }),
  );
  await page.getByRole('button', { name: 'Proofread' }).click();
  const value = await ms;
  await page.waitForFunction(() => document.querySelector('hearth-assist')?.getAttribute('aria-busy') === 'false', null, { timeout: 120_000 });
  return Math.round(value * 10) / 10;
}
