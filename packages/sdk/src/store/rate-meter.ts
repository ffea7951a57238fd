/**
 * Download speed over a sliding window, and when a progress report is due. Reports come at most
 * every `everyMs` (a final one always), so a fast download does not flood its listeners.
 *
 * @example const rate = meter.sample(clock(), bytesFetched); if (rate !== undefined) report(rate)
 */
export class RateMeter {
  private readonly samples: Array<[number, number]> = [];
  private lastAt = -Infinity;

  constructor(
    /** Bytes per second are measured over about this many milliseconds. */
    private readonly windowMs = 5_000,
    /** The least time between two reports. */
    private readonly everyMs = 100,
  ) {}

  /**
   * Records that `bytes` (a running total) had arrived at `now` (milliseconds) and returns the
   * rate in bytes per second, or undefined when the last report was under `everyMs` ago.
   */
  sample(now: number, bytes: number, final = false): number | undefined {
    if (!final && now - this.lastAt < this.everyMs) return undefined;
    this.lastAt = now;
    this.samples.push([now, bytes]);
    while (this.samples.length > 2 && now - (this.samples[0]?.[0] ?? now) > this.windowMs) this.samples.shift();
    const [t0, b0] = this.samples[0] ?? [now, 0];
    return now > t0 ? ((bytes - b0) * 1000) / (now - t0) : 0;
  }
}
