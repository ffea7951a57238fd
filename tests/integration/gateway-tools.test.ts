import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import OpenAI from 'openai';
import type { TokenLogprob } from '@hearth/spec';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchemaValidator } from '@hearth/sdk/structured';
import { startGateway, type RunningGateway } from '@hearth/server';
import { captureLogger } from '../support/capture-logger.ts';
import { tinyModelPath } from '../support/models.ts';

// The demo model's weights are random: these tests check shapes and schema validity, never text.
const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', enum: ['Paris', 'Oslo', 'Lima'] }, days: { type: 'integer', enum: [1, 2, 3] } },
  required: ['city', 'days'],
  additionalProperties: false,
} as const;
const eventParameters = {
  type: 'object',
  properties: { title: { type: 'string', maxLength: 12 }, allDay: { type: 'boolean' } },
  required: ['title', 'allDay'],
  additionalProperties: false,
} as const;
const tools: OpenAI.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherParameters } },
  { type: 'function', function: { name: 'add_event', description: 'Add a calendar event', parameters: eventParameters } },
];
const validators = { get_weather: compileSchemaValidator(weatherParameters), add_event: compileSchemaValidator(eventParameters) };

let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startGateway({ port: 0, models: [{ id: 'tiny', paths: [await tinyModelPath()] }], logger: captureLogger().logger, threads: 1 });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.close();
});

/** Each call names a known function and its arguments validate against that function's schema. */
function expectValidCalls(calls: Array<{ id: string; type: string; function: { name: string; arguments: string } }>, only?: keyof typeof validators): void {
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    expect(call.type).toBe('function');
    expect(call.id).toMatch(/^call_[0-9a-f]{24}$/);
    const name = call.function.name as keyof typeof validators;
    if (only) expect(name).toBe(only);
    expect(Object.keys(validators)).toContain(name);
    expect(validators[name].validate(JSON.parse(call.function.arguments))).toEqual([]);
  }
  expect(new Set(calls.map((c) => c.id)).size).toBe(calls.length);
}

const question: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Oslo, and add lunch to my calendar.' }];

