import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { compileSchemaValidator } from '@hearth/sdk/structured';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import type { JsonSchema } from '@hearth/spec';
import { buildHarness } from '../support/build-harness.ts';
import { launchChromium } from '../support/chromium.ts';
import { tinyModelPath } from '../support/models.ts';
import { startRecordingGateway } from '../support/recording-gateway.ts';
import type { DraftResults, ErrorRecord, ExampleResult } from './w3c-drafts/drafts-examples.ts';

// The W3C drafts' own README examples (tests/browser/w3c-drafts/), run in Chromium on the globals
// installHearth() defines, next to a real gateway that serves the demo model: the page downloads
// it, verifies it and runs it in a Worker, with the gateway's node-llama-cpp as the fallback
// route. The model's weights are random, so this checks shapes, events and errors, never text.

const native = new NodeLlamaCppEngine({ parallelSequences: 2 });
let gateway: Awaited<ReturnType<typeof startRecordingGateway>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let results: DraftResults;
const logs: string[] = [];

beforeAll(async () => {
  const modelPath = await tinyModelPath();
  await native.load({ source: { type: 'path', path: modelPath }, threads: 1, contextSize: 2048 });
  gateway = await startRecordingGateway({
    models: [{ id: 'hearth-demo-tiny', paths: [modelPath] }],
    engines: new Map([['hearth-demo-tiny', native]]),
    webRoot: await buildHarness('w3c-drafts'),
  });
  browser = await launchChromium();
  const page: Page = await browser.context.newPage();
  page.on('console', (m) => logs.push(m.text()));
  page.on('pageerror', (e) => logs.push(String(e)));
  // `?replace`: this Chromium has its own LanguageModel and Summarizer, whose service does not run.
  await page.goto(`${gateway.url}/index.html?replace`);
  const handle = await page.waitForFunction(() => window.draftResults, undefined, { timeout: 280_000 });
  results = (await handle.jsonValue()) as DraftResults;
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await native.unload();
});

const get = (id: string): ExampleResult => {
  const result = results.examples[id];
  if (!result) throw new Error(`no example ${id}; ${logs.join('\n')}`);
  return result;
};
const value = <T>(id: string, key: string): T => get(id).values[key] as T;
const errorName = (record: unknown): string | undefined => (record as ErrorRecord | undefined)?.name;

