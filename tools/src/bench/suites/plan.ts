// plan_ms: what choosing where a request runs costs an app before its first token, in Chromium:
// `probeDevice()` then `plan()` over the shipped catalog with the gateway as the self-hosted route.
import type { Page } from 'playwright-core';
import { summarize, type BenchContext } from '../bench-context.ts';
import { sharedBrowserSession } from '../browser-session.ts';

export async function planSuite(ctx: BenchContext): Promise<void> {
  const session = await sharedBrowserSession(ctx);
  const { page } = session;
  const repeats = ctx.quick ? 5 : 15;
  const selfHosted = `${session.gatewayUrl}/v1`;
  {
    const first: number[] = [];
    const probe: number[] = [];
    const planOnly: number[] = [];
    const returning: number[] = [];
    let route = '';
    for (let i = 0; i < repeats; i++) {
      // A fresh page each time: an app probes and plans once per page load, with cold code. The
      // probe's cache is off, so this is a first visit.
      await fresh(page);
      const cold = await page.evaluate(([u, m]) => window.bench.probeAndPlan(u, m, false), [selfHosted, 'hearth-demo-tiny'] as const);
      first.push(cold.totalMs);
      probe.push(cold.probeMs);
      planOnly.push(cold.planMs);
      route = `${cold.routes} routes, first ${cold.firstRoute}`;
      // A returning visitor: the probe reuses the hardware part it cached in localStorage (the
      // first repeat's call fills it).
      await fresh(page);
      returning.push((await page.evaluate(([u, m]) => window.bench.probeAndPlan(u, m, true), [selfHosted, 'hearth-demo-tiny'] as const)).totalMs);
    }
    const how = `probeDevice() + plan() for a proofread task over the shipped catalog, gateway as self-hosted route, in headless Chromium (no WebGPU adapter), a fresh page per repeat`;
    ctx.result('plan_ms', summarize(first, 'ms', `${how}, the probe's cache off (a first visit); ${route}`));
    ctx.detail('plan_probe_ms', summarize(probe, 'ms', 'probeDevice() alone, uncached'));
    ctx.detail('plan_plan_ms', summarize(planOnly, 'ms', 'shippedCatalog() + plan() alone'));
    ctx.detail('plan_returning_ms', summarize(returning.slice(1), 'ms', 'probe + plan with the probe reusing its cached hardware profile (a returning visitor)'));
  }
}

async function fresh(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => 'bench' in window);
}
