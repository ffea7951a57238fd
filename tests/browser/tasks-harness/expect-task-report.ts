// The checks every engine's task report must pass (used by tests/integration/tasks.test.ts and
// tests/browser/tasks-browser.test.ts). The tiny model's text is nonsense, so these check shapes,
// constraints and streaming: what a real model's quality cannot change.
import { expect, it } from 'vitest';
import { compileSchemaValidator } from '@hearth/sdk/structured';
import { applyCorrections } from '@hearth/sdk/tasks';
import type { Outcome, TaskReport } from './run-every-task.ts';
import { CLASSIFY_LABELS, EXTRACT_SCHEMA } from './run-every-task.ts';

function ok<T>(outcome: Outcome<T> | undefined): T {
  if (!outcome) throw new Error('no report');
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

const demoPack = (task: string) => ({ id: `hearth-demo/${task}`, version: '1.0.0', task, family: 'hearth-demo', source: 'shipped', selectedBy: 'model' });

export interface TaskReportExpectations {
  maxTokens: number;
  /**
   * Whether the engine's greedy output for one prompt is the same call after call, so the
   * streaming and the one-shot form must agree token for token. (Every engine here is: wllama
   * skips llama-server's prompt cache for greedy requests, whose reused prefix otherwise sums
   * floats in another order and flips near-tied argmaxes on random weights.)
   */
  repeatable: boolean;
}

export function expectTaskReport(report: () => TaskReport | undefined, options: TaskReportExpectations): void {
  const get = (): TaskReport => {
    const r = report();
    if (!r) throw new Error('the engine produced no report');
    return r;
  };

  for (const task of ['summarize', 'write', 'rewrite'] as const) {
    it(`${task}: plain text within the budget, streamed in pieces${options.repeatable ? ' that add up to the one-shot answer' : ''}`, () => {
      const { result, deltas, streamPack } = ok(get()[task]);
      expect(result.text.length).toBeGreaterThan(0);
      // The tiny model never ends its turn, so the budget ends it.
      expect(result.finishReason).toBe('length');
      expect(result.usage.completionTokens).toBeLessThanOrEqual(options.maxTokens);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((d) => d.length > 0)).toBe(true);
      if (options.repeatable) expect(deltas.join('').trimEnd()).toBe(result.text);
      expect(result.pack).toEqual(demoPack(task));
      expect(streamPack).toEqual(result.pack);
    });
  }

  it('proofread: corrections index the original input and rebuild the corrected text exactly', () => {
    const { input, correctedInput, corrections, pack } = ok(get().proofread);
    expect(applyCorrections(input, corrections)).toBe(correctedInput);
    let end = 0;
    for (const c of corrections) {
      expect(c.startIndex).toBeGreaterThanOrEqual(end);
      expect(c.endIndex).toBeGreaterThanOrEqual(c.startIndex);
      expect(c.endIndex).toBeLessThanOrEqual(input.length);
      expect(c.types?.length).toBeGreaterThan(0);
      expect(typeof c.explanation).toBe('string');
      end = c.endIndex;
    }
    expect(pack).toEqual(demoPack('proofread'));
  });

  it('extract: a value valid against the schema, with partial values on the way', () => {
    const { result, partials } = ok(get().extract);
    expect(compileSchemaValidator(EXTRACT_SCHEMA).validate(result.value), result.text).toEqual([]);
    expect(JSON.parse(result.text)).toEqual(result.value);
    expect(partials.length).toBeGreaterThan(0);
    expect(result.pack).toEqual(demoPack('extract'));
  });

  it('classify: one of the labels, never anything else', () => {
    const { label, pack } = ok(get().classify);
    expect(CLASSIFY_LABELS).toContain(label);
    expect(pack).toEqual(demoPack('classify'));
  });

  it(`hearth.run: the one-call form gives the session's ${options.repeatable ? 'answer (same pack, same greedy text)' : 'kind of answer (same pack, same budget)'}`, () => {
    const run = ok(get().run);
    expect(run.pack).toEqual(demoPack('rewrite'));
    expect(run.finishReason).toBe('length');
    if (options.repeatable) expect(run.text).toBe(ok(get().rewrite).result.text);
  });

  it('a schema keyword the engine cannot enforce is refused before generating', () => {
    const outcome = get().unsupported;
    // Over HTTP the keyword arrives in the message (the OpenAI error shape has no field for it).
    expect(outcome).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringContaining('uniqueItems') } });
  });

  it('aborting a streaming task stops it with an aborted error', () => {
    expect(get().aborted).toMatchObject({ ok: false, error: { code: 'aborted' } });
  });
}
