import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HearthError } from '@hearth/spec';
import { encodeGgufHeader } from '@hearth/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ggufRangeReaderFromUrl } from './gguf-range-reader-from-url.ts';
import { readGgufHeader } from './read-gguf-header.ts';

// A real HTTP server on loopback: one route honours Range, one ignores it (as some static hosts
// and proxies do), one is missing.
const tokens = Array.from({ length: 40_000 }, (_, i) => `token-${i}`);
const header = encodeGgufHeader(
  [
    { key: 'general.architecture', value: { type: 'string', value: 'llama' } },
    { key: 'tokenizer.ggml.tokens', value: { type: 'array', itemType: 'string', value: tokens } },
  ],
  [{ name: 'token_embd.weight', dims: [64, 40_000], ggmlType: 8, byteSize: 2 * 40_000 * 34 }],
  32,
);
const file = new Uint8Array(header.length + 2 * 40_000 * 34);
file.set(header);

let server: Server;
let base = '';
let bytesSent = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ranged.gguf') {
      const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      if (match === null) {
        res.writeHead(200, { 'content-length': file.length }).end(file);
        return;
      }
      const start = Number(match[1]);
      const end = Math.min(Number(match[2]), file.length - 1);
      if (start >= file.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.length}` }).end();
        return;
      }
      const body = file.subarray(start, end + 1);
      bytesSent += body.length;
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${file.length}`, 'content-length': body.length }).end(body);
    } else if (req.url === '/capped.gguf') {
      // Serves at most 1000 bytes per range request, as some CDNs and proxies do.
      const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
      const start = Number(match?.[1] ?? 0);
      const end = Math.min(Number(match?.[2] ?? file.length - 1), start + 999, file.length - 1);
      const body = file.subarray(start, end + 1);
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${file.length}`, 'content-length': body.length }).end(body);
    } else if (req.url === '/no-range.gguf') {
      res.writeHead(200, { 'content-length': file.length });
      res.end(file);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('ggufRangeReaderFromUrl', () => {
  it('reads a header with Range requests, fetching only the header', async () => {
    bytesSent = 0;
    const result = await readGgufHeader(ggufRangeReaderFromUrl(`${base}/ranged.gguf`), { initialReadBytes: 64 * 1024 });
    expect(result.metadata['tokenizer.ggml.tokens']).toEqual(tokens);
    expect(result.fileBytes).toBe(file.length);
    expect(bytesSent).toBeGreaterThanOrEqual(header.length - 32);
    expect(bytesSent).toBeLessThan(header.length * 2 + 64 * 1024);
    expect(bytesSent).toBeLessThan(file.length / 2);
  });

  it('returns nothing past the end of the file (416)', async () => {
    const read = ggufRangeReaderFromUrl(`${base}/ranged.gguf`);
    expect(await read(file.length + 10, 100)).toHaveLength(0);
    expect(Array.from(await read(file.length - 3, 100))).toEqual(Array.from(file.subarray(-3)));
  });

  it('still works when the server ignores Range and sends the whole file', async () => {
    const result = await readGgufHeader(ggufRangeReaderFromUrl(`${base}/no-range.gguf`), { initialReadBytes: 1024 });
    expect(result.tensors[0]?.name).toBe('token_embd.weight');
    const read = ggufRangeReaderFromUrl(`${base}/no-range.gguf`);
    expect(Array.from(await read(4, 4))).toEqual([3, 0, 0, 0]);
  });

  it('keeps asking when a server sends less of a range than requested', async () => {
    const read = ggufRangeReaderFromUrl(`${base}/capped.gguf`);
    const bytes = await read(100, 2500);
    expect(Array.from(bytes)).toEqual(Array.from(file.subarray(100, 2600)));
    expect(await read(file.length - 10, 2500)).toHaveLength(10);
    const result = await readGgufHeader(read, { initialReadBytes: 4096 });
    expect(result.metadata['tokenizer.ggml.tokens']).toEqual(tokens);
  });

  it('reports a missing model as model_not_found', async () => {
    const error = await readGgufHeader(ggufRangeReaderFromUrl(`${base}/missing.gguf`)).catch((e: unknown) => e);
    expect(HearthError.isInstance(error) && error.code).toBe('model_not_found');
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const error = await ggufRangeReaderFromUrl('http://127.0.0.1:1/model.gguf')(0, 16).catch((e: unknown) => e);
    expect(HearthError.isInstance(error) && error.code).toBe('network');
    expect(HearthError.isInstance(error) && error.isRetryable).toBe(true);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = (input, init) => {
      seen.push(new Headers(init?.headers).get('range') ?? '');
      return fetch(input, init);
    };
    await ggufRangeReaderFromUrl(`${base}/ranged.gguf`, fakeFetch)(10, 20);
    expect(seen).toEqual(['bytes=10-29']);
  });
});
