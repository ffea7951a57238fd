/** Metadata of a store: one record per file, keyed by SHA-256. IndexedDB in the browser, small JSON files in Node. */
export interface StoreIndex {
  get(sha256: string): Promise<StoreRecord | undefined>;
  put(record: StoreRecord): Promise<void>;
  delete(sha256: string): Promise<void>;
  list(): Promise<StoreRecord[]>;
}

export interface StoreRecord {
  sha256: string;
  size: number;
  /** File name from the manifest, for people reading `list()`. */
  name: string;
  /** Where it was (last) fetched from. */
  url: string;
  state: 'partial' | 'complete';
  /** Milliseconds since the epoch (the store's clock), for least-recently-used eviction. */
  lastUsed: number;
  /** Pinned files are never evicted. */
  pinned: boolean;
  /** Resume point while `state` is partial. */
  download?: DownloadState;
}

/** Everything a download needs to continue after a reload, a crash or a killed process. */
export interface DownloadState {
  /** The server's validator (strong ETag) the saved bytes came under; sent as If-Range. */
  validator: string | null;
  chunkSize: number;
  /** Bytes written (and flushed) from the start of each chunk. */
  received: number[];
  /** Bytes already fed to the hash, from the start of the file. */
  hashedBytes: number;
  /** Saved SHA-256 state after `hashedBytes` (base64 of hash-wasm's `save()`), null before any byte. */
  hashState: string | null;
  /** With a manifest's chunk hashes: the chunks whose bytes on storage matched theirs (a resume checks only the others). */
  chunksVerified?: boolean[];
}
