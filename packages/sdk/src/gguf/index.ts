// GGUF header reading: browser-safe (Uint8Array, DataView, TextDecoder and fetch only).
export {
  readGgufHeader,
  type GgufByteReader,
  type GgufHeader,
  type GgufTensorInfo,
  type GgufSplitInfo,
  type GgufMetadataValue,
  type GgufMetadataType,
  type GgufValueType,
  type GgufNumericArray,
  type ReadGgufHeaderOptions,
} from './read-gguf-header.ts';
export { ggufReaderFromBytes } from './gguf-reader-from-bytes.ts';
export { ggufReaderFromBlob } from './gguf-reader-from-blob.ts';
export { ggufRangeReaderFromUrl, type GgufRangeReaderOptions } from './gguf-range-reader-from-url.ts';
export { GGML_TYPES, ggmlTypeInfo, ggmlTypeByName, ggmlTypeId, ggmlTensorBytes, type GgmlTypeInfo } from './ggml-type.ts';
