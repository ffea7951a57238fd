import type { Page } from 'playwright-core';
import type { LoadRequest, StreamPart } from '@hearth/spec';
import type { ConformanceTarget, PlainRequest } from '@hearth/sdk/test';

/**
 * A conformance target for the engine loaded in a harness page (tests/browser/harness).
 * Requests and results cross as JSON text: their recursive types are too deep for Playwright's.
 */
export function pageConformanceTarget(page: () => Page, loadRequest: () => Omit<LoadRequest, 'signal'>): ConformanceTarget {
  return {
    tokenIds: true,
    run: async (request) =>
      JSON.parse(await page().evaluate((json: string) => window.harness.run(JSON.parse(json) as PlainRequest), JSON.stringify(request))) as StreamPart[],
    runAborting: async (request, n) =>
      JSON.parse(
        await page().evaluate(([json, k]) => window.harness.runAborting(JSON.parse(json) as PlainRequest, k), [JSON.stringify(request), n] as const),
      ) as { parts: StreamPart[]; deltasAfterAbort: number },
    unload: () => page().evaluate(() => window.harness.unload()),
    load: async () => {
      const loaded = await page().evaluate((r) => window.harness.load(r), loadRequest());
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    },
  };
}
