/** One measured figure: the median of its repeats, with their spread, and how it was taken. */
export interface Figure {
  value: number;
  unit: string;
  /** Lowest and highest of the repeats (equal to value when measured once). */
  min: number;
  max: number;
  repeats: number;
  how: string;
}

export interface BenchContext {
  quick: boolean;
  /** Records a result key of `bench/report.json` (`results.<key>`). */
  result(key: string, figure: Figure): void;
  /** Supporting measurements shown in the Markdown report. */
  detail(key: string, figure: Figure): void;
  log(message: string): void;
  /** Series for plots: name → points. */
  series(name: string, points: Array<[number, number]>, axes: { x: string; y: string }): void;
}

export function summarize(samples: number[], unit: string, how: string): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { value: round(median), unit, min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!), repeats: samples.length, how };
}

/**
 * A ratio of two medians, with the spread of the ratios of paired repeats: repeat i of the
 * numerator with repeat i of the denominator, cycling through a shorter denominator. A shorter
 * numerator (a slow engine measured once beside five native runs) is set against the runs it was
 * paired with only, so the value always lies within its own spread.
 */
export function ratio(numerator: number[], denominator: number[], how: string): Figure {
  const paired = numerator.length < denominator.length ? denominator.slice(0, numerator.length) : denominator;
  const pairs = numerator.map((n, i) => n / paired[i % paired.length]!);
  const f = summarize(pairs, 'ratio', how);
  const med = (xs: number[]): number => summarize(xs, '', '').value;
  return { ...f, value: round(med(numerator) / med(paired)) };
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}
