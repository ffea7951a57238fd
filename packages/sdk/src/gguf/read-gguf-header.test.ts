import { HearthError } from '@hearth/spec';
import { encodeGgufHeader, type GgufKv } from '@hearth/tools';
import { describe, expect, it } from 'vitest';
import { ggufReaderFromBlob } from './gguf-reader-from-blob.ts';
import { ggufReaderFromBytes } from './gguf-reader-from-bytes.ts';
import { readGgufHeader, type GgufByteReader } from './read-gguf-header.ts';

/** A minimal GGUF v3 file written byte by byte, independent of Hearth's writer. */
function handmadeGguf(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(512);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const u64 = (v: number) => {
    view.setBigUint64(at, BigInt(v), true);
    at += 8;
  };
  const str = (s: string) => {
    u64(s.length);
    for (const ch of s) bytes[at++] = ch.charCodeAt(0);
  };
  bytes.set([0x47, 0x47, 0x55, 0x46]); // "GGUF"
  at = 4;
  u32(3); // version
  u64(2); // tensors
  u64(2); // metadata entries
  str('general.architecture');
  u32(8);
  str('llama');
  str('llama.context_length');
  u32(4);
  u32(4096);
  str('a');
  u32(2);
  u64(3);
  u64(2);
  u32(0);
  u64(0); // F32 [3, 2] at 0
  str('b');
  u32(1);
  u64(64);
  u32(2);
  u64(32); // Q4_0 [64] at 32 (24 bytes padded to 32)
  const dataOffset = Math.ceil(at / 32) * 32;
  return bytes.slice(0, dataOffset + 32 + 64);
}

const VALID_KV: GgufKv[] = [
  { key: 'general.architecture', value: { type: 'string', value: 'llama' } },
  { key: 'general.alignment', value: { type: 'uint32', value: 32 } },
  { key: 'tokenizer.ggml.tokens', value: { type: 'array', itemType: 'string', value: ['a', 'b', 'Ġthe'] } },
];
const VALID_TENSORS = [{ name: 'token_embd.weight', dims: [64, 3], ggmlType: 8, byteSize: 2 * 3 * 34 }];

/** A small valid header, padded up to its 32-byte-aligned data section. */
function validHeader(): Uint8Array {
  return encodeGgufHeader(VALID_KV, VALID_TENSORS, 32);
}
/** Where the tensor table ends: bytes past it are padding the reader does not need. */
const VALID_TABLE_END = encodeGgufHeader(VALID_KV, VALID_TENSORS, 1).length;

async function expectInvalid(read: GgufByteReader | Uint8Array, message: RegExp): Promise<HearthError> {
  const error = await readGgufHeader(read instanceof Uint8Array ? ggufReaderFromBytes(read) : read).catch((e: unknown) => e);
  expect(HearthError.isInstance(error)).toBe(true);
  const hearthError = error as HearthError;
  expect(hearthError.code).toBe('invalid_model');
  expect(hearthError.message).toMatch(message);
  expect(hearthError.hint).toBeTruthy();
  return hearthError;
}

