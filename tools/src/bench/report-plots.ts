// Plots drawn from a run's figures after every suite has finished: the report's tokens-per-second
// charts compare engines side by side, so they are made from the figures, not inside one suite.
import type { Figure } from './bench-context.ts';
import type { Bar } from './svg-plot.ts';

const ENGINES: Array<[prefix: string, label: string]> = [
  ['cpu_native', 'node-llama-cpp'],
  ['browser_llama_wasm', 'llama-wasm'],
  ['browser_wllama', 'wllama'],
];

/**
 * Bars of `phase` (decode or prefill) tok/s for every engine and model type measured side by side
 * in the browser-engines suite, in a fixed order (types, then engines); figures a run did not
 * measure are left out rather than drawn as zero.
 */
export function tokensPerSecondBars(details: Readonly<Record<string, Figure>>, phase: 'decode' | 'prefill'): Bar[] {
  const bars: Bar[] = [];
  for (const type of ['q4_0', 'q8_0']) {
    for (const [prefix, label] of ENGINES) {
      const f = details[`${prefix}_${type}_${phase}_tps`];
      if (f) bars.push({ label: `${label}\n${type.toUpperCase()}`, value: f.value, min: f.min, max: f.max });
    }
  }
  return bars;
}
