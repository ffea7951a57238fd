import { HearthError } from '@hearth/spec';
import type { PartialFile, StorageRoom, StoreBackend, SyncFileReader } from './store-backend.ts';
import { browserPersist, browserRoom, withBrowserLock } from './browser-storage.ts';

/** The parts of OPFS sync access handles used here (typed in TypeScript's webworker lib only). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
  getSize(): number;
}
type SyncFileHandle = FileSystemFileHandle & {
  /** `mode` (Chromium 121+): 'read-only' handles share the file with other readers. */
  createSyncAccessHandle(options?: { mode?: 'readwrite' | 'read-only' | 'readwrite-unsafe' }): Promise<SyncAccessHandle>;
  move?(destination: FileSystemDirectoryHandle, name: string): Promise<void>;
};

/**
 * The origin private file system through sync access handles: positional writes straight into
 * the file, no copy on close (the async `createWritable` copies the whole file into a swap file
 * on every open). Sync handles exist only in dedicated Workers, so this backend runs there.
 */
export class OpfsBackend implements StoreBackend {
  readonly kind = 'opfs';

  private constructor(
    private readonly blobs: FileSystemDirectoryHandle,
    private readonly partials: FileSystemDirectoryHandle,
  ) {}

  /** True where sync access handles exist (a dedicated Worker in Chromium, Firefox, Safari). */
  static isAvailable(): boolean {
    return (
      typeof FileSystemFileHandle !== 'undefined' &&
      'createSyncAccessHandle' in FileSystemFileHandle.prototype &&
      typeof navigator.storage?.getDirectory === 'function'
    );
  }

  /** Throws (SecurityError) where storage is denied, e.g. in a third-party iframe under partitioning. */
  static async open(folder = 'hearth-models'): Promise<OpfsBackend> {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
    return new OpfsBackend(await root.getDirectoryHandle('blobs', { create: true }), await root.getDirectoryHandle('partial', { create: true }));
  }

  async openPartial(sha256: string): Promise<PartialFile> {
    const file = (await this.partials.getFileHandle(`${sha256}.part`, { create: true })) as SyncFileHandle;
    const handle = await file.createSyncAccessHandle();
    return {
      async write(offset, bytes) {
        let done = 0;
        while (done < bytes.byteLength) done += handle.write(bytes.subarray(done), { at: offset + done });
      },
      async read(offset, length) {
        const out = new Uint8Array(length);
        const n = handle.read(out, { at: offset });
        return n === length ? out : out.subarray(0, n);
      },
      async flush() {
        handle.flush();
      },
      async close() {
        try {
          handle.close();
        } catch {}
      },
    };
  }

  async deletePartial(sha256: string): Promise<void> {
    await this.partials.removeEntry(`${sha256}.part`).catch(ignoreNotFound);
  }

  async commit(sha256: string, size: number): Promise<void> {
    const file = (await this.partials.getFileHandle(`${sha256}.part`)) as SyncFileHandle;
    const actual = (await file.getFile()).size;
    if (actual !== size) throw new HearthError({ code: 'internal', message: `Partial file for ${sha256} is ${actual} bytes, not ${size}.` });
    if (typeof file.move !== 'function') throw new HearthError({ code: 'unsupported', message: 'This browser cannot move OPFS files.' });
    await file.move(this.blobs, sha256);
  }

  async hasComplete(sha256: string): Promise<boolean> {
    return this.blobs.getFileHandle(sha256).then(
      () => true,
      () => false,
    );
  }

  async readComplete(sha256: string): Promise<Blob> {
    return (await this.blobs.getFileHandle(sha256)).getFile();
  }

  async openCompleteReader(sha256: string): Promise<SyncFileReader | undefined> {
    try {
      const file = (await this.blobs.getFileHandle(sha256)) as SyncFileHandle;
      const handle = await file.createSyncAccessHandle({ mode: 'read-only' });
      return {
        size: handle.getSize(),
        read: (target, at) => handle.read(target, { at }),
        close: () => {
          try {
            handle.close();
          } catch {}
        },
      };
    } catch {
      // No read-only mode here (a writable handle would lock other readers out), or the file is busy.
      return undefined;
    }
  }

  async deleteComplete(sha256: string): Promise<void> {
    await this.blobs.removeEntry(sha256).catch(ignoreNotFound);
  }

  estimate(): Promise<StorageRoom | undefined> {
    return browserRoom();
  }

  persist(): Promise<boolean> {
    return browserPersist();
  }

  withLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    return withBrowserLock(sha256, work);
  }
}

function ignoreNotFound(error: unknown): void {
  if (error instanceof DOMException && error.name === 'NotFoundError') return;
  throw error;
}
