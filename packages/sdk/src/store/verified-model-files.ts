import { HearthError } from '@hearth/spec';
import { fetchVerified } from './fetch-verified.ts';
import type { ModelStore } from './model-store.ts';
import type { SyncFileReader } from './store-backend.ts';
import { openBrowserModelStore } from './open-browser-model-store.ts';

export interface VerifiedModelFilesOptions {
  fetch?: typeof fetch;
  /** Where verified model files live; default `openBrowserModelStore()` (OPFS in this Worker). */
  store?: () => Promise<ModelStore>;
  signal?: AbortSignal;
}

/**
 * A model's files for an in-browser engine, every one through the model store: downloaded
 * resumably into OPFS, SHA-256 checked before this returns, and read back as storage-backed Blobs
 * (a second load fetches nothing). Without a hash per file there is nothing to verify or to key
 * the store by, so the files are fetched whole; where no storage can open (denied, or a context
 * with neither OPFS nor caches) or the model does not fit in it, they are fetched whole and
 * verified, just not kept.
 */
export async function verifiedModelFiles(urls: readonly string[], hashes: readonly string[], options: VerifiedModelFilesOptions = {}): Promise<Blob[]> {
  return (await verifiedSources(urls, hashes, options, false)).map((s) => s.blob);
}

/** A verified model file: its Blob, and where the store has them, synchronous reads straight into an engine's memory. */
export interface VerifiedModelSource {
  blob: Blob;
  /** Reads of the stored file (OPFS): one copy into the caller's buffer. The caller closes it. */
  reader?: SyncFileReader;
}

/**
 * `verifiedModelFiles`, with a synchronous reader per stored file where the store has one (OPFS in
 * a Worker): an engine reading tensors through it copies each byte once, from storage into its
 * own memory, instead of through a Blob read's buffer.
 */
export function verifiedModelSources(
  urls: readonly string[],
  hashes: readonly string[],
  options: VerifiedModelFilesOptions = {},
): Promise<VerifiedModelSource[]> {
  return verifiedSources(urls, hashes, options, true);
}

async function verifiedSources(
  urls: readonly string[],
  hashes: readonly string[],
  options: VerifiedModelFilesOptions,
  withReaders: boolean,
): Promise<VerifiedModelSource[]> {
  const whole = async (): Promise<VerifiedModelSource[]> =>
    (await Promise.all(urls.map((url, i) => fetchVerified(url, hashes[i], options.fetch)))).map((blob) => ({ blob }));
  if (hashes.length !== urls.length) return whole();
  let store: ModelStore;
  try {
    store = await (options.store?.() ?? openBrowserModelStore(options.fetch ? { fetch: options.fetch } : {}));
  } catch {
    return whole();
  }
  try {
    const { files } = await store.ensureUrls(
      urls.map((url, i) => ({ url, sha256: hashes[i] ?? '' })),
      options.signal ? { signal: options.signal } : {},
    );
    const readers = withReaders ? await Promise.all(files.map((f) => store.openReader(f.sha256).catch(() => undefined))) : [];
    return files.map((f, i) => {
      const reader = readers[i];
      return reader ? { blob: f.blob, reader } : { blob: f.blob };
    });
  } catch (error) {
    // No room to keep the model (a small quota, a private window): it still loads, verified, from memory.
    if (HearthError.isInstance(error) && (error.code === 'quota_exceeded' || error.code === 'engine_unavailable')) return whole();
    throw error;
  }
}
