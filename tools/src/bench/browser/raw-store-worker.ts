// The store's traffic with storage and nothing else: the same Range requests as rawRanges (3 at
// a time, each lane taking the next 16 MiB chunk), every body written where it belongs in one OPFS
// file through a sync access handle, as the store writes, with no hashing, no copy into a file
// image and no resume points. What is left between this and the store is the store's own cost;
// what is left between this and rawRanges is the disk's. The file is removed afterwards.
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
    let nextChunk = 0;
    let bytes = 0;
    const lane = async (): Promise<void> => {
      for (let chunkStart = nextChunk; chunkStart < size; chunkStart = nextChunk) {
        nextChunk = chunkStart + chunkSize;
        const chunkEnd = Math.min(size, nextChunk);
        for (let start = chunkStart; start < chunkEnd; start += requestSize) {
          const end = Math.min(chunkEnd, start + requestSize) - 1;
          const response = await fetch(url, { cache: 'no-store', headers: { Range: `bytes=${start}-${end}` } });
          if (response.status !== 206) throw new Error(`HTTP ${response.status} for bytes ${start}-${end}`);
          const reader = response.body!.getReader();
          let at = start;
          for (let r = await reader.read(); !r.done; r = await reader.read()) {
            let done = 0;
            while (done < r.value.byteLength) done += handle.write(r.value.subarray(done), { at: at + done });
            at += r.value.byteLength;
            bytes += r.value.byteLength;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    handle.flush();
    const seconds = (performance.now() - started) / 1000;
    handle.close();
    await root.removeEntry(name);
    postMessage({ seconds, bytes });
  } catch (error) {
    postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