describe("the drafts' README examples on installHearth() in Chromium", () => {
  it('defines all five globals (replacing those Chromium has, as the page asks) and runs on the device', () => {
    expect(results.installed).toEqual(['LanguageModel', 'Summarizer', 'Writer', 'Rewriter', 'Proofreader']);
    expect(
      results.routes.some((r) => r.where === 'device'),
      JSON.stringify(results.routes),
    ).toBe(true);
  });

  it('every example runs to its end, or rejects as its draft says it does for what Hearth cannot do', () => {
    // The draft's answer for options the implementation does not support: NotSupportedError from create().
    const refused = { 'wa-multilingual': 'NotSupportedError', 'pa-multimodal': 'NotSupportedError', 'pa-multilingual': 'NotSupportedError' };
    for (const [id, result] of Object.entries(results.examples)) {
      const expected = refused[id as keyof typeof refused];
      if (expected) {
        expect(result.ok, id).toBe(false);
        expect(result.error, id).toMatchObject({ name: expected, isDOMException: true });
      } else {
        expect(result.error, `${id}: ${JSON.stringify(result.error)}`).toBeUndefined();
        expect(result.ok, id).toBe(true);
      }
    }
  });

  it('every create() with a monitor fires downloadprogress from 0 to 1, rising, total 1, with byte counts', () => {
    // A create() rejected for unsupported options fires nothing: those of the refused examples,
    // and pr-languages' third (Japanese).
    const rejectedCreates: Record<string, number> = { 'wa-multilingual': 1, 'pa-multimodal': 1, 'pa-multilingual': 1, 'pr-languages': 1 };
    let sequences = 0;
    for (const [id, result] of Object.entries(results.examples)) {
      expect(result.monitors.filter((events) => events.length === 0).length, id).toBe(rejectedCreates[id] ?? 0);
      for (const events of result.monitors) {
        if (events.length === 0) continue;
        sequences++;
        const loaded = events.map((e) => e.loaded);
        expect(loaded[0], id).toBe(0);
        expect(loaded.at(-1), id).toBe(1);
        for (let i = 1; i < loaded.length; i++) expect(loaded[i]!, `${id}: ${loaded.join(', ')}`).toBeGreaterThan(loaded[i - 1]!);
        for (const e of events) {
          expect(e, id).toMatchObject({ total: 1, isProgressEvent: true });
          expect(typeof e.bytes === 'number' && typeof e.totalBytes === 'number', id).toBe(true);
        }
      }
    }
    expect(sequences).toBeGreaterThan(20);
    // The first create() downloaded the demo model: its last event counts the model's bytes.
    const download = get('wa-download-progress').monitors[0]!;
    expect(download.at(-1)!.totalBytes).toBeGreaterThan(100_000);
    expect(download.at(-1)!.bytes).toBe(download.at(-1)!.totalBytes);
    expect(value<string>('wa-download-progress', 'lastLog')).toBe('Downloaded 100%');
  });

  it('the streaming forms return ReadableStreams of strings', () => {
    for (const [id, key] of [
      ['wa-streaming', undefined],
      ['pa-zero-shot', undefined],
      ['pa-structured', 'streamedShape'],
      ['pr-basic', 'streaming'],
    ] as const) {
      const shape = (key ? value(id, key) : get(id).values) as { isReadableStream: boolean; chunks: number; allStrings: boolean };
      expect(shape, id).toMatchObject({ isReadableStream: true, allStrings: true });
      expect(shape.chunks, id).toBeGreaterThan(0);
    }
    expect(value('wa-basic-summarizer', 'summaryType')).toBe('string');
    expect(value('wa-basic-writer', 'resultType')).toBe('string');
    expect(value('wa-basic-rewriter', 'resultType')).toBe('string');
    expect(value('wa-repeated-usage', 'allStrings')).toBe(true);
    expect(value('pa-roles', 'resultType')).toBe('string');
    expect(value('pa-prefix', 'resultType')).toBe('string');
  });

  it('responseConstraint: the answers parse as JSON valid against the schema; what Hearth cannot enforce is NotSupportedError', () => {
    const schema = value<JsonSchema>('pa-structured', 'schema');
    const validator = compileSchemaValidator(schema);
    for (const key of ['result', 'omitted', 'streamed']) {
      const text = value<string>('pa-structured', key);
      expect(validator.validate(JSON.parse(text)), `${key}: ${text}`).toEqual([]);
    }
    expect([0, 1, 2, 3, 4, 5]).toContain(value('pa-structured', 'rating'));
    // The draft's own schema (minimum/maximum on a number) and its RegExp form: not enforceable here.
    expect(value('pa-structured', 'asDrafted')).toMatchObject({ name: 'NotSupportedError', code: 'unsupported' });
    expect(errorName(value('pa-structured', 'regExp'))).toBe('NotSupportedError');
    expect(errorName(value('pa-structured', 'omitWithoutConstraint'))).toBe('TypeError');
  });

  it('AbortSignals reject with AbortError; destroy() rejects running and later calls and errors streams', () => {
    expect(value('wa-abort', 'rewriteError')).toMatchObject({ name: 'AbortError', isDOMException: true });
    expect(value('wa-abort', 'isTheSignalReason')).toBe(true);
    for (const key of ['afterAbort', 'destroyedCall', 'destroyedStream', 'laterCall']) expect(errorName(value('wa-abort', key)), key).toBe('AbortError');
    for (const key of ['signalled', 'destroyedStream', 'laterPrompt']) expect(errorName(value('pa-destruction', key)), key).toBe('AbortError');
    expect(errorName(value('pa-abort-prompt', 'error'))).toBe('AbortError');
    expect(value('pa-abort-prompt', 'next')).toBe('string');
    for (const key of ['signalled', 'destroyed', 'later']) expect(errorName(value('pr-abort', key)), key).toBe('AbortError');
  });

  it('usage and quota: measured in tokens, too-large inputs are QuotaExceededError with requested and quota', () => {
    const quota = value<number>('wa-input-quota', 'inputQuota');
    expect(quota).toBeGreaterThan(0);
    expect(value<number>('wa-input-quota', 'usage')).toBeGreaterThan(0);
    expect(value('wa-input-quota', 'measured')).toBe(value('wa-input-quota', 'usage'));
    expect(value('wa-input-quota', 'disabled')).toBe(false);
    const tooLarge = value<ErrorRecord>('wa-too-large', 'quotaError');
    expect(tooLarge).toMatchObject({ name: 'QuotaExceededError' });
    expect(tooLarge.requested!).toBeGreaterThan(tooLarge.quota!);
    expect(value<number>('pa-context', 'stringUsage')).toBeGreaterThan(0);
    expect(value<number>('pa-context', 'contextWindow')).toBeGreaterThan(0);
    expect(errorName(value('pa-context', 'audioUsage'))).toBe('NotSupportedError');
    expect(value('pa-context', 'tooLong')).toMatchObject({ name: 'QuotaExceededError' });
    const usage = value<number[]>('pa-persistence', 'usage');
    expect(usage[1]!).toBeGreaterThan(usage[0]!);
    expect(usage[2]!).toBeGreaterThan(usage[1]!);
    expect(value('pa-persistence', 'cloneUsage')).toBe(usage[2]);
    expect(value('pa-append', 'usageGrew')).toBe(true);
  });

  it("availability() answers the drafts' states; the examples' fallback branches run", () => {
    expect(value('wa-availability', 'availability')).toBe('unavailable');
    expect(value('wa-availability', 'branch')).toBe('cloud');
    expect(value('wa-availability', 'english')).toBe('available');
    expect(value('pa-availability', 'availability')).toBe('unavailable');
    expect(value('pa-availability', 'english')).toBe('available');
    expect(value('pr-availability', 'availability')).toBe('available');
    expect(value('pr-availability', 'resultType')).toBe('string');
  });

  it('options and attributes follow the drafts', () => {
    expect(value('wa-basic-summarizer', 'attributes')).toEqual({
      type: 'headline',
      length: 'short',
      format: 'markdown',
      preference: 'auto',
      sharedContext: 'An article from the Daily Economic News magazine',
    });
    expect(value('wa-basic-rewriter', 'attributes')).toEqual({ tone: 'as-is', length: 'as-is', format: 'as-is' });
    expect(value('pa-sampling-modes', 'samplingMode')).toBe('creative');
    expect(value('pa-legacy-params', 'custom')).toEqual({ temperature: 0.8, topK: 10 });
    expect(errorName(value('pa-legacy-params', 'bothKinds'))).toBe('TypeError');
    expect(errorName(value('pa-system-prompts', 'lateSystem'))).toBe('TypeError');
    expect(errorName(value('pa-prefix', 'misplacedPrefix'))).toBe('SyntaxError');
    expect(value('pa-n-shot', 'results')).toEqual(['string', 'string']);
    expect(value('pr-languages', 'expectedInputLanguages')).toEqual(['en']);
    expect(value('pr-languages', 'correctionExplanationLanguage')).toBe('en');
    expect(errorName(value('pr-languages', 'multilingual'))).toBe('NotSupportedError');
    const corrections = value<Array<{ startIndex: number; endIndex: number; types?: string[]; hasExplanation: boolean }>>('pr-basic', 'corrections');
    for (const c of corrections) {
      expect(c.startIndex).toBeLessThanOrEqual(c.endIndex);
      expect(Array.isArray(c.types)).toBe(true);
      expect(c.hasExplanation).toBe(true);
    }
    expect(value('pr-basic', 'renderedIsInput')).toBe(true);
  });
});
