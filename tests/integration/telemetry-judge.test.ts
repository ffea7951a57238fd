import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluators } from '@hearth/sdk';
import { NodeLlamaCppEngine } from '@hearth/sdk/node';
import { tinyModelPath } from '../support/models.ts';

// The judge evaluator on a real model (the tiny demo model, greedy): its rating is whatever the
// model answers, bounded to 1..scale by the grammar; the same answer passes at that rating and
// fails one above it.

let engine: NodeLlamaCppEngine;

beforeAll(async () => {
  engine = new NodeLlamaCppEngine();
  await engine.load({ source: { type: 'path', path: await tinyModelPath() }, threads: 1 });
});

afterAll(async () => {
  await engine?.unload();
});

describe('evaluators.judge on a local model', () => {
  it('gives a bounded score from the model, passes at its rating and fails above it', async () => {
    const subject = {
      task: 'summarize' as const,
      input: 'Summarize: the meeting moved to Tuesday.',
      output: 'Meeting now Tuesday.',
      usage: { promptTokens: 1, completionTokens: 1, timeToFirstTokenMs: 1, prefillTokensPerSecond: 1, decodeTokensPerSecond: 1 },
      routes: [],
      judgeEngine: engine,
    };
    const first = await evaluators.judge({ id: 'brief', rubric: 'Is the summary short and faithful?', scale: 5 }).evaluate(subject);
    expect(first.error).toBeUndefined();
    expect(first.score).toBeGreaterThanOrEqual(0);
    expect(first.score).toBeLessThanOrEqual(1);
    const rating = Math.round(first.score! * 4) + 1;
    expect(Number.isInteger(first.score! * 4)).toBe(true);
    const atRating = await evaluators.judge({ id: 'brief', rubric: 'Is the summary short and faithful?', scale: 5, passAt: rating }).evaluate(subject);
    const above = await evaluators.judge({ id: 'brief', rubric: 'Is the summary short and faithful?', scale: 5, passAt: rating + 1 }).evaluate(subject);
    expect(atRating).toMatchObject({ pass: true, score: first.score });
    expect(above).toMatchObject({ pass: false, score: first.score });
  });
});
