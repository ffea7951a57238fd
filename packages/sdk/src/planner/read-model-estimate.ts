import { ggufRangeReaderFromUrl } from '../gguf/gguf-range-reader-from-url.ts';
import { readGgufHeader, type GgufHeader } from '../gguf/read-gguf-header.ts';
import { estimateMemoryFromHeaders, type MemoryEstimate, type MemoryEstimateOptions } from './memory-estimate.ts';

export interface ReadModelEstimateOptions extends MemoryEstimateOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Reads each shard's GGUF header with HTTP Range requests (a few hundred KB, never the weights) and
 * estimates what the model needs at `contextSize`. Pass the result to `plan()` as an estimate for
 * the variant, so the plan rests on the file's own tensor table rather than catalog facts.
 *
 * @example const estimate = await readModelEstimate([url], { contextSize: 4096 })
 */
export async function readModelEstimate(urls: readonly string[], options: ReadModelEstimateOptions): Promise<MemoryEstimate & { headers: GgufHeader[] }> {
  const headers: GgufHeader[] = [];
  // One shard after another: the first names the architecture, and servers see fewer requests at once.
  for (const url of urls) {
    headers.push(await readGgufHeader(ggufRangeReaderFromUrl(url, options.fetch ?? globalThis.fetch, options.signal ? { signal: options.signal } : {})));
  }
  return { ...estimateMemoryFromHeaders(headers, options), headers };
}
