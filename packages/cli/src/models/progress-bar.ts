import { formatBytes, type StoreEvent, type StoreProgress } from '@hearth/sdk/store';

/** A store event as one line for the terminal, or nothing. */
export function describeStoreEvent(event: StoreEvent): string | undefined {
  switch (event.type) {
    case 'resumed':
      return `resuming ${event.name}: ${formatBytes(event.bytesOnStorage)} already here`;
    case 'retry':
      return `connection problem on ${event.name} (${event.error}); retry ${event.attempt} in ${event.delayMs} ms`;
    case 'restarted':
      return event.reason === 'changed-on-server'
        ? `${event.name} changed on the server: starting it again`
        : `${event.name}: saved progress unreadable, starting again`;
    case 'cached':
      return `${event.name} is already here`;
    case 'evicted':
      return `evicted ${event.name} (${formatBytes(event.size)}) to make room`;
    case 'waiting-for-lock':
      return `another download of ${event.name} is running; waiting for it`;
    case 'persisted':
      return undefined;
  }
}

/** One redrawn line on a terminal (bytes, speed, ETA); a line per 10% otherwise (logs, CI). */
export class ProgressBar {
  private lastDecile = -1;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(p: StoreProgress): void {
    const fraction = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const eta = p.etaSeconds === undefined ? '' : `  ETA ${Math.ceil(p.etaSeconds)}s`;
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}%  ${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}  ${formatBytes(Math.round(p.rate))}/s${eta}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.drawn = true;
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        this.out.write(`${text}\n`);
      }
    }
  }

  note(line: string | undefined): void {
    if (line === undefined) return;
    if (this.drawn) this.out.write('\r\x1b[K');
    this.out.write(`${line}\n`);
  }

  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
