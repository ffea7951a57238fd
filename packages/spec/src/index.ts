export { HearthError } from './hearth-error.ts';
export type { HearthErrorCode, HearthErrorOptions, SerializedHearthError } from './hearth-error.ts';
export type { StreamPart, FinishReason, Usage, RouteInfo } from './stream-part.ts';
export { canEmbed } from './engine.ts';
export type {
  EmbeddingCapable,
  EngineOptions,
  EngineV1,
  GenerateRequest,
  GenerateResult,
  LoadRequest,
  LoraAdapterSource,
  ModelInfo,
  ModelSource,
  Prompt,
  ChatMessage,
  ChatRole,
} from './engine.ts';
export type { ToolDefinition, ToolChoice, ToolCall, ToolCallDelta, TokenLogprob } from './tool.ts';
export type { JsonValue, JsonSchema, JsonSchemaType, ResponseFormat } from './json-schema.ts';
export type { ModelManifest, ModelFileEntry, ModelFileChunks } from './model-manifest.ts';
export type * from './openai.ts';
export type { DeviceProfile, WasmSupport, WebGpuSupport, WebGpuAdapterProfile, StorageProfile, NodeHostProfile, EngineBenchmark } from './device-profile.ts';
export type {
  Plan,
  Route,
  RouteFile,
  Rejection,
  RejectionReason,
  RejectionCode,
  EngineKind,
  RouteBackend,
  RouteWhere,
  RoutePolicy,
  ConsentState,
  TaskName,
} from './plan.ts';
export type {
  TelemetrySpecificationVersion,
  TelemetryTask,
  MemoryClass,
  BrowserFamily,
  DeviceClass,
  TelemetryMetric,
  NoisedMeasure,
  TelemetryReport,
  TelemetryBatch,
  TelemetryAccepted,
} from './telemetry.ts';
export { formatHashEtag, parseHashEtag, parsePublishedSha256 } from './hash-etag.ts';
