import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CACHE_DIR, cachedModelPaths, ensureModel, modelSpecHash } from './ensure-model.ts';
import { sha256File as fileSha256 } from '@hearth/sdk/node';
import { tinyModelSpec } from './llama-model-spec.ts';
import { GGUF_WRITER_VERSION, writeLlamaGguf } from './write-llama-gguf.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-gguf-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeLlamaGguf', () => {
  it('writes byte-identical files for the same spec, and different ones for another seed', async () => {
    const a = await writeLlamaGguf(tinyModelSpec({ type: 'q4_0' }), join(dir, 'a.gguf'));
    const b = await writeLlamaGguf(tinyModelSpec({ type: 'q4_0' }), join(dir, 'b.gguf'));
    const c = await writeLlamaGguf(tinyModelSpec({ type: 'q4_0', seed: 2 }), join(dir, 'c.gguf'));
    expect(a.bytes).toBe((await stat(join(dir, 'a.gguf'))).size);
    expect(await fileSha256(join(dir, 'a.gguf'))).toBe(await fileSha256(join(dir, 'b.gguf')));
    expect(await fileSha256(join(dir, 'c.gguf'))).not.toBe(await fileSha256(join(dir, 'a.gguf')));
    expect(b.tensorCount).toBe(3 + 9 * 2);
    expect(c.paths).toEqual([join(dir, 'c.gguf')]);
  });

  it('writes the bytes pinned for this writer version', async () => {
    // ensureModel trusts a cached file whose name carries the writer version. If this fails
    // because the output changed on purpose, bump GGUF_WRITER_VERSION and update the hashes.
    await writeLlamaGguf(tinyModelSpec(), join(dir, 'pinned-q8_0.gguf'));
    await writeLlamaGguf(tinyModelSpec({ type: 'f32' }), join(dir, 'pinned-f32.gguf'));
    expect({
      version: GGUF_WRITER_VERSION,
      q8_0: await fileSha256(join(dir, 'pinned-q8_0.gguf')),
      f32: await fileSha256(join(dir, 'pinned-f32.gguf')),
    }).toEqual({
      version: 2,
      q8_0: '827b7431fd80e58034255e8e10cc04eca965809a9838355cfd9808cb64fe7bbc',
      f32: '31c6ecfcba8007e4d0f9c508aadec5efad2ad0de1de1cef4f78f726d86d5613f',
    });
  });

  it('keeps the default tiny model under 1 MB, and F32 too', async () => {
    const q8 = await writeLlamaGguf(tinyModelSpec(), join(dir, 'tiny-q8.gguf'));
    const f32 = await writeLlamaGguf(tinyModelSpec({ type: 'f32' }), join(dir, 'tiny-f32.gguf'));
    expect(q8.bytes).toBeLessThan(1_000_000);
    expect(f32.bytes).toBeLessThan(1_000_000);
  });

  it('writes gguf-split shards named like llama.cpp expects', async () => {
    const written = await writeLlamaGguf(tinyModelSpec(), join(dir, 'split.gguf'), { shards: 3 });
    expect(written.paths.map((p) => basename(p))).toEqual(['split-00001-of-00003.gguf', 'split-00002-of-00003.gguf', 'split-00003-of-00003.gguf']);
    let total = 0;
    for (const path of written.paths) {
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('GGUF');
      total += bytes.length;
    }
    expect(total).toBe(written.bytes);
  });

  it('rejects impossible shard counts and specs before writing anything', async () => {
    const target = join(dir, 'rejected');
    await expect(writeLlamaGguf(tinyModelSpec(), `${target}.gguf`, { shards: 0 })).rejects.toThrow(/shards must be/);
    await expect(writeLlamaGguf(tinyModelSpec(), `${target}.gguf`, { shards: 22 })).rejects.toThrow(/shards must be/);
    await expect(writeLlamaGguf({ ...tinyModelSpec(), embeddingLength: 48 }, `${target}.gguf`)).rejects.toThrow(/multiples of 32/);
    expect((await readdir(dir)).filter((name) => name.startsWith('rejected'))).toEqual([]);
  });

  it('leaves no temporary files behind', async () => {
    expect((await readdir(dir)).filter((name) => name.includes('.partial-'))).toEqual([]);
  });
});

describe('ensureModel', () => {
  it('writes once into the cache under a name carrying the spec hash, then reuses the file', async () => {
    const cacheDir = join(dir, 'cache');
    const spec = tinyModelSpec({ type: 'f16' });
    const path = await ensureModel(spec, { cacheDir });
    expect(path).toBe(join(cacheDir, `hearth-tiny-f16-${modelSpecHash(spec)}.gguf`));
    const first = await stat(path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await ensureModel(spec, { cacheDir })).toBe(path);
    expect((await stat(path)).mtimeMs).toBe(first.mtimeMs);
  });

  it('gives every field of the spec, and the shard count, a different file', () => {
    const base = tinyModelSpec();
    const hashes = new Set([
      modelSpecHash(base),
      modelSpecHash(base, 3),
      modelSpecHash({ ...base, seed: 2 }),
      modelSpecHash({ ...base, contextLength: 1024 }),
      modelSpecHash({ ...base, rmsEpsilon: 1e-6 }),
      modelSpecHash({ ...base, type: 'q4_0' }),
    ]);
    expect(hashes.size).toBe(6);
    expect(modelSpecHash({ ...base })).toBe(modelSpecHash(base));
  });

  it('returns the first shard of a split model and writes all of them', async () => {
    const cacheDir = join(dir, 'cache');
    const path = await ensureModel(tinyModelSpec(), { cacheDir, shards: 2 });
    const paths = cachedModelPaths(tinyModelSpec(), { cacheDir, shards: 2 });
    expect(path).toBe(paths[0]);
    expect(paths[1]).toMatch(/-00002-of-00002\.gguf$/);
    for (const p of paths) await expect(stat(p)).resolves.toBeDefined();
  });

  it('defaults to <repo>/.cache/models whatever the working directory', () => {
    expect(DEFAULT_MODEL_CACHE_DIR).toBe(join(import.meta.dirname, '..', '..', '..', '.cache', 'models'));
  });
});

describe('cli', () => {
  it('writes the model and prints its path', async () => {
    const out = join(dir, 'from-cli.gguf');
    const cli = join(import.meta.dirname, 'cli.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, '--model', 'tiny', '--type', 'q8_0', '--out', out]);
    expect(stdout.trim()).toBe(out);
    expect(await fileSha256(out)).toBe(await fileSha256(join(dir, 'tiny-q8.gguf')));
  });
});
