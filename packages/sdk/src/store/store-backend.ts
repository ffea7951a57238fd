/**
 * Where a store keeps model bytes. One interface, three places: OPFS (sync access handles in a
 * Worker), the Cache API where OPFS is missing, and the file system in Node. Files are keyed by
 * the SHA-256 the manifest promises; a file becomes "complete" only through `commit`, which the
 * store calls after the streamed hash matched.
 */
export interface StoreBackend {
  readonly kind: 'opfs' | 'cache-api' | 'fs';
  /** Opens (creating when missing) the partial bytes of a download, keyed by expected SHA-256. */
  openPartial(sha256: string): Promise<PartialFile>;
  /** Drops a partial download's bytes (a changed file, a cancel). */
  deletePartial(sha256: string): Promise<void>;
  /** Turns verified partial bytes into the complete entry for `sha256`. */
  commit(sha256: string, size: number): Promise<void>;
  hasComplete(sha256: string): Promise<boolean>;
  /** The complete file, lazily backed by storage (an OPFS File, a Cache API body, `fs.openAsBlob`). */
  readComplete(sha256: string): Promise<Blob>;
  deleteComplete(sha256: string): Promise<void>;
  /** Free room as the platform reports it; undefined when it cannot tell. */
  estimate(): Promise<StorageRoom | undefined>;
  /** Asks that the data survive storage pressure; true when granted. */
  persist(): Promise<boolean>;
  /**
   * Runs `work` while holding the download lock for `sha256`, so two tabs or two processes never
   * write one partial file at once; the second waits, then finds the file complete.
   */
  withLock<T>(sha256: string, work: () => Promise<T>): Promise<T>;
  /**
   * Moves a complete entry to another key without copying: a file downloaded under a provisional
   * key (its hash unknown beforehand) goes under the SHA-256 computed from its bytes. Optional:
   * only the file-system backend has it.
   */
  rekeyComplete?(from: string, to: string): Promise<void>;
  /**
   * Synchronous positional reads of a complete file, straight into the caller's memory (a wasm
   * heap included): one copy from storage, where a Blob read makes a buffer first. Optional: only
   * OPFS has it (read-only sync access handles, so other readers are not locked out); undefined
   * where the platform refuses one.
   */
  openCompleteReader?(sha256: string): Promise<SyncFileReader | undefined>;
}

/** Reads of one stored file into memory the caller owns; `close` lets the store change the file again. */
export interface SyncFileReader {
  readonly size: number;
  /** Copies bytes from `at` into `target` (as many as fit and exist); returns how many. */
  read(target: Uint8Array, at: number): number;
  close(): void;
}

export interface PartialFile {
  /** Writes at an offset; the bytes are readable (and survive a killed process) once this resolves. */
  write(offset: number, bytes: Uint8Array): Promise<void>;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Makes earlier writes durable before the progress that names them is saved. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** Bytes the origin (browser) or the disk (Node) may still fill. */
export interface StorageRoom {
  /** Bytes that can still be written. */
  free: number;
  /** Total the platform allows (browser quota; disk size in Node). */
  quota?: number;
  /** Bytes already used (all of the origin in the browser, the store's own in Node). */
  usage?: number;
}
