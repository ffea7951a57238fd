import { bucketOf, categoriesOf, krrProbabilities, randomizedResponse } from '@hearth/sdk/eval';
import type { TelemetryBatch, TelemetryReport } from '@hearth/spec';

/** mulberry32: a small seeded PRNG, so a simulation is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The mechanism a simulated device applies: the SDK's (`correct`), none at all, or twice the noise (half the ε the report claims). */
export type Noise = 'correct' | 'none' | 'double';

/** Known true rates: evaluator pass rates per pack version, and speed distributions per route. */
export const TRUE_PASS_RATES: Record<string, Record<string, number>> = {
  'chatml/proofread@1.0.0': { 'json-ok': 0.92, 'no-pii': 0.97, 'tone-judge': 0.55 },
  'chatml/proofread@1.1.0': { 'json-ok': 0.8, 'no-pii': 0.9, 'tone-judge': 0.7 },
  'llama3/summarize@1.0.0': { 'json-ok': 0.3, 'no-pii': 0.85, 'tone-judge': 0.15 },
  'llama3/summarize@2.0.0': { 'json-ok': 0.6, 'no-pii': 0.99, 'tone-judge': 0.4 },
};
/** Time to first token (ms) and decode speed (tok/s) drawn per route: [low, high) uniform ranges with weights. */
const SPEEDS = {
  device: {
    ttft: [
      [50, 0.1],
      [200, 0.35],
      [400, 0.3],
      [800, 0.15],
      [1500, 0.06],
      [3000, 0.03],
      [8000, 0.01],
    ],
    decode: [
      [1, 0.02],
      [4, 0.08],
      [8, 0.3],
      [15, 0.4],
      [30, 0.15],
      [60, 0.04],
      [100, 0.01],
    ],
  },
  'self-hosted': {
    ttft: [
      [50, 0.02],
      [200, 0.08],
      [400, 0.2],
      [800, 0.4],
      [1500, 0.2],
      [3000, 0.07],
      [8000, 0.03],
    ],
    decode: [
      [1, 0.01],
      [4, 0.02],
      [8, 0.07],
      [15, 0.2],
      [30, 0.4],
      [60, 0.25],
      [100, 0.05],
    ],
  },
} as const;

export interface Truth {
  /** Cell key → true category counts of the reports that carry it (the values before noise). */
  cells: Map<string, { k: number; counts: number[] }>;
}

export const passCell = (packVersion: string, evaluator: string): string => `eval ${packVersion} ${evaluator}`;
export const speedCell = (metric: 'ttft' | 'decode', route: string): string => `${metric} ${route}`;

function pick<T>(weighted: ReadonlyArray<readonly [T, number]>, random: () => number): T {
  let u = random();
  for (const [v, w] of weighted) if ((u -= w) < 0) return v;
  return weighted.at(-1)![0];
}

/**
 * `batches` batches of `perBatch` reports from seeded devices. Each run has three evaluator results
 * and two speeds; its report carries one of the five, chosen uniformly, noised by `noise`. The
 * truth is counted over the values the reports carry, before noise.
 */
export function simulateBatches(options: { batches: number; perBatch: number; seed: number; noise: Noise; epsilon: number }): {
  batches: TelemetryBatch[];
  truth: Truth;
} {
  const random = seeded(options.seed);
  const cells = new Map<string, { k: number; counts: number[] }>();
  const count = (key: string, k: number, category: number): void => {
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { k, counts: new Array<number>(k).fill(0) }));
    c.counts[category]!++;
  };
  const packs = Object.keys(TRUE_PASS_RATES);
  const batches: TelemetryBatch[] = [];
  for (let b = 0; b < options.batches; b++) {
    const reports: TelemetryReport[] = [];
    for (let r = 0; r < options.perBatch; r++) {
      const packVersion = packs[Math.floor(random() * packs.length)]!;
      const [id, version] = packVersion.split('@') as [string, string];
      const where = random() < 0.6 ? 'device' : 'self-hosted';
      const evaluators = Object.entries(TRUE_PASS_RATES[packVersion]!);
      const which = Math.floor(random() * (evaluators.length + 2));
      let measure: TelemetryReport['measure'];
      let key: string;
      let category: number;
      if (which < evaluators.length) {
        const [evaluator, rate] = evaluators[which]!;
        category = random() < rate ? 1 : 0;
        key = passCell(packVersion, evaluator);
        measure = { metric: 'eval', evaluator, k: 2, value: 0, epsilon: options.epsilon };
      } else {
        const metric = which === evaluators.length ? 'ttft' : 'decode';
        const low = pick(
          SPEEDS[where][metric].map(([v, w]) => [v, w] as const),
          random,
        );
        category = bucketOf(metric, low * (1 + random() * 0.2));
        key = speedCell(metric, where);
        measure = { metric, k: categoriesOf(metric), value: 0, epsilon: options.epsilon };
      }
      count(key, measure.k, category);
      measure.value =
        options.noise === 'none'
          ? category
          : randomizedResponse(category, measure.k, options.noise === 'double' ? options.epsilon / 2 : options.epsilon, random);
      reports.push({
        task: id.endsWith('proofread') ? 'proofread' : 'summarize',
        pack: { id, version },
        route: { where, engine: where === 'device' ? 'llama-wasm' : 'remote', backend: where === 'device' ? 'cpu' : 'server' },
        model: 'qwen2.5-0.5b-instruct',
        fallback: random() < 0.05 ? 'engine_crashed' : 'none',
        device: { compute: random() < 0.3 ? 'gpu' : 'cpu', memory: random() < 0.5 ? '8-16' : '4-8', browser: random() < 0.7 ? 'chromium' : 'firefox' },
        measure,
      });
    }
    batches.push({ specificationVersion: 'v1', reports });
  }
  return { batches, truth: { cells } };
}

/** 1.96 standard errors the analysis predicts for a share `f` from `n` reports of k-RR at ε. */
export function predictedHalfWidth(f: number, n: number, k: number, epsilon: number): number {
  const { p, q } = krrProbabilities(k, epsilon);
  const pi = q + (p - q) * f;
  return (1.959964 * Math.sqrt(pi * (1 - pi))) / ((p - q) * Math.sqrt(n));
}
