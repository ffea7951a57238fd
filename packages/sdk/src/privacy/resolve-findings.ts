import { type Finding, type KeepSpan, type PiiType, RANK } from './pii-types.ts';

/**
 * Picks non-overlapping findings: by rank (see RANK), then the earlier, then the longer. A keep
 * span silences the detectors it names wherever it overlaps them. Returns them in text order.
 */
export function resolveFindings(findings: readonly Finding[], keep: readonly KeepSpan[]): Finding[] {
  const ordered = [...findings].sort((a, b) => RANK[a.type] - RANK[b.type] || a.start - b.start || b.end - a.end);
  const blocked = new Map<PiiType, SpanIndex>();
  for (const type of new Set(keep.flatMap((k) => k.blocks))) {
    blocked.set(type, new SpanIndex(keep.filter((k) => k.blocks.includes(type))));
  }
  const taken = new DisjointSpans();
  const out: Finding[] = [];
  for (const f of ordered) {
    if (f.end <= f.start || taken.overlaps(f.start, f.end)) continue;
    if (blocked.get(f.type)?.overlaps(f.start, f.end) === true) continue;
    taken.add(f.start, f.end);
    out.push(f);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A test for "does [start, end) overlap any of these spans", for a detector to skip taken ground. */
export function overlapTest(spans: readonly { start: number; end: number }[]): (start: number, end: number) => boolean {
  const index = new SpanIndex(spans);
  return (start, end) => index.overlaps(start, end);
}

/** Index of the first start ≥ value in a sorted array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Half-open spans that never overlap, so sorted by start they are sorted by end too. */
class DisjointSpans {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  add(start: number, end: number): void {
    const at = lowerBound(this.starts, start);
    this.starts.splice(at, 0, start);
    this.ends.splice(at, 0, end);
  }

  overlaps(start: number, end: number): boolean {
    const before = lowerBound(this.starts, end) - 1;
    return before >= 0 && (this.ends[before] ?? -Infinity) > start;
  }
}

/** A fixed set of spans that may overlap one another; built once, then queried. */
class SpanIndex {
  private readonly starts: number[];
  /** The largest end among the spans up to each index. */
  private readonly maxEnds: number[];

  constructor(spans: readonly { start: number; end: number }[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((s) => s.start);
    let max = -Infinity;
    this.maxEnds = sorted.map((s) => (max = Math.max(max, s.end)));
  }

  overlaps(start: number, end: number): boolean {
    const before = lowerBound(this.starts, end) - 1;
    return before >= 0 && (this.maxEnds[before] ?? -Infinity) > start;
  }
}
