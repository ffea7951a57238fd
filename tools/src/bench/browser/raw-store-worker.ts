// The store's traffic with storage and nothing else: the same Range requests as rawRanges (3 at
// a time, each lane taking the next 16 MiB chunk), every body written where it belongs in one OPFS
// file through a sync access handle, as the store writes, with no hashing, no copy into a file
// image and no resume points. What is left between this and the store is the store's own cost;
// what is left between this and rawRanges is the disk's. The file is removed afterwards.
import { fetchInRangeLanes } from './range-lanes.ts';

interface RawStoredRequest {
  url: string;
  size: number;
  requestSize: number;
  chunkSize: number;
  parallel: number;
}

/** OPFS's sync access handle (Workers only), as much of it as this uses. */
interface SyncAccessHandle {
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

self.onmessage = async (event: MessageEvent<RawStoredRequest>) => {
  const { url, size, requestSize, chunkSize, parallel } = event.data;
  const name = 'hearth-bench-raw-stored';
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(name).catch(() => {});
    const file = (await root.getFileHandle(name, { create: true })) as unknown as { createSyncAccessHandle(): Promise<SyncAccessHandle> };
    const handle = await file.createSyncAccessHandle();
    const started = performance.now();
    const bytes = await fetchInRangeLanes(url, size, { requestSize, chunkSize, parallel }, (body, at) => {
      let done = 0;
      while (done < body.byteLength) done += handle.write(body.subarray(done), { at: at + done });
    });
    handle.flush();
    const seconds = (performance.now() - started) / 1000;
    handle.close();
    await root.removeEntry(name);
    postMessage({ seconds, bytes });
  } catch (error) {
    postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