describe('tool calling through the gateway (node-llama-cpp)', () => {
  it('runs a two-turn tool conversation, not streaming: calls, results, final answer', async () => {
    const first = await client.chat.completions.create({
      model: 'tiny',
      messages: question,
      tools,
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_tokens: 300,
      temperature: 0.8,
      seed: 1,
    });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const calls = (choice?.message.tool_calls ?? []).filter((c) => c.type === 'function');
    expectValidCalls(calls);
    const results: OpenAI.ChatCompletionMessageParam[] = calls.map((c) => ({
      role: 'tool',
      tool_call_id: c.id,
      content: JSON.stringify({ ok: true, for: c.function.name }),
    }));
    const second = await client.chat.completions.create({
      model: 'tiny',
      messages: [...question, choice!.message, ...results],
      tools,
      tool_choice: 'none',
      max_tokens: 16,
      temperature: 0,
    });
    expect(second.choices[0]?.message.tool_calls).toBeUndefined();
    expect(typeof second.choices[0]?.message.content).toBe('string');
    expect(['stop', 'length']).toContain(second.choices[0]?.finish_reason);
    // The results reached the prompt: it is longer than the same turn without them.
    const without = await client.chat.completions.create({ model: 'tiny', messages: question, max_tokens: 1, temperature: 0 });
    expect(second.usage!.prompt_tokens).toBeGreaterThan(without.usage!.prompt_tokens + 20);
  });

  it('streams tool_calls deltas the openai client assembles, then takes the results back, streaming', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages: question,
      tools,
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_tokens: 300,
      temperature: 0.8,
      seed: 2,
      stream: true,
    });
    const calls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> = [];
    let finish: string | null = null;
    let argumentPieces = 0;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      finish = choice?.finish_reason ?? finish;
      for (const delta of choice?.delta.tool_calls ?? []) {
        if (delta.id !== undefined) {
          // The first piece of each call carries its id, type and name, in index order.
          expect(delta.index).toBe(calls.length);
          expect(delta.type).toBe('function');
          calls.push({ id: delta.id, type: 'function', function: { name: delta.function?.name ?? '', arguments: delta.function?.arguments ?? '' } });
        } else {
          calls[delta.index]!.function.arguments += delta.function?.arguments ?? '';
          argumentPieces++;
        }
      }
    }
    expect(finish).toBe('tool_calls');
    expectValidCalls(calls);
    // The arguments arrive in pieces as they are generated, not in one chunk at the end.
    expect(argumentPieces).toBeGreaterThan(calls.length);
    const results: OpenAI.ChatCompletionMessageParam[] = calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: 'done' }));
    const again = await client.chat.completions.create({
      model: 'tiny',
      messages: [...question, { role: 'assistant', content: null, tool_calls: calls }, ...results],
      max_tokens: 12,
      temperature: 0,
      stream: true,
    });
    let text = '';
    let last: string | null = null;
    for await (const chunk of again) {
      text += chunk.choices[0]?.delta.content ?? '';
      last = chunk.choices[0]?.finish_reason ?? last;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(last);
  });

  it('calls only the named function, at most one with parallel_tool_calls false', async () => {
    for (const seed of [3, 4]) {
      const done = await client.chat.completions.create({
        model: 'tiny',
        messages: question,
        tools,
        tool_choice: { type: 'function', function: { name: 'add_event' } },
        parallel_tool_calls: false,
        max_tokens: 300,
        temperature: 1,
        seed,
      });
      const calls = (done.choices[0]?.message.tool_calls ?? []).filter((c) => c.type === 'function');
      expect(calls).toHaveLength(1);
      expectValidCalls(calls, 'add_event');
    }
  });

  it('under auto answers either with valid calls or with text', async () => {
    const kinds = new Set<string>();
    for (const seed of [6, 7]) {
      const done = await client.chat.completions.create({
        model: 'tiny',
        messages: question,
        tools,
        tool_choice: 'auto',
        parallel_tool_calls: false,
        max_tokens: 300,
        temperature: 1,
        seed,
      });
      const choice = done.choices[0]!;
      if (choice.finish_reason === 'tool_calls') {
        kinds.add('calls');
        expectValidCalls((choice.message.tool_calls ?? []).filter((c) => c.type === 'function'));
      } else {
        kinds.add('text');
        expect(typeof choice.message.content).toBe('string');
        expect(choice.message.tool_calls).toBeUndefined();
      }
    }
    expect(kinds.size).toBeGreaterThan(0);
  });

  it('refuses a tool schema keyword the engine cannot enforce, before generating', async () => {
    const strange: OpenAI.ChatCompletionTool = {
      type: 'function',
      function: { name: 'pick', parameters: { type: 'object', properties: { n: { type: 'number', multipleOf: 3 } } } },
    };
    const error = await client.chat.completions
      .create({ model: 'tiny', messages: question, tools: [strange], tool_choice: 'required' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools');
    expect(String((error as Error).message)).toMatch(/multipleOf/);
  });
});

