import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';

// A gateway in front of a third party's server: the upstream (a real gateway and engine that
// records every request body, standing in for someone else's API) must see placeholders only.

const native = new NodeLlamaCppEngine({ parallelSequences: 1 });
let upstream: Awaited<ReturnType<typeof startRecordingGateway>>;
let front: RunningGateway;
const logs = captureLogger();

beforeAll(async () => {
  const path = await tinyModelPath();
  await native.load({ source: { type: 'path', path }, threads: 1 });
  upstream = await startRecordingGateway({ models: [{ id: 'tiny', paths: [path] }], engines: new Map([['tiny', native]]), webRoot: '/nonexistent' });
  front = await startGateway({
    port: 0,
    logger: logs.logger,
    upstreams: [{ name: 'someone-else', baseUrl: `${upstream.url}/v1`, models: ['tiny'], maxConcurrency: 2, redact: true }],
  });
});
afterAll(async () => {
  await front?.close();
  await upstream?.close();
  await native.unload();
});

describe('an upstream marked redact', () => {
  it('receives placeholders, never the values, streaming and not; the client gets a normal answer', async () => {
    const client = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const content = 'Tell dana.whitfield@example.org (+44 7700 900123) her card 4111 1111 1111 1111 was refunded.';
    const whole = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content }], max_tokens: 8, temperature: 0 });
    expect(whole.choices[0]?.message.content?.length).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content }], max_tokens: 8, stream: true }))
      streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed.length).toBeGreaterThan(0);
    const bodies = upstream.requests.filter((r) => r.url.endsWith('/chat/completions')).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      for (const value of ['dana.whitfield@example.org', '7700 900123', '4111 1111 1111 1111']) expect(body).not.toContain(value);
      expect(body).toContain('[EMAIL_1]');
      expect(body).toContain('[PHONE_1]');
      expect(body).toContain('[CARD_1]');
    }
    // The front gateway's own logs hold no value either.
    expect(logs.lines.join('\n')).not.toContain('dana.whitfield');
  });
});
