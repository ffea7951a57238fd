import { HearthError } from '@hearth/spec';
import { ggmlTensorBytes, ggmlTypeInfo } from './ggml-type.ts';

/**
 * Reads up to `length` bytes at `offset`; fewer only at the end of the file. The reader asks for
 * ranges in order and only as far as the header reaches, so an HTTP Range request or a file
 * slice suffices.
 */
export type GgufByteReader = (offset: number, length: number) => Promise<Uint8Array>;

/** GGUF metadata value types (gguf.h `enum gguf_type`), by name. */
export type GgufValueType =
  'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'bool' | 'string' | 'array' | 'uint64' | 'int64' | 'float64';

export type GgufNumericArray =
  Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array | BigUint64Array | BigInt64Array;

/**
 * A metadata value. 64-bit integers are numbers when exact, bigints beyond 2^53; numeric arrays
 * are typed arrays (a 150k-entry token type list stays compact), string arrays plain arrays.
 */
export type GgufMetadataValue = number | bigint | boolean | string | readonly string[] | readonly boolean[] | GgufNumericArray;

export interface GgufMetadataType {
  type: GgufValueType;
  /** For arrays: the element type. */
  itemType?: GgufValueType;
}

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] is the row length (fastest varying). */
  dims: number[];
  /** ggml_type id. */
  type: number;
  /** ggml type name, e.g. `Q4_0`. */
  typeName: string;
  /** Offset of the tensor's data from the start of the data section (`dataOffset`). */
  offset: number;
  /** Offset of the tensor's data from the start of the file. */
  fileOffset: number;
  /** Unpadded size of the tensor's data. */
  byteSize: number;
  elements: number;
}

export interface GgufSplitInfo {
  /** 0-based index of this file among the shards. */
  index: number;
  count: number;
  /** Tensors across all shards. */
  tensorCount: number;
}

export interface GgufHeader {
  version: number;
  alignment: number;
  /** Keys in file order; a null-prototype object, so keys like `__proto__` are plain data. */
  metadata: Record<string, GgufMetadataValue>;
  metadataTypes: Record<string, GgufMetadataType>;
  tensors: GgufTensorInfo[];
  /** Where the (aligned) tensor data section starts. */
  dataOffset: number;
  /** Size of the data section: every tensor padded to `alignment`. */
  tensorDataBytes: number;
  /** `dataOffset + tensorDataBytes`: the size of the complete file. */
  fileBytes: number;
  /** `general.architecture`, e.g. `llama`. */
  architecture: string | undefined;
  /** `general.name`. */
  name: string | undefined;
  /** `general.file_type` (llama_ftype): 2 is mostly Q4_0, 7 mostly Q8_0. */
  fileType: number | undefined;
  /** `<architecture>.context_length`: the context the model was trained for. */
  contextLength: number | undefined;
  embeddingLength: number | undefined;
  blockCount: number | undefined;
  /** Elements of the tensors in this file (only this shard's, for a split model). */
  parameterCount: number;
  /** Set for gguf-split shards. */
  split: GgufSplitInfo | undefined;
}

export interface ReadGgufHeaderOptions {
  /** Size of the first read; later reads at least double what is held. Default 256 KiB. */
  initialReadBytes?: number;
  /** A header claiming to be longer than this is rejected as corrupt. Default 256 MiB. */
  maxHeaderBytes?: number;
}

const DEFAULT_OPTIONS = { initialReadBytes: 256 * 1024, maxHeaderBytes: 256 * 1024 * 1024 } satisfies Required<ReadGgufHeaderOptions>;

/**
 * Reads a GGUF file's header, metadata and tensor table, fetching only as many leading bytes as
 * they take, so a remote model's size and shape are known before downloading it. Works in
 * browsers and Node. Throws HearthError `invalid_model` for anything llama.cpp would refuse.
 *
 * @example const header = await readGgufHeader(ggufRangeReaderFromUrl('https://host/model.gguf'))
 */
export async function readGgufHeader(read: GgufByteReader, options: ReadGgufHeaderOptions = {}): Promise<GgufHeader> {
  const { initialReadBytes, maxHeaderBytes } = { ...DEFAULT_OPTIONS, ...options };
  let held = await readRange(read, 0, Math.min(initialReadBytes, maxHeaderBytes));
  let complete = held.length < Math.min(initialReadBytes, maxHeaderBytes);
  for (;;) {
    try {
      return parseGgufHeader(held, complete, maxHeaderBytes);
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
      const target = Math.min(Math.max(error.needed, held.length * 2), maxHeaderBytes);
      const more = await readRange(read, held.length, target - held.length);
      complete = more.length < target - held.length;
      const grown = new Uint8Array(held.length + more.length);
      grown.set(held);
      grown.set(more, held.length);
      held = grown;
    }
  }
}

