import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModel, tinyModelSpec } from '@hearth/tools';
import type { HearthError } from '@hearth/spec';
import { BuiltinEngine } from '../engines/builtin/builtin-engine.ts';
import { NodeLlamaCppEngine } from '../engines/node-llama-cpp/node-llama-cpp-engine.ts';
import { compileSchemaValidator } from '../structured/compile-schema-validator.ts';
import { installHearth, type InstalledHearth } from './install-hearth.ts';
import type { DownloadProgressEvent } from './create-monitor.ts';

// The W3C classes on a real engine: node-llama-cpp running the tiny fixture model (random
// weights, so its text is nonsense: these tests check shapes, events and errors, never content).

const engine = new NodeLlamaCppEngine({ parallelSequences: 2 });
// A second engine with a small context, to overflow.
const small = new NodeLlamaCppEngine({ parallelSequences: 1 });
let w3c: InstalledHearth;
let tight: InstalledHearth;
const page: Record<string, unknown> = {};

beforeAll(async () => {
  const path = await ensureModel(tinyModelSpec());
  await engine.load({ source: { type: 'path', path }, threads: 1, contextSize: 2048 });
  await small.load({ source: { type: 'path', path }, threads: 1, contextSize: 256 });
  w3c = installHearth({ engine, gateway: false, consent: 'granted', global: page });
  tight = installHearth({ engine: small, gateway: false, consent: 'granted', global: {} });
}, 120_000);

afterAll(async () => {
  await w3c?.uninstall();
  await tight?.uninstall();
  await engine.unload();
  await small.unload();
});

