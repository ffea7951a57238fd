import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

const CANARY = `canary-${crypto.randomUUID()}`;
let gateway: RunningGateway;
let client: OpenAI;
let modelBytes: Buffer;
const logs = captureLogger();

beforeAll(async () => {
  const path = await tinyModelPath();
  modelBytes = await readFile(path);
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [path] }], logger: logs.logger, threads: 2 });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
});

describe('gateway with the official openai client', () => {
  it('lists the served model', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['tiny']);
  });

  it('answers a non-streaming chat completion with usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: `Hello ${CANARY}` }],
      max_tokens: 16,
      temperature: 0,
    });
    const choice = completion.choices[0];
    expect(completion.object).toBe('chat.completion');
    expect(choice?.message.role).toBe('assistant');
    expect(choice?.message.content?.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(choice?.finish_reason);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(16);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(5);
  });

  it('streams the same greedy text it returns whole, then usage', async () => {
    const body = { model: 'tiny', messages: [{ role: 'user' as const, content: 'Write me a note' }], max_tokens: 24, temperature: 0 };
    const whole = await client.chat.completions.create(body);
    const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let chunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(finish).toBe(whole.choices[0]?.finish_reason);
    expect(usage?.completion_tokens).toBe(whole.usage?.completion_tokens);
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'go on' }], max_tokens: 3, temperature: 0 });
    // Random weights rarely emit end-of-turn within 3 tokens; if they do, the count is still bounded.
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(3);
    if (completion.usage?.completion_tokens === 3) expect(completion.choices[0]?.finish_reason).toBe('length');
  });

  it('stops generating when the client aborts its stream', async () => {
    const tokens = (): number => gateway.metrics.counter('hearth_generated_tokens_total', { model: 'tiny' });
    const before = tokens();
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'tiny', messages: [{ role: 'user', content: 'go on and on' }], max_tokens: 3000, stream: true },
      { signal: controller.signal },
    );
    let chunks = 0;
    try {
      for await (const _ of stream) if (++chunks === 4) controller.abort();
    } catch (error) {
      expect(String(error)).toMatch(/abort/i);
    }
    expect(chunks).toBe(4);
    await expect.poll(() => gateway.metrics.render()).toMatch(/^hearth_requests_active 0$/m);
    expect(tokens() - before).toBeLessThan(50);
  });

  it('answers bad input with OpenAI-shaped errors the client raises as typed errors', async () => {
    await expect(client.chat.completions.create({ model: 'tiny', messages: [] })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'messages',
    });
    await expect(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'x' }], temperature: 9 })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    const raw = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "tiny", "messages": [',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('JSON') } });
  });

  it('never logs prompts or outputs, even at debug level', async () => {
    const answer = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: `${CANARY} secret` }],
      max_tokens: 8,
      temperature: 0,
    });
    const output = answer.choices[0]?.message.content ?? '';
    const all = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(3);
    expect(all).not.toContain(CANARY);
    if (output.trim().length >= 4) expect(all).not.toContain(output);
  });
});

describe('embeddings', () => {
  it('answers the official openai client with one vector per input, deterministic and distinct', async () => {
    const r = await client.embeddings.create({ model: 'tiny', input: ['the launch moves to Friday', 'the cat sat on the mat'] });
    expect(r.data).toHaveLength(2);
    const [a, b] = [r.data[0]!.embedding, r.data[1]!.embedding];
    expect(a.length).toBe(64);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(a).not.toEqual(b);
    expect(r.usage.prompt_tokens).toBeGreaterThan(4);
    const again = await client.embeddings.create({ model: 'tiny', input: 'the launch moves to Friday' });
    expect(again.data[0]!.embedding).toEqual(a);
    const base64 = await client.embeddings.create({ model: 'tiny', input: 'the launch moves to Friday', encoding_format: 'base64' });
    // The client hands base64 back as the string it received: 64 float32s.
    const bytes = Buffer.from(base64.data[0]!.embedding as unknown as string, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toEqual(a.map((x) => Math.fround(x)));
  });

  it('refuses bad input with OpenAI-shaped errors', async () => {
    await expect(client.embeddings.create({ model: 'tiny', input: [] })).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(client.embeddings.create({ model: 'tiny', input: 'x', dimensions: 3 })).rejects.toMatchObject({ status: 400, param: 'dimensions' });
    await expect(client.embeddings.create({ model: 'nope', input: 'x' })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('model files', () => {
  it('publishes a manifest whose SHA-256 matches the bytes served', async () => {
    const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as {
      files: Array<{ name: string; size: number; sha256: string }>;
    };
    const file = manifest.files[0]!;
    expect(file.size).toBe(modelBytes.length);
    const served = Buffer.from(await (await fetch(`${gateway.url}/models/tiny/${file.name}`)).arrayBuffer());
    expect(createHash('sha256').update(served).digest('hex')).toBe(file.sha256);
    expect(served.equals(modelBytes)).toBe(true);
  });

  it('serves byte ranges with a strong ETag and honours If-Range', async () => {
    const name = ((await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string }> }).files[0]!.name;
    const url = `${gateway.url}/models/tiny/${name}`;
    const head = await fetch(url, { method: 'HEAD' });
    const etag = head.headers.get('etag')!;
    expect(etag).toMatch(/^"sha256-[0-9a-f]{64}"$/);
    expect(head.headers.get('accept-ranges')).toBe('bytes');

    const part = await fetch(url, { headers: { Range: 'bytes=100-199', 'If-Range': etag } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${modelBytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(modelBytes.subarray(100, 200))).toBe(true);

    const suffix = await fetch(url, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(modelBytes.subarray(modelBytes.length - 10))).toBe(true);

    const stale = await fetch(url, { headers: { Range: 'bytes=100-199', 'If-Range': '"sha256-stale"' } });
    expect(stale.status).toBe(200);
    expect(Number(stale.headers.get('content-length'))).toBe(modelBytes.length);
    await stale.arrayBuffer();

    const beyond = await fetch(url, { headers: { Range: `bytes=${modelBytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${modelBytes.length}`);

    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('sends cross-origin isolation headers on every response, errors included', async () => {
    for (const path of ['/healthz', '/v1/models', '/models/tiny/manifest.json', '/nope', '/v1/nope']) {
      const r = await fetch(gateway.url + path);
      expect(r.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(r.headers.get('cross-origin-embedder-policy'), path).toBe('require-corp');
      await r.arrayBuffer();
    }
  });
});
