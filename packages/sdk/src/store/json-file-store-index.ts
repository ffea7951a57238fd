import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreIndex, StoreRecord } from './store-index.ts';

/**
 * The store's metadata in Node: one small JSON file per model file (`<dir>/index/<sha256>.json`),
 * replaced atomically (write, then rename), so a killed process leaves either the old record or
 * the new one, and two processes working on different files never overwrite each other.
 */
export class JsonFileStoreIndex implements StoreIndex {
  private readonly folder: string;

  constructor(dir: string) {
    this.folder = join(dir, 'index');
  }

  async get(sha256: string): Promise<StoreRecord | undefined> {
    try {
      return JSON.parse(await readFile(join(this.folder, `${sha256}.json`), 'utf8')) as StoreRecord;
    } catch {
      return undefined;
    }
  }

  async put(record: StoreRecord): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const path = join(this.folder, `${record.sha256}.json`);
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temporary, JSON.stringify(record));
    await rename(temporary, path);
  }

  async delete(sha256: string): Promise<void> {
    await rm(join(this.folder, `${sha256}.json`), { force: true });
  }

  async list(): Promise<StoreRecord[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const records: StoreRecord[] = [];
    for (const name of names) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      const record = await this.get(name.slice(0, 64));
      if (record) records.push(record);
    }
    return records;
  }
}
