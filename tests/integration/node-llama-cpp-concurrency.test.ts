import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { tinyModelPath } from '../support/models.ts';

const engine = new NodeLlamaCppEngine({ parallelSequences: 4 });

beforeAll(async () => {
  await engine.load({ source: { type: 'path', path: await tinyModelPath() }, contextSize: 4096 });
});
afterAll(() => engine.unload());

describe('node-llama-cpp concurrency', () => {
  it('runs 4 requests at once, their tokens interleaved, not one after another', async () => {
    // Arrival order of every token across the 4 streams.
    const order: number[] = [];
    const finishedAt: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        for await (const part of engine.doStream({ prompt: { type: 'text', text: `Request number ${i} says` }, maxTokens: 48, temperature: 0 })) {
          if (part.type === 'text-delta') order.push(i);
          if (part.type === 'error') throw new Error(part.error.message);
        }
        finishedAt.push(order.length);
      }),
    );
    expect(order.length).toBe(4 * 48);
    // Every stream had produced tokens before the first one finished.
    const firstFinish = Math.min(...finishedAt);
    const before = new Set(order.slice(0, firstFinish));
    expect(before.size).toBe(4);
    // And they alternate: a queue would switch streams 3 times; batching switches constantly.
    let switches = 0;
    for (let k = 1; k < order.length; k++) if (order[k] !== order[k - 1]) switches++;
    expect(switches).toBeGreaterThan(40);
  });
});