/** Reads a stream to its end, returning its chunks. */
async function chunksOf(stream: AsyncIterable<string>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

function progress(): { monitor: (m: EventTarget) => void; loaded: number[]; events: DownloadProgressEvent[] } {
  const events: DownloadProgressEvent[] = [];
  return {
    monitor: (m) => m.addEventListener('downloadprogress', (e) => events.push(e as DownloadProgressEvent)),
    events,
    get loaded() {
      return events.map((e) => e.loaded);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('installHearth', () => {
  it('defines the five globals where they are missing, on one Hearth', () => {
    expect(w3c.installed).toEqual(['LanguageModel', 'Summarizer', 'Writer', 'Rewriter', 'Proofreader']);
    expect(page['Summarizer']).toBe(w3c.Summarizer);
    expect(page['LanguageModel']).toBe(w3c.LanguageModel);
    expect(Object.keys(page)).toEqual([]);
  });

  it("leaves a browser's own implementation in place unless replace is set, and uninstall puts it back", async () => {
    const browser = { Summarizer: "the browser's own", LanguageModel: "the browser's own model" };
    const kept = installHearth({ engine, gateway: false, consent: 'granted', global: browser });
    expect(kept.installed).toEqual(['Writer', 'Rewriter', 'Proofreader']);
    expect(browser.Summarizer).toBe("the browser's own");
    await kept.uninstall();
    expect('Writer' in browser).toBe(false);
    const replaced = installHearth({ engine, gateway: false, consent: 'granted', global: browser, replace: true });
    expect(replaced.installed).toHaveLength(5);
    expect(browser.Summarizer).toBe(replaced.Summarizer);
    await replaced.uninstall();
    expect(browser.Summarizer).toBe("the browser's own");
  });

  it("Hearth's own LanguageModel global is never taken for the browser's built-in model", async () => {
    const global = installHearth({ engine, gateway: false, consent: 'granted' });
    try {
      expect((globalThis as { LanguageModel?: unknown }).LanguageModel).toBe(global.LanguageModel);
      expect(await BuiltinEngine.availability()).toBe('unavailable');
    } finally {
      await global.uninstall();
    }
    expect('LanguageModel' in globalThis).toBe(false);
  });

  it('the classes have no public constructor', () => {
    expect(() => new (w3c.Summarizer as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new (w3c.LanguageModel as unknown as new () => unknown)()).toThrow(TypeError);
  });
});

describe('Summarizer, Writer, Rewriter', () => {
  it("availability() maps Hearth's status; bad options are TypeError and RangeError", async () => {
    expect(await w3c.Summarizer.availability()).toBe('available');
    expect(await w3c.Writer.availability({ tone: 'formal' })).toBe('available');
    await expect(w3c.Summarizer.availability({ type: 'poem' as 'tldr' })).rejects.toBeInstanceOf(TypeError);
    await expect(w3c.Rewriter.create({ expectedInputLanguages: ['not a tag!'] })).rejects.toBeInstanceOf(RangeError);
  });

  it('create() fires downloadprogress 0 then 1 and keeps its options', async () => {
    const p = progress();
    const summarizer = await w3c.Summarizer.create({
      type: 'headline',
      length: 'medium',
      sharedContext: 'News',
      expectedInputLanguages: ['en-us'],
      monitor: p.monitor,
    });
    expect(p.loaded).toEqual([0, 1]);
    expect(p.events.every((e) => e.total === 1 && typeof e.bytes === 'number' && typeof e.totalBytes === 'number')).toBe(true);
    expect(summarizer).toMatchObject({
      type: 'headline',
      length: 'medium',
      format: 'markdown',
      preference: 'auto',
      sharedContext: 'News',
      outputLanguage: null,
    });
    expect(summarizer.expectedInputLanguages).toEqual(['en-US']);
    expect(summarizer.inputQuota).toBeGreaterThan(0);
    summarizer.destroy();
  });

  it('summarize, write and rewrite give strings; their streaming forms ReadableStreams of strings', async () => {
    const [summarizer, writer, rewriter] = await Promise.all([
      w3c.Summarizer.create({ type: 'tldr' }),
      w3c.Writer.create({ tone: 'casual' }),
      w3c.Rewriter.create({ length: 'shorter' }),
    ]);
    const context = { context: 'A test.' };
    expect(typeof (await summarizer.summarize('The meeting moved to Friday at ten.', context))).toBe('string');
    expect(typeof (await writer.write('A note about the meeting.', context))).toBe('string');
    expect(typeof (await rewriter.rewrite('The meeting, it has been moved, to Friday.', context))).toBe('string');
    for (const stream of [
      summarizer.summarizeStreaming('The meeting moved.'),
      writer.writeStreaming('A note.'),
      rewriter.rewriteStreaming('Moved, the meeting.'),
    ]) {
      expect(stream).toBeInstanceOf(ReadableStream);
      const chunks = await chunksOf(stream);
      expect(chunks.length).toBeGreaterThan(0);
      expect(chunks.every((c) => typeof c === 'string')).toBe(true);
    }
    // A blank input needs no model: an empty answer, and a stream that closes empty.
    expect(await summarizer.summarize('   ')).toBe('');
    expect(await writer.write('')).toBe('');
    expect(await chunksOf(rewriter.rewriteStreaming(''))).toEqual([]);
    for (const o of [summarizer, writer, rewriter]) o.destroy();
  });

  it("measureInputUsage() is the engine's own token count of what a call sends", async () => {
    const writer = await w3c.Writer.create();
    const usage = await writer.measureInputUsage('A note about the meeting.');
    const longer = await writer.measureInputUsage('A note about the meeting.', { context: 'It is for the whole team, who were not at the last one.' });
    expect(Number.isInteger(usage) && usage > 0).toBe(true);
    expect(longer).toBeGreaterThan(usage);
    expect(await writer.measureInputUsage('')).toBe(0);
    writer.destroy();
  });

  it('an aborted signal rejects with its reason, an AbortError; destroy() rejects running and later calls, and errors streams', async () => {
    const summarizer = await w3c.Summarizer.create();
    const abort = new AbortController();
    const running = summarizer.summarize('The meeting moved to Friday at ten.', { signal: abort.signal });
    abort.abort();
    const aborted = (await rejection(running)) as DOMException;
    expect(aborted.name).toBe('AbortError');
    expect(aborted).toBe(abort.signal.reason);

    const stream = summarizer.summarizeStreaming('The meeting moved to Friday at ten, and lunch is at noon.');
    const reader = stream.getReader();
    const first = await reader.read();
    expect(typeof first.value).toBe('string');
    const pending = summarizer.summarize('Another input.');
    summarizer.destroy();
    expect(((await rejection(pending)) as DOMException).name).toBe('AbortError');
    expect(
      (
        (await rejection(
          reader.read().then(async function drain(r): Promise<unknown> {
            return r.done ? r : drain(await reader.read());
          }),
        )) as DOMException
      ).name,
    ).toBe('AbortError');
    expect(((await rejection(summarizer.summarize('Later.'))) as DOMException).name).toBe('AbortError');
    expect(() => summarizer.summarizeStreaming('Later.')).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(((await rejection(summarizer.measureInputUsage('Later.'))) as DOMException).name).toBe('AbortError');
  });

  it('create() rejects with the reason of a signal already aborted, and the create signal destroys the object later', async () => {
    const before = new AbortController();
    before.abort();
    expect(await rejection(w3c.Writer.create({ signal: before.signal }))).toBe(before.signal.reason);
    const later = new AbortController();
    const writer = await w3c.Writer.create({ signal: later.signal });
    later.abort(new DOMException('gone', 'AbortError'));
    expect(await rejection(writer.write('A note.'))).toBe(later.signal.reason);
  });
});

describe('Proofreader', () => {
  it('proofread() gives correctedInput and sorted corrections into the input; types when asked', async () => {
    const proofreader = await w3c.Proofreader.create({ includeCorrectionTypes: true, expectedInputLanguages: ['en'] });
    expect(proofreader).toMatchObject({ includeCorrectionTypes: true, includeCorrectionExplanations: false, correctionExplanationLanguage: null });
    const input = 'I seen him yesterday at the store, and he bought two loafs of bread.';
    const result = await proofreader.proofread(input);
    expect(Object.keys(result).sort()).toEqual(['correctedInput', 'corrections']);
    expect(typeof result.correctedInput).toBe('string');
    let end = 0;
    for (const c of result.corrections) {
      expect(c.startIndex).toBeGreaterThanOrEqual(end);
      expect(c.endIndex).toBeLessThanOrEqual(input.length);
      expect(Array.isArray(c.types)).toBe(true);
      end = c.endIndex;
    }
    const chunks = await chunksOf(proofreader.proofreadStreaming(input));
    expect(chunks.every((c) => typeof c === 'string')).toBe(true);
    expect(await proofreader.measureInputUsage(input)).toBeGreaterThan(0);
    proofreader.destroy();
  });

  it('explanations in a language other than English are unavailable (Hearth writes them in English)', async () => {
    expect(await w3c.Proofreader.availability({ includeCorrectionExplanations: true, correctionExplanationLanguage: 'fr' })).toBe('unavailable');
    const error = (await rejection(w3c.Proofreader.create({ includeCorrectionExplanations: true, correctionExplanationLanguage: 'fr' }))) as DOMException;
    expect(error).toBeInstanceOf(DOMException);
    expect(error.name).toBe('NotSupportedError');
  });
});

describe('LanguageModel', () => {
  const schema = { type: 'object', required: ['rating'], additionalProperties: false, properties: { rating: { enum: [0, 1, 2, 3, 4, 5] } } } as const;

  it('availability(): text in and out is available; images, audio and tools are not', async () => {
    expect(await w3c.LanguageModel.availability()).toBe('available');
    expect(await w3c.LanguageModel.availability({ expectedInputs: [{ type: 'text', languages: ['en'] }] })).toBe('available');
    expect(await w3c.LanguageModel.availability({ expectedInputs: [{ type: 'image' }] })).toBe('unavailable');
    expect(await w3c.LanguageModel.availability({ tools: [{ name: 't', description: 'd', inputSchema: { type: 'object' }, execute: async () => '' }] })).toBe(
      'available',
    );
    // The draft's open loop (tool calls handed to the page) is not supported.
    expect(await w3c.LanguageModel.availability({ expectedOutputs: [{ type: 'tool-call' }] })).toBe('unavailable');
    expect(((await rejection(w3c.LanguageModel.create({ expectedInputs: [{ type: 'audio' }] }))) as DOMException).name).toBe('NotSupportedError');
    await expect(w3c.LanguageModel.create({ samplingMode: 'creative', temperature: 1 })).rejects.toBeInstanceOf(TypeError);
    await expect(w3c.LanguageModel.create({ temperature: -1 })).rejects.toBeInstanceOf(RangeError);
    expect(await w3c.LanguageModel.params()).toMatchObject({ maxTemperature: 2 });
  });

  it("tool use, the draft's closed loop: execute() gets schema-valid arguments, its result goes back, the answer is text", async () => {
    const inputSchema = {
      type: 'object',
      properties: { location: { type: 'string', enum: ['Seattle', 'Tokyo'] } },
      required: ['location'],
      additionalProperties: false,
    } as const;
    const calls: unknown[] = [];
    const session = await w3c.LanguageModel.create({
      temperature: 1,
      tools: [
        {
          name: 'get_weather',
          description: 'Get the weather in a location.',
          inputSchema,
          execute: async (args: unknown) => (calls.push(args), '{"temperature":"55F"}'),
        },
      ],
    });
    // Random weights choose between a call and a text answer each round; a few prompts see both paths.
    for (let i = 0; i < 4 && calls.length === 0; i++) expect(typeof (await session.prompt('What is the weather in Seattle?'))).toBe('string');
    expect(calls.length).toBeGreaterThan(0);
    for (const args of calls) expect(compileSchemaValidator(inputSchema).validate(args)).toEqual([]);
    await expect(
      w3c.LanguageModel.create({ tools: [{ name: 'f', description: 'd', inputSchema: { type: 'string' }, execute: async () => '' }] }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('keeps the conversation: contextUsage grows with each prompt, counted by the engine', async () => {
    const p = progress();
    const session = await w3c.LanguageModel.create({
      initialPrompts: [{ role: 'system', content: 'Be brief.' }],
      samplingMode: 'most-predictable',
      monitor: p.monitor,
    });
    expect(p.loaded).toEqual([0, 1]);
    expect(session).toMatchObject({ samplingMode: 'most-predictable', temperature: 0 });
    const initial = session.contextUsage;
    expect(initial).toBeGreaterThan(0);
    expect(session.inputUsage).toBe(initial);
    expect(session.inputQuota).toBe(session.contextWindow);
    const answer = await session.prompt('Write me a poem.');
    expect(typeof answer).toBe('string');
    const afterOne = session.contextUsage;
    expect(afterOne).toBeGreaterThan(initial);
    const measured = await session.measureContextUsage('What is your favorite food?');
    expect(measured).toBeGreaterThan(0);
    expect(await session.measureInputUsage('What is your favorite food?')).toBe(measured);
    await session.append([{ role: 'user', content: 'What is your favorite food?' }]);
    expect(session.contextUsage).toBeGreaterThanOrEqual(afterOne + measured - 1);
    const chunks = await chunksOf(
      session.promptStreaming([
        { role: 'user', content: 'And why?' },
        { role: 'assistant', content: 'Because', prefix: true },
      ]),
    );
    expect(chunks.every((c) => typeof c === 'string')).toBe(true);
    session.destroy();
  });

  it('responseConstraint: the answer is JSON valid against the schema; an unenforceable schema is NotSupportedError', async () => {
    const session = await w3c.LanguageModel.create({ samplingMode: 'most-predictable' });
    const result = await session.prompt('Summarize this feedback into a rating between 0-5: The food was delicious.', { responseConstraint: schema });
    expect(compileSchemaValidator(schema).validate(JSON.parse(result))).toEqual([]);
    const streamed = (await chunksOf(session.promptStreaming('Rate it again.', { responseConstraint: schema, omitResponseConstraintInput: true }))).join('');
    expect(compileSchemaValidator(schema).validate(JSON.parse(streamed))).toEqual([]);
    // The draft's own example: node-llama-cpp cannot enforce minimum/maximum on numbers.
    const numeric = { type: 'object', required: ['rating'], properties: { rating: { type: 'number', minimum: 0, maximum: 5 } } };
    const refused = (await rejection(session.prompt('Rate it.', { responseConstraint: numeric }))) as DOMException;
    expect(refused.name).toBe('NotSupportedError');
    expect((refused.cause as HearthError).code).toBe('unsupported');
    expect(((await rejection(session.prompt('x', { responseConstraint: /a+/ }))) as DOMException).name).toBe('NotSupportedError');
    await expect(session.prompt('x', { omitResponseConstraintInput: true })).rejects.toBeInstanceOf(TypeError);
    session.destroy();
  });

  it("validates prompts as the draft does: system only first, prefix only last and the assistant's, text only", async () => {
    const session = await w3c.LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Be brief.' }] });
    await expect(session.prompt([{ role: 'system', content: 'Now be long.' }])).rejects.toBeInstanceOf(TypeError);
    expect(((await rejection(session.prompt([{ role: 'user', content: 'Hi', prefix: true }]))) as DOMException).name).toBe('SyntaxError');
    expect(((await rejection(session.prompt([{ role: 'user', content: [{ type: 'image', value: new Uint8Array(4) }] }]))) as DOMException).name).toBe(
      'NotSupportedError',
    );
    expect(() =>
      session.promptStreaming([
        { role: 'assistant', content: 'A', prefix: true },
        { role: 'user', content: 'B' },
      ]),
    ).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    session.destroy();
  });

  it('clone() copies the conversation, and the two go on separately', async () => {
    const session = await w3c.LanguageModel.create({
      initialPrompts: [
        { role: 'system', content: 'Predict emojis.' },
        { role: 'user', content: 'LGTM' },
        { role: 'assistant', content: '👍' },
      ],
    });
    const copy = await session.clone();
    expect(copy.contextUsage).toBe(session.contextUsage);
    await copy.prompt('Back to the drawing board');
    expect(copy.contextUsage).toBeGreaterThan(session.contextUsage);
    session.destroy();
    expect(typeof (await copy.prompt('Ship it'))).toBe('string');
    copy.destroy();
  });

  it('abort and destroy reject prompts and error streams with AbortError; prompts queue in call order', async () => {
    const session = await w3c.LanguageModel.create();
    const abort = new AbortController();
    const first = session.prompt('Write me a poem.');
    const queued = session.prompt('Write me another.', { signal: abort.signal });
    abort.abort();
    expect(((await rejection(queued)) as DOMException).name).toBe('AbortError');
    expect(typeof (await first)).toBe('string');
    const stream = session.promptStreaming('Write me an extra-long poem.');
    const reader = stream.getReader();
    expect(typeof (await reader.read()).value).toBe('string');
    session.destroy();
    const error = (await rejection(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    )) as DOMException;
    expect(error.name).toBe('AbortError');
    expect(((await rejection(session.prompt('Later.'))) as DOMException).name).toBe('AbortError');
    expect(((await rejection(session.clone())) as DOMException).name).toBe('AbortError');
  });

  it('overflow: old turns are dropped with contextoverflow; a prompt too large for the context is a QuotaExceededError', async () => {
    const session = await tight.LanguageModel.create({ initialPrompts: [{ role: 'system', content: 'Be brief.' }], samplingMode: 'most-predictable' });
    const overflows: string[] = [];
    session.addEventListener('contextoverflow', (e) => overflows.push(e.type));
    session.onquotaoverflow = (e) => overflows.push(e.type);
    // The tiny model never stops by itself: its first answer fills the 256-token context.
    await session.prompt('Hello.');
    await session.prompt('Hello again.');
    expect(overflows).toEqual(expect.arrayContaining(['contextoverflow', 'quotaoverflow']));
    expect(session.contextWindow).toBe(256);
    const huge = 'word '.repeat(400);
    const error = (await rejection(session.prompt(huge))) as DOMException & { requested: number; quota: number };
    expect(error.name).toBe('QuotaExceededError');
    expect(error.quota).toBe(256);
    expect(error.requested).toBeGreaterThan(256);
    expect(await session.measureContextUsage(huge)).toBeGreaterThan(256);
    session.destroy();
  });
});