async function readRange(read: GgufByteReader, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await read(offset, length);
  return bytes.length > length ? bytes.subarray(0, length) : bytes;
}

/** Thrown inside the parser when the bytes held end before the header does. */
class NeedMoreBytes extends Error {
  constructor(readonly needed: number) {
    super(`need ${needed} bytes`);
  }
}

const VALUE_TYPES: readonly GgufValueType[] = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
];
const FIXED_SIZE: Partial<Record<GgufValueType, number>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

// ggml's GGML_MAX_DIMS and GGML_MAX_NAME: llama.cpp refuses tensors beyond them.
const MAX_DIMS = 4;
const MAX_TENSOR_NAME_BYTES = 63;
// Smallest encodings, to reject counts no header of the allowed size could hold before reading on.
const MIN_KV_BYTES = 8 + 1 + 4 + 1;
const MIN_TENSOR_INFO_BYTES = 8 + 1 + 4 + 4 + 8;

const decoder = new TextDecoder('utf-8');

function invalid(message: string, hint: string, data?: Record<string, unknown>): HearthError {
  return new HearthError({ code: 'invalid_model', message, hint, ...(data === undefined ? {} : { data }) });
}

const CORRUPT_HINT = 'The file is corrupt or not a GGUF model; download it again or check its source.';

