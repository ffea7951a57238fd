import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newApiKey, parseGatewayConfig, TelemetryHost } from '@hearth/server';
import type * as SdkModule from '@hearth/sdk';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../tools/src/postgres/start-throwaway-postgres.ts';
import { buildSdkBundle } from '../support/build-sdk-bundle.ts';
import { launchChromium } from '../support/chromium.ts';
import { repoRoot, tinyModelPath } from '../support/models.ts';
import { startCountingGateway } from '../support/store-counting-gateway.ts';
import { simulateBatches } from '../support/telemetry-simulation.ts';

// Telemetry from a real page (the SDK from /sdk/hearth.js, the model on the device) to a real
// gateway, every request recorded by Chromium; and the dashboard drawn from PGlite and from a
// real PostgreSQL, checked for drawn charts and by axe-core.

const pageRoot = fileURLToPath(new URL('./one-call-page/', import.meta.url));
type PageWindow = Window & { sdk: typeof SdkModule; pageReady: boolean };
const SECRET = `Dana Whitfield's appraisal ${crypto.randomUUID()}`;

let work: string;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let sdkRoot: string;
let tiny: string;
let postgres: ThrowawayPostgres;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hearth-telemetry-browser-'));
  [tiny, sdkRoot, postgres] = await Promise.all([tinyModelPath(), buildSdkBundle(), startThrowawayPostgres()]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await postgres?.stop();
  await rm(work, { recursive: true, force: true });
});

const host = (store: { dataDir: string } | { databaseUrl: string }): TelemetryHost =>
  new TelemetryHost({ dataDir: join(work, 'unused'), retentionDays: 90, minGroup: 20, dashboardDays: 30, ...store });

/** What a report may carry, key by key (TelemetryReport in @hearth/spec). */
const ALLOWED: Record<string, readonly string[]> = {
  '': ['specificationVersion', 'reports'],
  report: ['task', 'pack', 'route', 'model', 'fallback', 'device', 'measure'],
  pack: ['id', 'version'],
  route: ['where', 'engine', 'backend'],
  device: ['compute', 'memory', 'browser'],
  measure: ['metric', 'evaluator', 'k', 'value', 'epsilon'],
};

