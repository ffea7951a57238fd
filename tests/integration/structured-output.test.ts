import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { RemoteEngine } from '@hearth/sdk/engines';
import { compileSchemaValidator, NODE_LLAMA_CPP_SCHEMA_CAPABILITIES, streamObject, type ObjectStreamPart } from '@hearth/sdk/structured';
import { startGateway, type RunningGateway } from '@hearth/server';
import type { GenerateRequest, JsonSchema, StreamPart } from '@hearth/spec';
import { captureLogger } from '../support/capture-logger.ts';
import { collectParts } from '@hearth/sdk/test';
import { tinyModelPath } from '../support/models.ts';
import { STRUCTURED_CASES } from '../support/structured-output-cases.ts';

// Room for every bounded schema to close; greedy decoding of random weights loops wherever it may.
const MAX_TOKENS = 300;
const engine = new NodeLlamaCppEngine({ parallelSequences: 1 });
let gateway: RunningGateway;
let client: OpenAI;
let remote: RemoteEngine;
const logs = captureLogger();
/** Every output the gateway returned, to look for in its logs. */
const outputs: string[] = [];

beforeAll(async () => {
  const path = await tinyModelPath();
  await engine.load({ source: { type: 'path', path }, threads: 1, contextSize: 2048 });
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [path] }], logger: logs.logger, threads: 1 });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
  remote = new RemoteEngine({ baseUrl: `${gateway.url}/v1`, model: 'tiny', maxAttempts: 1 });
  await remote.load({ source: { type: 'url', url: gateway.url } });
});
afterAll(async () => {
  await engine.unload();
  await gateway?.close();
});

function request(schema: JsonSchema, overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    prompt: { type: 'chat', messages: [{ role: 'user', content: 'Answer in JSON.' }] },
    temperature: 0,
    maxTokens: MAX_TOKENS,
    responseFormat: { type: 'json_schema', name: 'answer', schema },
    ...overrides,
  };
}

function textOf(parts: readonly StreamPart[]): string {
  return parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
}

function expectValid(text: string, schema: JsonSchema): void {
  const value: unknown = JSON.parse(text);
  expect(compileSchemaValidator(schema).validate(value), text).toEqual([]);
}

/** Tokens the gateway generated so far, from its Prometheus counter. */
async function generatedTokens(): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('hearth_generated_tokens_total'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('structured output on node-llama-cpp, directly', () => {
  for (const c of STRUCTURED_CASES) {
    const keyword = c.refusedBy?.['node-llama-cpp'];
    it(keyword ? `${c.name}: refused before generation, naming "${keyword}"` : `${c.name}: parses and validates`, async () => {
      const parts = await collectParts(engine, request(c.schema));
      if (keyword) {
        // Nothing but the error: not one token was generated.
        expect(parts).toHaveLength(1);
        expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'unsupported', data: { keyword } } });
        return;
      }
      expect(parts.at(-1), textOf(parts)).toMatchObject({ type: 'finish' });
      expectValid(textOf(parts), c.schema);
    });
  }

  it('json_object mode gives a JSON object', async () => {
    const parts = await collectParts(engine, {
      prompt: { type: 'text', text: 'JSON:' },
      temperature: 0,
      maxTokens: MAX_TOKENS,
      responseFormat: { type: 'json_object' },
    });
    const last = parts.at(-1);
    // json.gbnf leaves strings unbounded, and random weights may loop in one: then the typed cut.
    if (last?.type === 'error') expect(last.error.code).toBe('output_truncated');
    else expect(JSON.parse(textOf(parts))).toBeTypeOf('object');
  });

  it('a token limit that cuts the JSON short is the typed error output_truncated', async () => {
    const parts = await collectParts(engine, request(STRUCTURED_CASES[0]!.schema, { maxTokens: 6 }));
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'output_truncated', data: { maxTokens: 6 } } });
  });

  it('a malformed schema is invalid_request before generation', async () => {
    const malformed: JsonSchema = JSON.parse('{"type": "strin"}');
    const parts = await collectParts(engine, request(malformed));
    expect(parts).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'invalid_request' }) })]);
  });

  it('streamObject yields growing partial objects, then the validated whole', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'nested objects')!.schema;
    const seen: ObjectStreamPart[] = [];
    for await (const part of streamObject(engine, { ...request(schema), responseFormat: { type: 'json_schema', schema } })) seen.push(part);
    const final = seen.at(-1);
    expect(final?.type).toBe('object');
    const partials = seen.filter((p) => p.type === 'partial-object');
    expect(partials.length).toBeGreaterThan(2);
    // Each partial is a valid JSON value on its own, and the last one is the whole object.
    for (const p of partials) expect(JSON.parse(JSON.stringify(p.value))).toEqual(p.value);
    expect(partials.at(-1)?.value).toEqual(final?.type === 'object' ? final.value : undefined);
    if (final?.type === 'object') {
      expect(JSON.parse(final.text)).toEqual(final.value);
      expectValid(final.text, schema);
    }
  });
});

