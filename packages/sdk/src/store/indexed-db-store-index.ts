import type { StoreIndex, StoreRecord } from './store-index.ts';

const STORE = 'files';

/** The store's metadata in the browser: one IndexedDB object store keyed by SHA-256. */
export class IndexedDbStoreIndex implements StoreIndex {
  private constructor(private readonly db: IDBDatabase) {}

  static open(name = 'hearth-store'): Promise<IndexedDbStoreIndex> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'sha256' });
      request.onsuccess = () => resolve(new IndexedDbStoreIndex(request.result));
      request.onerror = () => reject(request.error);
    });
  }

  get(sha256: string): Promise<StoreRecord | undefined> {
    return this.run('readonly', (s) => s.get(sha256)) as Promise<StoreRecord | undefined>;
  }

  async put(record: StoreRecord): Promise<void> {
    await this.run('readwrite', (s) => s.put(record));
  }

  async delete(sha256: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(sha256));
  }

  list(): Promise<StoreRecord[]> {
    return this.run('readonly', (s) => s.getAll()) as Promise<StoreRecord[]>;
  }

  private run(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      // Durability "strict": a saved resume point must survive the tab being killed right after.
      const tx = this.db.transaction(STORE, mode, { durability: 'strict' });
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
