import type { ConsentState } from '@hearth/spec';

/** The user's answer for one model on this origin, as kept. */
export interface ConsentRecord {
  /** `<model id>/<variant id>`. */
  key: string;
  state: 'granted' | 'denied';
  /** Wall-clock milliseconds of the answer. */
  at: number;
  /** SHA-256 of the files this consent downloaded: what revoking removes. */
  files: string[];
}

/** Where answers are kept: IndexedDB in the browser (per origin, as storage is), memory elsewhere. */
export interface ConsentStorage {
  get(key: string): Promise<ConsentRecord | undefined>;
  put(record: ConsentRecord): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<ConsentRecord[]>;
}

const STORE = 'decisions';

/** Answers in IndexedDB (`hearth-consent`), so a returning visitor is not asked again. */
export class IndexedDbConsentStorage implements ConsentStorage {
  private constructor(private readonly db: IDBDatabase) {}

  static open(name = 'hearth-consent'): Promise<IndexedDbConsentStorage> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
      request.onsuccess = () => resolve(new IndexedDbConsentStorage(request.result));
      request.onerror = () => reject(request.error);
    });
  }

  get(key: string): Promise<ConsentRecord | undefined> {
    return this.run('readonly', (s) => s.get(key)) as Promise<ConsentRecord | undefined>;
  }

  async put(record: ConsentRecord): Promise<void> {
    await this.run('readwrite', (s) => s.put(record));
  }

  async delete(key: string): Promise<void> {
    await this.run('readwrite', (s) => s.delete(key));
  }

  list(): Promise<ConsentRecord[]> {
    return this.run('readonly', (s) => s.getAll()) as Promise<ConsentRecord[]>;
  }

  private run(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}

/** Answers for this process only (Node, or a browser that denies IndexedDB): asked again next time. */
export class MemoryConsentStorage implements ConsentStorage {
  private readonly records = new Map<string, ConsentRecord>();
  async get(key: string): Promise<ConsentRecord | undefined> {
    return this.records.get(key);
  }
  async put(record: ConsentRecord): Promise<void> {
    this.records.set(record.key, { ...record, files: [...record.files] });
  }
  async delete(key: string): Promise<void> {
    this.records.delete(key);
  }
  async list(): Promise<ConsentRecord[]> {
    return [...this.records.values()];
  }
}

export async function openConsentStorage(): Promise<ConsentStorage> {
  if (typeof indexedDB === 'undefined') return new MemoryConsentStorage();
  try {
    return await IndexedDbConsentStorage.open();
  } catch {
    return new MemoryConsentStorage();
  }
}

/** The planner's consent state for a model, from the kept answer (none yet: still `pending`). */
export function consentStateOf(record: ConsentRecord | undefined): Exclude<ConsentState, 'not-asked'> {
  return record?.state ?? 'pending';
}
