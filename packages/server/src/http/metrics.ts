/**
 * Prometheus text metrics: counts and latencies only. Labels are fixed vocabularies (route
 * patterns, status codes, model ids): nothing from a request body can become a label.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly histograms = new Map<string, { buckets: number[]; counts: number[]; sum: number; count: number }>();
  private readonly gauges = new Map<string, () => number>();
  private readonly help = new Map<string, string>();

  count(name: string, labels: Record<string, string | number> = {}, by = 1): void {
    const key = series(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  observe(
    name: string,
    value: number,
    labels: Record<string, string | number> = {},
    buckets = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000],
  ): void {
    const key = series(name, labels);
    let h = this.histograms.get(key);
    if (!h) this.histograms.set(key, (h = { buckets, counts: buckets.map(() => 0), sum: 0, count: 0 }));
    h.buckets.forEach((b, i) => {
      if (value <= b) h.counts[i]!++;
    });
    h.sum += value;
    h.count++;
  }

  gauge(name: string, read: () => number, help: string): void {
    this.gauges.set(name, read);
    this.help.set(name, help);
  }

  describe(name: string, help: string): void {
    this.help.set(name, help);
  }

  /** The value of one counter series, for tests and health logic. */
  counter(name: string, labels: Record<string, string | number> = {}): number {
    return this.counters.get(series(name, labels)) ?? 0;
  }

  render(): string {
    const lines: string[] = [];
    const header = (name: string, type: string): void => {
      const help = this.help.get(name);
      if (help) lines.push(`# HELP ${name} ${help}`);
      lines.push(`# TYPE ${name} ${type}`);
    };
    const byName = <T>(m: Map<string, T>): Map<string, Array<[string, T]>> => {
      const out = new Map<string, Array<[string, T]>>();
      for (const [key, v] of m) {
        const name = key.split('{')[0]!;
        out.set(name, [...(out.get(name) ?? []), [key, v]]);
      }
      return out;
    };
    for (const [name, entries] of byName(this.counters)) {
      header(name, 'counter');
      for (const [key, v] of entries) lines.push(`${key} ${v}`);
    }
    for (const [name, entries] of byName(this.histograms)) {
      header(name, 'histogram');
      for (const [key, h] of entries) {
        const labels = key.includes('{') ? key.slice(key.indexOf('{') + 1, -1) : '';
        const join = (extra: string): string => `{${[labels, extra].filter(Boolean).join(',')}}`;
        h.buckets.forEach((b, i) => lines.push(`${name}_bucket${join(`le="${b}"`)} ${h.counts[i]}`));
        lines.push(`${name}_bucket${join('le="+Inf"')} ${h.count}`);
        lines.push(`${name}_sum${labels ? `{${labels}}` : ''} ${h.sum}`);
        lines.push(`${name}_count${labels ? `{${labels}}` : ''} ${h.count}`);
      }
    }
    for (const [name, read] of this.gauges) {
      header(name, 'gauge');
      lines.push(`${name} ${read()}`);
    }
    return lines.join('\n') + '\n';
  }
}

function series(name: string, labels: Record<string, string | number>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return name;
  return `${name}{${entries.map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}