/** Parses a GGUF header from the file's leading bytes; `complete` says they are the whole file. */
function parseGgufHeader(bytes: Uint8Array, complete: boolean, maxHeaderBytes: number): GgufHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;

  const need = (n: number, what: string): void => {
    const end = pos + n;
    if (end <= bytes.length) return;
    if (end > maxHeaderBytes) {
      throw invalid(
        `The GGUF header claims ${what} at byte ${pos} that would end at byte ${end}, beyond the ${maxHeaderBytes}-byte limit for a header.`,
        CORRUPT_HINT,
        { offset: pos, end, maxHeaderBytes },
      );
    }
    if (complete) {
      throw invalid(
        `The GGUF file is truncated: it ends at byte ${bytes.length}, inside ${what} (which needs bytes up to ${end}).`,
        'The file is incomplete (an interrupted download or copy?); fetch it again.',
        {
          offset: pos,
          fileBytes: bytes.length,
          needed: end,
        },
      );
    }
    throw new NeedMoreBytes(end);
  };
  const u32 = (what: string): number => {
    need(4, what);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (what: string): number => {
    need(8, what);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw invalid(`The GGUF header holds an impossible ${what}: ${v}.`, CORRUPT_HINT, { offset: pos - 8 });
    }
    return Number(v);
  };
  const string = (what: string): string => {
    const length = u64(`the length of ${what}`);
    need(length, what);
    const start = pos;
    pos += length;
    return decodeString(bytes, start, pos);
  };
  const count = (what: string, minBytesEach: number): number => {
    const n = u64(what);
    if (n * minBytesEach > maxHeaderBytes) {
      throw invalid(`The GGUF header claims ${n} ${what}, more than a ${maxHeaderBytes}-byte header can hold.`, CORRUPT_HINT, { offset: pos - 8, count: n });
    }
    return n;
  };
  const valueType = (key: string): GgufValueType => {
    const id = u32(`the type of "${key}"`);
    const type = VALUE_TYPES[id];
    if (type === undefined) throw invalid(`Metadata key "${key}" has unknown GGUF value type ${id}.`, CORRUPT_HINT, { key, type: id });
    return type;
  };
  const scalar = (type: Exclude<GgufValueType, 'array' | 'string'>, what: string): number | bigint | boolean => {
    const size = FIXED_SIZE[type] ?? 0;
    need(size, what);
    const at = pos;
    pos += size;
    switch (type) {
      case 'uint8':
        return view.getUint8(at);
      case 'int8':
        return view.getInt8(at);
      case 'uint16':
        return view.getUint16(at, true);
      case 'int16':
        return view.getInt16(at, true);
      case 'uint32':
        return view.getUint32(at, true);
      case 'int32':
        return view.getInt32(at, true);
      case 'float32':
        return view.getFloat32(at, true);
      case 'float64':
        return view.getFloat64(at, true);
      case 'bool':
        return view.getUint8(at) !== 0;
      case 'uint64':
        return exactNumber(view.getBigUint64(at, true));
      case 'int64':
        return exactNumber(view.getBigInt64(at, true));
    }
  };

  // Magic and version.
  need(4, 'the magic number');
  if (!(bytes[0] === 0x47 && bytes[1] === 0x47 && bytes[2] === 0x55 && bytes[3] === 0x46)) {
    const seen = Array.from(bytes.subarray(0, 4), (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '?')).join('');
    throw invalid(
      `Not a GGUF file: it starts with "${seen}" instead of "GGUF".`,
      'Give a .gguf model file (llama.cpp format); older GGML files must be converted with llama.cpp first.',
      {
        magic: Array.from(bytes.subarray(0, 4)),
      },
    );
  }
  pos = 4;
  const version = u32('the version');
  if ((version & 0xffff) === 0 && version !== 0) {
    throw invalid(
      `The GGUF file declares version ${version}, which is a big-endian file read as little-endian.`,
      'Use a little-endian GGUF file; big-endian ones only load on big-endian machines.',
      { version },
    );
  }
  if (version === 1) {
    throw invalid(
      'GGUF version 1 is no longer supported by llama.cpp.',
      'Convert the model again with a current llama.cpp (convert_hf_to_gguf.py) to get GGUF version 3.',
      { version },
    );
  }
  if (version < 2 || version > 3) {
    throw invalid(
      `Unsupported GGUF version ${version}; versions 2 and 3 are supported.`,
      'The file is corrupt or from a newer GGUF specification than this reader knows.',
      { version },
    );
  }

  const tensorCount = count('tensors', MIN_TENSOR_INFO_BYTES);
  const kvCount = count('metadata entries', MIN_KV_BYTES);

  // Metadata.
  const metadata = Object.create(null) as Record<string, GgufMetadataValue>;
  const metadataTypes = Object.create(null) as Record<string, GgufMetadataType>;
  for (let i = 0; i < kvCount; i++) {
    const keyAt = pos;
    const key = string(`the key of metadata entry ${i}`);
    if (key === '') throw invalid(`Metadata entry ${i} has an empty key.`, CORRUPT_HINT, { offset: keyAt });
    if (key in metadataTypes) throw invalid(`Metadata key "${key}" appears twice.`, CORRUPT_HINT, { key, offset: keyAt });
    const type = valueType(key);
    if (type !== 'array') {
      metadata[key] = type === 'string' ? string(`the value of "${key}"`) : scalar(type, `the value of "${key}"`);
      metadataTypes[key] = { type };
      continue;
    }
    const itemType = valueType(key);
    if (itemType === 'array') throw invalid(`Metadata key "${key}" is an array of arrays, which GGUF readers reject.`, CORRUPT_HINT, { key });
    const length = count(`elements in "${key}"`, FIXED_SIZE[itemType] ?? 8);
    metadataTypes[key] = { type, itemType };
    if (itemType === 'string') {
      const items: string[] = new Array<string>(length);
      for (let j = 0; j < length; j++) items[j] = string(`element ${j} of "${key}"`);
      metadata[key] = items;
    } else {
      const size = FIXED_SIZE[itemType] ?? 1;
      need(length * size, `the elements of "${key}"`);
      metadata[key] = numericArray(view, pos, length, itemType);
      pos += length * size;
    }
  }

  const alignmentValue = metadata['general.alignment'];
  let alignment = 32;
  if (alignmentValue !== undefined) {
    if (metadataTypes['general.alignment']?.type !== 'uint32' || typeof alignmentValue !== 'number') {
      throw invalid(`"general.alignment" must be a uint32; it is a ${metadataTypes['general.alignment']?.type ?? 'value'}.`, CORRUPT_HINT);
    }
    if (alignmentValue === 0 || (alignmentValue & (alignmentValue - 1)) !== 0) {
      throw invalid(`"general.alignment" is ${alignmentValue}, not a power of two.`, CORRUPT_HINT, { alignment: alignmentValue });
    }
    alignment = alignmentValue;
  }

  // Tensor table.
  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const nameAt = pos;
    const name = string(`the name of tensor ${i}`);
    if (pos - nameAt - 8 > MAX_TENSOR_NAME_BYTES) {
      throw invalid(`Tensor ${i}'s name is longer than ggml's ${MAX_TENSOR_NAME_BYTES}-byte limit.`, CORRUPT_HINT, { offset: nameAt });
    }
    if (names.has(name)) throw invalid(`Tensor "${name}" appears twice.`, CORRUPT_HINT, { tensor: name });
    names.add(name);
    const nDims = u32(`the dimension count of "${name}"`);
    if (nDims > MAX_DIMS)
      throw invalid(`Tensor "${name}" has ${nDims} dimensions; ggml allows at most ${MAX_DIMS}.`, CORRUPT_HINT, { tensor: name, dims: nDims });
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(u64(`dimension ${d} of "${name}"`));
    const typeId = u32(`the type of "${name}"`);
    const type = ggmlTypeInfo(typeId);
    if (type === undefined) {
      throw invalid(
        `Tensor "${name}" has ggml type ${typeId}, which this reader does not know.`,
        'The file is corrupt, uses a removed type, or needs a newer Hearth.',
        { tensor: name, type: typeId },
      );
    }
    const elements = dims.reduce((product, dim) => product * dim, 1);
    if (!Number.isSafeInteger(elements)) throw invalid(`Tensor "${name}" has an impossible shape [${dims.join(', ')}].`, CORRUPT_HINT, { tensor: name, dims });
    if ((dims[0] ?? 1) % type.blockSize !== 0) {
      throw invalid(`Tensor "${name}" (${type.name}) has rows of ${dims[0]} values, not whole blocks of ${type.blockSize}.`, CORRUPT_HINT, {
        tensor: name,
        dims,
      });
    }
    const offset = u64(`the data offset of "${name}"`);
    tensors.push({ name, dims, type: typeId, typeName: type.name, offset, fileOffset: 0, byteSize: ggmlTensorBytes(type, dims), elements });
  }

  // llama.cpp requires the tensors to be laid out in table order, each padded to the alignment.
  const dataOffset = tensorCount > 0 ? alignUp(pos, alignment) : pos;
  let tensorDataBytes = 0;
  for (const tensor of tensors) {
    if (tensor.offset !== tensorDataBytes) {
      throw invalid(
        `Tensor "${tensor.name}" starts at data offset ${tensor.offset}; after the tensors before it, it must start at ${tensorDataBytes}.`,
        CORRUPT_HINT,
        {
          tensor: tensor.name,
          offset: tensor.offset,
          expected: tensorDataBytes,
        },
      );
    }
    tensor.fileOffset = dataOffset + tensor.offset;
    tensorDataBytes += alignUp(tensor.byteSize, alignment);
  }

  const text = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);
  const integer = (key: string) => (typeof metadata[key] === 'number' && Number.isInteger(metadata[key]) ? (metadata[key] as number) : undefined);
  const architecture = text('general.architecture');
  const splitCount = integer('split.count');
  return {
    version,
    alignment,
    metadata,
    metadataTypes,
    tensors,
    dataOffset,
    tensorDataBytes,
    fileBytes: dataOffset + tensorDataBytes,
    architecture,
    name: text('general.name'),
    fileType: integer('general.file_type'),
    contextLength: architecture === undefined ? undefined : integer(`${architecture}.context_length`),
    embeddingLength: architecture === undefined ? undefined : integer(`${architecture}.embedding_length`),
    blockCount: architecture === undefined ? undefined : integer(`${architecture}.block_count`),
    parameterCount: tensors.reduce((sum, t) => sum + t.elements, 0),
    split:
      splitCount === undefined
        ? undefined
        : { index: integer('split.no') ?? 0, count: splitCount, tensorCount: integer('split.tensors.count') ?? tensors.length },
  };
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

