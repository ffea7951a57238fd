import type { SyncFileReader } from '../../store/store-backend.ts';

const MiB = 1 << 20;

/**
 * Reads `target.length` bytes at `position` through `stage`, a small buffer that stays mapped,
 * copying each piece into `target` (wasm memory). Returns the bytes read: fewer only at the end of
 * the file.
 *
 * Reading straight into fresh wasm memory would be one copy fewer, but the kernel's copy leaves
 * the pages slow at their first access from the program, which for a model is its first decode.
 * On the bench VM the bench model's first token in Node took 0.71-0.79 s after direct reads and
 * 0.49-0.52 s after staged ones, the load itself unchanged (1.07-1.32 s against 1.08-1.12 s); in C,
 * a 128 MiB read plus one pass over it took 0.60-0.80 s direct and 0.43-0.57 s staged. The extra
 * copy is from a buffer in cache, about 15 ms for the 244 MB model.
 */
export function readStaged(reader: Pick<SyncFileReader, 'read'>, target: Uint8Array, position: number, stage: Uint8Array): number {
  let done = 0;
  while (done < target.length) {
    const n = reader.read(stage.subarray(0, Math.min(stage.length, target.length - done)), position + done);
    if (n <= 0) break;
    target.set(stage.subarray(0, n), done);
    done += n;
  }
  return done;
}

/** The stage's size: large enough that each read is one call for a megabyte, small enough to stay in cache. */
export const STAGE_BYTES = MiB;
