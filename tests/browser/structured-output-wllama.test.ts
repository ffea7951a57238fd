import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileSchemaValidator } from '@hearth/sdk';
import type { GenerateRequest, JsonSchema, JsonValue, SerializedHearthError, StreamPart } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import { STRUCTURED_CASES } from '../support/structured-output-cases.ts';

const MAX_TOKENS = 300;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness() });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${gateway.url}/index.html`);
  await page.waitForFunction(() => 'harness' in window);
  const loaded = await page.evaluate((r) => window.harness.load(r), { source: { type: 'url' as const, url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 }, contextSize: 2048, threads: 1, gpuLayers: 0 });
  if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.error)}`);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

function request(schema: JsonSchema | undefined): Omit<GenerateRequest, 'signal'> {
  return {
    prompt: { type: 'chat', messages: [{ role: 'user', content: 'Answer in JSON.' }] },
    temperature: 0,
    maxTokens: MAX_TOKENS,
    ...(schema ? { responseFormat: { type: 'json_schema' as const, name: 'answer', schema } } : {}),
  };
}

async function run(r: Omit<GenerateRequest, 'signal'>): Promise<StreamPart[]> {
  return JSON.parse(await page.evaluate((json) => window.harness.run(JSON.parse(json) as Omit<GenerateRequest, 'signal'>), JSON.stringify(r))) as StreamPart[];
}

const textOf = (parts: readonly StreamPart[]): string => parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');

function expectValid(text: string, schema: JsonSchema): void {
  expect(compileSchemaValidator(schema).validate(JSON.parse(text)), text).toEqual([]);
}

// A handful of the Node suite's schemas, chosen for what llama.cpp's converter does differently
// from node-llama-cpp's: patterns, integer ranges, allOf and optional properties it enforces,
// exact tuples it refuses beside minItems.
const CHOSEN = ['flat object', 'optional fields', 'oneOf of exclusive objects', '$ref into $defs', 'array of objects', 'string pattern', 'integer range', 'allOf of objects', 'tuple with prefixItems', 'unique items', 'number range'];

describe('structured output on wllama (llama.cpp in WebAssembly, in a Worker, in Chromium)', () => {
  it('the same prompt is nonsense unconstrained and JSON under the schema: the grammar is applied', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'flat object')!.schema;
    const free = textOf(await run(request(undefined)));
    expect(() => JSON.parse(free)).toThrow();
    const parts = await run(request(schema));
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expectValid(textOf(parts), schema);
  });

  for (const name of CHOSEN) {
    const c = STRUCTURED_CASES.find((x) => x.name === name)!;
    const keyword = c.refusedBy?.['llama.cpp'];
    it(keyword ? `${name}: refused before generation, naming "${keyword}"` : `${name}: parses and validates`, async () => {
      const parts = await run(request(c.schema));
      if (keyword) {
        expect(parts).toHaveLength(1);
        expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'unsupported', data: { keyword } } });
        return;
      }
      expect(parts.at(-1), textOf(parts)).toMatchObject({ type: 'finish' });
      expectValid(textOf(parts), c.schema);
    });
  }

  it('a raw-text prompt is constrained too, and a token limit that cuts the JSON is output_truncated', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'nested objects')!.schema;
    const whole = await run({ ...request(schema), prompt: { type: 'text', text: 'JSON:' } });
    expect(whole.at(-1)).toMatchObject({ type: 'finish' });
    expectValid(textOf(whole), schema);
    const cut = await run({ ...request(schema), maxTokens: 5 });
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { code: 'output_truncated' } });
  });

  it('json_object mode gives an object (or the typed cut, when random weights loop in a string)', async () => {
    const parts = await run({ ...request(undefined), responseFormat: { type: 'json_object' } });
    const last = parts.at(-1);
    if (last?.type === 'error') expect(last.error.code).toBe('output_truncated');
    else expect(JSON.parse(textOf(parts))).toBeTypeOf('object');
  });

  it('streamObject in the page yields growing partial objects, then the validated whole', async () => {
    const schema = STRUCTURED_CASES.find((c) => c.name === 'nested objects')!.schema;
    const outcome = JSON.parse(await page.evaluate((json) => window.harness.streamObject(json), JSON.stringify(request(schema)))) as
      | { ok: true; value: { partials: JsonValue[]; value: JsonValue; text: string } }
      | { ok: false; error: SerializedHearthError };
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
    expect(outcome.value.partials.length).toBeGreaterThan(2);
    expect(outcome.value.partials.at(-1)).toEqual(outcome.value.value);
    expect(JSON.parse(outcome.value.text)).toEqual(outcome.value.value);
    expectValid(outcome.value.text, schema);
  });
});