describe('tools through an upstream pool (a second gateway whose model is served by the first)', () => {
  let front: RunningGateway;
  beforeAll(async () => {
    front = await startGateway({ port: 0, logger: captureLogger().logger, upstreams: [{ name: 'first', baseUrl: `${gateway.url}/v1`, models: ['tiny'] }] });
  });
  afterAll(async () => {
    await front?.close();
  });

  it('passes tools, tool results and logprobs through, streaming and not', async () => {
    const via = new OpenAI({ baseURL: `${front.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const first = await via.chat.completions.create({
      model: 'tiny',
      messages: question,
      tools,
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_tokens: 300,
      temperature: 0.8,
      seed: 21,
    });
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    const calls = (first.choices[0]?.message.tool_calls ?? []).filter((c) => c.type === 'function');
    expectValidCalls(calls);
    const stream = await via.chat.completions.create({
      model: 'tiny',
      messages: [
        ...question,
        first.choices[0]!.message,
        ...calls.map((c): OpenAI.ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: c.id, content: 'sunny' })),
      ],
      tools,
      tool_choice: 'none',
      max_tokens: 6,
      temperature: 0,
      logprobs: true,
      top_logprobs: 2,
      stream: true,
    });
    let text = '';
    let logprobs = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      logprobs += chunk.choices[0]?.logprobs?.content?.length ?? 0;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(logprobs).toBeGreaterThan(0);
  });
});

describe('logprobs and seed (node-llama-cpp)', () => {
  it('returns logprobs and top_logprobs, streaming and not, with the chosen token the most likely under greedy', async () => {
    const body = {
      model: 'tiny',
      messages: [{ role: 'user' as const, content: 'Say something' }],
      max_tokens: 8,
      temperature: 0,
      logprobs: true,
      top_logprobs: 3,
    };
    const whole = await client.chat.completions.create(body);
    const content = whole.choices[0]?.logprobs?.content ?? [];
    expect(content).toHaveLength(whole.usage!.completion_tokens);
    for (const entry of content) {
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.logprob).toBeCloseTo(entry.top_logprobs[0]!.logprob, 6);
      expect(entry.top_logprobs[0]!.logprob).toBeGreaterThanOrEqual(entry.top_logprobs[1]!.logprob);
    }
    expect(content.map((c) => c.token).join('')).toBe(whole.choices[0]?.message.content);
    const stream = await client.chat.completions.create({ ...body, stream: true });
    const streamed: OpenAI.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamed.map((c) => [c.token, c.logprob.toFixed(4)])).toEqual(content.map((c) => [c.token, c.logprob.toFixed(4)]));
  });

  it("matches node-llama-cpp's own probabilities for each greedy token", async () => {
    const text = 'The weather today is';
    const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: await tinyModelPath() });
    const context = await model.createContext({ sequences: 1, contextSize: 256, threads: 1 });
    const own: Array<{ token: number; p: number }> = [];
    for await (const out of context.getSequence().evaluateWithMetadata(model.tokenize(text, true), { probabilities: true }, { temperature: 0 })) {
      own.push({ token: out.token, p: out.probabilities.get(out.token) ?? 0 });
      if (own.length === 6) break;
    }
    await context.dispose();
    await model.dispose();
    const engine = new NodeLlamaCppEngine({ llama, parallelSequences: 1 });
    await engine.load({ source: { type: 'path', path: await tinyModelPath() }, contextSize: 256, threads: 1 });
    const result: Array<{ ids: readonly number[]; logprobs: readonly TokenLogprob[] }> = [];
    for await (const part of engine.doStream({ prompt: { type: 'text', text }, maxTokens: 6, temperature: 0, logprobs: 1 })) {
      if (part.type === 'text-delta') result.push({ ids: part.tokenIds ?? [], logprobs: part.logprobs ?? [] });
    }
    await engine.unload();
    const ids = result.flatMap((r) => [...r.ids]);
    const logprobs = result.flatMap((r) => [...r.logprobs]);
    expect(ids).toEqual(own.map((o) => o.token));
    expect(logprobs.map((l) => l.logprob)).toEqual(own.map((o) => expect.closeTo(Math.log(o.p), 5)));
  });

  it('repeats sampled text for the same seed and changes it for another', async () => {
    const ask = async (seed: number): Promise<string> =>
      (await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'Tell me a story' }], max_tokens: 24, temperature: 1, seed }))
        .choices[0]?.message.content ?? '';
    const a = await ask(42);
    expect(await ask(42)).toBe(a);
    expect(await ask(43)).not.toBe(a);
  });
});
