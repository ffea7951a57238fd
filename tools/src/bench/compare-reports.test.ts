import { describe, expect, it } from 'vitest';
import type { Figure } from './bench-context.ts';
import { checkRatios, isFullReport, renderRatioChecks, type ReportFigures } from './compare-reports.ts';

const ratio = (value: number, min: number, max: number): Figure => ({ value, unit: 'ratio', min, max, repeats: 3, how: 'test' });
const report = (figures: Record<string, Figure>): ReportFigures => ({ generatedAt: '2026-11-22T00:00:00.000Z', quick: false, figures });

describe('checkRatios', () => {
  it('marks each ratio inside or outside the previous spread, bounds included', () => {
    const previous = report({ a: ratio(0.7, 0.65, 0.8), b: ratio(1, 0.9, 1.1), c: ratio(2, 2, 2) });
    const current = report({ a: ratio(0.8, 0.7, 0.9), b: ratio(1.2, 1.1, 1.3), c: ratio(2, 2, 2) });
    expect(checkRatios(previous, current).map((c) => [c.key, c.within])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
  });

  it('leaves out figures that are not ratios, and keys only one run has', () => {
    const previous = report({ ms: { value: 10, unit: 'ms', min: 9, max: 11, repeats: 3, how: '' }, old: ratio(1, 1, 1) });
    const current = report({ ms: { value: 100, unit: 'ms', min: 99, max: 101, repeats: 3, how: '' }, fresh: ratio(1, 1, 1) });
    expect(checkRatios(previous, current)).toEqual([]);
  });

  it('renders a summary that counts the ratios outside', () => {
    const previous = report({ a: ratio(0.7, 0.65, 0.8), b: ratio(1, 0.9, 1.1) });
    const lines = renderRatioChecks(previous, checkRatios(previous, report({ a: ratio(0.7, 0.7, 0.7), b: ratio(2, 2, 2) })));
    expect(lines[2]).toBe('1 of 2 ratios fall within the spread the previous full run (2026-11-22T00:00:00.000Z) reported.');
    expect(lines.at(-1)).toContain('**no**');
  });

  it("sets the two runs' machine load side by side, when recorded", () => {
    const busy = { seconds: 800, benchPct: 70, othersPct: 25.5, kernelPct: 3, stealPct: 1.2 };
    const previous = report({ a: ratio(1, 1, 1) });
    const current = { ...report({ a: ratio(1, 1, 1) }), host: { 'all suites': busy } };
    const lines = renderRatioChecks(previous, checkRatios(previous, current), current);
    expect(lines).toContain('The machine beside the bench: previous run not recorded; this run other processes 25.5 % of the CPU, steal 1.2 %.');
  });
});

describe('isFullReport', () => {
  const required = { a_ratio: 'one', b_ratio: 'one', c_ms: 'two' };

  it('takes a full run, also one from before a key was added to a suite that ran', () => {
    expect(isFullReport({ quick: false, results: { a_ratio: 1, b_ratio: 1, c_ms: 3 }, errors: {} }, required)).toBe(true);
    expect(isFullReport({ quick: false, results: { a_ratio: 1, c_ms: 3 }, errors: {} }, required)).toBe(true);
  });

  it('refuses a quick run, a failed suite, and a run where a suite left no key', () => {
    expect(isFullReport({ quick: true, results: { a_ratio: 1, b_ratio: 1, c_ms: 3 } }, required)).toBe(false);
    expect(isFullReport({ quick: false, results: { a_ratio: 1, b_ratio: 1, c_ms: 3 }, errors: { two: 'boom' } }, required)).toBe(false);
    expect(isFullReport({ quick: false, results: { a_ratio: 1, b_ratio: 1, c_ms: null } }, required)).toBe(false);
  });
});