describe('readGgufHeader', () => {
  it('reads a hand-made GGUF v3 file', async () => {
    const header = await readGgufHeader(ggufReaderFromBytes(handmadeGguf()));
    expect(header.version).toBe(3);
    expect(header.alignment).toBe(32);
    expect(header.architecture).toBe('llama');
    expect(header.contextLength).toBe(4096);
    expect(header.metadataTypes['llama.context_length']).toEqual({ type: 'uint32' });
    expect(header.tensors.map(({ name, dims, typeName, offset, byteSize, elements }) => ({ name, dims, typeName, offset, byteSize, elements }))).toEqual([
      { name: 'a', dims: [3, 2], typeName: 'F32', offset: 0, byteSize: 24, elements: 6 },
      { name: 'b', dims: [64], typeName: 'Q4_0', offset: 32, byteSize: 36, elements: 64 },
    ]);
    expect(header.dataOffset % 32).toBe(0);
    expect(header.tensors[1]?.fileOffset).toBe(header.dataOffset + 32);
    expect(header.tensorDataBytes).toBe(32 + 64);
    expect(header.fileBytes).toBe(handmadeGguf().length);
    expect(header.parameterCount).toBe(70);
    expect(header.split).toBeUndefined();
  });

  it('reads from a Blob as from bytes', async () => {
    const fromBlob = await readGgufHeader(ggufReaderFromBlob(new Blob([handmadeGguf()])));
    expect(fromBlob).toEqual(await readGgufHeader(ggufReaderFromBytes(handmadeGguf())));
  });

  it('reads every metadata value type', async () => {
    const kv: GgufKv[] = [
      { key: 'u8', value: { type: 'uint8', value: 255 } },
      { key: 'i8', value: { type: 'int8', value: -128 } },
      { key: 'u16', value: { type: 'uint16', value: 65535 } },
      { key: 'i16', value: { type: 'int16', value: -32768 } },
      { key: 'u32', value: { type: 'uint32', value: 4294967295 } },
      { key: 'i32', value: { type: 'int32', value: -2147483648 } },
      { key: 'f32', value: { type: 'float32', value: 1.5 } },
      { key: 'f64', value: { type: 'float64', value: Math.PI } },
      { key: 'bool', value: { type: 'bool', value: true } },
      { key: 'small u64', value: { type: 'uint64', value: 12345n } },
      { key: 'big u64', value: { type: 'uint64', value: 2n ** 63n } },
      { key: 'negative i64', value: { type: 'int64', value: -(2n ** 60n) } },
      { key: 'unicode', value: { type: 'string', value: 'héllo ✓ 🔥' } },
      { key: '__proto__', value: { type: 'string', value: 'just data' } },
      { key: 'strings', value: { type: 'array', itemType: 'string', value: ['', 'a', 'ÿ'.repeat(40)] } },
      { key: 'i32s', value: { type: 'array', itemType: 'int32', value: [1, -2, 3] } },
      { key: 'f32s', value: { type: 'array', itemType: 'float32', value: [0.5, -0.25] } },
      { key: 'u8s', value: { type: 'array', itemType: 'uint8', value: [] } },
    ];
    const header = await readGgufHeader(ggufReaderFromBytes(encodeGgufHeader(kv, [], 32)));
    const m = header.metadata;
    expect([m['u8'], m['i8'], m['u16'], m['i16'], m['u32'], m['i32'], m['f32'], m['f64'], m['bool']]).toEqual([
      255,
      -128,
      65535,
      -32768,
      4294967295,
      -2147483648,
      1.5,
      Math.PI,
      true,
    ]);
    expect(m['small u64']).toBe(12345);
    expect(m['big u64']).toBe(2n ** 63n);
    expect(m['negative i64']).toBe(-(2n ** 60n));
    expect(m['unicode']).toBe('héllo ✓ 🔥');
    expect(m['__proto__']).toBe('just data');
    expect(Object.getPrototypeOf(m)).toBeNull();
    expect(m['strings']).toEqual(['', 'a', 'ÿ'.repeat(40)]);
    expect(m['i32s']).toEqual(new Int32Array([1, -2, 3]));
    expect(m['f32s']).toEqual(new Float32Array([0.5, -0.25]));
    expect(m['u8s']).toEqual(new Uint8Array(0));
    expect(header.metadataTypes['strings']).toEqual({ type: 'array', itemType: 'string' });
    expect(Object.keys(m)).toEqual(kv.map((e) => e.key));
  });

  it('fetches more bytes on demand, starting small', async () => {
    const bytes = validHeader();
    const reads: Array<[number, number]> = [];
    const header = await readGgufHeader(
      (offset, length) => {
        reads.push([offset, length]);
        return Promise.resolve(bytes.subarray(offset, offset + length));
      },
      { initialReadBytes: 16 },
    );
    expect(header.metadata['tokenizer.ggml.tokens']).toEqual(['a', 'b', 'Ġthe']);
    expect(reads[0]).toEqual([0, 16]);
    // Each read continues where the last ended and at least doubles what is held.
    for (let i = 1; i < reads.length; i++) {
      const [offset = 0, length = 0] = reads[i] ?? [];
      expect(offset).toBe((reads[i - 1]?.[0] ?? 0) + (reads[i - 1]?.[1] ?? 0));
      expect(length).toBeGreaterThanOrEqual(offset);
    }
  });

  it('rejects a file that is not GGUF', async () => {
    const bytes = validHeader();
    bytes.set([0x67, 0x67, 0x6a, 0x74]); // "ggjt", the pre-GGUF format
    const error = await expectInvalid(bytes, /Not a GGUF file: it starts with "ggjt"/);
    expect(error.hint).toMatch(/convert/);
    await expectInvalid(new TextEncoder().encode('<!doctype html><html>'), /Not a GGUF file/);
  });

  it.each([
    [1, /GGUF version 1 is no longer supported/],
    [0, /Unsupported GGUF version 0/],
    [4, /Unsupported GGUF version 4/],
    [0x03000000, /big-endian/],
  ])('rejects version %i', async (version, message) => {
    const bytes = validHeader();
    new DataView(bytes.buffer).setUint32(4, version, true);
    await expectInvalid(bytes, message);
  });

  it.each([0, 3, 4, 7, 12, 30, 60, 100, -20, -1])('rejects a header truncated at byte %i', async (cut) => {
    const bytes = validHeader();
    const end = cut < 0 ? VALID_TABLE_END + cut : cut;
    const error = await expectInvalid(bytes.slice(0, end), end < 4 ? /truncated/ : /truncated: it ends at byte \d+, inside/);
    expect(error.data?.['fileBytes']).toBe(end);
  });

  it('rejects counts no header could hold without trying to fetch them', async () => {
    const bytes = validHeader();
    new DataView(bytes.buffer).setBigUint64(16, 2n ** 40n, true); // metadata entries
    await expectInvalid(bytes, /claims 1099511627776 metadata entries/);
    const tensors = validHeader();
    new DataView(tensors.buffer).setBigUint64(8, 2n ** 62n, true);
    await expectInvalid(tensors, /impossible tensors|claims \d+ tensors/);
  });

  it('rejects a string longer than any header', async () => {
    const bytes = validHeader();
    new DataView(bytes.buffer).setBigUint64(24, 2n ** 40n, true); // length of the first key
    const requested: number[] = [];
    await expectInvalid((offset, length) => {
      requested.push(length);
      return Promise.resolve(bytes.subarray(offset, offset + length));
    }, /beyond the \d+-byte limit/);
    expect(Math.max(...requested)).toBeLessThanOrEqual(256 * 1024);
  });

  it('rejects unknown tensor types and bad tensor offsets', async () => {
    const unknownType = encodeGgufHeader([], [{ name: 't', dims: [32], ggmlType: 4, byteSize: 0 }], 32);
    await expectInvalid(unknownType, /ggml type 4/);
    const twoTensors = [
      { name: 't', dims: [32], ggmlType: 0, byteSize: 128 },
      { name: 'u', dims: [32], ggmlType: 0, byteSize: 128 },
    ];
    const gap = encodeGgufHeader([], twoTensors, 32);
    const view = new DataView(gap.buffer);
    // u's offset is the last field of the table, which ends where the unpadded header does.
    const uOffsetAt = encodeGgufHeader([], twoTensors, 1).length - 8;
    expect(view.getBigUint64(uOffsetAt, true)).toBe(128n);
    view.setBigUint64(uOffsetAt, 160n, true);
    await expectInvalid(gap, /starts at data offset 160; .* must start at 128/);
  });

  it('rejects a row that is not a whole number of quantization blocks', async () => {
    await expectInvalid(encodeGgufHeader([], [{ name: 't', dims: [48], ggmlType: 2, byteSize: 0 }], 32), /rows of 48 values, not whole blocks of 32/);
  });

  it('rejects an alignment that is not a power of two', async () => {
    const bytes = encodeGgufHeader([{ key: 'general.alignment', value: { type: 'uint32', value: 24 } }], [], 32);
    await expectInvalid(bytes, /not a power of two/);
    const wrongType = encodeGgufHeader([{ key: 'general.alignment', value: { type: 'uint64', value: 32n } }], [], 32);
    await expectInvalid(wrongType, /must be a uint32/);
  });

  it('rejects duplicate keys and tensor names', async () => {
    const kv: GgufKv = { key: 'k', value: { type: 'bool', value: true } };
    await expectInvalid(encodeGgufHeader([kv, kv], [], 32), /"k" appears twice/);
    const t = { name: 't', dims: [32], ggmlType: 0, byteSize: 0 };
    await expectInvalid(encodeGgufHeader([], [t, t], 32), /Tensor "t" appears twice/);
  });
});
