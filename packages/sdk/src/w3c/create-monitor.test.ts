import { describe, expect, it } from 'vitest';
import { CreateMonitor, ProgressRelay, type DownloadProgressEvent } from './create-monitor.ts';

/** Hearth's own progress event, as `hearth.prepare({ monitor })` dispatches it. */
function hearthProgress(loaded: number, bytes: number, totalBytes: number): Event {
  return Object.assign(new Event('downloadprogress'), { loaded, total: 1, bytes, totalBytes, bytesPerSecond: 1000, etaSeconds: 3 });
}

function record(monitor: CreateMonitor): DownloadProgressEvent[] {
  const seen: DownloadProgressEvent[] = [];
  monitor.addEventListener('downloadprogress', (e) => seen.push(e as DownloadProgressEvent));
  return seen;
}

describe("ProgressRelay (the drafts' downloadprogress rules)", () => {
  it('fires 0 first and 1 last even when nothing downloads', () => {
    const monitor = new CreateMonitor();
    const seen = record(monitor);
    const relay = new ProgressRelay(monitor, undefined);
    relay.start();
    relay.finish();
    expect(seen.map((e) => e.loaded)).toEqual([0, 1]);
    expect(seen.every((e) => e.total === 1 && e.lengthComputable)).toBe(true);
    expect(seen[1]).toMatchObject({ bytes: 0, totalBytes: 0 });
  });

  it("relays Hearth's fractions floored to 1/65,536, only when they grow, with the byte counts beside them", () => {
    const monitor = new CreateMonitor();
    const seen = record(monitor);
    const relay = new ProgressRelay(monitor, undefined);
    const hearthTarget = new EventTarget();
    relay.hearthMonitor()!(hearthTarget);
    // Hearth's first event arrives before start(): the relay fires 0 itself first.
    hearthTarget.dispatchEvent(hearthProgress(0.25, 250, 1000));
    hearthTarget.dispatchEvent(hearthProgress(0.25, 250, 1000));
    hearthTarget.dispatchEvent(hearthProgress(0.2, 200, 1000));
    hearthTarget.dispatchEvent(hearthProgress(1 / 3, 333, 1000));
    hearthTarget.dispatchEvent(hearthProgress(1, 1000, 1000));
    relay.finish();
    expect(seen.map((e) => e.loaded)).toEqual([0, 0.25, Math.floor(65_536 / 3) / 65_536, 1]);
    expect(seen[1]).toMatchObject({ bytes: 250, totalBytes: 1000, bytesPerSecond: 1000, etaSeconds: 3 });
    expect(seen[3]).toMatchObject({ bytes: 1000, totalBytes: 1000, etaSeconds: 0 });
  });

  it('fires nothing once the create signal aborted', () => {
    const monitor = new CreateMonitor();
    const seen = record(monitor);
    const abort = new AbortController();
    const relay = new ProgressRelay(monitor, abort.signal);
    relay.start();
    abort.abort();
    relay.finish();
    expect(seen.map((e) => e.loaded)).toEqual([0]);
  });
});

describe('CreateMonitor.ondownloadprogress', () => {
  it('is an event handler attribute: one slot, replaced by each assignment', () => {
    const monitor = new CreateMonitor();
    const calls: string[] = [];
    monitor.ondownloadprogress = () => calls.push('first');
    monitor.ondownloadprogress = () => calls.push('second');
    new ProgressRelay(monitor, undefined).start();
    expect(calls).toEqual(['second']);
    monitor.ondownloadprogress = null;
    expect(monitor.ondownloadprogress).toBeNull();
  });
});
