import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileSchemaValidator } from '@hearth/sdk/structured';
import type { ChatMessage, GenerateRequest, StreamPart, ToolCall, ToolDefinition } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import type { HarnessEngine } from './harness/harness.ts';

// Tool calling on both in-browser llama.cpp engines, each in its Worker in Chromium: a call, its
// result fed back, a final answer. The demo model's weights are random, so only which schema-valid
// arguments appear is theirs to decide; the arguments must validate.

const ENGINES = ['wllama', 'llama-wasm'] as const satisfies readonly HarnessEngine[];
const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string', enum: ['Paris', 'Oslo', 'Lima'] }, days: { type: 'integer', enum: [1, 2, 3] } },
    required: ['city', 'days'],
    additionalProperties: false,
  },
};
const note: ToolDefinition = {
  name: 'add_note',
  parameters: { type: 'object', properties: { text: { type: 'string', maxLength: 10 } }, required: ['text'], additionalProperties: false },
};
const validators = { get_weather: compileSchemaValidator(weather.parameters!), add_note: compileSchemaValidator(note.parameters!) };
const question: ChatMessage[] = [{ role: 'user', content: 'Weather in Oslo?' }];

let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let loadRequest: { source: { type: 'url'; url: string; sha256: string }; contextSize: number; threads: number; gpuLayers: number };

beforeAll(async () => {
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [await tinyModelPath()] }], webRoot: await buildHarness(), pageCsp: false });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  loadRequest = { source: { type: 'url', url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 }, contextSize: 2048, threads: 1, gpuLayers: 0 };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

/** The calls a stream made, assembled from its deltas as an OpenAI client does. */
function callsOf(parts: readonly StreamPart[]): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const p of parts) {
    if (p.type !== 'tool-call-delta') continue;
    if (p.id !== undefined) calls[p.index] = { id: p.id, name: p.name ?? '', arguments: '' };
    calls[p.index]!.arguments += p.argumentsText;
  }
  return calls;
}

for (const engine of ENGINES) {
  describe(`tool calls on ${engine} (in a Worker, in Chromium)`, () => {
    let page: Page;
    beforeAll(async () => {
      page = await browser.context.newPage();
      await page.goto(`${gateway.url}/index.html`);
      await page.waitForFunction(() => 'harness' in window);
      await page.evaluate((kind) => window.harness.use(kind, {}), engine);
      const loaded = await page.evaluate((r) => window.harness.load(r), loadRequest);
      if (!loaded.ok) throw new Error(`${engine}: load failed: ${JSON.stringify(loaded.error)}`);
    });
    afterAll(async () => {
      await page?.evaluate(() => window.harness.reset());
      await page?.close();
    });

    const run = async (r: Omit<GenerateRequest, 'signal'>): Promise<StreamPart[]> =>
      JSON.parse(await page.evaluate((json) => window.harness.run(JSON.parse(json) as Omit<GenerateRequest, 'signal'>), JSON.stringify(r))) as StreamPart[];

    it('calls a tool with schema-valid arguments, takes its result back, and answers', async () => {
      const first = await run({
        prompt: { type: 'chat', messages: question },
        tools: [weather, note],
        toolChoice: 'required',
        parallelToolCalls: false,
        maxTokens: 300,
        temperature: 0.8,
        seed: 11,
      });
      expect(first.at(-1), JSON.stringify(first.at(-1))).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
      const calls = callsOf(first);
      expect(calls).toHaveLength(1);
      for (const call of calls) {
        expect(call.id).toMatch(/^call_/);
        const validator = validators[call.name as keyof typeof validators];
        expect(validator, call.name).toBeDefined();
        expect(validator.validate(JSON.parse(call.arguments)), call.arguments).toEqual([]);
      }
      const messages: ChatMessage[] = [
        ...question,
        { role: 'assistant', content: '', toolCalls: calls },
        ...calls.map((c): ChatMessage => ({ role: 'tool', toolCallId: c.id, content: '{"temperature": -3}' })),
      ];
      const second = await run({ prompt: { type: 'chat', messages }, tools: [weather, note], toolChoice: 'none', maxTokens: 12, temperature: 0 });
      expect(second.at(-1)).toMatchObject({ type: 'finish' });
      expect(callsOf(second)).toEqual([]);
      expect(second.some((p) => p.type === 'text-delta' && p.text !== '')).toBe(true);
    });

    it('calls only the named function', async () => {
      const parts = await run({
        prompt: { type: 'chat', messages: question },
        tools: [weather, note],
        toolChoice: { type: 'function', name: 'add_note' },
        parallelToolCalls: false,
        maxTokens: 300,
        temperature: 1,
        seed: 12,
      });
      expect(parts.at(-1), JSON.stringify(parts.at(-1))).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
      const calls = callsOf(parts);
      expect(calls.map((c) => c.name)).toEqual(['add_note']);
      expect(validators.add_note.validate(JSON.parse(calls[0]!.arguments))).toEqual([]);
    });

    it('refuses a schema keyword llama.cpp cannot enforce before generating, naming tools', async () => {
      const strange: ToolDefinition = {
        name: 'pick',
        parameters: { type: 'object', properties: { items: { type: 'array', prefixItems: [{ type: 'string' }], minItems: 1 } } },
      };
      const parts = await run({ prompt: { type: 'chat', messages: question }, tools: [strange], toolChoice: 'required', maxTokens: 50 });
      expect(parts).toHaveLength(1);
      expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'unsupported', data: { param: 'tools' } } });
    });

    it('returns log-probabilities: the greedy token is the likeliest, and the alternatives are ordered', async () => {
      const parts = await run({ prompt: { type: 'chat', messages: question }, maxTokens: 4, temperature: 0, logprobs: 2 });
      const logprobs = parts.flatMap((p) => (p.type === 'text-delta' ? [...(p.logprobs ?? [])] : []));
      expect(logprobs.length).toBeGreaterThan(0);
      for (const l of logprobs) {
        expect(l.logprob).toBeLessThanOrEqual(0);
        expect(l.top).toHaveLength(2);
        expect(l.top[0]!.logprob).toBeGreaterThanOrEqual(l.top[1]!.logprob);
        // Greedy: the token generated is the likeliest one.
        expect(l.logprob).toBeCloseTo(l.top[0]!.logprob, 5);
      }
    });
  });
}
