import { describe, expect, it } from 'vitest';
import type { Usage } from '@hearth/spec';
import { evaluators, type EvalSubject, type Evaluator } from './evaluators.ts';

const usage: Usage = { promptTokens: 10, completionTokens: 20, timeToFirstTokenMs: 300, prefillTokensPerSecond: 100, decodeTokensPerSecond: 12 };
const subject = (output: string, extra: Partial<EvalSubject> = {}): EvalSubject => ({
  task: 'summarize',
  input: 'The meeting moved to Tuesday at 10.',
  output,
  usage,
  routes: [],
  ...extra,
});
const verdict = async (e: Evaluator, s: EvalSubject) => (await e.evaluate(s)).pass;

// Each kind with an answer that passes it and one that fails it (the judge runs on a real model in
// tests/integration/telemetry-judge.test.ts).
describe('evaluators', () => {
  it('jsonSchema: a valid value passes, an invalid one and non-JSON text fail', async () => {
    const e = evaluators.jsonSchema({ type: 'object', properties: { date: { type: 'string', format: 'date' } }, required: ['date'] });
    expect(await verdict(e, subject('{"date":"2026-03-01"}'))).toBe(true);
    expect(await verdict(e, subject('', { value: { date: '2026-03-01' } }))).toBe(true);
    expect(await verdict(e, subject('{"date":"Tuesday"}'))).toBe(false);
    expect(await verdict(e, subject('not json'))).toBe(false);
  });
  it('contains and notContains, case-insensitive unless asked', async () => {
    expect(await verdict(evaluators.contains(['tuesday', '10']), subject('Moved to Tuesday, 10 am.'))).toBe(true);
    expect(await verdict(evaluators.contains('Friday'), subject('Moved to Tuesday.'))).toBe(false);
    expect(await verdict(evaluators.contains('tuesday', { caseSensitive: true }), subject('Tuesday'))).toBe(false);
    expect(await verdict(evaluators.notContains(['password', 'ssn']), subject('Moved to Tuesday.'))).toBe(true);
    expect(await verdict(evaluators.notContains('Tuesday'), subject('Moved to tuesday.'))).toBe(false);
  });
  it('matches: a regex that matches passes, one that does not fails; a global flag does not carry state between answers', async () => {
    const e = evaluators.matches(/\b\d{4}-\d{2}-\d{2}\b/g);
    expect(await verdict(e, subject('on 2026-03-01'))).toBe(true);
    expect(await verdict(e, subject('on 2026-03-01'))).toBe(true);
    expect(await verdict(e, subject('on Tuesday'))).toBe(false);
  });
  it('length in characters and words', async () => {
    expect(await verdict(evaluators.length({ max: 10 }), subject('short'))).toBe(true);
    expect(await verdict(evaluators.length({ max: 10 }), subject('much longer than ten'))).toBe(false);
    expect(await verdict(evaluators.length({ min: 3, max: 5, unit: 'words' }), subject('one two three four'))).toBe(true);
    expect(await verdict(evaluators.length({ min: 3, unit: 'words' }), subject('one two'))).toBe(false);
    expect(() => evaluators.length({ min: 5, max: 2 })).toThrow(/min/);
  });
  it('language: English passes "eng", German fails it', async () => {
    const e = evaluators.language('eng');
    expect(await verdict(e, subject('The meeting has been moved to Tuesday morning because the room was booked.'))).toBe(true);
    expect(await verdict(e, subject('Das Treffen wurde auf Dienstagmorgen verschoben, weil der Raum belegt war.'))).toBe(false);
    expect(() => evaluators.language('english')).toThrow(/639-3/);
  });
  it('time to first token and decode speed bounds', async () => {
    expect(await verdict(evaluators.timeToFirstToken({ maxMs: 500 }), subject('x'))).toBe(true);
    expect(await verdict(evaluators.timeToFirstToken({ maxMs: 200 }), subject('x'))).toBe(false);
    expect(await verdict(evaluators.decodeSpeed({ minTokensPerSecond: 10 }), subject('x'))).toBe(true);
    expect(await verdict(evaluators.decodeSpeed({ minTokensPerSecond: 15 }), subject('x'))).toBe(false);
  });
  it('unchanged: a clean text proofread as itself passes, a changed one fails', async () => {
    const e = evaluators.unchanged();
    expect(await verdict(e, subject('The meeting moved to Tuesday at 10.\n'))).toBe(true);
    expect(await verdict(e, subject('The meeting was moved to Tuesday at 10.'))).toBe(false);
  });
  it('custom: booleans, bounded numbers clipped and scored, and a throwing check reported as an error, not a pass', async () => {
    expect(
      await verdict(
        evaluators.custom('is-short', (s) => s.output.length < 10),
        subject('short'),
      ),
    ).toBe(true);
    expect(
      await verdict(
        evaluators.custom('is-short', (s) => s.output.length < 10),
        subject('not short at all'),
      ),
    ).toBe(false);
    const scored = evaluators.custom('tone', () => 7, { min: 0, max: 10, passAt: 6 });
    expect(await scored.evaluate(subject('x'))).toEqual({ evaluator: 'tone', kind: 'custom', pass: true, score: 0.7 });
    expect(await evaluators.custom('tone', () => 42, { min: 0, max: 10, passAt: 6 }).evaluate(subject('x'))).toMatchObject({ pass: true, score: 1 });
    expect(await evaluators.custom('tone', () => 2, { min: 0, max: 10, passAt: 6 }).evaluate(subject('x'))).toMatchObject({ pass: false, score: 0.2 });
    expect(await evaluators.custom('broken', () => Number.NaN).evaluate(subject('x'))).toMatchObject({ pass: false, error: 'invalid_request' });
  });
  it('ids are identifiers, so no text can ride in one', () => {
    expect(() => evaluators.custom('Has the customer name Dana?', () => true)).toThrow(/lowercase identifier/);
    expect(() => evaluators.contains('x', { id: 'UPPER' })).toThrow(/lowercase identifier/);
    expect(evaluators.contains('x', { id: 'has-x' }).id).toBe('has-x');
  });
  it('judge without an engine reports an error instead of a verdict', async () => {
    expect(await evaluators.judge({ rubric: 'Is it polite?' }).evaluate(subject('x'))).toMatchObject({ pass: false, error: 'unsupported' });
  });
});
