import { krrProbabilities } from '@hearth/sdk/eval';

/** Reports that said `value`, noised with `epsilon`, `count` of them. */
export interface NoisedCount {
  value: number;
  epsilon: number;
  count: number;
}

/** A debiased share with its 95% interval (±1.96 standard errors), clipped to [0, 1] for display. */
export interface ShareEstimate {
  estimate: number;
  low: number;
  high: number;
  /** 1.96 standard errors: half the interval before clipping. */
  halfWidth: number;
}

const Z95 = 1.959964;

/**
 * The share of true category `j` for every j in 0..k−1, from k-ary randomized response reports,
 * unbiased: each report contributes (1[y=j] − q)/(p − q) for its own ε. Its variance is
 * Σ π(1−π)/(p−q)² / n², where π = q + (p−q)·f is the chance a report says j; f is the estimate
 * itself (clipped to [0, 1]), so the interval comes from the known noise, not from the spread of
 * the data. Reports with different ε mix correctly.
 */
export function estimateShares(counts: readonly NoisedCount[], k: number): ShareEstimate[] {
  const n = counts.reduce((sum, c) => sum + c.count, 0);
  if (n === 0) return [];
  const byEpsilon = new Map<number, number>();
  for (const c of counts) byEpsilon.set(c.epsilon, (byEpsilon.get(c.epsilon) ?? 0) + c.count);
  const out: ShareEstimate[] = [];
  for (let j = 0; j < k; j++) {
    let sum = 0;
    for (const c of counts) {
      const { p, q } = krrProbabilities(k, c.epsilon);
      sum += (c.count * ((c.value === j ? 1 : 0) - q)) / (p - q);
    }
    const estimate = sum / n;
    out.push({ estimate, low: 0, high: 0, halfWidth: predictedHalfWidth(Math.min(1, Math.max(0, estimate)), k, byEpsilon, n) });
  }
  for (const e of out) {
    e.low = Math.max(0, e.estimate - e.halfWidth);
    e.high = Math.min(1, e.estimate + e.halfWidth);
  }
  return out;
}

/** 1.96 standard errors of a share `f`'s estimate from `n` reports, `byEpsilon` of them at each ε: the width the analysis predicts. */
export function predictedHalfWidth(f: number, k: number, byEpsilon: ReadonlyMap<number, number>, n: number): number {
  let variance = 0;
  for (const [epsilon, m] of byEpsilon) {
    const { p, q } = krrProbabilities(k, epsilon);
    const pi = q + (p - q) * f;
    variance += (m * pi * (1 - pi)) / (p - q) ** 2;
  }
  return (Z95 * Math.sqrt(variance)) / n;
}
