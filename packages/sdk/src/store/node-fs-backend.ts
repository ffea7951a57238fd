import { openAsBlob } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, statfs, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { HearthError } from '@hearth/spec';
import type { PartialFile, StorageRoom, StoreBackend } from './store-backend.ts';

/**
 * The file system in Node: `<dir>/blobs/<sha256>` complete files, `<dir>/partial/<sha256>.part`
 * downloads in progress, `<dir>/locks/` one lock file per download (so two `hearth pull`s never
 * write one file). A killed process leaves its writes in the page cache: nothing is lost but
 * what was still in flight.
 */
export class NodeFsBackend implements StoreBackend {
  readonly kind = 'fs';
  private readonly inProcess = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  /** Where a complete file lives, for engines that load from a path (node-llama-cpp). */
  completePath(sha256: string): string {
    return join(this.dir, 'blobs', sha256);
  }

  private partialPath(sha256: string): string {
    return join(this.dir, 'partial', `${sha256}.part`);
  }

  async openPartial(sha256: string): Promise<PartialFile> {
    await mkdir(join(this.dir, 'partial'), { recursive: true });
    const handle = await open(this.partialPath(sha256), 'a+').then(async (h) => {
      // 'a+' creates without truncating; positional writes need 'r+', so reopen.
      await h.close();
      return open(this.partialPath(sha256), 'r+');
    });
    return new NodePartialFile(handle);
  }

  async deletePartial(sha256: string): Promise<void> {
    await rm(this.partialPath(sha256), { force: true });
  }

  async commit(sha256: string, size: number): Promise<void> {
    const info = await stat(this.partialPath(sha256));
    if (info.size !== size) throw new HearthError({ code: 'internal', message: `Partial file for ${sha256} is ${info.size} bytes, not ${size}.` });
    await mkdir(join(this.dir, 'blobs'), { recursive: true });
    await rename(this.partialPath(sha256), this.completePath(sha256));
  }

  async hasComplete(sha256: string): Promise<boolean> {
    return stat(this.completePath(sha256)).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  readComplete(sha256: string): Promise<Blob> {
    return openAsBlob(this.completePath(sha256));
  }

  async rekeyComplete(from: string, to: string): Promise<void> {
    await rename(this.completePath(from), this.completePath(to));
  }

  async deleteComplete(sha256: string): Promise<void> {
    await rm(this.completePath(sha256), { force: true });
  }

  async estimate(): Promise<StorageRoom | undefined> {
    await mkdir(this.dir, { recursive: true });
    const fs = await statfs(this.dir);
    return { free: fs.bavail * fs.bsize, quota: fs.blocks * fs.bsize };
  }

  async persist(): Promise<boolean> {
    return true;
  }

  async withLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    // One chain per file inside this process, then a lock file across processes.
    const previous = this.inProcess.get(sha256) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => this.withFileLock(sha256, work));
    this.inProcess.set(sha256, run);
    try {
      return await run;
    } finally {
      if (this.inProcess.get(sha256) === run) this.inProcess.delete(sha256);
    }
  }

  private async withFileLock<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    await mkdir(join(this.dir, 'locks'), { recursive: true });
    const path = join(this.dir, 'locks', `${sha256}.lock`);
    for (;;) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx' });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(await readFile(path, 'utf8').catch(() => ''));
        // A killed process leaves its lock behind: a lock whose process is gone is free.
        if (!isAlive(owner)) {
          await rm(path, { force: true });
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    try {
      return await work();
    } finally {
      await rm(path, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class NodePartialFile implements PartialFile {
  constructor(private readonly handle: FileHandle) {}

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.byteLength - done, offset + done);
      done += bytesWritten;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(out, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === length ? out : out.subarray(0, done);
  }

  async flush(): Promise<void> {
    // The page cache survives a killed process; fsync on every save would cost more than it protects.
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => {});
  }
}
