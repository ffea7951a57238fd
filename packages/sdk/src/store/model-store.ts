import { HearthError, parseHashEtag, type ModelManifest } from '@hearth/spec';
import { httpStatusError } from '../http/http-retry.ts';
import {
  downloadFile,
  emptyDownloadStats,
  type DownloadEvent,
  type DownloadOptions,
  type DownloadStats,
  type DownloadTarget,
  type FileProgress,
} from './download-file.ts';
import { ResumableSha256 } from './resumable-sha256.ts';
import type { StorageRoom, StoreBackend, SyncFileReader } from './store-backend.ts';
import type { DownloadState, StoreIndex, StoreRecord } from './store-index.ts';

const MiB = 1 << 20;

export interface ModelStoreOptions {
  backend: StoreBackend;
  index: StoreIndex;
  fetch?: typeof fetch;
  /** Wall clock in milliseconds, for least-recently-used order. */
  now?: () => number;
  /**
   * How much room is left. Defaults to the backend's (`navigator.storage.estimate()`, `statfs`).
   * An explicit dependency so a platform with its own limits (or a test) can say so.
   */
  estimate?: () => Promise<StorageRoom | undefined>;
  /** Room kept free beyond the bytes a download still needs: index, temporary copies, other data. */
  margin?: (bytesNeeded: number) => number;
  /** Downloader settings (chunk size, parallel requests, retries). */
  download?: Omit<DownloadOptions, 'signal' | 'onProgress' | 'onEvent' | 'fetch'>;
}

/** 5% of the download, and never under 32 MiB. */
export const DEFAULT_MARGIN = (bytesNeeded: number): number => Math.max(32 * MiB, Math.ceil(bytesNeeded * 0.05));

export interface EnsureOptions {
  signal?: AbortSignal;
  onProgress?: (progress: StoreProgress) => void;
  onEvent?: (event: StoreEvent) => void;
  /** Pin the files so eviction never removes them. */
  pin?: boolean;
  /** Overrides the store's downloader settings for this call. */
  download?: Omit<DownloadOptions, 'signal' | 'onProgress' | 'onEvent' | 'fetch' | 'onHashed'>;
  /** For targets with `hashUnknown`: the SHA-256 their bytes turned out to have. */
  onHashed?: (sha256: string) => void;
}

/** Progress over every file of a model. */
export interface StoreProgress {
  files: FileProgress[];
  bytesDone: number;
  bytesTotal: number;
  rate: number;
  etaSeconds: number | undefined;
}

export type StoreEvent =
  | DownloadEvent
  | { type: 'cached'; name: string; sha256: string }
  | { type: 'persisted'; granted: boolean }
  | { type: 'evicted'; name: string; sha256: string; size: number }
  | { type: 'waiting-for-lock'; name: string };

export interface StoredFile {
  name: string;
  sha256: string;
  size: number;
  /** Verified bytes, backed by storage. */
  blob: Blob;
}

export interface EnsureResult {
  files: StoredFile[];
  /** Totals over the files downloaded in this call. */
  stats: DownloadStats;
}

/** What `list()` shows: a record without its resume internals. */
export interface StoredFileInfo {
  sha256: string;
  name: string;
  size: number;
  url: string;
  state: 'partial' | 'complete';
  /** Bytes on storage (the whole size once complete). */
  bytesStored: number;
  lastUsed: number;
  pinned: boolean;
}

/**
 * Model files on this device, content-addressed by SHA-256: downloads them resumably, verifies
 * them before anyone can read them, checks room before the first byte, and evicts least-recently
 * used unpinned files when asked for room.
 *
 * @example
 * const { files } = await store.ensureManifest('https://gw.example/models/qwen/manifest.json', { onProgress })
 * await wllama.loadModel(files.map((f) => f.blob))
 */
export class ModelStore {
  private readonly backend: StoreBackend;
  private readonly index: StoreIndex;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private persistAsked = false;

