import { describe, expect, it } from 'vitest';
import type { StreamPart } from '@hearth/spec';
import { runTokenLoop, type TokenSource } from './token-loop.ts';
import { UsageMeter } from './usage-meter.ts';

/** A source that plays a fixed list of token texts (one character per token id), then ends. */
function scriptedSource(texts: string[]): TokenSource {
  let i = 0;
  return {
    next: async () => (i < texts.length ? i++ : undefined),
    decode: (pending) => pending.map((id) => texts[id]).join(''),
  };
}

async function run(texts: string[], options: { stop?: string[]; grammarStops?: string[]; json?: boolean; maxTokens?: number }) {
  const parts: StreamPart[] = [];
  for await (const part of runTokenLoop(scriptedSource(texts), {
    maxTokens: options.maxTokens ?? 100,
    stop: options.stop ?? [],
    ...(options.grammarStops ? { grammarStops: options.grammarStops } : {}),
    ...(options.json ? { json: true } : {}),
    meter: new UsageMeter(1),
    threads: () => 1,
  }))
    parts.push(part);
  const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
  const finish = parts.at(-1);
  return { text, finishReason: finish?.type === 'finish' ? finish.finishReason : undefined };
}

describe('runTokenLoop', () => {
  it('drops the newlines a JSON grammar allows after the value when generation ends partway into its stop run', async () => {
    // The end-of-generation token after three of the four newlines: padding, not answer.
    expect(await run(['"ok', '"', '\n', '\n', '\n'], { grammarStops: ['\n\n\n\n'] })).toEqual({ text: '"ok"', finishReason: 'stop' });
    // The budget running out there: the same.
    expect(await run(['"ok', '"', '\n', '\n', '\n', '\n'], { grammarStops: ['\n\n\n\n'], maxTokens: 4 })).toEqual({ text: '"ok"', finishReason: 'length' });
    // The full run is a stop.
    expect(await run(['"ok', '"', '\n', '\n', '\n', '\n', 'x'], { grammarStops: ['\n\n\n\n'] })).toEqual({ text: '"ok"', finishReason: 'stop' });
  });

  it('keeps held text of a request stop string: only grammar padding is dropped', async () => {
    // "EN" could have begun "END"; generation ended, so it is the answer's end.
    expect(await run(['a', 'E', 'N'], { stop: ['END'], grammarStops: ['\n\n\n\n'] })).toEqual({ text: 'aEN', finishReason: 'stop' });
    expect(await run(['a', '\n', '\n'], {})).toEqual({ text: 'a\n\n', finishReason: 'stop' });
  });

  it('a JSON answer keeps whitespace inside the value and loses the whitespace a grammar allowed after it', async () => {
    expect(await run(['{"a":', ' ', '1', ' ', '}', ' ', '\n', '  '], { json: true })).toEqual({ text: '{"a": 1 }', finishReason: 'stop' });
    expect(await run(['{"a":', ' ', '1', ' ', '}', ' ', '\n', '  '], {})).toEqual({ text: '{"a": 1 } \n  ', finishReason: 'stop' });
  });
});
