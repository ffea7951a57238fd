import { open, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_TENSOR_TYPES, GGML_TYPE_ID, planLlamaGguf, tinyModelSpec, writeLlamaGguf, type GgufKv } from '@hearth/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGgufHeader, type GgufByteReader, type GgufHeader, type GgufMetadataValue } from './read-gguf-header.ts';

// Hearth's writer and reader against each other: whatever the writer puts in a fixture model,
// the reader must give back, and the layout must be the one llama.cpp expects.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-gguf-roundtrip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readFileHeader(path: string): Promise<{ header: GgufHeader; size: number; reads: number }> {
  const file = await open(path);
  let reads = 0;
  const read: GgufByteReader = async (offset, length) => {
    reads++;
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  };
  try {
    return { header: await readGgufHeader(read), size: (await stat(path)).size, reads };
  } finally {
    await file.close();
  }
}

async function readBytes(path: string, offset: number, length: number): Promise<Uint8Array> {
  const file = await open(path);
  try {
    const buffer = new Uint8Array(length);
    await file.read(buffer, 0, length, offset);
    return buffer;
  } finally {
    await file.close();
  }
}

function expectedValue(entry: GgufKv): unknown {
  const { value } = entry;
  if (value.type !== 'array') return typeof value.value === 'bigint' ? Number(value.value) : value.value;
  if (value.itemType === 'string') return value.value;
  return Array.from(value.value);
}

function comparable(value: GgufMetadataValue | undefined): unknown {
  return ArrayBuffer.isView(value) ? Array.from(value as ArrayLike<number>) : value;
}

function expectLayout(header: GgufHeader, size: number): void {
  expect(header.dataOffset % header.alignment).toBe(0);
  for (const tensor of header.tensors) expect(tensor.fileOffset % header.alignment).toBe(0);
  expect(size).toBe(header.dataOffset + header.tensorDataBytes);
  expect(header.fileBytes).toBe(size);
}

describe.each(FIXTURE_TENSOR_TYPES)('a written %s model read back', (type) => {
  it('has the metadata and tensor table that were written', async () => {
    const spec = tinyModelSpec({ type });
    const path = join(dir, `tiny-${type}.gguf`);
    await writeLlamaGguf(spec, path);
    const { kv, tensors } = planLlamaGguf(spec);
    const { header, size, reads } = await readFileHeader(path);

    expect(reads).toBe(1); // the tiny model's header fits in the first 256 KiB read
    expect(header.version).toBe(3);
    expect(header.alignment).toBe(32);
    expect(Object.keys(header.metadata)).toEqual(kv.map((e) => e.key));
    for (const entry of kv) {
      const expected = expectedValue(entry);
      const actual = comparable(header.metadata[entry.key]);
      if (entry.value.type === 'float32') expect(actual).toBe(Math.fround(expected as number));
      else expect(actual).toEqual(expected);
      expect(header.metadataTypes[entry.key]?.type).toBe(entry.value.type);
    }
    expect(header.tensors.map(({ name, dims, type: t, byteSize }) => ({ name, dims, type: t, byteSize }))).toEqual(
      tensors.map(({ name, dims, ggmlType, byteSize }) => ({ name, dims, type: ggmlType, byteSize })),
    );
    expect(header.tensors.find((t) => t.name === 'blk.0.ffn_down.weight')?.type).toBe(GGML_TYPE_ID[type]);
    expect(header.tensors.find((t) => t.name === 'blk.1.ffn_norm.weight')?.typeName).toBe('F32');
    expect(header.architecture).toBe('llama');
    expect(header.name).toBe('hearth-tiny');
    expect(header.contextLength).toBe(spec.contextLength);
    expect(header.embeddingLength).toBe(spec.embeddingLength);
    expect(header.blockCount).toBe(spec.blockCount);
    expect(header.fileType).toBe({ f32: 0, f16: 1, q4_0: 2, q8_0: 7, q4_k: 14, q6_k: 18 }[type]);
    expectLayout(header, size);
  });
});

describe('a written 3-shard model read back', () => {
  it('splits the tensors of the single file across shards, bytes unchanged, metadata in the first', async () => {
    const spec = tinyModelSpec({ type: 'q4_0' });
    const single = await writeLlamaGguf(spec, join(dir, 'whole.gguf'));
    const split = await writeLlamaGguf(spec, join(dir, 'split.gguf'), { shards: 3 });
    const whole = (await readFileHeader(single.paths[0] ?? '')).header;

    const shards: GgufHeader[] = [];
    for (const [index, path] of split.paths.entries()) {
      const { header, size } = await readFileHeader(path);
      expectLayout(header, size);
      expect(header.split).toEqual({ index, count: 3, tensorCount: whole.tensors.length });
      expect(header.tensors.length).toBeGreaterThan(0);
      shards.push(header);
    }
    expect(shards[0]?.architecture).toBe('llama');
    expect(shards[0]?.metadata['tokenizer.ggml.tokens']).toEqual(whole.metadata['tokenizer.ggml.tokens']);
    expect(Object.keys(shards[1]?.metadata ?? {})).toEqual(['split.no', 'split.count', 'split.tensors.count']);
    expect(shards[1]?.metadataTypes['split.count']).toEqual({ type: 'uint16' });
    expect(shards[1]?.metadataTypes['split.tensors.count']).toEqual({ type: 'int32' });

    const names = shards.flatMap((h) => h.tensors.map((t) => t.name));
    expect(names).toEqual(whole.tensors.map((t) => t.name));
    // Per-tensor seeds make each tensor's bytes independent of how the file is split.
    for (const [index, header] of shards.entries()) {
      for (const tensor of header.tensors) {
        const original = whole.tensors.find((t) => t.name === tensor.name);
        expect(original?.byteSize).toBe(tensor.byteSize);
        const a = await readBytes(split.paths[index] ?? '', tensor.fileOffset, tensor.byteSize);
        const b = await readBytes(single.paths[0] ?? '', original?.fileOffset ?? 0, tensor.byteSize);
        expect(Buffer.compare(a, b)).toBe(0);
      }
    }
    expect(shards.reduce((sum, h) => sum + h.parameterCount, 0)).toBe(whole.parameterCount);
  });
});
