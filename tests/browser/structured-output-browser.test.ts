import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileSchemaValidator } from '@hearth/sdk/structured';
import type { GenerateRequest, JsonSchema, JsonValue, SerializedHearthError, StreamPart } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import { STRUCTURED_CASES } from '../support/structured-output-cases.ts';
import type { HarnessEngine } from './harness/harness.ts';

// Every case of the shared structured-output suite on both in-browser llama.cpp engines, each in
// its Worker in Chromium: wllama (llama.cpp's server code; the schema goes in as `json_schema`)
// and llama-wasm (Hearth's build; the same converter, json-schema-to-grammar.cpp, compiled into
// the module). Both hold LLAMA_CPP_SCHEMA_CAPABILITIES: what llama.cpp cannot enforce is one
// `unsupported` part naming the keyword and nothing generated; the rest must parse and validate.

const ENGINES = ['wllama', 'llama-wasm'] as const satisfies readonly HarnessEngine[];
const MAX_TOKENS = 300;
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let loadRequest: { source: { type: 'url'; url: string; sha256: string }; contextSize: number; threads: number; gpuLayers: number };
/** The JSON each engine wrote per case for a raw-text prompt: greedy on both, so the same grammar must give the same text. */
const written: Record<(typeof ENGINES)[number], Map<string, string>> = { wllama: new Map(), 'llama-wasm': new Map() };

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  // wllama starts its own Worker from a blob: URL, which the gateway's strict page CSP forbids (README: What leaves the device).
  gateway = await startRecordingGateway({ models: [{ id: 'tiny', paths: [modelPath] }], webRoot: await buildHarness(), pageCsp: false });
  const manifest = (await (await fetch(`${gateway.url}/models/tiny/manifest.json`)).json()) as { files: Array<{ name: string; sha256: string }> };
  const file = manifest.files[0]!;
  // One thread: the machine is small and shared, and the tiny model needs no more.
  loadRequest = { source: { type: 'url', url: `${gateway.url}/models/tiny/${file.name}`, sha256: file.sha256 }, contextSize: 2048, threads: 1, gpuLayers: 0 };
  browser = await launchChromium();
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

const textOf = (parts: readonly StreamPart[]): string => parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');

function expectValid(text: string, schema: JsonSchema): void {
  expect(compileSchemaValidator(schema).validate(JSON.parse(text)), text).toEqual([]);
}

const ENFORCED = STRUCTURED_CASES.filter((c) => !c.refusedBy?.['llama.cpp']);

const schemaOf = (name: string): JsonSchema => {
  const found = STRUCTURED_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no structured case named ${name}`);
  return found.schema;
};

for (const engine of ENGINES) {
  describe(`structured output on ${engine} (llama.cpp in WebAssembly, in a Worker, in Chromium)`, () => {
    let page: Page;

    beforeAll(async () => {
      page = await browser.context.newPage();
      await page.goto(`${gateway.url}/index.html`);
      await page.waitForFunction(() => 'harness' in window);
      // llama-wasm on llama.cpp's default graph (F16 KV cache, flash attention), as wllama runs,
      // so that the two engines' greedy tokens can be compared below.
      await page.evaluate((kind) => window.harness.use(kind, kind === 'llama-wasm' ? { kvCache: 'f16' } : {}), engine);
      const loaded = await page.evaluate((r) => window.harness.load(r), loadRequest);
      if (!loaded.ok) throw new Error(`${engine}: load failed: ${JSON.stringify(loaded.error)}`);
    });

    afterAll(async () => {
      await page?.evaluate(() => window.harness.reset());
      await page?.close();
    });

    // Requests and results cross as JSON text: their recursive types are too deep for Playwright's.
    const run = async (r: Omit<GenerateRequest, 'signal'>): Promise<StreamPart[]> =>
      JSON.parse(await page.evaluate((json) => window.harness.run(JSON.parse(json) as Omit<GenerateRequest, 'signal'>), JSON.stringify(r))) as StreamPart[];

    it('the same prompt is nonsense unconstrained and JSON under the schema: the grammar is applied', async () => {
      const schema = schemaOf('flat object');
      const free = textOf(await run(request(undefined)));
      expect(() => JSON.parse(free)).toThrow();
      const parts = await run(request(schema));
      expect(parts.at(-1)).toMatchObject({ type: 'finish' });
      expectValid(textOf(parts), schema);
    });

    for (const c of STRUCTURED_CASES) {
      const keyword = c.refusedBy?.['llama.cpp'];
      it(keyword ? `${c.name}: refused before generation, naming "${keyword}"` : `${c.name}: parses and validates`, async () => {
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

    it('a raw-text prompt is constrained too: every enforced schema parses and validates', async () => {
      for (const c of ENFORCED) {
        const parts = await run({ ...request(c.schema), prompt: { type: 'text', text: 'JSON:' } });
        expect(parts.at(-1), `${c.name}: ${textOf(parts)}`).toMatchObject({ type: 'finish' });
        expectValid(textOf(parts), c.schema);
        written[engine].set(c.name, textOf(parts));
      }
    });

    it('a token limit that cuts the JSON is output_truncated', async () => {
      const cut = await run({ ...request(schemaOf('nested objects')), maxTokens: 5 });
      expect(cut.at(-1)).toMatchObject({ type: 'error', error: { code: 'output_truncated' } });
    });

    it('json_object mode gives an object (or the typed cut, when random weights loop in a string)', async () => {
      const parts = await run({ ...request(undefined), responseFormat: { type: 'json_object' } });
      const last = parts.at(-1);
      if (last?.type === 'error') expect(last.error.code).toBe('output_truncated');
      else expect(JSON.parse(textOf(parts))).toBeTypeOf('object');
    });

    it('streamObject in the page yields growing partial objects, then the validated whole', async () => {
      const schema = schemaOf('nested objects');
      const outcome = JSON.parse(await page.evaluate((json) => window.harness.streamObject(json), JSON.stringify(request(schema)))) as
        { ok: true; value: { partials: JsonValue[]; value: JsonValue; text: string } } | { ok: false; error: SerializedHearthError };
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
      expect(outcome.value.partials.length).toBeGreaterThan(2);
      expect(outcome.value.partials.at(-1)).toEqual(outcome.value.value);
      expect(JSON.parse(outcome.value.text)).toEqual(outcome.value.value);
      expectValid(outcome.value.text, schema);
    });
  });
}

describe('one converter, two engines', () => {
  // Raw-text prompts only: for chat requests llama-server (inside wllama) runs its own chat
  // pipeline, whose grammar lets the answer start with whitespace, so greedy chat output differs
  // from the first token on while both stay valid.
  it('on a raw-text prompt, wllama and llama-wasm write the same JSON for every enforced schema (same grammar, same greedy tokens)', () => {
    for (const engine of ENGINES) expect([...written[engine].keys()], engine).toEqual(ENFORCED.map((c) => c.name));
    for (const c of ENFORCED) expect(written['llama-wasm'].get(c.name), c.name).toBe(written.wllama.get(c.name));
  });
});
