/**
 * Pauses a download without dropping it: the downloader waits at the gate before each read and
 * before each new range request, so a paused download holds its connections open and reads
 * nothing. TCP flow control then stops the server, and resuming costs no byte fetched twice (an
 * abort would throw away what sat in the sockets: tens of MiB per connection on a fast link).
 *
 * @example const gate = new DownloadGate(); store.ensureManifest(url, { download: { gate } }); gate.pause(); gate.resume()
 */
export class DownloadGate {
  private closed: { promise: Promise<void>; open: () => void } | undefined;
  private readonly listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.closed !== undefined;
  }

  pause(): void {
    if (this.closed) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.closed = { promise, open };
    for (const listener of this.listeners) listener(true);
  }

  resume(): void {
    const closed = this.closed;
    if (!closed) return;
    this.closed = undefined;
    closed.open();
    for (const listener of this.listeners) listener(false);
  }

  /** Resolves at once while open; while paused, when resumed or when `signal` aborts (then rejects). */
  wait(signal?: AbortSignal): Promise<void> {
    const closed = this.closed;
    if (!closed) return Promise.resolve();
    if (!signal) return closed.promise;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = (): void => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void closed.promise.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** Called with each change (a store in another context mirrors the gate there). */
  subscribe(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