function exactNumber(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

// Vocabularies hold 100k+ short ASCII strings; building those directly skips TextDecoder's
// per-call overhead, which would otherwise dominate reading a header.
function decodeString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let out = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i] ?? 0;
      if (b >= 0x80) return decoder.decode(bytes.subarray(start, end));
      out += String.fromCharCode(b);
    }
    return out;
  }
  return decoder.decode(bytes.subarray(start, end));
}

function numericArray(view: DataView, at: number, length: number, type: Exclude<GgufValueType, 'array' | 'string'>): GgufMetadataValue {
  switch (type) {
    case 'uint8':
      return fill(new Uint8Array(length), (i) => view.getUint8(at + i));
    case 'int8':
      return fill(new Int8Array(length), (i) => view.getInt8(at + i));
    case 'uint16':
      return fill(new Uint16Array(length), (i) => view.getUint16(at + i * 2, true));
    case 'int16':
      return fill(new Int16Array(length), (i) => view.getInt16(at + i * 2, true));
    case 'uint32':
      return fill(new Uint32Array(length), (i) => view.getUint32(at + i * 4, true));
    case 'int32':
      return fill(new Int32Array(length), (i) => view.getInt32(at + i * 4, true));
    case 'float32':
      return fill(new Float32Array(length), (i) => view.getFloat32(at + i * 4, true));
    case 'float64':
      return fill(new Float64Array(length), (i) => view.getFloat64(at + i * 8, true));
    case 'uint64':
      return fillBig(new BigUint64Array(length), (i) => view.getBigUint64(at + i * 8, true));
    case 'int64':
      return fillBig(new BigInt64Array(length), (i) => view.getBigInt64(at + i * 8, true));
    case 'bool':
      return Array.from({ length }, (_, i) => view.getUint8(at + i) !== 0);
  }
}

function fill<T extends { length: number; [index: number]: number }>(array: T, value: (i: number) => number): T {
  for (let i = 0; i < array.length; i++) array[i] = value(i);
  return array;
}

function fillBig<T extends { length: number; [index: number]: bigint }>(array: T, value: (i: number) => bigint): T {
  for (let i = 0; i < array.length; i++) array[i] = value(i);
  return array;
}
