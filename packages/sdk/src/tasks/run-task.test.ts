import { describe, expect, it } from 'vitest';
import { HearthError, type EngineV1, type GenerateRequest, type StreamPart } from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import { Proofreader } from './proofreader.ts';
import { PromptPacks } from './prompt-packs.ts';
import { runTask } from './run-task.ts';
import { Summarizer } from './summarizer.ts';
import { Writer } from './writer.ts';

const USAGE = { promptTokens: 10, completionTokens: 5, timeToFirstTokenMs: 1, prefillTokensPerSecond: 1, decodeTokensPerSecond: 1 };

/**
 * An engine that answers with set text. The real engines run these tasks in the integration and
 * browser tiers, but their random-weight model writes nonsense; this one writes the corrected
 * sentence a real model would, so what Hearth does with a good answer can be checked exactly.
 */
class ScriptedEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'scripted';
  readonly requests: GenerateRequest[] = [];
  constructor(
    private readonly answer: string,
    private readonly finishReason: 'stop' | 'length' = 'stop',
  ) {}
  async load() {
    return { architecture: 'llama', contextSize: 2048, vocabSize: 512 };
  }
  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    for (const piece of this.answer.match(/[^]{1,4}/g) ?? []) {
      await Promise.resolve();
      if (request.signal?.aborted) {
        yield { type: 'error', error: new HearthError({ code: 'aborted', message: 'aborted' }).toJSON() };
        return;
      }
      yield { type: 'text-delta', text: piece };
    }
    yield { type: 'finish', finishReason: this.finishReason, usage: USAGE };
  }
  doGenerate(request: GenerateRequest) {
    return collectStream(this.doStream(request));
  }
  async unload() {}
}

describe('Proofreader', () => {
  it('corrections come from diffing the answer against the input, at exact indices', async () => {
    const input = "I recieve teh package yesterday, it's color was definately wrong.";
    const engine = new ScriptedEngine('\n"""\nI received the package yesterday; its color was definitely wrong.\n"""');
    const proofreader = await Proofreader.create({ engine, includeCorrectionTypes: true, model: { name: 'Qwen2.5-0.5B-Instruct' } });
    const result = await proofreader.proofread(input);
    expect(result.correctedInput).toBe('I received the package yesterday; its color was definitely wrong.');
    expect(result.corrections.map((c) => [input.slice(c.startIndex, c.endIndex), c.correction, c.types])).toEqual([
      ['recieve', 'received', ['spelling']],
      ['teh', 'the', ['spelling']],
      [',', ';', ['punctuation']],
      ["it's", 'its', ['punctuation']],
      ['definately', 'definitely', ['spelling']],
    ]);
    expect(result.pack).toEqual({ id: 'chatml/proofread', version: '1.0.0', task: 'proofread', family: 'chatml', source: 'shipped', selectedBy: 'model' });
    // The pack's instructions, its two few-shot pairs, then the input.
    const messages = engine.requests[0]?.prompt.type === 'chat' ? engine.requests[0].prompt.messages : [];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages.at(-1)?.content).toContain(input);
    expect(engine.requests[0]).toMatchObject({ temperature: 0, maxTokens: Math.ceil(16 + 0.45 * input.length) });
  });

  it("keeps the input's own leading and trailing whitespace, and types are left out unless asked", async () => {
    const result = await (await Proofreader.create({ engine: new ScriptedEngine('Hello there.') })).proofread('  hello there.\n');
    expect(result).toMatchObject({ correctedInput: '  Hello there.\n', corrections: [{ startIndex: 2, endIndex: 7, correction: 'Hello' }] });
    expect(result.corrections[0]).not.toHaveProperty('types');
  });

  it('an answer cut by the token budget corrects the part it covers and keeps the rest', async () => {
    const engine = new ScriptedEngine('I received the pack', 'length');
    const result = await (await Proofreader.create({ engine })).proofread('I recieve teh package today.');
    expect(result).toMatchObject({ correctedInput: 'I received the package today.', finishReason: 'length' });
    expect(result.corrections).toHaveLength(2);
  });

  it('an empty answer is no correction, not "delete everything"', async () => {
    const result = await (await Proofreader.create({ engine: new ScriptedEngine('') })).proofread('Some text.');
    expect(result).toMatchObject({ correctedInput: 'Some text.', corrections: [] });
  });
});

