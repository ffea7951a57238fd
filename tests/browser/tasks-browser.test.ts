import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ModelHints } from '@hearth/sdk/tasks';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import { expectTaskReport } from './tasks-harness/expect-task-report.ts';
import type { TaskReport } from './tasks-harness/run-every-task.ts';
import type { RenderReport, TasksEngine } from './tasks-harness/tasks-harness.ts';

// Every task API on both in-browser engines, each in its Worker in Chromium, with the same checks
// as node-llama-cpp and the gateway (tests/integration/tasks.test.ts): wllama, and llama-wasm
// (Hearth's own WebAssembly llama.cpp) on the cross-origin isolated page the gateway serves.

const ENGINES = ['wllama', 'llama-wasm'] as const satisfies readonly TasksEngine[];
// The tiny model never emits an end-of-turn token: every text task runs to its budget.
const MAX_TOKENS = 24;
const STRUCTURED_MAX_TOKENS = 300;

let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let modelUrl: string;
let sha256: string;

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness('tasks-harness'), pageCsp: false });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  modelUrl = `${gateway.url}/models/tiny/${file.name}`;
  sha256 = file.sha256;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

async function openHarness(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${gateway.url}/index.html`);
  await page.waitForFunction(() => 'tasksHarness' in window);
  return page;
}

for (const engine of ENGINES) {
  describe(`every task on ${engine} (WebAssembly, in a Worker, in Chromium)`, () => {
    let report: TaskReport | undefined;
    let model: ModelHints | undefined;

    beforeAll(async () => {
      const page = await openHarness();
      try {
        // One thread: the machine is small and shared, and the tiny model needs no more.
        const load = { source: { type: 'url', url: modelUrl, sha256 }, contextSize: 2048, threads: 1, gpuLayers: 0 };
        const loaded = JSON.parse(await page.evaluate(([json, kind]) => window.tasksHarness.load(json, kind), [JSON.stringify(load), engine] as const)) as {
          ok: boolean;
          error?: unknown;
        };
        if (!loaded.ok) throw new Error(`${engine}: load failed: ${JSON.stringify(loaded.error)}`);
        const options = JSON.stringify({ maxTokens: MAX_TOKENS, structuredMaxTokens: STRUCTURED_MAX_TOKENS });
        ({ model, report } = JSON.parse(await page.evaluate(([json, url]) => window.tasksHarness.runEveryTask(json, url), [options, modelUrl] as const)) as {
          model: ModelHints;
          report: TaskReport;
        });
      } finally {
        await page.close();
      }
    });

    it("the model's GGUF header, read over HTTP Range in the page, selects the demo packs", () => {
      expect(model).toMatchObject({ name: 'hearth-tiny', chatTemplate: expect.stringContaining('<|im_start|>') });
    });
    expectTaskReport(() => report, { maxTokens: MAX_TOKENS, repeatable: true });
  });
}

// Payloads aimed at the page itself: they call `pwned()` or load from the gateway under /xss-,
// so a script that ran or a request that left is seen (the harness records calls; the gateway
// records every request).
const PAYLOAD_LIST = [
  '<script>pwned("script")</script>',
  '<img src="/xss-img" onerror="pwned(\'img\')">',
  '<svg onload="pwned(\'svg\')"></svg>',
  '<iframe src="javascript:pwned(\'iframe\')"></iframe>',
  '<a href="jav&#x09;ascript:pwned(\'a\')">click</a>',
  '[x](javascript:pwned("md-link"))',
  '[x](jav&#x09;ascript:pwned("md-tab"))',
  '[x](&#106;avascript:pwned("md-entity"))',
  '![x](/xss-md-img)',
  '![tracking](http://localhost/xss-remote-img)',
  '![x](data:image/svg+xml,<svg onload=pwned("data-svg")>)',
  '<!-- <img src="/xss-comment"> -->',
  '**<img src="/xss-strong" onerror="pwned(\'strong\')">**',
  '[<img src="/xss-label">](https://example.com)',
  '<style>@import "/xss-style.css";</style>',
  '<meta http-equiv="refresh" content="0;url=/xss-refresh">',
  '<link rel="stylesheet" href="/xss-link.css">',
  '```html\n<img src="/xss-code" onerror="pwned(\'code\')">\n```',
  '| a |\n|---|\n| <img src="/xss-cell" onerror="pwned(\'cell\')"> |',
  '> - <video src="/xss-video" onerror="pwned(\'video\')"></video>',
];
const PAYLOADS = PAYLOAD_LIST.join('\n\n');

describe('rendering model Markdown into a live Chromium page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openHarness();
  });
  afterAll(async () => {
    await page?.close();
  });

  for (const how of ['fragment', 'html'] as const) {
    it(`${how === 'fragment' ? 'renderMarkdownFragment' : 'renderMarkdownSafely + innerHTML'}: no script runs, nothing loads, only safe elements and links`, async () => {
      const before = gateway.requests.length;
      const rendered = JSON.parse(await page.evaluate(([md, h]) => window.tasksHarness.render(md, h), [PAYLOADS, how] as const)) as RenderReport;
      expect(rendered.scriptRuns).toEqual([]);
      expect(gateway.requests.slice(before).map((r) => r.url)).toEqual([]);
      expect(gateway.requests.some((r) => r.url.includes('/xss-'))).toBe(false);
      for (const tag of rendered.tags)
        expect(['p', 'a', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'ul', 'li', 'br']).toContain(tag);
      for (const attribute of rendered.attributes) expect(['href', 'rel', 'class']).toContain(attribute);
      for (const href of rendered.hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
      // The markup the model wrote is on the page as text, for the reader to see.
      expect(rendered.html).toContain('&lt;script&gt;pwned("script")&lt;/script&gt;');
    });
  }

  it('control: the same payloads put in a page as raw HTML do run script and load from the server', async () => {
    // On a page of its own: the raw payloads are meant to do damage.
    const control = await openHarness();
    try {
      // Without the meta refresh, which works too: it navigates the page away before the report.
      const raw = PAYLOAD_LIST.filter((p) => !p.startsWith('<meta')).join('\n\n');
      const rendered = JSON.parse(await control.evaluate((md) => window.tasksHarness.render(md, 'raw'), raw)) as RenderReport;
      expect(rendered.scriptRuns.length).toBeGreaterThan(0);
      expect(gateway.requests.some((r) => r.url.includes('/xss-img'))).toBe(true);
    } finally {
      await control.close();
    }
  });
});
