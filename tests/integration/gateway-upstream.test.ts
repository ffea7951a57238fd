import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

// Two real Hearth gateways play the upstream engines (as llama.cpp server or vLLM would);
// a third routes to them. A closed port plays an upstream that is down.
let upstreamA: RunningGateway;
let upstreamB: RunningGateway;
let front: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  const path = await tinyModelPath();
  const quiet = captureLogger().logger;
  [upstreamA, upstreamB] = await Promise.all([
    startGateway({ port: 0, models: [{ id: 'tiny', paths: [path] }], logger: quiet, threads: 1, streamPaddingBytes: 0 }),
    startGateway({ port: 0, models: [{ id: 'tiny', paths: [path] }], logger: quiet, threads: 1, streamPaddingBytes: 0 }),
  ]);
  front = await startGateway({
    port: 0,
    logger: quiet,
    upstreams: [
      { name: 'down', baseUrl: 'http://127.0.0.1:9/v1', models: ['tiny'], maxConcurrency: 4 },
      { name: 'a', baseUrl: `${upstreamA.url}/v1`, models: ['tiny'], maxConcurrency: 4 },
      { name: 'b', baseUrl: `${upstreamB.url}/v1`, models: ['tiny'], maxConcurrency: 4 },
    ],
  });
  client = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await Promise.all([front?.close(), upstreamA?.close(), upstreamB?.close()]);
});

const served = (g: RunningGateway): number => g.metrics.counter('hearth_http_requests_total', { route: '/v1/chat/completions', status: 200 });

describe('gateway with an upstream pool, through the official openai client', () => {
  it('lists the pooled model and is ready while one upstream is down', async () => {
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['tiny']);
    expect((await fetch(`${front.url}/readyz`)).status).toBe(200);
  });

  it('answers streaming and non-streaming exactly as the upstream engine does', async () => {
    const body = { model: 'tiny', messages: [{ role: 'user' as const, content: 'pooled hello' }], max_tokens: 12, temperature: 0 };
    const direct = await new OpenAI({ baseURL: `${upstreamA.url}/v1`, apiKey: 'x' }).chat.completions.create(body);
    const whole = await client.chat.completions.create(body);
    expect(whole.choices[0]?.message.content).toBe(direct.choices[0]?.message.content);
    let streamed = '';
    for await (const chunk of await client.chat.completions.create({ ...body, stream: true })) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(direct.choices[0]?.message.content);
  });

  it('spreads concurrent requests over the healthy upstreams (least loaded)', async () => {
    const beforeA = served(upstreamA);
    const beforeB = served(upstreamB);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: `spread ${i}` }], max_tokens: 24 }),
      ),
    );
    const a = served(upstreamA) - beforeA;
    const b = served(upstreamB) - beforeB;
    expect(a + b).toBe(6);
    expect(a).toBeGreaterThanOrEqual(2);
    expect(b).toBeGreaterThanOrEqual(2);
  });

  it('fails over when an upstream dies, without the client noticing', async () => {
    await upstreamB.close();
    for (let i = 0; i < 3; i++) {
      const r = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: `after failover ${i}` }], max_tokens: 4 });
      expect(r.choices[0]?.message.content?.length).toBeGreaterThan(0);
    }
  });

  it('aborting the client stream stops generation on the upstream too', async () => {
    const tokens = (): number => upstreamA.metrics.counter('hearth_generated_tokens_total', { model: 'tiny' });
    const before = tokens();
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'tiny', messages: [{ role: 'user', content: 'long' }], max_tokens: 2000, stream: true },
      { signal: controller.signal },
    );
    let chunks = 0;
    try {
      for await (const _ of stream) if (++chunks === 3) controller.abort();
    } catch (error) {
      // The client may end the loop or throw its abort error; either way it stopped reading.
      expect(String(error)).toMatch(/abort/i);
    }
    expect(chunks).toBe(3);
    // The upstream's count settles once its generation ended: far short of the 2000 asked for.
    await expect
      .poll(async () => {
        const now = tokens();
        await new Promise((r) => setTimeout(r, 200));
        return tokens() === now ? now - before : -1;
      })
      .toBeGreaterThan(0);
    expect(tokens() - before).toBeLessThan(100);
  });

  it('passes typed errors through: unknown model and bad input', async () => {
    await expect(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'x' }], max_tokens: -3 })).rejects.toMatchObject({
      status: 400,
      param: 'max_tokens',
    });
  });
});

describe('embeddings through the pool', () => {
  it('returns the upstream engine’s vectors through the official openai client', async () => {
    const direct = await new OpenAI({ baseURL: `${upstreamA.url}/v1`, apiKey: 'x' }).embeddings.create({ model: 'tiny', input: ['pool me'] });
    const pooled = await client.embeddings.create({ model: 'tiny', input: ['pool me'] });
    expect(pooled.data[0]?.embedding).toEqual(direct.data[0]?.embedding);
  });
});

describe('structured output through the pool', () => {
  it('returns JSON that validates against the schema, and refuses what the upstream cannot enforce', async () => {
    const schema = {
      type: 'object',
      properties: { mood: { type: 'string', enum: ['calm', 'busy', 'late'] }, count: { type: 'integer', minimum: 1, maximum: 9 } },
      required: ['mood', 'count'],
      additionalProperties: false,
    };
    const r = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'status?' }],
      max_tokens: 60,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'status',
          schema: { type: 'object', properties: { mood: schema.properties.mood }, required: ['mood'], additionalProperties: false },
          strict: true,
        },
      },
    });
    const value = JSON.parse(r.choices[0]!.message.content!) as { mood: string };
    expect(['calm', 'busy', 'late']).toContain(value.mood);
    // node-llama-cpp's grammar cannot bound integers: refused before any token, through the pool too.
    await expect(
      client.chat.completions.create({
        model: 'tiny',
        messages: [{ role: 'user', content: 'x' }],
        max_tokens: 60,
        response_format: { type: 'json_schema', json_schema: { name: 'status', schema, strict: true } },
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('minimum') });
  });
});
