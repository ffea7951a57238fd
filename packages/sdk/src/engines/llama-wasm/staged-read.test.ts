import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStaged } from './staged-read.ts';

// A real file read with fs.readSync, as OPFS's sync access handle reads in a Worker: it may
// return fewer bytes than asked, and 0 at the end of the file.
const dir = mkdtempSync(join(tmpdir(), 'hearth-staged-read-'));
const bytes = new Uint8Array(randomBytes(1_000_003));
const path = join(dir, 'model.bin');
writeFileSync(path, bytes);
const fd = openSync(path, 'r');
const fileReader = { read: (target: Uint8Array, at: number) => readSync(fd, target, 0, target.length, at) };
afterAll(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

describe('readStaged', () => {
  it('copies a range longer than the stage, piece by piece, into the target at its offset', () => {
    const memory = new Uint8Array(600_000).fill(7);
    const target = memory.subarray(100, 500_100);
    const stage = new Uint8Array(65_536);
    expect(readStaged(fileReader, target, 123_457, stage)).toBe(500_000);
    expect(Buffer.from(target).equals(Buffer.from(bytes.subarray(123_457, 623_457)))).toBe(true);
    // Nothing outside the target is written.
    expect(memory.subarray(0, 100).every((b) => b === 7)).toBe(true);
    expect(memory.subarray(500_100).every((b) => b === 7)).toBe(true);
  });

  it('keeps going after short reads and stops at the end of the file', () => {
    const calls: number[] = [];
    // At most 1,000 bytes a call, as a reader of a busy file may return.
    const shortReader = {
      read: (target: Uint8Array, at: number) => {
        calls.push(at);
        return fileReader.read(target.subarray(0, Math.min(1_000, target.length)), at);
      },
    };
    const target = new Uint8Array(10_000);
    expect(readStaged(shortReader, target, bytes.length - 2_500, new Uint8Array(4_096))).toBe(2_500);
    expect(Buffer.from(target.subarray(0, 2_500)).equals(Buffer.from(bytes.subarray(bytes.length - 2_500)))).toBe(true);
    expect(target.subarray(2_500).every((b) => b === 0)).toBe(true);
    expect(calls).toEqual([bytes.length - 2_500, bytes.length - 1_500, bytes.length - 500, bytes.length]);
  });
});
