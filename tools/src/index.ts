// @hearth/tools: the fixture GGUF writer (Node only).
export { ensureModel, cachedModelPaths, modelSpecHash, DEFAULT_MODEL_CACHE_DIR, type EnsureModelOptions } from './gguf/ensure-model.ts';
export {
  writeLlamaGguf,
  planLlamaGguf,
  GGUF_WRITER_VERSION,
  GGUF_ALIGNMENT,
  CHATML_TEMPLATE,
  type WriteLlamaGgufOptions,
  type WrittenGguf,
  type LlamaGgufPlan,
} from './gguf/write-llama-gguf.ts';
export {
  modelSpec,
  tinyModelSpec,
  benchModelSpec,
  validateModelSpec,
  MODEL_PRESETS,
  type LlamaModelSpec,
  type ModelPresetName,
} from './gguf/llama-model-spec.ts';
export { buildBpeVocab, BYTE_TO_UNICODE, SPECIAL_TOKENS, TOKEN_TYPE, type BpeVocab } from './gguf/build-bpe-vocab.ts';
export {
  encodeGgufHeader,
  writeGgufFile,
  tensorDataSize,
  GGUF_VALUE_TYPE,
  GGUF_VERSION,
  type GgufKv,
  type GgufKvValue,
  type GgufTensorInfo,
  type GgufTensorSource,
} from './gguf/gguf-writer.ts';
export { quantizeQ8_0, quantizeQ4_0, dequantizeQ8_0, dequantizeQ4_0 } from './gguf/ggml-quantize.ts';
export { f32ToF16, f16ToF32 } from './gguf/float16.ts';
export { FIXTURE_TENSOR_TYPES, GGML_TYPE_ID, type FixtureTensorType } from './gguf/tensor-encoding.ts';
export { splitShardPaths } from './gguf/shard-paths.ts';
export { writeLoraGguf, planLoraGguf, ensureLoraAdapter, type LoraAdapterSpec, type LoraTarget } from './gguf/write-lora-gguf.ts';
export { scoreRedaction, ratioOf, type LabelledMessage, type RedactionScore } from './privacy/score-redaction.ts';
