export { HearthError } from './hearth-error.ts';
export type { HearthErrorCode, HearthErrorOptions, SerializedHearthError } from './hearth-error.ts';
export type { StreamPart, FinishReason, Usage } from './stream-part.ts';
export { canEmbed } from './engine.ts';
export type { EmbeddingCapable, EngineV1, GenerateRequest, GenerateResult, LoadRequest, ModelInfo, ModelSource, Prompt, ChatMessage, ChatRole } from './engine.ts';
export type { ModelManifest, ModelFileEntry } from './model-manifest.ts';
export type * from './openai.ts';
export type { JsonValue, JsonSchema, JsonSchemaType, ResponseFormat } from './json-schema.ts';
