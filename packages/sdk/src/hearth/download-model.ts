import { HearthError } from '@hearth/spec';
import type { EnsureManifestResult, RemoteDownloadSettings } from '../hub/store-protocol.ts';
import type { ModelStoreLike } from '../hub/store-client.ts';
import { DownloadGate } from '../store/download-gate.ts';
import type { StoreProgress } from '../store/model-store.ts';
import type { DownloadProgress } from './hearth-options.ts';

/** What createHearth needs of a model store: a StoreClient over a Worker, the hub, or a store here. */
export interface HearthStore extends ModelStoreLike {
  delete(sha256: string): Promise<void>;
}

export interface DownloadControl {
  pause(): void;
  resume(): void;
  readonly paused: boolean;
}

export interface DownloadModelOptions {
  signal?: AbortSignal;
  pin?: boolean;
  settings?: RemoteDownloadSettings;
  onProgress?: (progress: DownloadProgress) => void;
  onPaused?: (bytesDone: number) => void;
  onResumed?: (bytesDone: number) => void;
  onWaitingForNetwork?: (error: HearthError) => void;
  /** How long to wait before trying again after the network failed, when no `online` event comes first. Default 5 s. */
  retryAfterMs?: number;
}

/**
 * Downloads a model's files into the store, resumably, with pause and resume: pausing holds the
 * transfer at a DownloadGate (connections open, nothing read, so nothing is fetched twice);
 * resuming opens it. A network failure waits for the browser to come back online (or a few
 * seconds) and asks the store again, which goes on from its last resume point; every other
 * failure ends it with its typed error.
 */
export function downloadModel(
  store: HearthStore,
  manifestUrl: string,
  options: DownloadModelOptions = {},
): { done: Promise<EnsureManifestResult | Pick<EnsureManifestResult, 'files' | 'manifest'>>; control: DownloadControl } {
  const gate = new DownloadGate();
  let bytesDone = 0;
  const speed = new SpeedMeter();

  const control: DownloadControl = {
    pause() {
      if (gate.paused) return;
      gate.pause();
      options.onPaused?.(bytesDone);
    },
    resume() {
      if (!gate.paused) return;
      // The time paused is not download time: the speed starts afresh.
      speed.reset();
      gate.resume();
      options.onResumed?.(bytesDone);
    },
    get paused() {
      return gate.paused;
    },
  };

  const waitFor = (ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const signal = options.signal;
      const done = (): void => {
        clearTimeout(timer);
        globalThis.removeEventListener?.('online', done);
        signal?.removeEventListener('abort', aborted);
        resolve();
      };
      const aborted = (): void => {
        clearTimeout(timer);
        globalThis.removeEventListener?.('online', done);
        reject(abortError(signal));
      };
      const timer = setTimeout(done, ms);
      globalThis.addEventListener?.('online', done);
      signal?.addEventListener('abort', aborted, { once: true });
    });

  const done = (async () => {
    for (;;) {
      if (options.signal?.aborted) throw abortError(options.signal);
      await gate.wait(options.signal).catch(() => {
        throw abortError(options.signal);
      });
      try {
        return await store.ensureManifest(manifestUrl, {
          ...(options.signal ? { signal: options.signal } : {}),
          gate,
          ...(options.pin ? { pin: true } : {}),
          ...(options.settings ? { download: options.settings } : {}),
          onProgress: (p: StoreProgress) => {
            bytesDone = p.bytesDone;
            options.onProgress?.(speed.progress(p.bytesDone, p.bytesTotal));
          },
        });
      } catch (error) {
        if (options.signal?.aborted) throw abortError(options.signal);
        const e = HearthError.from(error);
        if (e.code !== 'network' && e.code !== 'timeout') throw e;
        options.onWaitingForNetwork?.(e);
        await waitFor(options.retryAfterMs ?? 5000);
      }
    }
  })();
  return { done, control };
}

function abortError(signal: AbortSignal | undefined): HearthError {
  const reason: unknown = signal?.reason;
  if (HearthError.isInstance(reason)) return reason;
  return new HearthError({ code: 'aborted', message: 'The download was cancelled.', hint: 'Call prepare() again to go on from where it stopped.' });
}

/** Bytes per second over the last few seconds, and the time left at that speed. */
class SpeedMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  reset(): void {
    this.samples = [];
  }

  progress(bytesDone: number, bytesTotal: number): DownloadProgress {
    const now = performance.now();
    this.samples.push({ at: now, bytes: bytesDone });
    while (this.samples.length > 2 && now - this.samples[0]!.at > 5000) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.at) / 1000;
    const bytesPerSecond = seconds > 0.2 ? Math.max(0, (bytesDone - first.bytes) / seconds) : 0;
    const left = Math.max(0, bytesTotal - bytesDone);
    return {
      bytesDone,
      bytesTotal,
      fraction: bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 1,
      bytesPerSecond,
      etaSeconds: left === 0 ? 0 : bytesPerSecond > 0 ? left / bytesPerSecond : undefined,
    };
  }
}
