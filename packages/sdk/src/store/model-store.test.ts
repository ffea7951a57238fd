import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HearthError } from '@hearth/spec';
import type { DownloadEvent } from './download-file.ts';
import { inlineSha256, type Sha256StreamFactory } from './sha256-stream.ts';
import { openNodeModelStore } from './open-node-model-store.ts';
import { JsonFileStoreIndex } from './json-file-store-index.ts';
import { DownloadGate } from './download-gate.ts';
import { ModelStore } from './model-store.ts';
import { NodeFsBackend } from './node-fs-backend.ts';
import type { StoreRecord } from './store-index.ts';

const KiB = 1024;

/**
 * A plain HTTP/1.1 Range server on loopback with an opaque ETag (not a hash), so the store's own
 * streamed SHA-256 is what catches a wrong file. It can cut a connection after N body bytes and
 * swap its file, like a server that is updated mid-download.
 */
class RangeServer {
  body: Buffer = Buffer.alloc(0);
  etag = '"v1"';
  bodyBytesSent = 0;
  requests: Array<{ range: string | undefined; ifRange: string | undefined; status: number }> = [];
  /** Cut the next responses after this many body bytes each. */
  cuts: number[] = [];
  /** Change the file once this many body bytes were sent. */
  swapAt: { bytes: number; body: Buffer; etag: string } | undefined;
  /** Stall the next responses after this many body bytes each: the connection stays open, silent. */
  stalls: number[] = [];
  /** Called with each request's number (from 1) before it is answered. */
  onRequest: ((count: number) => void) | undefined;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const range = req.headers.range;
      const ifRange = req.headers['if-range'] as string | undefined;
      const size = this.body.length;
      let start = 0;
      let end = size - 1;
      let status = 200;
      const match = /^bytes=(\d+)-(\d+)$/.exec(range ?? '');
      if (match && (ifRange === undefined || ifRange === this.etag)) {
        start = Number(match[1]);
        end = Math.min(Number(match[2]), size - 1);
        status = 206;
      }
      this.requests.push({ range, ifRange, status });
      this.onRequest?.(this.requests.length);
      res.statusCode = status;
      res.setHeader('ETag', this.etag);
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Length', String(end - start + 1));
      if (status === 206) res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
      const slice = this.body.subarray(start, end + 1);
      const stall = this.stalls.shift();
      if (stall !== undefined) {
        this.bodyBytesSent += Math.min(stall, slice.length);
        res.write(slice.subarray(0, stall));
        return;
      }
      const cut = this.cuts.shift();
      const out = cut === undefined ? slice : slice.subarray(0, Math.min(cut, slice.length));
      this.bodyBytesSent += out.length;
      if (this.swapAt && this.bodyBytesSent >= this.swapAt.bytes) {
        this.body = this.swapAt.body;
        this.etag = this.swapAt.etag;
        this.swapAt = undefined;
      }
      if (cut === undefined) res.end(out);
      else res.write(out, () => res.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/model.gguf`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
// One request per chunk (requestSize): these small chunks leave no room for the default's
// smaller requests, which keep what an interruption loses within one chunk.
const small = { chunkSize: 256 * KiB, requestSize: 256 * KiB, pieceSize: 64 * KiB, saveEvery: 64 * KiB, parallel: 3, retryDelayMs: 5, maxRetryDelayMs: 20 };

let server: RangeServer;
let dir: string;
const dirs: string[] = [];

beforeAll(async () => {
  server = new RangeServer();
  await server.start();
});
afterAll(async () => {
  await server.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
afterEach(() => {
  server.cuts = [];
  server.stalls = [];
  server.swapAt = undefined;
  server.onRequest = undefined;
});

async function freshStore(options: Parameters<typeof openNodeModelStore>[0] = {}) {
  dir = await mkdtemp(join(tmpdir(), 'hearth-store-'));
  dirs.push(dir);
  return openNodeModelStore({ dir, download: small, ...options });
}

function serve(bytes: Buffer, etag = '"v1"'): { url: string; sha256: string; size: number; name: string } {
  server.body = bytes;
  server.etag = etag;
  server.bodyBytesSent = 0;
  server.requests = [];
  return { url: server.url, sha256: sha256(bytes), size: bytes.length, name: 'model.gguf' };
}

describe('ModelStore on the file system, against a real HTTP server', () => {
  it('a paused download (DownloadGate) reads nothing and requests nothing until resumed, then finishes with no byte fetched twice', async () => {
    const bytes = randomBytes(12 * 1024 * KiB + 77);
    const target = serve(bytes);
    const { store } = await freshStore();
    const gate = new DownloadGate();
    let pausedAt = -1;
    const done = store.ensure([target], {
      download: { ...small, gate },
      onProgress: (p) => {
        if (pausedAt < 0 && p.bytesDone > bytes.length / 3) {
          pausedAt = p.bytesDone;
          gate.pause();
        }
      },
    });
    await expect.poll(() => pausedAt).toBeGreaterThan(0);
    // While paused: the requests open stay open, no new one starts, and no more bytes are stored.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requestsWhilePaused = server.requests.length;
    const progressBefore = (await store.list())[0]?.bytesStored ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.requests.length).toBe(requestsWhilePaused);
    expect((await store.list())[0]?.bytesStored ?? 0).toBe(progressBefore);
    expect(requestsWhilePaused).toBeLessThan(Math.ceil(bytes.length / small.chunkSize));
    gate.resume();
    const { files, stats } = await done;
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(stats).toMatchObject({ bytesFetched: bytes.length, retries: 0, restarts: 0 });
    expect(server.bodyBytesSent).toBe(bytes.length);
  });

  it('downloads in parallel Range requests, hashing while streaming, and returns verified bytes', async () => {
    const bytes = randomBytes(3 * 1024 * KiB + 123);
    const target = serve(bytes);
    const { store, backend } = await freshStore();
    const progress: number[] = [];
    const { files, stats } = await store.ensure([target], { onProgress: (p) => progress.push(p.bytesDone) });
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(stats).toMatchObject({ bytesFetched: bytes.length, bytesResumed: 0, retries: 0, restarts: 0 });
    // With three chunks in flight and a roomy memory budget, no byte is read twice.
    expect(stats.bytesReadBack).toBe(0);
    expect(server.requests.every((r) => r.status === 206)).toBe(true);
    expect(server.requests.length).toBe(Math.ceil(bytes.length / small.chunkSize));
    expect(progress.at(-1)).toBe(bytes.length);
    expect(await backend.hasComplete(target.sha256)).toBe(true);
    // Cached: a second ensure fetches nothing.
    server.requests = [];
    await store.ensure([target]);
    expect(server.requests).toEqual([]);
  });

  it('a hash that fails mid-download stops it at the next piece, not at the end; the next ensure resumes and verifies', async () => {
    const bytes = randomBytes(3 * 1024 * KiB);
    const target = serve(bytes);
    const chunks = Math.ceil(bytes.length / small.chunkSize);
    // Stands in for a hashing Worker that crashed (tests/browser/store-download.test.ts crashes a
    // real one): the store's own inline hash, failing once 512 KiB went through it.
    const hashThatFailsAfter =
      (limit: number): Sha256StreamFactory =>
      async (from, size) => {
        const inner = await inlineSha256(from, size);
        let seen = 0;
        return {
          ...inner,
          update: async (piece) => {
            seen += piece.byteLength;
            if (seen > limit) throw new HearthError({ code: 'internal', message: 'Hashing the download in its Worker failed: it stopped.' });
            return inner.update(piece);
          },
        };
      };
    const { store } = await freshStore();
    await expect(store.ensure([target], { download: { hasher: hashThatFailsAfter(512 * KiB) } })).rejects.toMatchObject({ code: 'internal' });
    expect(server.requests.length).toBeLessThan(chunks);
    server.requests = [];
    const { files, stats } = await store.ensure([target]);
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(stats.bytesResumed).toBeGreaterThan(0);
  });

  it('a resume point that cannot be saved (disk full) stops the download with quota_exceeded, never retried as a network error', async () => {
    const bytes = randomBytes(3 * 1024 * KiB);
    const target = serve(bytes);
    const chunks = Math.ceil(bytes.length / small.chunkSize);
    dir = await mkdtemp(join(tmpdir(), 'hearth-store-'));
    dirs.push(dir);
    // A real index on disk whose writes of resume points fail as a full disk makes them fail
    // (ENOSPC): a disk cannot be filled on purpose here.
    class IndexThatRunsOutOfSpace extends JsonFileStoreIndex {
      override async put(record: StoreRecord): Promise<void> {
        if (record.download && record.download.received.some((n) => n > 0))
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return super.put(record);
      }
    }
    const store = new ModelStore({ backend: new NodeFsBackend(dir), index: new IndexThatRunsOutOfSpace(dir), download: small });
    const events: DownloadEvent[] = [];
    await expect(store.ensure([target], { onEvent: (e) => events.push(e as DownloadEvent) })).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(server.requests.length).toBeLessThan(chunks);
  });

  it('drops a request that goes silent (connection open, no bytes) after stallTimeoutMs and retries it', async () => {
    const bytes = randomBytes(1024 * KiB);
    const target = serve(bytes);
    server.stalls = [100 * KiB];
    const { store } = await freshStore({ download: { ...small, stallTimeoutMs: 300 } });
    const events: DownloadEvent[] = [];
    const { files, stats } = await store.ensure([target], { onEvent: (e) => events.push(e as DownloadEvent) });
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(stats.retries).toBe(1);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ error: expect.stringContaining('sent nothing for 0.3 s') });
  });

  it("checks each chunk against a version 2 manifest's chunk hashes, and refuses a wrong chunk even when the whole-file hash matches", async () => {
    const original = randomBytes(5 * 256 * KiB + 99);
    const chunkHashes = (bytes: Uint8Array): string[] =>
      Array.from({ length: Math.ceil(bytes.length / small.chunkSize) }, (_, c) => sha256(bytes.subarray(c * small.chunkSize, (c + 1) * small.chunkSize)));
    // Right chunks: every one verified, natively, beside the whole-file hash.
    const good = serve(original);
    const { store } = await freshStore();
    const ok = await store.ensure([{ ...good, chunks: { size: small.chunkSize, sha256: chunkHashes(original) } }]);
    expect(Buffer.from(await ok.files[0]!.blob.arrayBuffer()).equals(original)).toBe(true);
    expect(ok.stats.chunksVerified).toBe(6);
    // One byte of chunk 3 differs from what the chunk hashes promise. The whole-file hash is that
    // of the served bytes, so only the chunk check can refuse them.
    const served = Buffer.from(original);
    served[3 * small.chunkSize + 17] = (served[3 * small.chunkSize + 17] ?? 0) ^ 0xff;
    const bad = serve(served);
    const fresh = await freshStore();
    const error = await fresh.store.ensure([{ ...bad, chunks: { size: small.chunkSize, sha256: chunkHashes(original) } }]).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'integrity_mismatch',
      data: { chunk: 3, reason: 'chunk', expected: chunkHashes(original)[3], actual: chunkHashes(served)[3] },
    });
    expect(await fresh.store.list()).toEqual([]);
  });

  it('with nativeHashUpTo, holds the file in memory and takes its SHA-256 once natively: nothing streamed, nothing read back; a resume reads back only the earlier bytes', async () => {
    const bytes = randomBytes(4 * 1024 * KiB + 5);
    const target = serve(bytes);
    const native = { ...small, nativeHashUpTo: bytes.length };
    const chunkHashes = Array.from({ length: Math.ceil(bytes.length / small.chunkSize) }, (_, c) =>
      sha256(bytes.subarray(c * small.chunkSize, (c + 1) * small.chunkSize)),
    );
    const first = await freshStore({ download: native });
    const controller = new AbortController();
    server.onRequest = (count) => count === 7 && controller.abort();
    await expect(
      first.store.ensure([{ ...target, chunks: { size: small.chunkSize, sha256: chunkHashes } }], { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    const partial = (await first.store.list())[0]!;
    expect(partial.bytesStored).toBeGreaterThan(0);
    server.onRequest = undefined;
    const second = openNodeModelStore({ dir, download: native });
    const { files, stats } = await second.store.ensure([{ ...target, chunks: { size: small.chunkSize, sha256: chunkHashes } }]);
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(stats).toMatchObject({
      bytesHashedNatively: bytes.length,
      bytesHashedInWorker: 0,
      bytesResumed: partial.bytesStored,
      bytesReadBack: partial.bytesStored,
    });
    // Every chunk checked once over the two runs.
    expect(stats.chunksVerified).toBeLessThanOrEqual(chunkHashes.length);

    // A file whose bytes differ from the manifest's hash is still refused, and deleted.
    const wrong = serve(randomBytes(1024 * KiB));
    const third = await freshStore({ download: native });
    await expect(third.store.ensure([{ ...wrong, sha256: '0'.repeat(64) }])).rejects.toMatchObject({
      code: 'integrity_mismatch',
      data: { actual: wrong.sha256 },
    });
    expect(await third.store.list()).toEqual([]);
  });

  it('retries cut connections from the byte where each stopped', async () => {
    const bytes = randomBytes(2 * 1024 * KiB);
    const target = serve(bytes);
    server.cuts = [100 * KiB, 10, 200 * KiB + 7, 0, 5 * KiB];
    const { store } = await freshStore();
    const events: string[] = [];
    const { files, stats } = await store.ensure([target], { onEvent: (e) => events.push(e.type) });
    expect(sha256(new Uint8Array(await files[0]!.blob.arrayBuffer()))).toBe(target.sha256);
    expect(stats.retries).toBeGreaterThanOrEqual(5);
    // Bytes that arrived before a cut are kept: nothing is fetched twice.
    expect(server.bodyBytesSent).toBe(bytes.length);
    expect(events.filter((e) => e === 'retry').length).toBe(stats.retries);
  });

  it('resumes after an abort (or a new process) from what is on storage, re-fetching less than one chunk', async () => {
    const bytes = randomBytes(4 * 1024 * KiB);
    const target = serve(bytes);
    const first = await freshStore();
    const controller = new AbortController();
    // Stopped when the 7th of 16 chunks is asked for (4 are on storage by then), by the server
    // itself: progress reports come at most every 100 ms, and a loopback download can end sooner.
    server.onRequest = (count) => count === 7 && controller.abort();
    const stopped = await first.store.ensure([target], { signal: controller.signal }).catch((e: unknown) => e);
    expect(stopped).toMatchObject({ name: 'AbortError', code: 'aborted' });
    const partial = (await first.store.list())[0]!;
    expect(partial.state).toBe('partial');
    expect(partial.bytesStored).toBeGreaterThan(0);

    // A new store over the same folder: what a second process sees.
    const firstRunRequests = server.requests.length;
    const second = openNodeModelStore({ dir, download: small });
    const events: DownloadEvent[] = [];
    const { files, stats } = await second.store.ensure([target], { onEvent: (e) => events.push(e as DownloadEvent) });
    expect(sha256(new Uint8Array(await files[0]!.blob.arrayBuffer()))).toBe(target.sha256);
    expect(stats.bytesResumed).toBe(partial.bytesStored);
    expect(events.find((e) => e.type === 'resumed')).toMatchObject({ bytesOnStorage: partial.bytesStored });
    // The second run asks only for bytes that are not on storage (the server pushes whole ranges
    // into socket buffers, so what it "sent" before the abort says nothing about what was kept).
    const asked = server.requests.slice(firstRunRequests).reduce((sum, r) => {
      const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(r.range ?? '') ?? [];
      return sum + Number(b) - Number(a) + 1;
    }, 0);
    expect(asked).toBe(bytes.length - partial.bytesStored);
    expect(server.requests.filter((r) => r.ifRange !== undefined).every((r) => r.ifRange === '"v1"')).toBe(true);
  });

  it('reads back from storage only what arrived out of order beyond the memory budget', async () => {
    const bytes = randomBytes(2 * 1024 * KiB);
    const target = serve(bytes);
    const { store } = await freshStore({ download: { ...small, memoryBudget: 0 } });
    const { stats } = await store.ensure([target]);
    expect(stats.bytesReadBack).toBeGreaterThan(0);
    expect(stats.bytesReadBack).toBeLessThan(bytes.length);
  });

  it('restarts cleanly when the file changes on the server mid-download (If-Range), never splicing versions', async () => {
    const v1 = randomBytes(2 * 1024 * KiB);
    const v2 = randomBytes(2 * 1024 * KiB);
    serve(v1, '"v1"');
    server.swapAt = { bytes: 600 * KiB, body: v2, etag: '"v2"' };
    const { store } = await freshStore({ download: { ...small, parallel: 1 } });
    const events: string[] = [];
    // The caller asks for v2 (say, from a manifest read after the update).
    const { files, stats } = await store.ensure([{ url: server.url, sha256: sha256(v2), size: v2.length, name: 'model.gguf' }], {
      onEvent: (e) => events.push(e.type === 'restarted' ? `restarted:${e.reason}` : e.type),
    });
    expect(events).toContain('restarted:changed-on-server');
    expect(stats.restarts).toBe(1);
    expect(Buffer.from(await files[0]!.blob.arrayBuffer()).equals(v2)).toBe(true);
    const refused = server.requests.find((r) => r.ifRange === '"v1"' && r.status === 200);
    expect(refused).toBeDefined();
  });

  it('a file whose SHA-256 differs from the manifest is a typed error, deleted, never returned', async () => {
    const bytes = randomBytes(1024 * KiB);
    const target = serve(bytes);
    const { store, backend } = await freshStore();
    const error = await store.ensure([{ ...target, sha256: '0'.repeat(64) }]).catch((e: unknown) => e);
    expect(HearthError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'integrity_mismatch', data: { expected: '0'.repeat(64), actual: target.sha256 } });
    expect(await store.list()).toEqual([]);
    expect(await backend.hasComplete('0'.repeat(64))).toBe(false);
    expect(await readdir(join(dir, 'partial'))).toEqual([]);
    await expect(store.open('0'.repeat(64))).rejects.toMatchObject({ code: 'model_not_found' });
  });

  it('refuses with quota_exceeded, saying needed and free, before any byte is fetched', async () => {
    const bytes = randomBytes(512 * KiB);
    const target = serve(bytes);
    const { store } = await freshStore({ estimate: async () => ({ free: 1000 * KiB, quota: 2000 * KiB, usage: 1000 * KiB }), margin: () => 1024 * KiB });
    const error = await store.ensure([target]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota_exceeded', data: { needed: 1536 * KiB, free: 1000 * KiB, quota: 2000 * KiB } });
    expect((error as HearthError).message).toMatch(/needs 1\.6 MB .* 1\.0 MB is free/);
    expect(server.requests).toEqual([]);
  });

  it('evicts least-recently-used unpinned files to make room, and never a pinned one', async () => {
    let now = 1_000;
    const { store } = await freshStore({ now: () => now++ });
    const a = serve(randomBytes(100 * KiB));
    await store.ensure([a], { pin: true });
    const b = serve(randomBytes(100 * KiB));
    await store.ensure([b]);
    const c = serve(randomBytes(100 * KiB));
    await store.ensure([c]);
    await store.open(b.sha256); // b is now more recent than c
    expect(await store.size()).toBe(300 * KiB);
    const evicted = await store.evict(150 * KiB);
    expect(evicted.map((f) => f.sha256)).toEqual([c.sha256, b.sha256]);
    expect((await store.list()).map((f) => f.sha256)).toEqual([a.sha256]);
    await store.delete(a.sha256);
    expect(await store.size()).toBe(0);
  });
});
