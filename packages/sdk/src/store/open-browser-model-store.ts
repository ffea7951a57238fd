import { HearthError } from '@hearth/spec';
import { CacheApiBackend } from './cache-api-backend.ts';
import { IndexedDbStoreIndex } from './indexed-db-store-index.ts';
import { ModelStore, type ModelStoreOptions } from './model-store.ts';
import { OpfsBackend } from './opfs-backend.ts';
import type { StoreBackend } from './store-backend.ts';
import { workerSha256 } from './sha256-stream.ts';

/**
 * Hashing large downloads in a Worker of its own, so reading, writing and hashing share two cores:
 * the browser store's default (files of 32 MiB and more). Where the Worker cannot start (no nested
 * Workers, a CSP without worker-src, its script cut off) the download hashes inline instead.
 * Pass `download: { hasher: inlineSha256 }` to keep everything on the store's thread.
 */
export const hashInWorker = workerSha256({
  createWorker: () => new Worker(new URL('./sha256-worker.ts', import.meta.url), { type: 'module', name: 'hearth-sha256' }),
});

/**
 * Files up to this size download with their whole-file SHA-256 taken natively, once, from the
 * file held in memory (`nativeHashUpTo`): hash-wasm streaming every byte kept the verified
 * download at a fraction of the network's speed. 512 MiB holds the catalog's small models; the
 * digest copies its input, so the peak is twice that. Larger files stream through `hashInWorker`.
 */
export const BROWSER_NATIVE_HASH_UP_TO = 512 * 1024 * 1024;

/**
 * The browser's model store: OPFS where sync access handles exist (a dedicated Worker), the
 * Cache API elsewhere, metadata in IndexedDB.
 * Fails with `engine_unavailable` where the browser denies storage (a third-party iframe under
 * storage partitioning, some private modes).
 *
 * @example const store = await openBrowserModelStore(); const { files } = await store.ensureManifest(url)
 */
export async function openBrowserModelStore(options: Omit<ModelStoreOptions, 'backend' | 'index'> & { backend?: StoreBackend } = {}): Promise<ModelStore> {
  try {
    const backend =
      options.backend ?? (OpfsBackend.isAvailable() ? await OpfsBackend.open() : CacheApiBackend.isAvailable() ? new CacheApiBackend() : undefined);
    if (!backend) throw new Error('Neither OPFS nor the Cache API is available.');
    return new ModelStore({
      ...options,
      download: { hasher: hashInWorker, nativeHashUpTo: BROWSER_NATIVE_HASH_UP_TO, ...options.download },
      backend,
      index: await IndexedDbStoreIndex.open(),
    });
  } catch (cause) {
    throw new HearthError({
      code: 'engine_unavailable',
      message: `This context cannot store models: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      hint: 'Browsers deny storage to third-party frames on another site (storage partitioning): use a hub on the same site, or download per site.',
      cause,
    });
  }
}
