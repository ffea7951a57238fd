/** One measured figure: the median of its repeats, with their spread, and how it was taken. */
export interface Figure {
  value: number;
  unit: string;
  /** Lowest and highest of the repeats (equal to value when measured once). */
  min: number;
  max: number;
  repeats: number;
  how: string;
  /**
   * The repeats behind the figure, so the same key measured again in a later pass merges with
   * it (`mergeFigures`). Kept in memory only: the report writes the summary.
   */
  basis?: Basis;
}

/** Raw repeats of a median (`summarize`) or of a paired ratio (`ratio`): both sides and the pairs' ratios. */
export type Basis = { kind: 'samples'; samples: number[] } | { kind: 'ratio'; numerator: number[]; paired: number[]; pairs: number[] };

export interface BenchContext {
  quick: boolean;
  /**
   * A full run goes through some suites twice (`SECOND_PASS` in run.ts), minutes apart, each
   * pass taking its share of the repeats (`share`), and merges each figure's repeats: the spread
   * then holds the machine's drift over the run and a fresh browser per pass. A suite that runs
   * once sees `passes` 1.
   */
  pass: number;
  passes: number;
  /** Records a result key of `bench/report.json` (`results.<key>`). */
  result(key: string, figure: Figure): void;
  /** Supporting measurements shown in the Markdown report. */
  detail(key: string, figure: Figure): void;
  log(message: string): void;
  /** Series for plots: name → points. */
  series(name: string, points: Array<[number, number]>, axes: { x: string; y: string }): void;
}

/** This pass's share of `total` repeats: earlier passes take the remainder (5 over 2 passes: 3, then 2). */
export function share(total: number, pass: number, passes: number): number {
  return Math.floor((total + passes - 1 - pass) / passes);
}

export function summarize(samples: number[], unit: string, how: string): Figure {
  return { value: round(median(samples)), unit, min: round(Math.min(...samples)), max: round(Math.max(...samples)), repeats: samples.length, how, basis: { kind: 'samples', samples: [...samples] } };
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A ratio from paired repeats: repeat i of the numerator with repeat i of the denominator, taken
 * next to each other, cycling through a shorter denominator. The value is the median of the
 * pairs' ratios and the spread their range. A pair's two sides see the same moment of the
 * machine, so its ratio cancels the host's drift between pairs; a ratio of two medians would not
 * (the two medians can come from different minutes). A shorter numerator (a slow engine measured
 * once beside five native runs) is set against the runs it was paired with only.
 */
export function ratio(numerator: number[], denominator: number[], how: string): Figure {
  const paired = numerator.length < denominator.length ? denominator.slice(0, numerator.length) : denominator;
  const pairs = numerator.map((n, i) => n / paired[i % paired.length]!);
  return fromRatioBasis({ kind: 'ratio', numerator: [...numerator], paired: [...paired], pairs }, how);
}

function fromRatioBasis(basis: Extract<Basis, { kind: 'ratio' }>, how: string): Figure {
  return { ...summarize(basis.pairs, 'ratio', how), basis };
}

/**
 * One figure from the same key measured in two passes: their repeats (for a ratio, its pairs,
 * each pass paired within itself) pooled, the median and spread taken again. The later `how` stands.
 * A figure without repeats behind it (a percentile, a maximum) cannot be pooled: measure it in one pass.
 */
export function mergeFigures(key: string, earlier: Figure, later: Figure): Figure {
  const [a, b] = [earlier.basis, later.basis];
  if (a?.kind === 'samples' && b?.kind === 'samples') return summarize([...a.samples, ...b.samples], later.unit, later.how);
  if (a?.kind === 'ratio' && b?.kind === 'ratio') {
    return fromRatioBasis({ kind: 'ratio', numerator: [...a.numerator, ...b.numerator], paired: [...a.paired, ...b.paired], pairs: [...a.pairs, ...b.pairs] }, later.how);
  }
  throw new Error(`bench: ${key} was measured in two passes but has no repeats to pool; measure it in one pass only`);
}

export function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000;
}