describe('text tasks', () => {
  it('streaming deltas add up to the whole answer', async () => {
    const engine = new ScriptedEngine('\n- point one\n- point two');
    const summarizer = await Summarizer.create({ engine, type: 'key-points', family: 'phi' });
    let streamed = '';
    const stream = summarizer.summarizeStreaming('A long text.');
    expect(stream.pack).toMatchObject({ id: 'phi/summarize', selectedBy: 'explicit' });
    for await (const delta of stream) streamed += delta;
    expect(streamed).toBe('- point one\n- point two');
    expect(await summarizer.summarize('A long text.')).toBe(streamed);
  });

  it('an empty input has an empty summary without asking the model; an empty writing request is refused', async () => {
    const engine = new ScriptedEngine('never');
    expect(await (await Summarizer.create({ engine })).summarize('  ')).toBe('');
    expect(engine.requests).toHaveLength(0);
    await expect((await Writer.create({ engine })).write('')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('refuses option values the drafts do not define', async () => {
    const engine = new ScriptedEngine('x');
    // @ts-expect-error -- not a Summarizer type, as plain JavaScript could pass
    await expect(Summarizer.create({ engine, type: 'bullets' })).rejects.toMatchObject({ code: 'invalid_request', data: { field: 'type' } });
  });

  it('destroy() aborts a running call and refuses later ones', async () => {
    const summarizer = await Summarizer.create({ engine: new ScriptedEngine('a b c d e f g h i j k l m n o p') });
    const stream = summarizer.summarizeStreaming('text')[Symbol.asyncIterator]();
    await stream.next();
    summarizer.destroy();
    await expect(
      (async () => {
        for (;;) if ((await stream.next()).done) return;
      })(),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(() => summarizer.summarizeStreaming('text')).toThrow(/destroyed/);
  });

  it("the caller's maxTokens and sampling settings replace the pack's", async () => {
    const engine = new ScriptedEngine('ok');
    await (await Writer.create({ engine, temperature: 0, seed: 3 })).write('a poem', { maxTokens: 7 });
    expect(engine.requests[0]).toMatchObject({ maxTokens: 7, temperature: 0, seed: 3 });
  });
});

describe('runTask', () => {
  it('runs any task in one call and says which pack produced the result', async () => {
    const engine = new ScriptedEngine('Short.');
    const packs = PromptPacks.shipped();
    packs.register({ ...packs.get('rewrite', 'chatml')!, id: 'acme/rewrite', version: '3.0.0' });
    const result = await runTask(engine, 'rewrite', 'A long sentence.', { packs, length: 'shorter', context: 'For a tweet.' });
    expect(result).toMatchObject({
      text: 'Short.',
      finishReason: 'stop',
      pack: { id: 'acme/rewrite', version: '3.0.0', source: 'app', selectedBy: 'fallback' },
    });
    const messages = engine.requests[0]?.prompt.type === 'chat' ? engine.requests[0].prompt.messages : [];
    expect(messages.at(-1)?.content).toContain('Context: For a tweet.');
  });

  it('refuses an unknown task and a missing schema or label list', async () => {
    const engine = new ScriptedEngine('{}');
    // @ts-expect-error -- not a task
    await expect(runTask(engine, 'translate', 'x')).rejects.toMatchObject({ code: 'invalid_request', data: { field: 'task' } });
    // @ts-expect-error -- extract without its schema
    await expect(runTask(engine, 'extract', 'x', {})).rejects.toMatchObject({ code: 'invalid_request', data: { field: 'schema' } });
    await expect(runTask(engine, 'classify', 'x', { labels: ['only one'] })).rejects.toMatchObject({ code: 'invalid_request', data: { field: 'labels' } });
  });

  it('classify and extract validate what the model wrote', async () => {
    const classified = await runTask(new ScriptedEngine('{"label": "bug report"}'), 'classify', 'It crashes.', { labels: ['billing', 'bug report'] });
    expect(classified).toMatchObject({ label: 'bug report', pack: { id: 'chatml/classify' } });
    const extracted = await runTask(new ScriptedEngine('{"city": "Lyon"}'), 'extract', 'I live in Lyon.', {
      schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    });
    expect(extracted).toMatchObject({ value: { city: 'Lyon' }, pack: { id: 'chatml/extract' } });
    await expect(
      runTask(new ScriptedEngine('{"town": "Lyon"}'), 'extract', 'x', {
        schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      }),
    ).rejects.toMatchObject({ code: 'output_invalid' });
  });
});

describe('the prompt pack an engine asks for', () => {
  it("a call that names no family gets the one of the engine's model, and a named family still wins", async () => {
    const engine = Object.assign(new ScriptedEngine('He retired at 68.'), { modelName: 'hearth-scribe-17m' });
    const result = await runTask(engine, 'proofread', 'He retiired at 68.');
    expect(result.pack).toMatchObject({ family: 'hearth-scribe', selectedBy: 'model' });
    expect(JSON.stringify(engine.requests[0]?.prompt)).toContain('Fix the mistakes; reply with the corrected text only.');
    expect((await runTask(engine, 'proofread', 'He retiired at 68.', { family: 'chatml' })).pack.family).toBe('chatml');
    expect((await runTask(new ScriptedEngine('x'), 'proofread', 'x y')).pack.selectedBy).toBe('fallback');
  });
});
