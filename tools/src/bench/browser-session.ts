// One benchmark browser session: the bench page (tools/src/bench/browser/) built with Vite, served
// by a real gateway (COOP/COEP on every response, so wasm threads work), opened in Debian
// Chromium headless with a fresh profile (empty OPFS, no cached device profile).
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createGateway, createJsonLogger, ModelRegistry } from '@hearth/server';
import type { ModelManifest } from '@hearth/spec';
import { benchModelSpec, ensureModel, tinyModelSpec } from '../index.ts';
import { launchChromium } from '../testing/chromium.ts';

export interface ServedModel {
  id: string;
  manifestUrl: string;
  /** URL of the model's (single) file on the gateway. */
  url: string;
  sha256: string;
  size: number;
}

export interface BrowserSession {
  page: Page;
  gatewayUrl: string;
  models: Map<string, ServedModel>;
  close(): Promise<void>;
}

const PAGE_ROOT = fileURLToPath(new URL('./browser/', import.meta.url));
let built: Promise<string> | undefined;

/** Built once per process: every browser suite of a run loads the same page. */
function buildPage(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'hearth-bench-page-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    // The same bundler settings as the composer app: workers as ES modules, wasm emitted as files.
    // Errors only: the bundler's size and timing notes would bury the measurements in the log.
    await build({ root: PAGE_ROOT, base: './', logLevel: 'error', configFile: false, build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
    return outDir;
  })();
  return built;
}

/**
 * Opens a session serving `models` (id → GGUF path). The gateway app serves the page, manifests
 * and model files with no engine loaded: the browser is what is measured, and loading idle native
 * engines would only cost the run seconds and memory.
 */
export async function openBrowserSession(models: ReadonlyArray<{ id: string; path: string }>): Promise<BrowserSession> {
  const webRoot = await buildPage();
  const registry = await ModelRegistry.create(models.map((m) => ({ id: m.id, paths: [m.path] })));
  // The bench page runs wllama, whose blob: Worker the strict page CSP refuses: without this its
  // load never ended (the store suite's warm loads waited forever).
  const app = createGateway({ registry, engines: new Map(), logger: createJsonLogger('error', () => {}), webRoot, pageCsp: false });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch }, () => resolve(s));
  });
  const gateway = {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    const served = new Map<string, ServedModel>();
    for (const m of models) {
      const manifestUrl = `${gateway.url}/models/${m.id}/manifest.json`;
      const manifest = (await (await fetch(manifestUrl)).json()) as ModelManifest;
      const file = manifest.files[0];
      if (!file || manifest.files.length !== 1) throw new Error(`${manifestUrl}: expected one file`);
      served.set(m.id, { id: m.id, manifestUrl, url: new URL(file.name, manifestUrl).href, sha256: file.sha256, size: file.size });
    }
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => 'bench' in window);
    const env = await page.evaluate(() => window.bench.environment());
    // Without isolation wasm runs one thread and every browser figure would be meaningless.
    if (!env.crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated');
    const opened = browser;
    return {
      page,
      gatewayUrl: gateway.url,
      models: served,
      async close() {
        await opened.close();
        await gateway.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await gateway.close();
    throw error;
  }
}

/** A served model by id; throws if the session does not serve it. */
export function served(session: BrowserSession, id: string): ServedModel {
  const m = session.models.get(id);
  if (!m) throw new Error(`the session does not serve ${id}`);
  return m;
}

let shared: Promise<BrowserSession> | undefined;

/**
 * The run's one browser session, opened by the first browser suite and closed by the runner
 * (closeSharedBrowserSession): one gateway, one Chromium, one page for every browser suite, so a
 * run pays for starting them once. It serves the tiny model under the shipped catalog's id
 * (hearth-demo-tiny) and the bench model's Q4_0 file, and Q8_0 unless the run is quick. A suite
 * may reload the page; what it leaves in the page's storage (a stored model) the next suite sees.
 */
export async function sharedBrowserSession(options: { quick: boolean }): Promise<BrowserSession> {
  if (shared) {
    // A reused session starts from a reloaded page: nothing a previous suite left running in it.
    const session = await shared;
    await session.page.reload();
    await session.page.waitForFunction(() => 'bench' in window);
    return session;
  }
  shared = (async () => {
    const models = [
      { id: 'hearth-demo-tiny', path: await ensureModel(tinyModelSpec()) },
      { id: 'bench-q4_0', path: await ensureModel(benchModelSpec({ type: 'q4_0' })) },
    ];
    if (!options.quick) {
      models.push({ id: 'bench-q8_0', path: await ensureModel(benchModelSpec({ type: 'q8_0' })) });
      models.push({ id: 'bench-q4_k_m', path: await ensureModel(benchModelSpec({ type: 'q4_k_m' })) });
    }
    return openBrowserSession(models);
  })();
  return shared;
}

export async function closeSharedBrowserSession(): Promise<void> {
  const session = shared;
  shared = undefined;
  await (await session?.catch(() => undefined))?.close();
}
