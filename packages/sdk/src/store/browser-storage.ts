import type { StorageRoom } from './store-backend.ts';

/** `navigator.storage.estimate()` as room: quota minus what the origin already uses. */
export async function browserRoom(): Promise<StorageRoom | undefined> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.estimate !== 'function') return undefined;
  const { quota, usage } = await navigator.storage.estimate();
  if (quota === undefined) return undefined;
  return { free: quota - (usage ?? 0), quota, usage: usage ?? 0 };
}

/**
 * Asks the browser to keep the origin's storage (`navigator.storage.persist()`). It is exposed to
 * Window only; a Worker can only read the answer the page got.
 */
export async function browserPersist(): Promise<boolean> {
  const storage = navigator.storage as StorageManager & { persist?: () => Promise<boolean> };
  if (typeof storage.persist === 'function') return storage.persist();
  return storage.persisted?.() ?? false;
}

const local = new Map<string, Promise<unknown>>();

/**
 * One download per file across every tab and Worker of the origin (Web Locks); where Web Locks
 * are missing, one per file in this context.
 */
export async function withBrowserLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
  const name = `hearth-store:${sha256}`;
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request(name, work) as Promise<T>;
  const previous = local.get(name) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(work);
  local.set(name, run);
  try {
    return await run;
  } finally {
    if (local.get(name) === run) local.delete(name);
  }
}
