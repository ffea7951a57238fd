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
import { createJsonLogger, startGateway } from '@hearth/server';
import type { ModelManifest } from '@hearth/spec';
import { launchChromium } from '../../../tests/support/chromium.ts';

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
 * Opens a session serving `models` (id → GGUF path). The gateway's own engines get one thread and
 * a small context, and stay idle: the browser is what is measured.
 */
export async function openBrowserSession(models: ReadonlyArray<{ id: string; path: string }>): Promise<BrowserSession> {
  const webRoot = await buildPage();
  const gateway = await startGateway({
    port: 0,
    models: models.map((m) => ({ id: m.id, paths: [m.path] })),
    webRoot,
    threads: 1,
    contextSize: 256,
    limits: { ratePerMinute: 0 },
    logger: createJsonLogger('error', () => {}),
  });
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
