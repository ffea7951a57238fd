import { describe, expect, it } from 'vitest';
import type { Figure } from './bench-context.ts';
import { tokensPerSecondBars } from './report-plots.ts';
import { renderSvgBars } from './svg-plot.ts';

const fig = (value: number, min = value, max = value): Figure => ({ value, min, max, unit: 'tok/s', repeats: 3, how: '' });

describe('tokens-per-second bars', () => {
  const details = {
    cpu_native_q4_0_decode_tps: fig(26.6, 26.1, 28.6),
    browser_llama_wasm_q4_0_decode_tps: fig(19.3, 17.2, 21.5),
    browser_wllama_q4_0_decode_tps: fig(3.0, 2.6, 3.3),
    cpu_native_q8_0_decode_tps: fig(20.6),
    browser_llama_wasm_q4_0_prefill_tps: fig(28.2),
    native_q4_0_decode_tps: fig(99),
  };

  it('takes every engine and type the run measured, in order, and leaves out what it did not', () => {
    const bars = tokensPerSecondBars(details, 'decode');
    expect(bars.map((b) => b.label)).toEqual(['node-llama-cpp\nQ4_0', 'llama-wasm\nQ4_0', 'wllama\nQ4_0', 'node-llama-cpp\nQ8_0']);
    expect(bars[1]).toMatchObject({ value: 19.3, min: 17.2, max: 21.5 });
    expect(tokensPerSecondBars(details, 'prefill').map((b) => b.value)).toEqual([28.2]);
  });

  it('draws bar heights in proportion to the values, on one scale', () => {
    const svg = renderSvgBars('decode', tokensPerSecondBars(details, 'decode'), 'tok/s');
    const heights = [...svg.matchAll(/class="bar" data-value="([\d.]+)"[^>]*height="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(heights).toHaveLength(4);
    const [first] = heights;
    for (const [value, height] of heights) expect(height / first![1]).toBeCloseTo(value / first![0], 2);
    expect(svg).toContain('llama-wasm');
    expect(svg).not.toMatch(/NaN|undefined/);
  });
});