  constructor(private readonly options: ModelStoreOptions) {
    this.backend = options.backend;
    this.index = options.index;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = options.now ?? Date.now;
  }

  get kind(): StoreBackend['kind'] {
    return this.backend.kind;
  }

  /** Reads a model's manifest and ensures every file in it; re-reads it once if a file changed on the server. */
  async ensureManifest(manifestUrl: string, options: EnsureOptions = {}): Promise<EnsureResult & { manifest: ModelManifest }> {
    for (let attempt = 0; ; attempt++) {
      const manifest = await this.fetchManifest(manifestUrl, options.signal);
      const targets = manifest.files.map((f) => ({
        url: new URL(f.name, manifestUrl).href,
        sha256: f.sha256,
        size: f.size,
        name: f.name,
        ...(f.chunks ? { chunks: f.chunks } : {}),
      }));
      try {
        return { manifest, ...(await this.ensure(targets, options)) };
      } catch (error) {
        const changed = HearthError.isInstance(error) && error.code === 'integrity_mismatch' && error.data?.['reason'] === 'changed_on_server';
        if (!changed || attempt >= 1) throw error;
      }
    }
  }

  /**
   * Like `ensure`, for callers that know each file's URL and SHA-256 but not its size (an engine's
   * `LoadRequest`): the size comes from a HEAD request, and a Hearth gateway's ETag (its SHA-256)
   * already tells whether the server has the expected file.
   */
  async ensureUrls(sources: ReadonlyArray<{ url: string; sha256: string; size?: number }>, options: EnsureOptions = {}): Promise<EnsureResult> {
    const targets: DownloadTarget[] = [];
    for (const source of sources) {
      const url = new URL(source.url, globalThis.location?.href).href;
      const sha256 = source.sha256.toLowerCase();
      const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || sha256);
      const record = await this.index.get(sha256);
      let size = source.size ?? (record?.state === 'complete' ? record.size : undefined);
      // A Hearth gateway keeps the manifest beside the files: one GET, and the size is known.
      size ??= await this.sizeFromSiblingManifest(url, name, sha256, options.signal);
      if (size === undefined) {
        let head: Response;
        try {
          head = await this.fetchImpl(url, { method: 'HEAD', cache: 'no-store', ...(options.signal ? { signal: options.signal } : {}) });
        } catch (cause) {
          throw new HearthError({ code: 'network', message: `Could not fetch ${url}.`, cause, hint: 'Check the network and that the model URL is reachable.' });
        }
        if (!head.ok) throw httpStatusError(head.status, { url, resource: 'file', message: `Fetching ${url} answered HTTP ${head.status}.` });
        const served = parseHashEtag(head.headers.get('ETag'));
        if (served !== undefined && served !== sha256) {
          throw new HearthError({
            code: 'integrity_mismatch',
            message: `${url} has SHA-256 ${served}; its manifest says ${sha256}.`,
            hint: 'The file on the server changed or is corrupt; the model was not loaded.',
            data: { url, expected: sha256, actual: served },
          });
        }
        size = Number(head.headers.get('Content-Length'));
        if (!Number.isSafeInteger(size) || size < 0) throw new HearthError({ code: 'network', message: `${url} did not say how large it is.` });
      }
      targets.push({ url, sha256, size, name });
    }
    return this.ensure(targets, options);
  }

  private async sizeFromSiblingManifest(url: string, name: string, sha256: string, signal: AbortSignal | undefined): Promise<number | undefined> {
    try {
      const manifest = await this.fetchManifest(new URL('manifest.json', url).href, signal);
      const entry = manifest.files.find((f) => f.name === name);
      return entry?.sha256 === sha256 ? entry.size : undefined;
    } catch {
      return undefined;
    }
  }

  async fetchManifest(manifestUrl: string, signal?: AbortSignal): Promise<ModelManifest> {
    let response: Response;
    try {
      response = await this.fetchImpl(manifestUrl, { cache: 'no-store', ...(signal ? { signal } : {}) });
    } catch (cause) {
      throw new HearthError({
        code: 'network',
        message: `Could not fetch ${manifestUrl}.`,
        cause,
        hint: 'Check the network and that the gateway is reachable.',
      });
    }
    if (!response.ok) throw httpStatusError(response.status, { url: manifestUrl, resource: 'file' });
    const manifest = (await response.json()) as ModelManifest;
    const hex = (h: unknown): boolean => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
    // Version 2 adds chunk hashes; a version 1 manifest (no chunks) still verifies the whole file.
    const chunksOk = (f: ModelManifest['files'][number]): boolean =>
      f.chunks === undefined ||
      (Number.isSafeInteger(f.chunks.size) &&
        f.chunks.size > 0 &&
        Array.isArray(f.chunks.sha256) &&
        f.chunks.sha256.length === Math.ceil(f.size / f.chunks.size) &&
        f.chunks.sha256.every(hex));
    if (
      (manifest.manifestVersion !== 1 && manifest.manifestVersion !== 2) ||
      !Array.isArray(manifest.files) ||
      manifest.files.some((f) => !hex(f.sha256) || !Number.isSafeInteger(f.size) || !chunksOk(f))
    ) {
      throw new HearthError({ code: 'invalid_model', message: `${manifestUrl} is not a Hearth model manifest (version 1 or 2).` });
    }
    return manifest;
  }

  /**
   * Makes every target complete and verified on this device and returns the files. Checks room
   * before any byte is fetched; a file whose bytes differ from `sha256` throws `integrity_mismatch`
   * and is deleted, never returned.
   */
  async ensure(targets: readonly DownloadTarget[], options: EnsureOptions = {}): Promise<EnsureResult> {
    const normalized = targets.map((t) => ({ ...t, sha256: t.sha256.toLowerCase() }));
    const progress = new Map<string, FileProgress>();
    const missing: DownloadTarget[] = [];
    for (const target of normalized) {
      if (await this.isComplete(target.sha256)) {
        options.onEvent?.({ type: 'cached', name: target.name, sha256: target.sha256 });
        progress.set(target.sha256, {
          name: target.name,
          sha256: target.sha256,
          bytesDone: target.size,
          bytesTotal: target.size,
          bytesFetched: 0,
          rate: 0,
          etaSeconds: 0,
        });
      } else {
        missing.push(target);
        progress.set(target.sha256, {
          name: target.name,
          sha256: target.sha256,
          bytesDone: 0,
          bytesTotal: target.size,
          bytesFetched: 0,
          rate: 0,
          etaSeconds: undefined,
        });
      }
    }
    const report = (): void => options.onProgress?.(summarize([...progress.values()]));
    const stats: DownloadStats = emptyDownloadStats();
    if (missing.length > 0) {
      await this.checkRoom(missing, new Set(normalized.map((t) => t.sha256)), options);
      if (!this.persistAsked) {
        this.persistAsked = true;
        const granted = await this.backend.persist().catch(() => false);
        options.onEvent?.({ type: 'persisted', granted });
      }
      for (const target of missing) {
        const fileStats = await this.downloadOne(target, options, (p) => {
          progress.set(target.sha256, p);
          report();
        });
        for (const key of Object.keys(stats) as Array<keyof DownloadStats>) stats[key] += fileStats[key];
      }
    }
    const files: StoredFile[] = [];
    for (const target of normalized) {
      if (options.pin) await this.pin(target.sha256, true);
      files.push({ name: target.name, sha256: target.sha256, size: target.size, blob: await this.open(target.sha256) });
    }
    report();
    return { files, stats };
  }

  /**
   * Downloads a file nobody published a SHA-256 for (a plain GGUF URL), as `ensure` does
   * (resumable, room checked first), and stores it under the SHA-256 computed from its bytes,
   * which the result names. While it downloads it is keyed by a hash of its URL and size, so a
   * second run resumes it. `expectedSha256`, when some header gave one, is checked at the end.
   * Needs a backend that can rekey (the file-system one).
   */
  async ensureComputingHash(
    target: { url: string; name: string; size: number; expectedSha256?: string },
    options: EnsureOptions = {},
  ): Promise<StoredFile & { stats: DownloadStats }> {
    const rekey = this.backend.rekeyComplete?.bind(this.backend);
    if (!rekey)
      throw new HearthError({
        code: 'unsupported',
        message: `A ${this.backend.kind} store cannot keep files whose SHA-256 is unknown beforehand.`,
        hint: "Give the file's SHA-256 (a manifest or the catalog).",
      });
    const pending = await sha256Hex(`hearth-pending-download\n${target.url}\n${target.size}`);
    let computed: string | undefined;
    const { stats } = await this.ensure([{ url: target.url, name: target.name, size: target.size, sha256: pending, hashUnknown: true }], {
      ...options,
      onHashed: (sha256) => (computed = sha256),
    });
    const record = await this.index.get(pending);
    // Computed in this call, or (the pending entry was already complete) read back once.
    computed ??= await sha256OfBlob(await this.backend.readComplete(pending));
    const actual = computed;
    if (target.expectedSha256 !== undefined && actual !== target.expectedSha256.toLowerCase()) {
      await this.delete(pending);
      throw new HearthError({
        code: 'integrity_mismatch',
        message: `${target.name} downloaded with SHA-256 ${actual}; ${target.url} said ${target.expectedSha256}.`,
        hint: 'The file is corrupt or was changed on the way; it was discarded.',
        data: { url: target.url, expected: target.expectedSha256, actual },
      });
    }
    await this.backend.withLock(actual, async () => {
      if (await this.isComplete(actual)) await this.backend.deleteComplete(pending);
      else await rekey(pending, actual);
      await this.index.delete(pending);
      await this.index.put({
        sha256: actual,
        size: target.size,
        name: target.name,
        url: target.url,
        state: 'complete',
        lastUsed: this.now(),
        pinned: record?.pinned ?? options.pin ?? false,
      });
    });
    return { name: target.name, sha256: actual, size: target.size, blob: await this.open(actual), stats };
  }

  /**
   * Adds bytes from elsewhere (a local file) as a verified entry: hashed while written, committed
   * only if they match `expected`.
   */
  async importStream(expected: { name: string; size: number; sha256: string; url?: string }, source: ReadableStream<Uint8Array>): Promise<StoredFile> {
    const key = expected.sha256.toLowerCase();
    if (await this.isComplete(key)) {
      await source.cancel().catch(() => {});
      return { name: expected.name, sha256: key, size: expected.size, blob: await this.open(key) };
    }
    await this.backend.withLock(key, async () => {
      await this.backend.deletePartial(key);
      const partial = await this.backend.openPartial(key);
      const hash = await ResumableSha256.create();
      let offset = 0;
      try {
        for await (const bytes of iterate(source)) {
          await partial.write(offset, bytes);
          hash.update(bytes);
          offset += bytes.byteLength;
        }
        await partial.flush();
      } finally {
        await partial.close();
      }
      const actual = hash.hex();
      if (offset !== expected.size || actual !== key) {
        await this.backend.deletePartial(key);
        throw new HearthError({
          code: 'integrity_mismatch',
          message: `${expected.name} has SHA-256 ${actual} (${offset} bytes); expected ${key} (${expected.size} bytes).`,
          hint: 'The file differs from what was expected; it was not stored.',
          data: { expected: key, actual },
        });
      }
      await this.backend.commit(key, offset);
      await this.index.put({ sha256: key, size: offset, name: expected.name, url: expected.url ?? '', state: 'complete', lastUsed: this.now(), pinned: false });
    });
    return { name: expected.name, sha256: key, size: expected.size, blob: await this.open(key) };
  }

  /** The verified bytes of a complete file; marks it used now. */
  async open(sha256: string): Promise<Blob> {
    const record = await this.index.get(sha256);
    if (!record || record.state !== 'complete' || !(await this.backend.hasComplete(sha256))) {
      throw new HearthError({ code: 'model_not_found', message: `No complete file with SHA-256 ${sha256} in this store.`, hint: 'Call ensure() first.' });
    }
    await this.index.put({ ...record, lastUsed: this.now() });
    return this.backend.readComplete(sha256);
  }

  /**
   * Synchronous reads of a complete file straight into the caller's memory, where the backend has
   * them (OPFS); undefined elsewhere. Close it when done: the store cannot delete the file meanwhile.
   */
  async openReader(sha256: string): Promise<SyncFileReader | undefined> {
    const key = sha256.toLowerCase();
    if (!(await this.isComplete(key))) return undefined;
    return this.backend.openCompleteReader?.(key);
  }

  async list(): Promise<StoredFileInfo[]> {
    const records = await this.index.list();
    return records.map((r) => ({
      sha256: r.sha256,
      name: r.name,
      size: r.size,
      url: r.url,
      state: r.state,
      bytesStored: r.state === 'complete' ? r.size : (r.download?.received.reduce((a, b) => a + b, 0) ?? 0),
      lastUsed: r.lastUsed,
      pinned: r.pinned,
    }));
  }

  /** Bytes this store holds, complete and partial. */
  async size(): Promise<number> {
    return (await this.list()).reduce((sum, f) => sum + f.bytesStored, 0);
  }

  /** Removes a file, complete or partial (a cancelled download). */
  async delete(sha256: string): Promise<void> {
    const key = sha256.toLowerCase();
    await this.backend.withLock(key, async () => {
      await this.backend.deleteComplete(key);
      await this.backend.deletePartial(key);
      await this.index.delete(key);
    });
  }

  async pin(sha256: string, pinned = true): Promise<void> {
    const record = await this.index.get(sha256.toLowerCase());
    if (!record) throw new HearthError({ code: 'model_not_found', message: `No file with SHA-256 ${sha256} in this store.` });
    if (record.pinned !== pinned) await this.index.put({ ...record, pinned });
  }

  /**
   * Frees at least `bytes` by deleting complete, unpinned files, least recently used first, never
   * one in `keep`. Returns what it deleted.
   */
  async evict(bytes: number, keep: ReadonlySet<string> = new Set()): Promise<StoredFileInfo[]> {
    const candidates = (await this.list()).filter((f) => f.state === 'complete' && !f.pinned && !keep.has(f.sha256)).sort((a, b) => a.lastUsed - b.lastUsed);
    const evicted: StoredFileInfo[] = [];
    let freed = 0;
    for (const file of candidates) {
      if (freed >= bytes) break;
      await this.delete(file.sha256);
      evicted.push(file);
      freed += file.size;
    }
    return evicted;
  }

  private async isComplete(sha256: string): Promise<boolean> {
    const record = await this.index.get(sha256);
    if (record?.state !== 'complete') return false;
    if (await this.backend.hasComplete(sha256)) return true;
    // The platform evicted the bytes (browser storage pressure): forget the record.
    await this.index.delete(sha256);
    return false;
  }

  private async checkRoom(missing: readonly DownloadTarget[], keep: ReadonlySet<string>, options: EnsureOptions): Promise<void> {
    let needed = 0;
    for (const target of missing) {
      const record = await this.index.get(target.sha256);
      const stored = record?.download?.received.reduce((a, b) => a + b, 0) ?? 0;
      needed += target.size - stored;
    }
    const required = needed + (this.options.margin ?? DEFAULT_MARGIN)(needed);
    const estimate = this.options.estimate ?? (() => this.backend.estimate());
    let room = await estimate();
    if (room === undefined || room.free >= required) return;
    for (const file of await this.evict(required - room.free, keep))
      options.onEvent?.({ type: 'evicted', name: file.name, sha256: file.sha256, size: file.size });
    room = await estimate();
    if (room === undefined || room.free >= required) return;
    throw new HearthError({
      code: 'quota_exceeded',
      message: `Downloading ${missing.map((t) => t.name).join(', ')} needs ${formatBytes(required)} (${formatBytes(needed)} plus ${formatBytes(required - needed)} margin); ${formatBytes(Math.max(0, room.free))} is free.`,
      hint: 'Free space (delete stored models or other site data), or choose a smaller model.',
      data: {
        needed: required,
        download: needed,
        free: room.free,
        ...(room.quota === undefined ? {} : { quota: room.quota }),
        ...(room.usage === undefined ? {} : { usage: room.usage }),
      },
    });
  }

  private async downloadOne(target: DownloadTarget, options: EnsureOptions, onProgress: (p: FileProgress) => void): Promise<DownloadStats> {
    const empty: DownloadStats = emptyDownloadStats();
    let waited = false;
    const timer = setTimeout(() => {
      waited = true;
      options.onEvent?.({ type: 'waiting-for-lock', name: target.name });
    }, 250);
    return this.backend
      .withLock(target.sha256, async () => {
        clearTimeout(timer);
        // Another tab or process may have finished it while this one waited.
        if (waited && (await this.isComplete(target.sha256))) {
          options.onEvent?.({ type: 'cached', name: target.name, sha256: target.sha256 });
          return empty;
        }
        const existing = await this.index.get(target.sha256);
        const base: StoreRecord = {
          sha256: target.sha256,
          size: target.size,
          name: target.name,
          url: target.url,
          state: 'partial',
          lastUsed: this.now(),
          pinned: existing?.pinned ?? options.pin ?? false,
        };
        const saved = existing?.state === 'partial' && existing.size === target.size ? existing.download : undefined;
        if (!saved) await this.backend.deletePartial(target.sha256);
        await this.index.put(saved ? { ...base, download: saved } : base);
        const partial = { current: await this.backend.openPartial(target.sha256) };
        const save = (download: DownloadState): Promise<void> => this.index.put({ ...base, download });
        try {
          const stats = await downloadFile(
            target,
            {
              partial: partial.current,
              saved,
              save,
              reset: async () => {
                await partial.current.close();
                await this.backend.deletePartial(target.sha256);
                partial.current = await this.backend.openPartial(target.sha256);
                return partial.current;
              },
            },
            {
              ...this.options.download,
              ...options.download,
              fetch: this.fetchImpl,
              onProgress,
              ...(options.signal ? { signal: options.signal } : {}),
              ...(options.onEvent ? { onEvent: options.onEvent } : {}),
              ...(options.onHashed ? { onHashed: options.onHashed } : {}),
            },
          );
          await partial.current.close();
          await this.backend.commit(target.sha256, target.size);
          await this.index.put({ ...base, state: 'complete', lastUsed: this.now() });
          return stats;
        } catch (error) {
          await partial.current.close().catch(() => {});
          if (HearthError.isInstance(error) && error.code === 'integrity_mismatch') {
            // A file that failed verification is gone: nothing can load it, nothing resumes from it.
            await this.backend.deletePartial(target.sha256);
            await this.index.delete(target.sha256);
          }
          throw error;
        }
      })
      .finally(() => clearTimeout(timer));
  }
}

async function* iterate(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function summarize(files: FileProgress[]): StoreProgress {
  const bytesDone = files.reduce((a, f) => a + f.bytesDone, 0);
  const bytesTotal = files.reduce((a, f) => a + f.bytesTotal, 0);
  const rate = files.reduce((a, f) => a + f.rate, 0);
  return { files, bytesDone, bytesTotal, rate, etaSeconds: bytesDone >= bytesTotal ? 0 : rate > 0 ? (bytesTotal - bytesDone) / rate : undefined };
}

/** "243.1 MB": decimal units, as disks and browsers' storage settings show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value.toFixed(1)} ${unit}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256OfBlob(blob: Blob): Promise<string> {
  const hash = await ResumableSha256.create();
  for await (const bytes of iterate(blob.stream())) hash.update(bytes);
  return hash.hex();
}
