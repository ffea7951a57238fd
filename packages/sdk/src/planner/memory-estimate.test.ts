import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { open, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchModelSpec, ensureModel, tinyModelSpec } from '@hearth/tools';
import { ggufReaderFromBytes } from '../gguf/gguf-reader-from-bytes.ts';
import { readGgufHeader, type GgufHeader } from '../gguf/read-gguf-header.ts';
import { shippedCatalog } from '../catalog/load-catalog.ts';
import { computeBufferBytes, estimateMemoryFromCatalog, estimateMemoryFromHeaders, kvCacheBytes, shapeFromHeader } from './memory-estimate.ts';
import { readModelEstimate } from './read-model-estimate.ts';
import { formatSize } from './format-size.ts';

const MiB = 1024 * 1024;

// Real GGUF files from the project's writer: the tiny model (< 1 MB) and the 243 MB bench model.
let tinyPath: string;
let benchPath: string;
let tiny: GgufHeader;
let bench: GgufHeader;

async function headerOf(path: string): Promise<GgufHeader> {
  // Only the leading bytes: the header of a 243 MB file is about 1.3 MB.
  const handle = await open(path);
  try {
    return await readGgufHeader(async (offset, length) => {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  tinyPath = await ensureModel(tinyModelSpec());
  benchPath = await ensureModel(benchModelSpec());
  tiny = await headerOf(tinyPath);
  bench = await headerOf(benchPath);
}, 120_000);

describe('memory estimate from real GGUF headers', () => {
  it('reads the shape the writer put in the bench model', () => {
    expect(shapeFromHeader(bench)).toEqual({
      blockCount: 24,
      embeddingLength: 1024,
      headCount: 16,
      headCountKv: 16,
      keyLength: 64,
      valueLength: 64,
      feedForwardLength: 3584,
      vocabSize: 32000,
      trainedContext: 4096,
    });
  });

  it("matches llama.cpp's KV cache exactly (node-llama-cpp reports 384 MiB for the bench model at 4096)", () => {
    const e = estimateMemoryFromHeaders([bench], { contextSize: 4096 });
    expect(e.kvCacheBytes).toBe(384 * MiB);
    expect(kvCacheBytes(shapeFromHeader(tiny), 2048)).toBe(0.5 * MiB);
  });

  it("stays within 20% above llama.cpp's compute buffer, never below it (measured here: 150.0 MiB at 4096, 82.0 at 2048, 20.8 tiny)", () => {
    const measured: Array<[GgufHeader, number, number]> = [
      [bench, 4096, 150.01],
      [bench, 2048, 82.01],
      [tiny, 2048, 20.76],
    ];
    for (const [header, ctx, mib] of measured) {
      const estimate = computeBufferBytes(shapeFromHeader(header), ctx) / MiB;
      expect(estimate).toBeGreaterThanOrEqual(mib);
      expect(estimate).toBeLessThanOrEqual(mib * 1.2);
    }
  });

  it('counts weights from the tensor table and finds the largest tensor', () => {
    const e = estimateMemoryFromHeaders([bench], { contextSize: 4096 });
    expect(e.weightsBytes).toBe(bench.tensorDataBytes);
    // 32000 x 1024 in Q4_0: 32000 * 1024 / 32 * 18 bytes.
    expect(e.largestTensor).toEqual({ name: 'token_embd.weight', bytes: 18_432_000 });
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.computeBytes + e.overheadBytes);
    expect(e.basis).toBe('gguf-header');
  });

  it("caps the context at the model's trained context", () => {
    expect(estimateMemoryFromHeaders([tiny], { contextSize: 32768 }).contextSize).toBe(2048);
  });

  it('agrees with the catalog entry of the bundled demo model (the same generated file)', async () => {
    const demo = shippedCatalog().models.find((m) => m.id === 'hearth-demo-tiny');
    const variant = demo?.variants[0];
    if (!demo || !variant) throw new Error('no demo model in the catalog');
    expect(variant.sizeBytes).toBe((await stat(tinyPath)).size);
    expect(demo.parameters).toBe(tiny.parameterCount);
    const fromHeader = estimateMemoryFromHeaders([tiny], { contextSize: 2048 });
    const fromCatalog = estimateMemoryFromCatalog(demo, variant, { contextSize: 2048 });
    expect(fromCatalog.kvCacheBytes).toBe(fromHeader.kvCacheBytes);
    expect(fromCatalog.computeBytes).toBe(fromHeader.computeBytes);
    expect(fromCatalog.largestTensor).toEqual(fromHeader.largestTensor);
    // The catalog counts the whole file (header included) as weights: a little over, never under.
    expect(fromCatalog.weightsBytes - fromHeader.weightsBytes).toBe(tiny.dataOffset);
  });

  it('estimates the same from a whole-file reader as from a range reader', async () => {
    const whole = await readGgufHeader(ggufReaderFromBytes(new Uint8Array(await readFile(tinyPath))));
    expect(estimateMemoryFromHeaders([whole], { contextSize: 1024 })).toEqual(estimateMemoryFromHeaders([tiny], { contextSize: 1024 }));
  });
});

describe('readModelEstimate over HTTP Range, before any download', () => {
  let server: Server;
  let base: string;
  const served: number[] = [];

  beforeAll(async () => {
    // A plain Range-capable file server on loopback, counting the bytes it sends.
    server = createServer((req, res) => {
      void (async () => {
        const size = (await stat(benchPath)).size;
        const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
        if (!m) {
          res.writeHead(400).end();
          return;
        }
        const start = Number(m[1]);
        const end = Math.min(Number(m[2]), size - 1);
        const handle = await open(benchPath);
        const body = Buffer.alloc(end - start + 1);
        await handle.read(body, 0, body.length, start);
        await handle.close();
        served.push(body.length);
        res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': body.length }).end(body);
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the header of a 243 MB model with a couple of MB of ranges', async () => {
    const estimate = await readModelEstimate([`${base}/bench.gguf`], { contextSize: 4096 });
    expect(estimate.weightsBytes).toBe(bench.tensorDataBytes);
    expect(estimate.kvCacheBytes).toBe(384 * MiB);
    const bytes = served.reduce((a, b) => a + b, 0);
    expect(bytes).toBeLessThan(4 * MiB);
    expect(formatSize(estimate.totalBytes)).toMatch(/MiB$/);
  });
});

describe('formatSize', () => {
  it('prints the binary units limits are set in', () => {
    expect(formatSize(1024 ** 3)).toBe('1 GiB');
    expect(formatSize(1_114_112_000)).toBe('1.04 GiB');
    expect(formatSize(128 * MiB)).toBe('128 MiB');
    expect(formatSize(512)).toBe('512 B');
  });
});