describe('structured output through the gateway, with the official openai client', () => {
  for (const c of STRUCTURED_CASES) {
    const keyword = c.refusedBy?.['node-llama-cpp'];
    it(keyword ? `${c.name}: 400 naming "${keyword}", no tokens generated` : `${c.name}: parses and validates`, async () => {
      const body = {
        model: 'tiny',
        messages: [{ role: 'user' as const, content: 'Answer in JSON.' }],
        max_tokens: MAX_TOKENS,
        temperature: 0,
        response_format: { type: 'json_schema' as const, json_schema: { name: 'answer', schema: c.schema, strict: true } },
      };
      if (keyword) {
        const before = await generatedTokens();
        const error: unknown = await client.chat.completions.create(body).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'response_format' });
        expect((error as Error).message).toContain(`"${keyword}"`);
        expect(await generatedTokens()).toBe(before);
        return;
      }
      const completion = await client.chat.completions.create(body);
      outputs.push(completion.choices[0]?.message.content ?? '');
      expectValid(completion.choices[0]?.message.content ?? '', c.schema);
    });
  }

  it('streams the same JSON it returns whole', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'nested objects')!.schema;
    const body = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'Answer in JSON.' }],
      max_tokens: MAX_TOKENS,
      temperature: 0,
      response_format: { type: 'json_schema' as const, json_schema: { name: 'answer', schema, strict: true } },
    };
    const whole = await client.chat.completions.create(body);
    let text = '';
    for await (const chunk of await client.chat.completions.create({ ...body, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(whole.choices[0]?.message.content);
    expectValid(text, schema);
  });

  it('refuses an unenforceable schema with a 400 when streaming too, before any chunk', async () => {
    const body = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'x' }],
      max_tokens: 8,
      stream: true as const,
      response_format: { type: 'json_schema' as const, json_schema: { name: 'x', schema: { type: 'string', pattern: '^a+$' } } },
    };
    await expect(client.chat.completions.create(body)).rejects.toMatchObject({ status: 400, code: 'unsupported' });
  });

  it('a cut JSON is a 400 output_truncated whole, and an error event when streaming', async () => {
    const body = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'Answer in JSON.' }],
      max_tokens: 6,
      temperature: 0,
      response_format: { type: 'json_schema' as const, json_schema: { name: 'answer', schema: STRUCTURED_CASES[0]!.schema } },
    };
    await expect(client.chat.completions.create(body)).rejects.toMatchObject({ status: 400, code: 'output_truncated' });
    const stream = await client.chat.completions.create({ ...body, stream: true });
    const drained = (async () => {
      for await (const _chunk of stream);
    })();
    await expect(drained).rejects.toThrow(/token limit/);
  });

  it('refuses a malformed schema or response_format with a 400 naming the parameter', async () => {
    const base = { model: 'tiny', messages: [{ role: 'user' as const, content: 'x' }], max_tokens: 8 };
    await expect(
      client.chat.completions.create({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'strin' } } } }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_request', param: 'response_format.json_schema.schema' });
    await expect(
      client.chat.completions.create({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'bad name!', schema: {} } } }),
    ).rejects.toMatchObject({ status: 400, param: 'response_format.json_schema.name' });
  });

  it('json_object mode through the gateway', async () => {
    const completion = await client.chat.completions
      .create({
        model: 'tiny',
        messages: [{ role: 'user', content: 'JSON please' }],
        max_tokens: MAX_TOKENS,
        temperature: 0,
        response_format: { type: 'json_object' },
      })
      .catch((e: unknown) => e);
    if (completion instanceof OpenAI.APIError) expect(completion.code).toBe('output_truncated');
    else expect(JSON.parse((completion as OpenAI.ChatCompletion).choices[0]?.message.content ?? '')).toBeTypeOf('object');
  });

  it('/v1/completions takes response_format too', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'flat object')!.schema;
    const response = await fetch(`${gateway.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'tiny',
        prompt: 'JSON:',
        max_tokens: MAX_TOKENS,
        temperature: 0,
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema } },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: Array<{ text: string }> };
    expectValid(body.choices[0]?.text ?? '', schema);
  });

  it('never logs a structured output', () => {
    const all = logs.lines.join('\n');
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) if (output.length >= 8) expect(all).not.toContain(output);
  });
});

describe('the remote engine forwards response_format to a Hearth gateway', () => {
  it('gets valid JSON back for a schema the gateway enforces', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === '$ref into $defs')!.schema;
    const parts = await collectParts(remote, request(schema));
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expectValid(textOf(parts), schema);
  });

  it('refuses locally, sending nothing, when told the server enforces less', async () => {
    const strict = new RemoteEngine({ baseUrl: `${gateway.url}/v1`, model: 'tiny', maxAttempts: 1, schemaCapabilities: NODE_LLAMA_CPP_SCHEMA_CAPABILITIES });
    await strict.load({ source: { type: 'url', url: gateway.url } });
    const parts = await collectParts(strict, request({ type: 'string', pattern: '^a+$' }));
    // data.keyword is only set by the local check; the gateway's refusal arrives as an HTTP error.
    expect(parts).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ code: 'unsupported', data: expect.objectContaining({ keyword: 'pattern', engine: 'node-llama-cpp' }) }),
      }),
    ]);
  });

  it("passes on the gateway's refusal, keeping its code", async () => {
    const parts = await collectParts(remote, request({ type: 'array', items: { type: 'integer' }, uniqueItems: true }));
    expect(parts).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'unsupported' }) })]);
  });
});
