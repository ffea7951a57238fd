import { EventHandlerSlot } from './event-handler.ts';

// The drafts' CreateMonitor and its `downloadprogress` events, from webmachinelearning/
// writing-assistance-apis index.bs @ e411ad76 (2026-08-03), "Creation" ("create an AI model
// object" and "initialize and return an AI model object"), shared by the Prompt and Proofreader APIs.

/** A `downloadprogress` event: the drafts' ProgressEvent (`loaded` 0 to 1, `total` 1) with Hearth's byte counts beside it. */
export interface DownloadProgressEvent extends Event {
  readonly loaded: number;
  readonly total: 1;
  readonly lengthComputable: true;
  /** Bytes downloaded so far (Hearth's addition; the drafts expose only the fraction). */
  readonly bytes: number;
  /** Bytes this download fetches in all; 0 when nothing needed downloading. */
  readonly totalBytes: number;
  readonly bytesPerSecond: number;
  /** Seconds left at the current speed; undefined before the speed is known. */
  readonly etaSeconds: number | undefined;
}

/** The callback `create({ monitor })` takes. */
export type CreateMonitorCallback = (monitor: CreateMonitor) => void;

/** The object a `monitor` callback receives: an EventTarget with `ondownloadprogress`. */
export class CreateMonitor extends EventTarget {
  readonly #ondownloadprogress = new EventHandlerSlot<DownloadProgressEvent>(this, 'downloadprogress');

  get ondownloadprogress(): ((event: DownloadProgressEvent) => unknown) | null {
    return this.#ondownloadprogress.get();
  }

  set ondownloadprogress(handler: ((event: DownloadProgressEvent) => unknown) | null) {
    this.#ondownloadprogress.set(handler);
  }
}

/** Hearth's progress figures, as `hearth.prepare({ monitor })` puts them on its events. */
interface HearthProgress {
  loaded: number;
  bytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  etaSeconds?: number | undefined;
}

/**
 * Passes Hearth's download progress to a CreateMonitor as the drafts fire it: `loaded` floored to
 * 1/65,536, fired only when it grows (so it never goes back), always a 0 first and a 1 last even
 * when nothing was downloaded, and nothing once the creation was aborted.
 */
export class ProgressRelay {
  readonly #monitor: CreateMonitor | undefined;
  readonly #signal: AbortSignal | undefined;
  #last = -1;
  #bytes: Omit<HearthProgress, 'loaded'> = {};

  constructor(monitor: CreateMonitor | undefined, signal: AbortSignal | undefined) {
    this.#monitor = monitor;
    this.#signal = signal;
  }

  /** Hands `hearth.prepare()` its monitor: Hearth's target, whose events this relays. */
  hearthMonitor(): ((target: EventTarget) => void) | undefined {
    if (!this.#monitor) return undefined;
    return (target) => target.addEventListener('downloadprogress', (event) => this.#relay(event as Event & Partial<HearthProgress>));
  }

  /** The drafts' first event (`loaded` 0), before anything is downloaded. */
  start(): void {
    this.#fire(0);
  }

  /** The drafts' last event (`loaded` 1), once everything is downloaded and loaded. */
  finish(): void {
    this.#fire(1);
  }

  #relay(event: Event & Partial<HearthProgress>): void {
    if (typeof event.loaded !== 'number' || !Number.isFinite(event.loaded)) return;
    const bytes: Omit<HearthProgress, 'loaded'> = {};
    if (typeof event.bytes === 'number') bytes.bytes = event.bytes;
    if (typeof event.totalBytes === 'number') bytes.totalBytes = event.totalBytes;
    if (typeof event.bytesPerSecond === 'number') bytes.bytesPerSecond = event.bytesPerSecond;
    bytes.etaSeconds = event.etaSeconds;
    this.#bytes = bytes;
    if (this.#last < 0) this.start();
    this.#fire(event.loaded);
  }

  #fire(raw: number): void {
    if (!this.#monitor || this.#signal?.aborted) return;
    // "floor(rawProgressFraction × 65,536) ÷ 65,536", and only when it changed.
    const loaded = Math.floor(Math.min(1, Math.max(0, raw)) * 65_536) / 65_536;
    if (loaded <= this.#last) return;
    this.#last = loaded;
    const done = loaded === 1;
    const totalBytes = this.#bytes.totalBytes ?? 0;
    this.#monitor.dispatchEvent(
      progressEvent(loaded, {
        bytes: done ? totalBytes : (this.#bytes.bytes ?? 0),
        totalBytes,
        bytesPerSecond: this.#bytes.bytesPerSecond ?? 0,
        etaSeconds: done ? 0 : this.#bytes.etaSeconds,
      }),
    );
  }
}

function progressEvent(
  loaded: number,
  extra: { bytes: number; totalBytes: number; bytesPerSecond: number; etaSeconds: number | undefined },
): DownloadProgressEvent {
  // A real ProgressEvent where there is one (browsers); an Event with the same fields elsewhere (Node).
  const event: Event =
    typeof ProgressEvent === 'function'
      ? new ProgressEvent('downloadprogress', { loaded, total: 1, lengthComputable: true })
      : Object.defineProperties(new Event('downloadprogress'), {
          loaded: { value: loaded, enumerable: true },
          total: { value: 1, enumerable: true },
          lengthComputable: { value: true, enumerable: true },
        });
  Object.defineProperties(event, {
    bytes: { value: extra.bytes, enumerable: true },
    totalBytes: { value: extra.totalBytes, enumerable: true },
    bytesPerSecond: { value: extra.bytesPerSecond, enumerable: true },
    etaSeconds: { value: extra.etaSeconds, enumerable: true },
  });
  return event as DownloadProgressEvent;
}