describe('telemetry from a page', () => {
  let gateway: Awaited<ReturnType<typeof startCountingGateway>>;
  let telemetry: TelemetryHost;
  beforeAll(async () => {
    telemetry = host({ dataDir: join(work, 'page-store') });
    gateway = await startCountingGateway([{ id: 'hearth-demo-tiny', paths: [tiny] }], { webRoot: pageRoot, sdkRoot, telemetry });
  });
  afterAll(async () => {
    await gateway?.close();
    await telemetry?.close();
  });

  /** Runs a summarize with three evaluators on the device under `options`, flushes telemetry, and returns every request the page sent. */
  async function runOnce(
    options: Record<string, unknown>,
  ): Promise<{ requests: Array<{ url: string; method: string; body: string; headers: Record<string, string> }>; evaluations: unknown[]; routes: unknown[] }> {
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/index.html`);
    await page.waitForFunction(() => (window as unknown as PageWindow).pageReady === true);
    const requests: Array<{ url: string; method: string; body: string; headers: Record<string, string> }> = [];
    page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? '', headers: r.headers() }));
    const out = await page.evaluate(
      async ([secret, opts]) => {
        const { createHearth, evaluators } = (window as unknown as PageWindow).sdk;
        const hearth = createHearth({ models: ['hearth-demo-tiny'], consent: 'granted', ...opts });
        const result = await hearth.run('summarize', secret, {
          maxTokens: 8,
          evaluators: [evaluators.length({ max: 2000 }), evaluators.notContains('Whitfield', { id: 'no-name' }), evaluators.custom('always', () => true)],
        });
        await hearth.telemetry.flush();
        await hearth.destroy();
        return { evaluations: result.evaluations, routes: result.routes };
      },
      [SECRET, options] as const,
    );
    await page.close();
    return { requests, ...out };
  }

  const telemetryRequests = <R extends { url: string }>(requests: R[]): R[] => requests.filter((r) => new URL(r.url).pathname.startsWith('/v1/telemetry'));

  it('a task with evaluators: the only /v1/telemetry request carries only the allowed fields, no text, no cookie, no id; the gateway stores its one report', async () => {
    const store = await telemetry.open();
    const before = await store.count();
    const { requests, evaluations, routes } = await runOnce({ telemetry: { delayMs: { min: 0, max: 10 } } });
    expect(routes).toMatchObject([{ where: 'device', engine: 'llama-wasm' }]);
    expect(evaluations).toHaveLength(3);
    expect(evaluations).toContainEqual({ evaluator: 'always', kind: 'custom', pass: true });
    const sent = telemetryRequests(requests);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request!.method).toBe('POST');
    expect(request!.headers['cookie'] ?? '').toBe('');
    expect(request!.headers['referer'] ?? '').toBe('');
    expect(Object.keys(request!.headers).filter((h) => /cookie|^x-|id$/i.test(h))).toEqual([]);
    expect(request!.body).not.toContain('Whitfield');
    expect(request!.body).not.toContain(SECRET.slice(-12));
    const body = JSON.parse(request!.body) as { specificationVersion: string; reports: Array<Record<string, Record<string, unknown>>> };
    console.log(`telemetry request body: ${request!.body}`);
    expect(Object.keys(body).every((k) => ALLOWED['']!.includes(k))).toBe(true);
    expect(body.reports).toHaveLength(1);
    for (const report of body.reports) {
      expect(Object.keys(report).every((k) => ALLOWED['report']!.includes(k))).toBe(true);
      for (const part of ['pack', 'route', 'device', 'measure'] as const)
        expect(
          Object.keys(report[part] ?? {}).every((k) => ALLOWED[part]!.includes(k)),
          part,
        ).toBe(true);
      expect(report['route']).toMatchObject({ where: 'device', engine: 'llama-wasm' });
      expect(report['device']).toMatchObject({ browser: 'chromium' });
      expect(['eval', 'ttft', 'decode']).toContain(report['measure']!['metric']);
    }
    expect(await store.count()).toBe(before + 1);
    // Nothing else left the page but the SDK's own files and the model's.
    expect(requests.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual(['/v1/telemetry']);
  });

  it('nothing at all is sent with telemetry off, or under device-only unless the app turned it on for device-only too', async () => {
    for (const options of [{}, { policy: 'device-only', telemetry: { delayMs: { min: 0, max: 10 } } }]) {
      const { requests, evaluations } = await runOnce(options);
      expect(evaluations, JSON.stringify(options)).toHaveLength(3);
      expect(telemetryRequests(requests), JSON.stringify(options)).toEqual([]);
    }
    const on = await runOnce({ policy: 'device-only', telemetry: { delayMs: { min: 0, max: 10 }, underDeviceOnly: true } });
    expect(telemetryRequests(on.requests)).toHaveLength(1);
  });
});

/** Non-white pixels of a PNG, counted in a blank page's canvas. */
async function inkOf(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    const data = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink++;
    return ink;
  }, png.toString('base64'));
}

describe.each(['pglite', 'postgres'] as const)('the dashboard from %s', (kind) => {
  it('asks for the admin key, then draws every chart (screenshots with ink, not empty frames) under its strict CSP; axe-core finds no serious or critical violation', async () => {
    const admin = newApiKey();
    const telemetry = host(kind === 'pglite' ? { dataDir: join(work, 'dashboard-store') } : { databaseUrl: postgres.url });
    const store = await telemetry.open();
    for (const batch of simulateBatches({ batches: 150, perBatch: 20, seed: 4, noise: 'correct', epsilon: 1 }).batches) await store.insert(batch.reports);
    // One model with too few reports: its cell must be hidden and say so.
    await store.insert(
      simulateBatches({ batches: 1, perBatch: 5, seed: 5, noise: 'correct', epsilon: 1 }).batches[0]!.reports.map((r) => ({ ...r, model: 'rare-model' })),
    );
    const gateway = await startCountingGateway([], {
      telemetry,
      config: parseGatewayConfig({ auth: { apiKeys: [{ name: 'owner', sha256: admin.sha256, scopes: ['admin'] }] } }),
    });
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    try {
      const response = await page.goto(`${gateway.url}/dashboard`);
      expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
      // With the keyboard only: the key field has focus; type the key and press Enter.
      await page.waitForSelector('#key-form:not([hidden])');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('admin-key');
      await page.keyboard.type(admin.key);
      await page.keyboard.press('Enter');
      await page.waitForSelector('body[data-rendered="true"]');
      const figures = await page.$$('figure');
      const charts = await page.$$('figure > [role="img"]');
      expect(figures.length).toBeGreaterThanOrEqual(9);
      expect(charts.length).toBeGreaterThanOrEqual(8);
      const blank = await browser.context.newPage();
      for (const chart of charts) {
        const ink = await inkOf(blank, await chart.screenshot());
        expect(ink, (await chart.getAttribute('aria-label')) ?? 'a chart').toBeGreaterThan(500);
      }
      await blank.close();
      expect(await page.locator('.hidden-note', { hasText: 'rare-model' }).count()).toBe(1);
      expect(await page.locator('figure', { hasText: 'Pass rate per prompt pack' }).locator('td', { hasText: 'chatml/proofread' }).count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(work, `dashboard-${kind}.png`), fullPage: true });
      // axe-core, injected through the devtools protocol (the page's CSP allows no inline script).
      await page.evaluate(await readFile(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
      const results = await page.evaluate(async () =>
        (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe.run(),
      );
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
      console.log(`axe on the dashboard (${kind}): ${results.violations.length} violations, serious or critical: ${serious.join(', ') || 'none'}`);
      expect(serious).toEqual([]);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
      await gateway.close();
      await telemetry.close();
    }
  });
});
