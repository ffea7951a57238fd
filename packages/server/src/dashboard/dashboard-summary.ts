import { categoriesOf, categoryLabels } from '@hearth/sdk/eval';
import { estimateShares, type NoisedCount } from '../telemetry/estimate.ts';
import type { CountRow, TelemetryStore } from '../telemetry/telemetry-store.ts';

/** A count of reports (context sent in the clear), hidden below the small-group threshold. */
export interface CountCell {
  label: string;
  /** null when hidden. */
  n: number | null;
  hidden: boolean;
}

/** A debiased share with its 95% interval; hidden (all null) when fewer than `minGroup` reports are behind it. */
export interface EstimateCell {
  label: string;
  reports: number;
  hidden: boolean;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** 1.96 standard errors, before clipping to [0, 1]. */
  halfWidth: number | null;
}

export interface Distribution {
  /** Which reports: a route (`device`, `self-hosted`, `third-party`). */
  group: string;
  reports: number;
  hidden: boolean;
  buckets: EstimateCell[];
}

export interface PassRate extends EstimateCell {
  pack: string;
  version: string;
  evaluator: string;
}

export interface DashboardSummary {
  minGroup: number;
  days: number;
  totalReports: number;
  routes: CountCell[];
  engines: CountCell[];
  devices: CountCell[];
  models: CountCell[];
  ttft: Distribution[];
  decode: Distribution[];
  passRates: PassRate[];
  fallbacks: Array<{ day: string; reason: string; n: number | null; hidden: boolean }>;
}

/** The grouped counts the dashboard is computed from (what the store answers). */
export interface DashboardAggregates {
  total: number;
  routes: CountRow[];
  engines: CountRow[];
  devices: CountRow[];
  models: CountRow[];
  /** route_where, metric, value, epsilon. */
  speeds: CountRow[];
  /** pack_id, pack_version, evaluator, value, epsilon. */
  evals: CountRow[];
  /** day, fallback. */
  fallbacks: CountRow[];
}

export async function loadAggregates(store: TelemetryStore, days: number): Promise<DashboardAggregates> {
  const [total, routes, engines, devices, models, speeds, evals, fallbacks] = await Promise.all([
    store.countBy([], 'TRUE', days),
    store.countBy(['route_where'], 'TRUE', days),
    store.countBy(['route_engine'], 'TRUE', days),
    store.countBy(['device_compute', 'device_memory', 'device_browser'], 'TRUE', days),
    store.countBy(['model'], 'TRUE', days),
    store.countBy(['route_where', 'metric', 'value', 'epsilon'], "metric IN ('ttft', 'decode')", days),
    store.countBy(['pack_id', 'pack_version', 'evaluator', 'value', 'epsilon'], "metric = 'eval'", days),
    store.countBy(['day', 'fallback'], "fallback <> 'none'", days),
  ]);
  return { total: total[0]?.n ?? 0, routes, engines, devices, models, speeds, evals, fallbacks };
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function counts(rows: readonly CountRow[], label: (r: CountRow) => string, minGroup: number): CountCell[] {
  return rows.map((r) => (r.n < minGroup ? { label: label(r), n: null, hidden: true } : { label: label(r), n: r.n, hidden: false }));
}

function groupNoised(rows: readonly CountRow[], key: (r: CountRow) => string): Map<string, { first: CountRow; counts: NoisedCount[] }> {
  const out = new Map<string, { first: CountRow; counts: NoisedCount[] }>();
  for (const r of rows) {
    const k = key(r);
    let g = out.get(k);
    if (!g) out.set(k, (g = { first: r, counts: [] }));
    g.counts.push({ value: Number(r['value']), epsilon: Number(r['epsilon']), count: r.n });
  }
  return out;
}

/**
 * What `/dashboard` draws: counts of the context sent in the clear, and estimates debiased from the
 * noised measures with intervals from the known noise. Any cell behind fewer than `minGroup`
 * reports is hidden and says so.
 */
export function buildDashboardSummary(a: DashboardAggregates, minGroup: number, days: number): DashboardSummary {
  const sum = (cs: readonly NoisedCount[]): number => cs.reduce((s, c) => s + c.count, 0);
  const distributions = (metric: 'ttft' | 'decode'): Distribution[] => {
    const k = categoriesOf(metric);
    const labels = categoryLabels(metric);
    return [
      ...groupNoised(
        a.speeds.filter((r) => r['metric'] === metric),
        (r) => str(r['route_where']),
      ).entries(),
    ].map(([group, g]) => {
      const reports = sum(g.counts);
      const hidden = reports < minGroup;
      const shares = hidden ? [] : estimateShares(g.counts, k);
      return { group, reports, hidden, buckets: labels.map((label, j) => cell(label, reports, hidden, shares[j])) };
    });
  };
  const passRates = [...groupNoised(a.evals, (r) => `${str(r['pack_id'])}\u0000${str(r['pack_version'])}\u0000${str(r['evaluator'])}`).values()].map((g) => {
    const reports = sum(g.counts);
    const hidden = reports < minGroup;
    const pack = str(g.first['pack_id']) || 'no pack';
    const version = str(g.first['pack_version']);
    const evaluator = str(g.first['evaluator']);
    return { pack, version, evaluator, ...cell(`${pack}@${version} · ${evaluator}`, reports, hidden, hidden ? undefined : estimateShares(g.counts, 2)[1]) };
  });
  return {
    minGroup,
    days,
    totalReports: a.total,
    routes: counts(a.routes, (r) => str(r['route_where']), minGroup),
    engines: counts(a.engines, (r) => str(r['route_engine']), minGroup),
    devices: counts(a.devices, (r) => `${str(r['device_compute'])} · ${str(r['device_memory'])} GiB · ${str(r['device_browser'])}`, minGroup),
    models: counts(a.models, (r) => str(r['model']), minGroup),
    ttft: distributions('ttft'),
    decode: distributions('decode'),
    passRates,
    fallbacks: a.fallbacks.map((r) => ({
      day: str(r['day']),
      reason: str(r['fallback']),
      ...(r.n < minGroup ? { n: null, hidden: true } : { n: r.n, hidden: false }),
    })),
  };
}

function cell(
  label: string,
  reports: number,
  hidden: boolean,
  share: { estimate: number; low: number; high: number; halfWidth: number } | undefined,
): EstimateCell {
  if (hidden || !share) return { label, reports, hidden: true, estimate: null, low: null, high: null, halfWidth: null };
  return { label, reports, hidden: false, estimate: share.estimate, low: share.low, high: share.high, halfWidth: share.halfWidth };
}
