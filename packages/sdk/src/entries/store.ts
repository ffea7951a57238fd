// `@hearth/sdk/store`: resumable, verified model downloads and where they are kept (OPFS, the
// Cache API, IndexedDB; the file-system backend is in `./node`).
export {
  ModelStore,
  DEFAULT_MARGIN,
  formatBytes,
  type ModelStoreOptions,
  type EnsureOptions,
  type EnsureResult,
  type StoreProgress,
  type StoreEvent,
  type StoredFile,
  type StoredFileInfo,
} from '../store/model-store.ts';
export {
  defaultRequestSize,
  downloadFile,
  DOWNLOAD_DEFAULTS,
  type DownloadTarget,
  type DownloadOptions,
  type DownloadIo,
  type DownloadStats,
  type DownloadEvent,
  type FileProgress,
} from '../store/download-file.ts';
export { fetchVerified, sha256Hex } from '../store/fetch-verified.ts';
export {
  inlineSha256,
  workerSha256,
  serveSha256,
  type Sha256Stream,
  type Sha256StreamFactory,
  type Sha256Checkpoint,
  type WorkerSha256Options,
  type Sha256WorkerRequest,
  type Sha256WorkerReply,
} from '../store/sha256-stream.ts';
export type { StoreBackend, PartialFile, StorageRoom } from '../store/store-backend.ts';
export type { StoreIndex, StoreRecord, DownloadState } from '../store/store-index.ts';
export { openBrowserModelStore } from '../store/open-browser-model-store.ts';
export { OpfsBackend } from '../store/opfs-backend.ts';
export { CacheApiBackend } from '../store/cache-api-backend.ts';
export { IndexedDbStoreIndex } from '../store/indexed-db-store-index.ts';
