import { HearthError } from '@hearth/spec';

/**
 * Bounds the work in flight: `maxConcurrent` run, `maxQueue` wait, and anyone beyond is told to
 * come back (503 + Retry-After) instead of piling up in memory.
 */
export class Admission {
  private running = 0;
  private readonly queue: Array<{ resolve: (release: () => void) => void; reject: (e: HearthError) => void }> = [];

  constructor(private readonly options: { maxConcurrent: number; maxQueue: number; queueTimeoutMs: number }) {}

  get active(): number {
    return this.running;
  }
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.running < this.options.maxConcurrent) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new HearthError({
          code: 'rate_limited',
          message: 'The gateway is at capacity.',
          hint: 'Retry after the time in Retry-After.',
          data: { status: 503, retryAfterSeconds: 2 },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const entry = {
        resolve: (release: () => void) => {
          cleanup();
          resolve(release);
        },
        reject: (e: HearthError) => {
          cleanup();
          reject(e);
        },
      };
      const timer = setTimeout(
        () =>
          entry.reject(
            new HearthError({
              code: 'rate_limited',
              message: 'Waited too long for a free slot.',
              hint: 'Retry after the time in Retry-After.',
              data: { status: 503, retryAfterSeconds: 5 },
            }),
          ),
        this.options.queueTimeoutMs,
      );
      const onAbort = (): void => entry.reject(new HearthError({ code: 'aborted', message: 'The client left while waiting.' }));
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = this.queue.indexOf(entry);
        if (at !== -1) this.queue.splice(at, 1);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue[0];
      if (next) next.resolve(this.releaser());
      else this.running--;
    };
  }
}

/** A fixed-window rate limit per caller; `Retry-After` is when the window ends. */
export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(caller: string): void {
    if (this.perMinute === 0) return;
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.counts.clear();
    }
    const count = (this.counts.get(caller) ?? 0) + 1;
    this.counts.set(caller, count);
    if (count > this.perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((this.windowStart + 60_000 - t) / 1000));
      throw new HearthError({
        code: 'rate_limited',
        message: `More than ${this.perMinute} requests this minute.`,
        hint: 'Retry after the time in Retry-After.',
        data: { status: 429, retryAfterSeconds },
      });
    }
  }
}
