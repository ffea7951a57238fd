import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

let gateway: RunningGateway;
beforeAll(async () => {
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [await tinyModelPath()] }], logger: captureLogger().logger, threads: 1 });
});
afterAll(() => gateway?.close());

/** The `hearth_tokens_after_cancel` histogram: how many cancels, and how many stopped within `le` tokens. */
function afterCancel(le: number): { count: number; within: number } {
  const text = gateway.metrics.render();
  const count = Number(/^hearth_tokens_after_cancel_count (\d+)/m.exec(text)?.[1] ?? 0);
  const within = Number(new RegExp(`^hearth_tokens_after_cancel_bucket\\{le="${le}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { count, within };
}

describe('client disconnect', () => {
  it('stops generation within two tokens of the client hanging up', async () => {
    const runs = 10;
    for (let i = 0; i < runs; i++) {
      const controller = new AbortController();
      const r = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: 'tiny', messages: [{ role: 'user', content: `leave early ${i}` }], max_tokens: 4000, stream: true }),
        signal: controller.signal,
      });
      const reader = r.body!.getReader();
      for (let k = 0; k < 3 + i; k++) await reader.read();
      controller.abort();
      // Wait for the gateway to record this cancellation.
      await expect.poll(() => afterCancel(2).count).toBe(i + 1);
    }
    const { count, within } = afterCancel(2);
    expect(count).toBe(runs);
    expect(within).toBe(runs);
    // And the generation really ended: no request is still running.
    expect(gateway.metrics.render()).toMatch(/^hearth_requests_active 0$/m);
  });
});
