import { HearthError } from '@hearth/spec';
import type { GgufByteReader } from './read-gguf-header.ts';
import { httpStatusError } from '../http/http-retry.ts';
import { readBodyPrefix } from '../http/read-body-prefix.ts';

export interface GgufRangeReaderOptions {
  signal?: AbortSignal;
  /** Extra request headers (e.g. authorization for a private gateway). */
  headers?: Record<string, string>;
}

/**
 * A GgufByteReader that fetches each range with an HTTP `Range` request. A server that ignores
 * Range and answers 200 still works: the body is read only as far as needed, then cancelled.
 *
 * @example const header = await readGgufHeader(ggufRangeReaderFromUrl('/models/tiny/model.gguf'))
 */
export function ggufRangeReaderFromUrl(url: string, fetchImpl: typeof fetch = globalThis.fetch, options: GgufRangeReaderOptions = {}): GgufByteReader {
  return async (offset, length) => {
    const out = new Uint8Array(Math.max(0, length));
    let filled = 0;
    // A reader may return fewer bytes only at the end of the file, but servers and proxies may
    // cap the size of one range: keep asking until the range is full or the file ends.
    while (filled < length) {
      const part = await fetchRange(url, fetchImpl, options, offset + filled, length - filled);
      out.set(part.bytes, filled);
      filled += part.bytes.length;
      if (part.bytes.length === 0 || part.endOfFile) break;
    }
    return out.subarray(0, filled);
  };
}

async function fetchRange(
  url: string,
  fetchImpl: typeof fetch,
  options: GgufRangeReaderOptions,
  offset: number,
  length: number,
): Promise<{ bytes: Uint8Array; endOfFile: boolean }> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { ...options.headers, Range: `bytes=${offset}-${offset + length - 1}` },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'AbortError') throw HearthError.from(cause);
    throw new HearthError({ code: 'network', message: `Could not fetch ${url}.`, cause, hint: 'Check the network and that the model URL is reachable.' });
  }
  // 416: the range starts at or past the end of the file, so there is nothing more to read.
  if (response.status === 416) {
    await response.body?.cancel();
    return { bytes: new Uint8Array(0), endOfFile: true };
  }
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (range !== null && Number(range[1]) !== offset) {
      await response.body?.cancel();
      throw new HearthError({
        code: 'upstream',
        message: `${url} answered a Range request for byte ${offset} with bytes from ${range[1]}.`,
        data: { url, offset, start: Number(range[1]) },
      });
    }
    const bytes = await readBodyPrefix(response, length);
    const endOfFile = range === null || range[3] === '*' || Number(range[2]) + 1 >= Number(range[3]);
    return { bytes, endOfFile };
  }
  if (response.ok) {
    const bytes = await readBodyPrefix(response, offset + length);
    return { bytes: bytes.subarray(Math.min(offset, bytes.length)), endOfFile: true };
  }
  await response.body?.cancel();
  throw httpStatusError(response.status, { url, resource: 'file', message: `Fetching ${url} answered HTTP ${response.status}.` });
}
