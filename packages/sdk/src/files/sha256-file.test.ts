import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File, sha256FileAndChunks } from './sha256-file.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('sha256File', () => {
  it('hashes a file larger than one read, whole and by chunks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hearth-sha-'));
    dirs.push(dir);
    const bytes = new Uint8Array(9 << 20).map((_, i) => (i * 31) & 0xff);
    const path = join(dir, 'f.bin');
    await writeFile(path, bytes);
    expect(await sha256File(path)).toBe(hex(bytes));
    const chunk = 5 << 20;
    expect(await sha256FileAndChunks(path, chunk)).toEqual({ sha256: hex(bytes), chunks: [hex(bytes.subarray(0, chunk)), hex(bytes.subarray(chunk))] });
  });
});
