import { describe, expect, it } from 'vitest';
import type { GenerateResult, StreamPart } from '@hearth/spec';
import type { PlainRequest } from './conformance-drivers.ts';

export type ConformanceCase = 'greedy' | 'streaming' | 'stop' | 'max-tokens' | 'abort' | 'bad-input' | 'usage' | 'unload';

/** An engine under test, wherever it runs. Every call takes and returns plain data. */
export interface ConformanceTarget {
  /** Whether text deltas carry token ids (remote OpenAI servers do not send them). */
  tokenIds: boolean;
  run(request: PlainRequest): Promise<StreamPart[]>;
  runAborting(request: PlainRequest, afterDeltas: number): Promise<{ parts: StreamPart[]; deltasAfterAbort: number }>;
  load(): Promise<void>;
  unload(): Promise<void>;
}

export interface ConformanceOptions {
  /** Greedy node-llama-cpp output for `referenceRequest`: the cross-engine truth. */
  reference: () => GenerateResult & { deltas: string[] };
  target: () => ConformanceTarget;
  /** Cases this engine cannot run, each with the reason (printed as the skip's name). */
  skip?: Partial<Record<ConformanceCase, string>>;
}

/** The context size every target is loaded with, so an over-long prompt overflows on all. */
export const CONFORMANCE_CONTEXT = 1024;
export const CONFORMANCE_PROMPT = 'Once upon a time, in a quiet village by the sea, there lived';
export const referenceRequest: PlainRequest = { prompt: { type: 'text', text: CONFORMANCE_PROMPT }, maxTokens: 24, temperature: 0, includeTokenIds: true };

function text(parts: StreamPart[]): string {
  return parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
}
function tokens(parts: StreamPart[]): number[] {
  return parts.flatMap((p) => (p.type === 'text-delta' ? [...(p.tokenIds ?? [])] : []));
}
function last(parts: StreamPart[]): StreamPart | undefined {
  return parts[parts.length - 1];
}

/**
 * The one suite every engine passes (STYLE.md: one conformance suite, in Node and the browser).
 * Cases run in order on one loaded engine; `unload` goes last.
 */
export function defineEngineConformance(name: string, options: ConformanceOptions): void {
  const skip = options.skip ?? {};
  const test = (c: ConformanceCase, title: string, body: () => Promise<void>): void => {
    const reason = skip[c];
    if (reason) it.skip(`${title} — skipped: ${reason}`, body);
    else it(title, body);
  };

  describe(`engine conformance: ${name}`, () => {
    test('greedy', 'greedy output is deterministic and equals node-llama-cpp token for token', async () => {
      const ref = options.reference();
      const t = options.target();
      const a = await t.run(referenceRequest);
      const b = await t.run(referenceRequest);
      expect(last(a)).toMatchObject({ type: 'finish' });
      expect(text(a)).toBe(ref.text);
      expect(text(b)).toBe(text(a));
      if (t.tokenIds) {
        expect(tokens(a)).toEqual(ref.tokenIds);
        expect(tokens(b)).toEqual(ref.tokenIds);
      }
    });

    test('streaming', 'streams deltas in order, then exactly one finish, nothing after', async () => {
      const ref = options.reference();
      const parts = await options.target().run(referenceRequest);
      const terminal = parts.filter((p) => p.type !== 'text-delta');
      expect(terminal).toHaveLength(1);
      expect(last(parts)?.type).toBe('finish');
      const deltas = parts.filter((p) => p.type === 'text-delta' && p.text !== '');
      // One step per token or close to it: a stream, not one blob at the end.
      expect(deltas.length).toBeGreaterThanOrEqual(Math.floor(ref.deltas.length / 2));
      expect(text(parts)).toBe(ref.text);
    });

    test('stop', 'a stop sequence ends the output before it, with finish reason stop', async () => {
      const ref = options.reference();
      // A stop string taken from the reference output, where it first occurs at a token boundary.
      let offset = 0;
      let stop = '';
      for (let i = 0; i < ref.deltas.length; i++) {
        const d = ref.deltas[i]!;
        if (i >= 3 && d.trim() !== '' && ref.text.indexOf(d) === offset) {
          stop = d;
          break;
        }
        offset += d.length;
      }
      expect(stop, 'the reference output has a usable stop string').not.toBe('');
      const parts = await options.target().run({ ...referenceRequest, stop: [stop] });
      expect(text(parts)).toBe(ref.text.slice(0, offset));
      expect(last(parts)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    });

    test('max-tokens', 'maxTokens bounds the output, with finish reason length', async () => {
      const ref = options.reference();
      const parts = await options.target().run({ ...referenceRequest, maxTokens: 5 });
      const end = last(parts);
      expect(end).toMatchObject({ type: 'finish', finishReason: 'length', usage: { completionTokens: 5 } });
      expect(ref.text.startsWith(text(parts))).toBe(true);
      expect(text(parts).length).toBeGreaterThan(0);
    });

    test('abort', 'abort mid-stream stops within a few tokens and the engine stays usable', async () => {
      const ref = options.reference();
      const t = options.target();
      const { parts, deltasAfterAbort } = await t.runAborting({ ...referenceRequest, maxTokens: 400 }, 3);
      expect(last(parts)).toMatchObject({ type: 'error', error: { code: 'aborted', name: 'AbortError' } });
      expect(deltasAfterAbort).toBeLessThanOrEqual(4);
      expect(text(await t.run(referenceRequest))).toBe(ref.text);
    });

    test('bad-input', 'bad input is a typed error and the engine stays usable', async () => {
      const ref = options.reference();
      const t = options.target();
      const negative = await t.run({ ...referenceRequest, maxTokens: -1 });
      expect(negative).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'invalid_request', name: 'HearthError' }) })]);
      const huge = await t.run({ ...referenceRequest, prompt: { type: 'text', text: 'word '.repeat(CONFORMANCE_CONTEXT * 2) } });
      expect(last(huge)).toMatchObject({ type: 'error', error: { code: 'context_full' } });
      expect(text(await t.run(referenceRequest))).toBe(ref.text);
    });

    test('usage', 'usage numbers are present and plausible', async () => {
      const ref = options.reference();
      const end = last(await options.target().run(referenceRequest));
      if (end?.type !== 'finish') throw new Error(`expected finish, got ${JSON.stringify(end)}`);
      expect(end.usage.promptTokens).toBe(ref.usage.promptTokens);
      expect(end.usage.completionTokens).toBe(ref.usage.completionTokens);
      expect(end.usage.timeToFirstTokenMs).toBeGreaterThan(0);
      expect(end.usage.prefillTokensPerSecond).toBeGreaterThan(0);
      expect(end.usage.decodeTokensPerSecond).toBeGreaterThan(0);
    });

    test('unload', 'unload frees the model: generation then fails typed, and a reload works', async () => {
      const ref = options.reference();
      const t = options.target();
      await t.unload();
      expect(last(await t.run(referenceRequest))).toMatchObject({ type: 'error', error: { code: 'model_not_loaded' } });
      await t.load();
      expect(text(await t.run(referenceRequest))).toBe(ref.text);
    });
  });
}
