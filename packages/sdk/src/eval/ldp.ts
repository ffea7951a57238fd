import { HearthError, type TelemetryMetric } from '@hearth/spec';

/**
 * k-ary randomized response: the mechanism every noised telemetry value goes through on the
 * device. The true category is kept with probability p = e^ε/(e^ε+k−1); otherwise one of the other
 * k−1 categories is sent, each with probability q = 1/(e^ε+k−1). p/q = e^ε, so any two true
 * values give any report with odds at most e^ε: ε-local differential privacy. For k = 2 it is
 * Warner's randomized response for a boolean.
 */
export function krrProbabilities(k: number, epsilon: number): { p: number; q: number } {
  if (!Number.isInteger(k) || k < 2)
    throw new HearthError({ code: 'invalid_request', message: `k must be a whole number of categories, at least 2; got ${k}.`, data: { field: 'k' } });
  if (!(Number.isFinite(epsilon) && epsilon > 0))
    throw new HearthError({ code: 'invalid_request', message: `epsilon must be a positive number; got ${epsilon}.`, data: { field: 'epsilon' } });
  const e = Math.exp(epsilon);
  return { p: e / (e + k - 1), q: 1 / (e + k - 1) };
}

/** The category to report for `category` (0..k−1), noised with ε; `random` returns [0, 1) (default `crypto`). */
export function randomizedResponse(category: number, k: number, epsilon: number, random: () => number = cryptoRandom): number {
  if (!Number.isInteger(category) || category < 0 || category >= k)
    throw new HearthError({ code: 'invalid_request', message: `category must be 0..${k - 1}; got ${category}.`, data: { field: 'category' } });
  const { p } = krrProbabilities(k, epsilon);
  if (random() < p) return category;
  // One of the other k−1 categories, uniformly.
  const other = Math.min(k - 2, Math.floor(random() * (k - 1)));
  return other >= category ? other + 1 : other;
}

/**
 * Fixed bucket edges for the numbers that are reported. Upper bounds, exclusive; the last bucket
 * is open. Fixed so every device and the gateway agree on k without sending edges, and coarse so a
 * bucket says little about one request (its prompt length, say). Time to first token in ms;
 * decode speed in tokens per second.
 */
export const TELEMETRY_BUCKETS = {
  ttft: [100, 250, 500, 1000, 2000, 5000],
  decode: [2, 5, 10, 20, 40, 80],
} as const satisfies Record<Exclude<TelemetryMetric, 'eval'>, readonly number[]>;

/** The number of categories of a metric: 2 for an evaluator's pass, the bucket count otherwise. */
export function categoriesOf(metric: TelemetryMetric): number {
  return metric === 'eval' ? 2 : TELEMETRY_BUCKETS[metric].length + 1;
}

/** The bucket of a measured number. */
export function bucketOf(metric: Exclude<TelemetryMetric, 'eval'>, value: number): number {
  const edges: readonly number[] = TELEMETRY_BUCKETS[metric];
  const at = edges.findIndex((edge) => value < edge);
  return at === -1 ? edges.length : at;
}

/** A readable label for each category of a metric (`<100 ms`, `100–250 ms`, …, `pass`). */
export function categoryLabels(metric: TelemetryMetric): string[] {
  if (metric === 'eval') return ['fail', 'pass'];
  const edges: readonly number[] = TELEMETRY_BUCKETS[metric];
  const unit = metric === 'ttft' ? ' ms' : ' tok/s';
  return [...edges.map((edge, i) => (i === 0 ? `<${edge}${unit}` : `${edges[i - 1]}–${edge}${unit}`)), `≥${edges.at(-1)}${unit}`];
}

/** Uniform [0, 1) from the platform's CSPRNG: Math.random's state can be recovered from its outputs. */
export function cryptoRandom(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  // 53 random bits, as a double in [0, 1).
  return ((words[0]! >>> 5) * 67_108_864 + (words[1]! >>> 6)) / 9_007_199_254_740_992;
}
