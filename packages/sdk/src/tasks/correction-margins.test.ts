import { describe, expect, it } from 'vitest';
import { HearthError, type EngineV1, type GenerateRequest, type StreamPart, type TokenLogprob } from '@hearth/spec';
import { collectStream } from '../engines/shared/collect-stream.ts';
import { correctionMargins } from './correction-margins.ts';
import { applyCorrections, diffCorrections } from './diff-corrections.ts';
import { Proofreader } from './proofreader.ts';

const USAGE = { promptTokens: 10, completionTokens: 5, timeToFirstTokenMs: 1, prefillTokensPerSecond: 1, decodeTokensPerSecond: 1 };
const INPUT = 'I read teh report. It look good.';

/** A token as an engine reports it: its log-probability and the alternatives at its position. */
function tok(token: string, logprob = -0.01, top: Array<[string, number]> = [[token, logprob]]): TokenLogprob {
  const bytes = (s: string) => [...Buffer.from(s)];
  return { token, logprob, bytes: bytes(token), top: top.map(([t, l]) => ({ token: t, logprob: l, bytes: bytes(t) })) };
}

// The answer a model gives for INPUT: "teh" fixed with a wide margin over copying it, "look"
// with a narrow one. The leading newline is trimmed from the answer, as chat models' often is.
const ANSWER: TokenLogprob[] = [
  tok('\n'),
  tok('I'),
  tok(' read'),
  tok(' the', -0.05, [
    [' the', -0.05],
    [' teh', -3.05],
    [' t', -4],
  ]),
  tok(' report'),
  tok('.'),
  tok(' It'),
  tok(' looks', -0.4, [
    [' looks', -0.4],
    [' look', -1.4],
  ]),
  tok(' good'),
  tok('.'),
];

/**
 * An engine that streams set tokens with their log-probabilities, a few per delta as real engines
 * batch them; the real engines report theirs in the browser tier (scribe-quality.test.ts).
 */
class TokenScriptEngine implements EngineV1 {
  readonly specificationVersion = 'v1';
  readonly engineId = 'token-script';
  readonly requests: GenerateRequest[] = [];
  constructor(
    private readonly tokens: TokenLogprob[],
    private readonly logprobs = true,
  ) {}
  async load() {
    return { architecture: 'llama', contextSize: 2048, vocabSize: 512 };
  }
  async *doStream(request: GenerateRequest): AsyncIterable<StreamPart> {
    this.requests.push(request);
    if (request.logprobs !== undefined && !this.logprobs) {
      yield { type: 'error', error: new HearthError({ code: 'unsupported', message: 'no log-probabilities here' }).toJSON() };
      return;
    }
    for (let i = 0; i < this.tokens.length; i += 2) {
      const pair = this.tokens.slice(i, i + 2);
      yield { type: 'text-delta', text: pair.map((t) => t.token).join(''), ...(request.logprobs !== undefined ? { logprobs: pair } : {}) };
    }
    yield { type: 'finish', finishReason: 'stop', usage: USAGE };
  }
  doGenerate(request: GenerateRequest) {
    return collectStream(this.doStream(request));
  }
  async unload() {}
}

describe('correctionMargins', () => {
  it('measures each correction at the first token that leaves the input, against the alternative that copies it', () => {
    const corrected = 'I read the report. It looks good.';
    const corrections = diffCorrections(INPUT, corrected, { types: false });
    expect(corrections.map((c) => c.correction)).toEqual(['the', 'looks']);
    expect(correctionMargins(INPUT, corrected, 0, corrections, ANSWER).map((m) => m?.toFixed(3))).toEqual(['3.000', '1.000']);
  });

  it('falls back to the gap to the least likely alternative when none copies the input (a lower bound)', () => {
    const tokens = [
      tok('I'),
      tok(' read'),
      tok(' the', -0.1, [
        [' the', -0.1],
        [' a', -2.6],
      ]),
      tok(' report'),
      tok('.'),
      tok(' It'),
      tok(' look'),
      tok(' good'),
      tok('.'),
    ];
    const corrected = 'I read the report. It look good.';
    const corrections = diffCorrections(INPUT, corrected, { types: false });
    expect(correctionMargins(INPUT, corrected, 0, corrections, tokens)).toEqual([2.5]);
  });

  it('gives no margin when the tokens do not spell the answer', () => {
    const corrected = 'I read the report. It looks good.';
    const corrections = diffCorrections(INPUT, corrected, { types: false });
    expect(correctionMargins(INPUT, corrected, 0, corrections, [tok('Something else.')])).toEqual([undefined, undefined]);
  });
});

describe('Proofreader with a minimum correction margin', () => {
  it('keeps the corrections the model was sure of, reports each margin, and asks the engine for alternatives', async () => {
    const engine = new TokenScriptEngine(ANSWER);
    const proofreader = await Proofreader.create({ engine, minCorrectionMargin: 2, model: { name: 'Qwen2.5-0.5B-Instruct' } });
    const result = await proofreader.proofread(INPUT);
    expect(engine.requests[0]!.logprobs).toBe(5);
    expect(result.correctedInput).toBe('I read the report. It look good.');
    expect(result.corrections).toEqual([expect.objectContaining({ correction: 'the', margin: 3 })]);
    expect(applyCorrections(INPUT, result.corrections)).toBe(result.correctedInput);
  });

  it('a negative minimum keeps every correction, with its margin', async () => {
    const proofreader = await Proofreader.create({ engine: new TokenScriptEngine(ANSWER), minCorrectionMargin: -1, model: { name: 'Qwen2.5-0.5B-Instruct' } });
    const result = await proofreader.proofread(INPUT);
    expect(result.corrections.map((c) => [c.correction, c.margin])).toEqual([
      ['the', 3],
      ['looks', 1],
    ]);
  });

  it("Hearth Scribe's pack sets the minimum; without one, no alternatives are asked for and every correction stays", async () => {
    // "looks" over "look" by 0.3 nats: under the pack's minimum (tuned on the development set).
    const narrow = ANSWER.map((t) =>
      t.token === ' looks'
        ? tok(' looks', -0.6, [
            [' looks', -0.6],
            [' look', -0.9],
          ])
        : t,
    );
    const scribe = new TokenScriptEngine(narrow);
    const withPack = await Proofreader.create({ engine: scribe, model: { name: 'hearth-scribe-17m' } });
    expect(withPack.minCorrectionMargin).toBe(0.5);
    expect((await withPack.proofread(INPUT)).correctedInput).toBe('I read the report. It look good.');

    const other = new TokenScriptEngine(narrow);
    const plain = await Proofreader.create({ engine: other, model: { name: 'Qwen2.5-0.5B-Instruct' } });
    expect((await plain.proofread(INPUT)).correctedInput).toBe('I read the report. It looks good.');
    expect(other.requests[0]!.logprobs).toBeUndefined();
  });

  it('an engine without log-probabilities answers anyway, every correction kept', async () => {
    const engine = new TokenScriptEngine(ANSWER, false);
    const result = await (await Proofreader.create({ engine, minCorrectionMargin: 2, model: { name: 'Qwen2.5-0.5B-Instruct' } })).proofread(INPUT);
    expect(engine.requests).toHaveLength(2);
    expect(result.correctedInput).toBe('I read the report. It looks good.');
    expect(result.corrections.every((c) => c.margin === undefined)).toBe(true);
  });

  it('refuses a margin that is not a number', async () => {
    await expect(Proofreader.create({ engine: new TokenScriptEngine(ANSWER), minCorrectionMargin: Number.NaN })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
