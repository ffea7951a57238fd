import type { PartialFile, StorageRoom, StoreBackend } from './store-backend.ts';
import { browserPersist, browserRoom, withBrowserLock } from './browser-storage.ts';

const COMPLETE = 'hearth-models';
const piecesOf = (sha256: string): string => `hearth-partial-${sha256}`;
// Cache keys must be URLs; these never go to the network.
const keyUrl = (path: string): string => `https://hearth.invalid/${path}`;

/**
 * The Cache API, where OPFS sync access handles are missing (a page without Workers, older
 * browsers). Responses are immutable, so a download is kept as pieces (one entry per write, named
 * by offset and length) and joined into one entry when verified.
 */
export class CacheApiBackend implements StoreBackend {
  readonly kind = 'cache-api';

  static isAvailable(): boolean {
    return typeof caches !== 'undefined';
  }

  async openPartial(sha256: string): Promise<PartialFile> {
    const cache = await caches.open(piecesOf(sha256));
    const pieces = async (): Promise<Array<{ offset: number; length: number; request: Request }>> =>
      (await cache.keys())
        .map((request) => {
          const [, offset = '', length = ''] = /\/piece\/(\d+)-(\d+)$/.exec(request.url) ?? [];
          return { offset: Number(offset), length: Number(length), request };
        })
        .filter((p) => p.length > 0)
        .sort((a, b) => a.offset - b.offset);
    return {
      async write(offset, bytes) {
        await cache.put(keyUrl(`piece/${offset}-${bytes.byteLength}`), new Response(bytes.slice()));
      },
      async read(offset, length) {
        const out = new Uint8Array(length);
        let filled = 0;
        for (const piece of await pieces()) {
          const from = Math.max(offset, piece.offset);
          const to = Math.min(offset + length, piece.offset + piece.length);
          if (from >= to) continue;
          const body = new Uint8Array(await (await cache.match(piece.request))!.arrayBuffer());
          out.set(body.subarray(from - piece.offset, to - piece.offset), from - offset);
          filled += to - from;
        }
        return filled === length ? out : out.subarray(0, filled);
      },
      async flush() {},
      async close() {},
    };
  }

  async deletePartial(sha256: string): Promise<void> {
    await caches.delete(piecesOf(sha256));
  }

  async commit(sha256: string, size: number): Promise<void> {
    const cache = await caches.open(piecesOf(sha256));
    const entries = (await cache.keys())
      .map((request) => ({ request, offset: Number(/\/piece\/(\d+)-/.exec(request.url)?.[1] ?? NaN) }))
      .sort((a, b) => a.offset - b.offset);
    // Blobs from cache bodies are disk-backed: joining them does not pull the model into memory.
    const parts = await Promise.all(entries.map(async (e) => (await cache.match(e.request))!.blob()));
    const joined = new Blob(parts);
    if (joined.size !== size) throw new Error(`Joined pieces of ${sha256} are ${joined.size} bytes, not ${size}.`);
    await (await caches.open(COMPLETE)).put(keyUrl(sha256), new Response(joined, { headers: { 'Content-Length': String(size) } }));
    await caches.delete(piecesOf(sha256));
  }

  async hasComplete(sha256: string): Promise<boolean> {
    return (await (await caches.open(COMPLETE)).match(keyUrl(sha256))) !== undefined;
  }

  async readComplete(sha256: string): Promise<Blob> {
    const response = await (await caches.open(COMPLETE)).match(keyUrl(sha256));
    if (!response) throw new Error(`No cached file ${sha256}.`);
    return response.blob();
  }

  async deleteComplete(sha256: string): Promise<void> {
    await (await caches.open(COMPLETE)).delete(keyUrl(sha256));
  }

  estimate(): Promise<StorageRoom | undefined> {
    return browserRoom();
  }

  persist(): Promise<boolean> {
    return browserPersist();
  }

  withLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    return withBrowserLock(sha256, work);
  }
}
