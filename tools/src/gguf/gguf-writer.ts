import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

/** GGUF metadata value types (gguf.h, `enum gguf_type`). */
export const GGUF_VALUE_TYPE = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufNumberType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** One metadata value, tagged with the GGUF type it is stored as. */
export type GgufKvValue =
  | { type: GgufNumberType; value: number }
  | { type: 'uint64' | 'int64'; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; itemType: 'string'; value: readonly string[] }
  | { type: 'array'; itemType: GgufNumberType; value: ArrayLike<number> };

export interface GgufKv {
  key: string;
  value: GgufKvValue;
}

/** A tensor's entry in the GGUF tensor table. */
export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] varies fastest (a row), as `ne` in ggml. */
  dims: readonly number[];
  /** ggml_type id. */
  ggmlType: number;
  /** Unpadded size of the tensor's data in bytes. */
  byteSize: number;
}

export interface GgufTensorSource extends GgufTensorInfo {
  /** Yields the tensor's bytes in order; a yielded buffer may be reused once the next one is pulled. */
  chunks(): Iterable<Uint8Array>;
}

/** "GGUF" read as a little-endian u32. */
const GGUF_MAGIC = 0x46554747;
export const GGUF_VERSION = 3;

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/**
 * The bytes before a GGUF file's tensor data: magic, version, counts, metadata, tensor table and
 * the padding up to the aligned data section. Tensor offsets are assigned in order, each aligned.
 */
export function encodeGgufHeader(kv: readonly GgufKv[], tensors: readonly GgufTensorInfo[], alignment: number): Uint8Array {
  const out = new ByteWriter();
  out.u32(GGUF_MAGIC);
  out.u32(GGUF_VERSION);
  out.u64(BigInt(tensors.length));
  out.u64(BigInt(kv.length));
  for (const { key, value } of kv) {
    out.string(key);
    writeValue(out, value);
  }
  let offset = 0;
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(BigInt(dim));
    out.u32(tensor.ggmlType);
    out.u64(BigInt(offset));
    offset = alignUp(offset + tensor.byteSize, alignment);
  }
  out.pad(alignment);
  return out.bytes();
}

/** Size of the data section: every tensor padded to the alignment, the last one included. */
export function tensorDataSize(tensors: readonly GgufTensorInfo[], alignment: number): number {
  return tensors.reduce((sum, t) => sum + alignUp(t.byteSize, alignment), 0);
}

/**
 * Streams a GGUF file to `path` through a temporary sibling that is renamed into place only when
 * complete, so a crash never leaves a truncated file under the final name. Returns its size.
 */
export async function writeGgufFile(path: string, kv: readonly GgufKv[], tensors: readonly GgufTensorSource[], alignment: number): Promise<number> {
  const temporary = `${path}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  const file = await open(temporary, 'w');
  let written = 0;
  try {
    const header = encodeGgufHeader(kv, tensors, alignment);
    await file.write(header);
    written += header.length;
    const zeros = new Uint8Array(alignment);
    for (const tensor of tensors) {
      let tensorBytes = 0;
      for (const chunk of tensor.chunks()) {
        await file.write(chunk);
        tensorBytes += chunk.length;
      }
      if (tensorBytes !== tensor.byteSize) {
        throw new Error(`Tensor ${tensor.name} produced ${tensorBytes} bytes; its table entry says ${tensor.byteSize}.`);
      }
      const padding = alignUp(tensorBytes, alignment) - tensorBytes;
      if (padding > 0) await file.write(zeros.subarray(0, padding));
      written += tensorBytes + padding;
    }
    await file.close();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
  return written;
}

function writeValue(out: ByteWriter, value: GgufKvValue): void {
  out.u32(GGUF_VALUE_TYPE[value.type]);
  if (value.type === 'array') {
    out.u32(GGUF_VALUE_TYPE[value.itemType]);
    out.u64(BigInt(value.value.length));
    if (value.itemType === 'string') {
      for (const item of value.value) out.string(item);
    } else {
      const { itemType } = value;
      for (let i = 0; i < value.value.length; i++) out.number(itemType, value.value[i] ?? 0);
    }
    return;
  }
  switch (value.type) {
    case 'string':
      out.string(value.value);
      return;
    case 'bool':
      out.u8(value.value ? 1 : 0);
      return;
    case 'uint64':
      out.u64(value.value);
      return;
    case 'int64':
      out.i64(value.value);
      return;
    default:
      out.number(value.type, value.value);
  }
}

/** A little-endian byte builder that grows by doubling. */
class ByteWriter {
  private buffer = new Uint8Array(64 * 1024);
  private view = new DataView(this.buffer.buffer);
  private length = 0;
  private readonly encoder = new TextEncoder();

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  u8(v: number): void {
    this.reserve(1).setUint8(this.length, v);
    this.length += 1;
  }

  u32(v: number): void {
    this.reserve(4).setUint32(this.length, v, true);
    this.length += 4;
  }

  u64(v: bigint): void {
    this.reserve(8).setBigUint64(this.length, v, true);
    this.length += 8;
  }

  i64(v: bigint): void {
    this.reserve(8).setBigInt64(this.length, v, true);
    this.length += 8;
  }

  number(type: GgufNumberType, v: number): void {
    const size = { uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4, float64: 8 }[type];
    const view = this.reserve(size);
    const at = this.length;
    switch (type) {
      case 'uint8':
        view.setUint8(at, v);
        break;
      case 'int8':
        view.setInt8(at, v);
        break;
      case 'uint16':
        view.setUint16(at, v, true);
        break;
      case 'int16':
        view.setInt16(at, v, true);
        break;
      case 'uint32':
        view.setUint32(at, v, true);
        break;
      case 'int32':
        view.setInt32(at, v, true);
        break;
      case 'float32':
        view.setFloat32(at, v, true);
        break;
      case 'float64':
        view.setFloat64(at, v, true);
        break;
    }
    this.length += size;
  }

  /** GGUF strings: u64 byte length, then UTF-8 without a terminator. */
  string(v: string): void {
    const encoded = this.encoder.encode(v);
    this.u64(BigInt(encoded.length));
    this.reserve(encoded.length);
    this.buffer.set(encoded, this.length);
    this.length += encoded.length;
  }

  pad(alignment: number): void {
    const target = alignUp(this.length, alignment);
    this.reserve(target - this.length);
    this.length = target; // the buffer starts zeroed and is never written past `length`
  }

  private reserve(extra: number): DataView {
    if (this.length + extra > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < this.length + extra) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    return this.view;
  }
}
