import { HearthError } from '@hearth/spec';
import { fetchVerified } from './fetch-verified.ts';
import type { ModelStore } from './model-store.ts';
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
  const whole = (): Promise<Blob[]> => Promise.all(urls.map((url, i) => fetchVerified(url, hashes[i], options.fetch)));
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
    return files.map((f) => f.blob);
  } catch (error) {
    // No room to keep the model (a small quota, a private window): it still loads, verified, from memory.
    if (HearthError.isInstance(error) && (error.code === 'quota_exceeded' || error.code === 'engine_unavailable')) return whole();
    throw error;
  }
}
