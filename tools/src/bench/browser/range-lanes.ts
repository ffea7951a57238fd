// The store's traffic without the store: `parallel` lanes, each taking the next chunk of
// `chunkSize` bytes and asking for it in Range requests of `requestSize`. Shared by the page's
// rawRanges (bodies dropped) and raw-store-worker.ts (bodies written to OPFS).

/** Fetches `size` bytes of `url` that way, handing every body piece to `onBody` with its offset; resolves to the bytes received. */
export async function fetchInRangeLanes(
  url: string,
  size: number,
  { requestSize, chunkSize, parallel }: { requestSize: number; chunkSize: number; parallel: number },
  onBody: (bytes: Uint8Array, at: number) => void,
): Promise<number> {
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
          onBody(r.value, at);
          at += r.value.byteLength;
          bytes += r.value.byteLength;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return bytes;
}
